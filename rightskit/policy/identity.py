"""Identities of violations that survive edits: normalised paths, and queries named by their text, not their line.

A query without a name is shown as ``query@12`` (the line it starts on). A comment added above it moves the line,
so suppressions key it as ``query:<hash>`` of its whitespace- and case-normalised text instead: the same statement
keeps its identity wherever it moves in the file; an edited statement is a new one, as it should be.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from rightskit.paths import normalise_path

_LINE_NAMED = re.compile(r"^query@(\d+)$")
_SPACE = re.compile(r"\s+")
_COMMENT = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)


def statement_key(text: str) -> str:
    """A short hash of a statement's text without comments, case or spacing."""
    norm = _SPACE.sub(" ", _COMMENT.sub(" ", text)).strip().casefold().rstrip(";").strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:12]


@lru_cache(maxsize=256)
def _statements(path: str, mtime_ns: int) -> dict[int, str]:
    from rightskit.schemas.sqltext import render_dbt, split_statements

    try:
        text = Path(path).read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return {}
    if "{{" in text or "{%" in text:
        text = render_dbt(text, Path(path).stem)
    return {s.line: statement_key(s.text) for s in split_statements(text)}


def stable_object(path: str, obj: str | None) -> str | None:
    """``query@N`` becomes ``query:<hash>`` of the statement starting on line N; other names stay."""
    m = _LINE_NAMED.match(obj or "")
    if not m:
        return obj
    try:
        mtime = Path(path).stat().st_mtime_ns
    except OSError:
        return obj
    key = _statements(path, mtime).get(int(m.group(1)))
    return f"query:{key}" if key else obj


def violation_key(code: str, path: str, obj: str | None, field: str | None) -> tuple[str, str, str | None, str | None]:
    """(rule, normalised path, stable object, field): what baselines, waivers and fingerprints compare."""
    return code, normalise_path(path), stable_object(path, obj), field
