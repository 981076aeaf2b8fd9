"""Generalisation hierarchies: ARX's CSV format and built-in builders.

A hierarchy maps each original value to one label per level; level 0 is the value itself and the last level
is normally ``*``. ARX's format is one row per value, ``value;level1;…;*``, ``;``-separated, so ARX
hierarchies load unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rightskit.errors import ConfigError

TOP = "*"


@dataclass
class Hierarchy:
    """Labels per level for known values, and optionally a rule for values not listed."""

    name: str
    height: int  # number of levels, level 0 included
    table: dict[str, list[str]] = field(default_factory=dict)  # value -> labels for levels 1..height-1
    rule: Callable[[str, int], str] | None = None  # for builders: (value, level) -> label

    def label(self, value: str, level: int) -> str:
        """The label of ``value`` at ``level``."""
        if level == 0:
            return value
        if level >= self.height:
            raise ValueError(f"hierarchy {self.name} has levels 0..{self.height - 1}")
        row = self.table.get(value)
        if row is not None:
            return row[level - 1]
        if self.rule is not None:
            return self.rule(value, level)
        raise KeyError(value)

    def missing(self, values: Iterable[str]) -> list[str]:
        """Values this hierarchy cannot generalise."""
        if self.rule is not None:
            return []
        return [v for v in values if v not in self.table]


def load_arx_csv(path: str | Path, name: str | None = None, delimiter: str = ";") -> Hierarchy:
    """Load a hierarchy in ARX's CSV format."""
    path = Path(path)
    from rightskit.textfile import read_text

    text = read_text(path, error=ConfigError, what="hierarchy")
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=delimiter) if r and any(c.strip() for c in r)]
    if not rows:
        raise ConfigError("hierarchy file is empty", path=str(path))
    height = len(rows[0])
    table: dict[str, list[str]] = {}
    for lineno, row in enumerate(rows, start=1):
        if len(row) != height:
            raise ConfigError(f"expected {height} levels, found {len(row)}", path=str(path), where=f"row {lineno}")
        table[row[0]] = row[1:]
    return Hierarchy(name or path.stem, height, table)


def _number(value: str) -> float | None:
    try:
        return float(value.replace(",", "."))
    except ValueError:
        return None


def intervals(name: str, widths: list[float]) -> Hierarchy:
    """Numeric bands of growing width (e.g. age: 5, 10, 20), then ``*``; non-numbers go to ``*`` early."""

    def rule(value: str, level: int) -> str:
        if level == len(widths) + 1:
            return TOP
        x = _number(value)
        if x is None:
            return TOP
        width = widths[level - 1]
        low = math.floor(x / width) * width
        high = low + width - (1 if float(width).is_integer() and float(x).is_integer() else 0)
        fmt = (lambda v: str(int(v))) if float(width).is_integer() else (lambda v: f"{v:g}")
        return f"{fmt(low)}-{fmt(high)}"

    return Hierarchy(name, len(widths) + 2, rule=rule)


def age_bands(name: str = "age") -> Hierarchy:
    """Ages: 5-year, 10-year, 20-year bands, then ``*``."""
    return intervals(name, [5, 10, 20])


def dates(name: str = "date") -> Hierarchy:
    """ISO dates (or day-first Bulgarian ones): month, quarter, year, ``*``."""

    def parse(value: str) -> dt.date | None:
        for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(value.strip()[:10], fmt).date()
            except ValueError:
                continue
        return None

    def rule(value: str, level: int) -> str:
        d = parse(value)
        if d is None or level == 4:
            return TOP
        if level == 1:
            return f"{d.year}-{d.month:02d}"
        if level == 2:
            return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
        return str(d.year)

    return Hierarchy(name, 5, rule=rule)


def prefixes(name: str, keep: list[int]) -> Hierarchy:
    """Codes truncated to fewer leading characters (Bulgarian postcodes: 4 → 3 → 2 → 1 → ``*``)."""

    def rule(value: str, level: int) -> str:
        if level == len(keep) + 1:
            return TOP
        n = keep[level - 1]
        v = value.strip()
        return v[:n] + "*" * max(0, len(v) - n)

    return Hierarchy(name, len(keep) + 2, rule=rule)


def bg_postcodes(name: str = "postcode") -> Hierarchy:
    """Bulgarian postcodes by prefix: 1000 → 100* → 10** → 1*** → ``*``."""
    return prefixes(name, [3, 2, 1])


def coordinate_grid(name: str, decimals: list[int]) -> Hierarchy:
    """Latitude or longitude rounded down to fewer decimals (3 ≈ 110 m, 2 ≈ 1.1 km, 1 ≈ 11 km)."""

    def rule(value: str, level: int) -> str:
        if level == len(decimals) + 1:
            return TOP
        x = _number(value)
        if x is None:
            return TOP
        d = decimals[level - 1]
        return f"{math.floor(x * 10**d) / 10**d:.{d}f}"

    return Hierarchy(name, len(decimals) + 2, rule=rule)


def from_mapping(name: str, levels: list[dict[str, str]]) -> Hierarchy:
    """A hierarchy from given mappings, one per level (e.g. district → municipality → province)."""
    values = set(levels[0]) if levels else set()
    table: dict[str, list[str]] = {}
    for value in values:
        labels, current = [], value
        for mapping in levels:
            current = mapping.get(current, TOP)
            labels.append(current)
        labels.append(TOP)
        table[value] = labels
    return Hierarchy(name, len(levels) + 2, table)


def star(name: str) -> Hierarchy:
    """Two levels: the value, or * (for categories with no natural grouping)."""
    return Hierarchy(name, 2, rule=lambda _value, _level: TOP)


BUILDERS: dict[str, Callable[[str], Hierarchy]] = {
    "star": star,
    "age": age_bands,
    "date": dates,
    "bg-postcode": bg_postcodes,
    "lat": lambda name: coordinate_grid(name, [3, 2, 1]),
    "lon": lambda name: coordinate_grid(name, [3, 2, 1]),
}


def resolve(spec: str, column: str) -> Hierarchy:
    """``--hierarchy COL=SPEC``: a path to an ARX CSV file, or ``builtin:age|date|bg-postcode|lat|lon``."""
    if spec.startswith("builtin:"):
        kind = spec.split(":", 1)[1]
        if kind not in BUILDERS:
            raise ConfigError(f"unknown built-in hierarchy '{kind}' (known: {', '.join(sorted(BUILDERS))})")
        return BUILDERS[kind](column)
    return load_arx_csv(spec, name=column)
