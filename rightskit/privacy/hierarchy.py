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
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rightskit.errors import ConfigError

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

TOP = "*"


@dataclass
class Hierarchy:
    """Labels per level for known values, and optionally a rule for values not listed."""

    name: str
    height: int  # number of levels, level 0 included
    table: dict[str, list[str]] = field(default_factory=dict)  # value -> labels for levels 1..height-1
    rule: Callable[[str, int], str] | None = None  # for builders: (value, level) -> label
    # For builders: the rule's labels of many values at once, levels 1..height-1 (vectorised; the rule is the
    # reference, and a test holds the two equal)
    many: Callable[[Sequence[str]], list[list[str]]] | None = None

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

    def labels_by_level(self, values: Sequence[str]) -> list[list[str]]:
        """The labels of ``values`` at each level from 1 to the top, in order."""
        if self.many is not None and not self.table:
            return self.many(values)
        return [[self.label(v, level) for v in values] for level in range(1, self.height)]

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
    """The value as a finite number, or None: "nan" and "inf" (a spreadsheet's export) have no band or grid cell,
    and had stopped the release with a traceback."""
    try:
        x = float(value.replace(",", "."))
    except ValueError:
        return None
    return x if math.isfinite(x) else None


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


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")


def _parsed_date(value: str) -> dt.date | None:
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value.strip()[:10], fmt).date()
        except ValueError:
            continue
    return None


def _date_label(value: str, level: int) -> str:
    d = _parsed_date(value)
    if d is None or level == 4:
        return TOP
    if level == 1:
        return f"{d.year}-{d.month:02d}"
    if level == 2:
        return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
    return str(d.year)


def _date_labels(values: Sequence[str]) -> list[list[str]]:
    """``_date_label`` at every level for many values. A value whose first ten characters are ASCII digits in one of
    the three shapes (2025-06-15, 15.06.2025, 15/06/2025) is read from its bytes by numpy: strptime reads such a
    value by exactly one of the formats, and takes it when its month and day are on the calendar. Any other value
    goes to ``_date_label`` itself. A column of timestamps (a million distinct "2025-06-15T11:14") had cost 2.5M
    calls of strptime, 12 s of a release."""
    import numpy as np

    from rightskit.civil_dates import real_date

    n = len(values)
    year, month, day, read = _date_parts(values)
    valid = read & real_date(year, month, day)
    others = np.flatnonzero(~read).tolist()
    out = [
        _level_labels(
            n,
            valid,
            key[valid],
            lambda k, lv=level: _shown(k, lv),
            others,
            lambda i, lv=level: _date_label(values[i], lv),
        )
        for level, key in ((1, year * 100 + month), (2, year * 10 + (month - 1) // 3 + 1), (3, year))
    ]
    return [*out, [TOP] * n]


def _level_labels(
    n: int,
    chosen: np.ndarray,
    keys: np.ndarray,
    show: Callable[[int], str],
    others: list[int],
    by_rule: Callable[[int], str],
) -> list[str]:
    """One level's labels of ``n`` values: those read without the rule (``chosen``, their integer ``keys``) written
    once per distinct key by ``show``, the ``others`` by the rule one at a time (``by_rule(i)``), the rest ``*``."""
    import numpy as np

    labels = np.full(n, TOP, dtype=object)
    distinct, inverse = np.unique(keys, return_inverse=True)
    shown = [show(int(k)) for k in distinct.tolist()]
    labels[chosen] = np.asarray(shown, dtype=object)[inverse] if shown else []
    for i in others:
        labels[i] = by_rule(i)
    return labels.tolist()


def _shown(key: int, level: int) -> str:
    if level == 1:
        return f"{key // 100}-{key % 100:02d}"
    if level == 2:
        return f"{key // 10}-Q{key % 10}"
    return str(key)


def _date_parts(values: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Year, month and day of each value in one of the three shapes, and which values are in one."""
    import numpy as np
    import pyarrow as pa

    from rightskit import textbytes

    n = len(values)
    year, month, day = (np.zeros(n, np.int64) for _ in range(3))
    read = np.zeros(n, dtype=bool)
    try:
        array = pa.array(values, pa.string())
    except (UnicodeEncodeError, pa.ArrowException):  # a lone surrogate: every value read by strptime
        return year, month, day, read
    rows, head = textbytes.leading_bytes(array, 10)
    if not len(rows):
        return year, month, day, read
    d = head - np.uint8(0x30)  # digits where they are (a byte below "0" wraps round)
    digit = d < 10

    def number(*columns: int) -> np.ndarray:
        out = np.zeros(len(rows), np.int64)
        for c in columns:
            out *= 10
            out += d[:, c]
        return out

    iso = digit[:, [0, 1, 2, 3, 5, 6, 8, 9]].all(axis=1) & (head[:, 4] == 0x2D) & (head[:, 7] == 0x2D)
    dayfirst = digit[:, [0, 1, 3, 4, 6, 7, 8, 9]].all(axis=1) & (head[:, 2] == head[:, 5])
    dayfirst &= (head[:, 2] == 0x2E) | (head[:, 2] == 0x2F)  # both "." or both "/"
    year[rows] = np.where(iso, number(0, 1, 2, 3), number(6, 7, 8, 9))
    month[rows] = np.where(iso, number(5, 6), number(3, 4))
    day[rows] = np.where(iso, number(8, 9), number(0, 1))
    read[rows] = iso | dayfirst
    return year, month, day, read


def dates(name: str = "date") -> Hierarchy:
    """ISO dates (or day-first Bulgarian ones): month, quarter, year, ``*``."""
    return Hierarchy(name, 5, rule=_date_label, many=_date_labels)


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


# A latitude and a longitude in one cell ("42.6977, 23.3219", "42.6977;23.3219"): decimals written with points,
# the two numbers apart by a comma or a semicolon
_PAIR = r"^ *(?P<first>-?[0-9]{1,3}\.[0-9]{1,30}) *[,;] *(?P<second>-?[0-9]{1,3}\.[0-9]{1,30}) *$"
_PAIR_RE = re.compile(_PAIR)


def coordinate_grid(name: str, decimals: list[int]) -> Hierarchy:
    """Latitude or longitude rounded down to fewer decimals (3 ≈ 110 m, 2 ≈ 1.1 km, 1 ≈ 11 km); a cell holding both
    ("42.6977, 23.3219") is rounded coordinate by coordinate, its label written "42.69, 23.32" however the cell
    wrote its separator."""

    def rule(value: str, level: int) -> str:
        if level == len(decimals) + 1:
            return TOP
        d = decimals[level - 1]
        pair = _PAIR_RE.fullmatch(value)
        if pair is not None:  # three digits before the point at most: every cell is finite
            first, second = (math.floor(float(pair.group(k)) * 10**d) for k in ("first", "second"))
            return f"{_grid_label(first, d)}, {_grid_label(second, d)}"
        x = _number(value)
        if x is None or not math.isfinite(x * 10**d):  # 1e308 has no cell either
            return TOP
        return _grid_label(math.floor(x * 10**d), d)

    return Hierarchy(name, len(decimals) + 2, rule=rule, many=lambda values: _grid_labels(values, decimals, rule))


def _grid_label(cell: int, d: int) -> str:
    return f"{cell / 10**d:.{d}f}"


# Numbers read by Arrow rather than float(), one at a time: a sign, at most 15 digits, a decimal point or comma and
# digits. Both parsers round a decimal to the nearest double; anything else (exponents, spaces, "nan") goes to the rule.
_PLAIN_NUMBER = r"^-?[0-9]{1,15}(?:[.,][0-9]{1,30})?$"


def _grid_labels(values: Sequence[str], decimals: list[int], rule: Callable[[str, int], str]) -> list[list[str]]:
    """``coordinate_grid``'s labels at every level for many values: 500k distinct latitudes had cost 2.6 s of
    Python. A plain number is read by Arrow and its cell found by numpy with the rule's own arithmetic (a double
    times an exact power of ten, floored); each distinct cell is then written as the rule writes it."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(values)
    try:
        array = pa.array(values, pa.string())
    except (UnicodeEncodeError, pa.ArrowException):  # a lone surrogate: the rule, value by value
        return [[rule(v, level) for v in values] for level in range(1, len(decimals) + 2)]
    plain = pc.fill_null(pc.match_substring_regex(array, _PLAIN_NUMBER), False).to_numpy(zero_copy_only=False)
    rows = np.flatnonzero(plain)
    x = pc.cast(pc.replace_substring(array.take(pa.array(rows, pa.int64())), ",", "."), pa.float64()).to_numpy()
    # Pairs of coordinates read by Arrow too (1M of them had cost the rule 4 s). Any other value with two decimal
    # points (commas read as points) is no number to float(), so the rule's answer is * at every level
    points = pc.fill_null(pc.count_substring_regex(array, "[.,]"), 0).to_numpy(zero_copy_only=False)
    maybe = np.flatnonzero(~plain & (points >= 2))  # a pair has two points and a comma, or a semicolon
    parts = pc.extract_regex(array.take(pa.array(maybe, pa.int64())), _PAIR)
    found = parts.is_valid().to_numpy(zero_copy_only=False)
    pairs, parts = maybe[found], parts.filter(pa.array(found))
    first, second = (pc.cast(parts.field(k), pa.float64()).to_numpy(zero_copy_only=False) for k in ("first", "second"))
    others = np.flatnonzero(~plain & (points < 2)).tolist()
    out = []
    for level, d in enumerate(decimals, start=1):
        labels = _level_labels(
            n,
            rows,
            np.floor(x * float(10**d)),
            lambda c, d=d: _grid_label(c, d),
            others,
            lambda i, lv=level: rule(values[i], lv),
        )
        if len(pairs):  # each coordinate's label written once per distinct cell, the two joined by Arrow
            shown = [_cell_labels(np.floor(coordinate * float(10**d)), d) for coordinate in (first, second)]
            labelled = np.asarray(labels, dtype=object)
            labelled[pairs] = pc.binary_join_element_wise(*shown, ", ").to_numpy(zero_copy_only=False)
            labels = labelled.tolist()
        out.append(labels)
    return [*out, [TOP] * n]


def _cell_labels(cells: np.ndarray, d: int) -> pa.Array:
    """``_grid_label`` of each cell, as an Arrow array: written once per distinct cell."""
    import numpy as np
    import pyarrow as pa

    distinct, inverse = np.unique(cells, return_inverse=True)
    return pa.array([_grid_label(int(c), d) for c in distinct.tolist()], pa.string()).take(
        pa.array(inverse.reshape(-1))
    )


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
