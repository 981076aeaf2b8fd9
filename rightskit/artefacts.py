"""rightskit's own outputs, recognised so that a scan never reads them as data.

A release's ``manifest.json`` holds risk figures that look like coordinates, a baseline holds fingerprints that
look like identifiers, a context file names people's roles: scanning them fails ``check`` on rightskit's own work.
They are recognised by name and by content (a ``rightskit_version`` key, the release's data package name, a
context file's ``processing`` section), so a renamed copy is still recognised.
"""

from __future__ import annotations

import re
from pathlib import Path

BASELINE_NAME = ".rightskit-baseline.json"
CACHE_DIR = ".rightskit-cache"
_HEAD = 64 * 1024
_RIGHTSKIT_JSON = re.compile(r'"rightskit_version"\s*:')
_RELEASE_PACKAGE = re.compile(r'"name"\s*:\s*"rightskit-release"')
_CONTEXT_YAML = (re.compile(r"^processing\s*:", re.M), re.compile(r"^schema_version\s*:", re.M))


def own_artefact(path: Path) -> str | None:
    """Why ``path`` is one of rightskit's own files (a skip reason), or None."""
    if path.name == BASELINE_NAME or CACHE_DIR in path.parts:
        return "rightskit's own file (baseline or cache)"
    suffix = path.suffix.lower()
    if suffix not in (".json", ".yaml", ".yml"):
        return None
    try:
        with path.open("rb") as fh:
            head = fh.read(_HEAD).decode("utf-8", errors="replace")
    except OSError:
        return None
    if suffix == ".json":
        if _RIGHTSKIT_JSON.search(head):
            return "rightskit's own output (manifest, baseline, findings or report)"
        if path.name == "datapackage.json" and _tail_names_release(path, head):
            return "rightskit's own output (the release's data package)"
        return None
    if all(p.search(head) for p in _CONTEXT_YAML):
        return "rightskit context file"
    return None


def _tail_names_release(path: Path, head: str) -> bool:
    """The release's package name is written last: read the end of the file too."""
    if _RELEASE_PACKAGE.search(head):
        return True
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            fh.seek(max(0, size - _HEAD))
            return bool(_RELEASE_PACKAGE.search(fh.read().decode("utf-8", errors="replace")))
    except OSError:
        return False
