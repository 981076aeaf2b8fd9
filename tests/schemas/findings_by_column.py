"""One schema file written into a directory and scanned: the first (most confident) entity of each column."""

from __future__ import annotations

from pathlib import Path

from rightskit import scan


def entities_by_column(directory: Path, name: str, text: str) -> dict[tuple[str, str], str]:
    (directory / name).write_text(text, encoding="utf-8")
    found: dict[tuple[str, str], str] = {}
    for f in scan(directory).findings:
        found.setdefault((f.object, f.field), f.entity_type)
    return found
