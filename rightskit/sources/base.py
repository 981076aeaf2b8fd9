"""What every reader produces: Tables whose batches flatten into named field arrays."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import pyarrow as pa


class Batch(Protocol):
    """A batch of rows that can be sized and subset (an Arrow RecordBatch or a RecordList)."""

    def __len__(self) -> int: ...

    def take(self, indices: Any) -> Batch: ...


@dataclass(slots=True)
class RecordList:
    """A batch of parsed JSON records (the Batch protocol for data Arrow cannot type)."""

    records: list[Any]

    def __len__(self) -> int:
        return len(self.records)

    def take(self, indices: Sequence[int]) -> RecordList:
        return RecordList([self.records[int(i)] for i in indices])


@dataclass(slots=True)
class FieldColumn:
    """One field's values in one batch."""

    values: pa.Array
    column: int | None = None  # 1-based position in the header, where the source has one


@dataclass
class Table:
    """One object of a source (a file's table, a sheet, a database table)."""

    object: str | None
    batches: Iterator[Batch]
    to_fields: Callable[[Batch], dict[str, FieldColumn]]
    header_line: int | None = None
    rows_total: int | None = None  # known up front (Parquet metadata, catalogue statistics)
    rows_total_estimated: bool = False
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    fields_seen: list[str] = field(default_factory=list)  # header order, including empty columns
    # A reader's own way to flatten every row on all cores (workers → (rows, fields) per piece, in order).
    full_pass: Callable[[int], Iterator[tuple[int, dict[str, FieldColumn]]]] | None = None


@dataclass
class Opened:
    """A source a reader opened: its format and its tables (a generator, so reading stays lazy)."""

    format: str
    tables: Iterator[Table]
    warnings: list[str] = field(default_factory=list)


# What a header cell or a key holding a value looks like: an e-mail, nine digits or more (a phone, a national ID,
# an account), an IBAN. Recall first: such a cell is renamed, and a real field name rarely looks like this.
_VALUE_SHAPES = re.compile(
    r"[^\s@]+@[^\s@]+\.[^\s@.]{2,}|[0-9](?:[ \-./()]?[0-9]){8,}|[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){10,}"
)
_MAX_HEADER = 128  # longer is no field name: a line of data or of text where the header should be


def personal_header(cell: str) -> bool:
    """Whether a header cell or key may hold a person's e-mail, phone number, ID or account, or is too long to
    be a field name: whatever it holds is not shown as a name."""
    return len(cell) > _MAX_HEADER or _VALUE_SHAPES.search(cell) is not None


def unique_names(header: list[str]) -> list[str]:
    """Header cells as field names: blanks become ``column_N``, repeats get ``_2``, ``_3``. A cell that holds
    personal data (a file without a header row: its first row is data) becomes ``column_N`` too, since field
    names are shown in every output."""
    names: list[str] = []
    taken: set[str] = set()  # a set: 20,000 columns made the list look-up quadratic
    for i, raw in enumerate(header):
        name = f"column_{i + 1}" if not raw or personal_header(raw) else raw
        candidate, n = name, 2
        while candidate in taken:
            candidate, n = f"{name}_{n}", n + 1
        names.append(candidate)
        taken.add(candidate)
    return names
