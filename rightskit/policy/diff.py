"""--diff-base REV: the same inputs as they were at a git revision, so only new violations are reported."""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

from rightskit.errors import UsageError


@contextmanager
def checkout_at(rev: str, paths: list[str]) -> Iterator[tuple[Path, dict[str, str]]]:
    """A temporary tree of ``paths`` at ``rev``; yields (tree, mapping of input path → path in the tree)."""
    if not rev or rev.startswith("-") or any(c in rev for c in "\0\n"):
        # A revision is never an option: "--output=p.txt" would make git write a file.
        raise UsageError(f"--diff-base: '{rev}' is not a revision")
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True
        ).stdout.strip()
        commit = subprocess.run(
            ["git", "-C", top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        archive = subprocess.run(
            ["git", "-C", top, "archive", "--format=tar", commit], capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        raise UsageError(f"--diff-base: '{rev}' is not a revision of a git repository here") from None
    with tempfile.TemporaryDirectory(prefix="rightskit-base-") as tmp:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        mapping = {}
        for p in paths:
            rel = Path(p).resolve().relative_to(Path(top).resolve()) if Path(p).exists() else Path(p)
            mapping[p] = str(Path(tmp) / rel)
        yield Path(tmp), mapping
