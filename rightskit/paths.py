"""One spelling of a path for everything that must recognise it again: baselines, overrides, waivers, SARIF.

``./sql/x.sql``, ``sql/x.sql`` and ``/repo/sql/x.sql`` are the same file; a suppression keyed on how a path happened
to be typed stops matching when the pre-commit hook or CI types it differently. The key is the path relative to
the project root (the folder of the project configuration, else of ``.git``, else the current folder), resolved,
with POSIX separators. Paths outside the root keep their absolute POSIX form; URLs and in-memory names stay as given.
"""

from __future__ import annotations

import contextlib
import os
from functools import lru_cache
from pathlib import Path, PurePosixPath

_MARKERS = ("rightskit.yaml", ".rightskit.yaml", ".git")


@lru_cache(maxsize=8)
def _root_of(cwd: str) -> Path:
    here = Path(cwd)
    for folder in (here, *here.parents):
        if any((folder / m).exists() for m in _MARKERS):
            return folder
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "[tool.rightskit" in pyproject.read_text(encoding="utf-8", errors="replace"):
            return folder
    return here


def project_root() -> Path:
    """The folder suppressions are relative to (the current folder when no project marker is found)."""
    return _root_of(str(Path.cwd().resolve()))


def normalise_path(path: str, root: Path | None = None) -> str:
    """The path relative to the project root, resolved, POSIX; URLs and container members keep their tail."""
    if not path or "://" in path:
        return path
    base, sep, member = path.partition("!")  # a member inside an archive: a.zip!inner.csv
    root = root or project_root()
    resolved = Path(os.path.abspath(base))
    with contextlib.suppress(OSError):
        resolved = resolved.resolve()
    try:
        rel = resolved.relative_to(root)
        text = PurePosixPath(*rel.parts).as_posix() if rel.parts else "."
    except ValueError:
        text = resolved.as_posix()
    return text + sep + member
