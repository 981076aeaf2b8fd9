"""Walk the inputs: files, directories (recursively, honouring excludes and .rightskitignore), containers."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from rightskit.credentials import without_credentials

IGNORE_FILE = ".rightskitignore"
_ALWAYS_SKIPPED_DIRS = {".git", ".hg", ".svn", "__pycache__", ".venv", "node_modules", ".rightskit-cache"}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file found among the inputs, with the path shown to people (relative as given)."""

    path: Path
    display: str


def read_ignore_file(directory: Path) -> list[str]:
    """Glob patterns from a .rightskitignore (gitignore-like: comments, blank lines, trailing ``/``)."""
    ignore = directory / IGNORE_FILE
    if not ignore.is_file():
        return []
    patterns = []
    for line in ignore.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            patterns.append(line)
    return patterns


def is_excluded(relative: str, patterns: list[str], is_dir: bool = False) -> bool:
    """Whether a path (relative to its root, POSIX separators) matches any pattern."""
    name = PurePosixPath(relative).name
    for pattern in patterns:
        dir_only = pattern.endswith("/")
        pat = pattern.rstrip("/").lstrip("/")
        if dir_only and not is_dir:
            # a file below an excluded directory
            if any(fnmatch.fnmatch(part, pat) for part in PurePosixPath(relative).parts[:-1]):
                return True
            continue
        if fnmatch.fnmatch(relative, pat) or fnmatch.fnmatch(name, pat):
            return True
        if "/" not in pat and any(fnmatch.fnmatch(part, pat) for part in PurePosixPath(relative).parts[:-1]):
            return True
    return False


def discover(inputs: list[str], exclude: list[str]) -> Iterator[Candidate]:
    """Every file under the inputs, sorted, minus the excluded ones. Missing inputs are yielded too."""
    for raw in inputs:
        root = Path(raw)
        if not root.is_dir():
            yield Candidate(root, without_credentials(raw))  # a mistyped database URL is shown without its password
            continue
        patterns = list(exclude) + read_ignore_file(root)
        unreadable: list[OSError] = []
        for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable.append):
            rel_dir = os.path.relpath(dirpath, root)
            rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/")
            dirnames[:] = sorted(
                d
                for d in dirnames
                if d not in _ALWAYS_SKIPPED_DIRS
                and not is_excluded(f"{rel_dir}/{d}" if rel_dir else d, patterns, is_dir=True)
            )
            for name in sorted(filenames):
                if name == IGNORE_FILE:
                    continue
                rel = f"{rel_dir}/{name}" if rel_dir else name
                if is_excluded(rel, patterns):
                    continue
                yield Candidate(Path(dirpath) / name, os.path.join(raw, rel).replace(os.sep, "/"))
        for error in unreadable:  # a folder the walk could not enter is reported, not skipped in silence
            folder = Path(error.filename or root)
            rel = os.path.relpath(folder, root).replace(os.sep, "/")
            yield Candidate(folder, os.path.join(raw, rel).replace(os.sep, "/") if rel != "." else raw)
