"""A tolerant CREATE TABLE reader: the columns of a table definition sqlglot could not parse in any dialect.

Real scripts carry vendor clauses no parser knows (storage options, partitioning, exotic types, half-finished
statements at the end of a file). The column list of a CREATE TABLE is regular enough to read without a full
grammar: the items between the outer parentheses, split at top-level commas, each a name followed by its type
and its constraints. Table constraints are skipped, except that a FOREIGN KEY names the table a column points to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_IDENT = r'(?:"[^"]+"|`[^`]+`|\[[^\]]+\]|[\w$#@&{}]+)'
_NAME = rf"{_IDENT}(?:\s*\.\s*{_IDENT})*"
_HEAD = re.compile(
    rf"\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:[A-Z_]+\s+){{0,3}}?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?({_NAME})\s*(?:USING\s+\w+\s*)?\(",
    re.IGNORECASE,
)
_TABLE_ITEM = re.compile(
    r"(?:CONSTRAINT|PRIMARY|FOREIGN|UNIQUE|CHECK|INDEX|KEY|FULLTEXT|SPATIAL|EXCLUDE|PERIOD|LIKE|SUPPLEMENTAL)\b",
    re.IGNORECASE,
)
_TYPE_END = re.compile(
    r"\b(?:NOT|NULL|DEFAULT|PRIMARY|REFERENCES|CONSTRAINT|COMMENT|UNIQUE|CHECK|AUTO_INCREMENT|AUTOINCREMENT|"
    r"IDENTITY|GENERATED|COLLATE|CHARACTER\s+SET|CHARSET|ON\s+UPDATE|ENCODE|AS)\b",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"\bCOMMENT\s+(?:=\s*)?'((?:[^']|'')*)'", re.IGNORECASE)
_REFERENCES = re.compile(rf"\bREFERENCES\s+({_NAME})", re.IGNORECASE)
_FOREIGN = re.compile(rf"FOREIGN\s+KEY\s*\(([^)]*)\)\s*REFERENCES\s+({_NAME})", re.IGNORECASE)
_ENUM = re.compile(r"\b(?:ENUM|SET)\s*\(([^)]*)\)|\bIN\s*\(([^)]*)\)", re.IGNORECASE)


@dataclass
class ReadColumn:
    name: str
    declared_type: str | None
    line_offset: int  # lines after the statement's first line
    comment: str | None = None
    references: str | None = None
    enum: list[str] = field(default_factory=list)


@dataclass
class ReadTable:
    name: str
    columns: list[ReadColumn]


def unquote(name: str) -> str:
    """An identifier path without its quotes, brackets and inner spaces."""
    return ".".join(p.strip().strip('"`[]') for p in re.split(r"\s*\.\s*", name.strip()))


def read_create_table(text: str, start: int = 0) -> ReadTable | None:
    """The table and columns of the CREATE TABLE at ``start`` of a statement, however unusual its clauses; None if
    there is none. Line offsets count from ``start``."""
    head = _HEAD.match(text, start)
    if head is None:
        return None
    # A full-text index (SQLite FTS) holds text in columns declared without a type.
    implied = "TEXT" if re.search(r"\bUSING\s+fts\d", text[start : head.end()], re.IGNORECASE) else None
    items = _items(text, head.end())
    columns: list[ReadColumn] = []
    foreign: dict[str, str] = {}
    for pos, item in items:
        stripped = item.strip()
        if not stripped:
            continue
        if _TABLE_ITEM.match(stripped):
            fk = _FOREIGN.search(stripped)
            if fk:
                for col in fk.group(1).split(","):
                    foreign[unquote(col).casefold()] = unquote(fk.group(2))
            continue
        m = re.match(rf"({_IDENT})\s*(.*)", stripped, re.DOTALL)
        if m is None:
            continue
        rest = m.group(2)
        stop = _TYPE_END.search(rest)
        declared = " ".join((rest[: stop.start()] if stop else rest).split()) or implied
        comment = _COMMENT.search(rest)
        ref = _REFERENCES.search(rest)
        enum = [
            v.strip().strip("'").replace("''", "'")
            for e in _ENUM.finditer(rest)
            for v in (e.group(1) or e.group(2)).split(",")
            if v.strip().startswith("'")
        ]
        lead = len(item) - len(item.lstrip())
        columns.append(
            ReadColumn(
                name=unquote(m.group(1)),
                declared_type=declared,
                line_offset=text.count("\n", start, pos + lead),
                comment=comment.group(1).replace("''", "'") if comment else None,
                references=unquote(ref.group(1)) if ref else None,
                enum=enum,
            )
        )
    for col in columns:
        col.references = col.references or foreign.get(col.name.casefold())
    return ReadTable(unquote(head.group(1)), columns)


def _items(text: str, i: int) -> list[tuple[int, str]]:
    """Top-level comma-separated items from i up to the closing parenthesis (or the end of a broken statement)."""
    items: list[tuple[int, str]] = []
    depth, start, quote = 0, i, None
    n = len(text)
    while i < n:
        ch = text[i]
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"`":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                break
            depth -= 1
        elif ch == "," and depth == 0:
            items.append((start, text[start:i]))
            start = i + 1
        i += 1
    items.append((start, text[start:i]))
    return items
