"""JSON (an array, or an object wrapping one), JSON Lines and GeoJSON, with nested paths.

A field is named by its dotted path; array elements add ``[]``: ``{"a": {"b": [{"c": 1}]}}`` has field
``a.b[].c``. JSON Lines are sampled as raw lines, so only sampled lines are parsed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rightskit.errors import SourceError
from rightskit.sources.base import FieldColumn, Opened, RecordList, Table

BATCH = 4096
_WRAPPER_KEYS = ("data", "records", "items", "results", "rows", "features", "entries", "values")


def flatten_record(record: Any, out: dict[str, list[str | None]], prefix: str = "") -> None:
    """Append every scalar of ``record`` to ``out[path]``; nulls count as empty values."""
    # Scalars are handled in the loop, not by a call each: a full scan flattens millions of them.
    if isinstance(record, dict):
        for key, value in record.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, (dict, list)):
                flatten_record(value, out, path)
            else:
                _append(out, path, value)
    elif isinstance(record, list):
        path = f"{prefix}[]"
        for item in record:
            if isinstance(item, (dict, list)):
                flatten_record(item, out, path)
            else:
                _append(out, path, item)
    else:
        _append(out, prefix or "value", record)


def _append(out: dict[str, list[str | None]], path: str, value: Any) -> None:
    values = out.get(path)
    if values is None:
        values = out[path] = []
    if value is None:
        values.append(None)
    elif value is True or value is False:
        values.append("true" if value else "false")
    elif isinstance(value, str):
        values.append(value)
    else:
        values.append(str(value))


def records_to_fields(batch: RecordList) -> dict[str, FieldColumn]:
    """Flatten a batch of records into one string array per path."""
    import pyarrow as pa

    records = batch.records
    if records and _same_keys(records):
        return _columns_of_flat_records(records)
    out: dict[str, list[str | None]] = {}
    for record in records:
        flatten_record(record, out)
    return {path: FieldColumn(pa.array(values, type=pa.string())) for path, values in out.items()}


def _same_keys(records: list[Any]) -> bool:
    first = records[0]
    if type(first) is not dict:
        return False
    keys = first.keys()
    return all(type(r) is dict and r.keys() == keys for r in records)


def _columns_of_flat_records(records: list[dict]) -> dict[str, FieldColumn]:
    """Records that all have the same keys, a column per key: Arrow converts the scalars in C++.

    Strings, integers and booleans convert exactly as ``flatten_record`` would write them; any other
    column (floats, nested objects and arrays, mixed types) is flattened value by value.
    """
    import pyarrow as pa

    fields: dict[str, FieldColumn] = {}
    for key in records[0]:
        column = [r[key] for r in records]
        try:
            arr = pa.array(column)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            arr = None
        if arr is not None and (pa.types.is_string(arr.type) or pa.types.is_integer(arr.type)
                                or pa.types.is_boolean(arr.type) or pa.types.is_null(arr.type)):  # fmt: skip
            fields[str(key)] = FieldColumn(arr.cast(pa.string()))
            continue
        out: dict[str, list[str | None]] = {}
        for value in column:
            flatten_record({key: value}, out)
        fields.update((path, FieldColumn(pa.array(values, type=pa.string()))) for path, values in out.items())
    return fields


def open_json(path: Path, display: str, fmt: str) -> Opened:
    """A JSON document holding records."""
    try:
        with path.open("rb") as fh:
            document = json.load(fh)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise SourceError(f"invalid JSON ({exc.msg})", path=display, where=where) from None
    except UnicodeDecodeError as exc:
        raise SourceError("not UTF-8 text", path=display, where=f"byte {exc.start}") from None
    except RecursionError:
        raise SourceError("invalid JSON (nested too deeply)", path=display) from None
    except ValueError:  # Python refuses integers of more than 4,300 digits
        raise SourceError("invalid JSON (a number too long to read)", path=display) from None
    records, wrapper = _find_records(document)
    if wrapper == "features" and isinstance(document, dict) and document.get("type") == "FeatureCollection":
        fmt = "geojson"
    table = Table(object=None, batches=_chunks(records), to_fields=records_to_fields, header_line=None)
    table.rows_total = len(records)
    return Opened(format=fmt, tables=iter([table]))


def _find_records(document: Any) -> tuple[list[Any], str | None]:
    if isinstance(document, list):
        return document, None
    if isinstance(document, dict):
        for key in _WRAPPER_KEYS:
            value = document.get(key)
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value[:100]):
                return value, key
        lists = [k for k, v in document.items() if isinstance(v, list) and v and isinstance(v[0], dict)]
        if len(lists) == 1:
            return document[lists[0]], lists[0]
        return [document], None
    return [document], None


def _chunks(records: list[Any]) -> Iterator[RecordList]:
    for i in range(0, len(records), BATCH):
        yield RecordList(records[i : i + BATCH])


class _Line:
    """A raw JSON Lines line and its number, parsed only if sampled."""

    __slots__ = ("lineno", "raw")

    def __init__(self, lineno: int, raw: bytes) -> None:
        self.lineno = lineno
        self.raw = raw


def open_jsonl(path: Path, display: str, fmt: str) -> Opened:
    """JSON Lines: one record per line; blank lines are ignored."""
    table = Table(object=None, batches=iter(()), to_fields=records_to_fields, header_line=None)
    table.batches = _line_batches(path)

    def to_fields(batch: RecordList) -> dict[str, FieldColumn]:
        from rightskit.sources.jsonl_chunks import parse_lines

        records, errors = parse_lines([(line.lineno, line.raw) for line in batch.records])
        for lineno, reason in errors:
            table.errors.append(SourceError(f"invalid JSON ({reason})", path=display, where=f"line {lineno}").render())
        return records_to_fields(RecordList(records))

    table.to_fields = to_fields

    def full_pass(workers: int) -> Iterator[tuple[int, dict[str, FieldColumn]]]:
        from rightskit.sources.jsonl_chunks import full_pass as chunked

        return chunked(path, display, table, workers)

    table.full_pass = full_pass
    return Opened(format=fmt, tables=iter([table]))


class _LineBlock:
    """A block of whole lines of the file; its non-blank lines are its rows. A sample takes a few lines of
    every block, so lines are found by their newlines' offsets (numpy), and a line becomes a ``_Line`` only
    if sampled; a block where some line starts with white space (it may be blank) is split as Python does."""

    __slots__ = ("_data", "_ends", "_first", "_linenos", "_lines", "lines_read")

    def __init__(self, data: bytes, first_lineno: int) -> None:
        import numpy as np

        self._data, self._first = data, first_lineno  # data ends with a newline
        bytes_ = np.frombuffer(data, dtype=np.uint8)
        self._ends = np.flatnonzero(bytes_ == 10)
        self.lines_read = len(self._ends)
        self._linenos: list[int] | None = None
        self._lines: list[bytes] | None = None
        starts = bytes_[self._ends[:-1] + 1]
        if np.isin(starts, _STRIPPED).any() or bytes_[0] in _STRIPPED:
            lines = data.split(b"\n")[:-1]
            chosen = [i for i, line in enumerate(lines) if line.strip()]
            self._linenos, self._lines = [first_lineno + i for i in chosen], [lines[i] for i in chosen]

    def __len__(self) -> int:
        return len(self._lines) if self._lines is not None else self.lines_read

    def take(self, indices: Any) -> RecordList:
        if self._lines is not None and self._linenos is not None:
            return RecordList([_Line(self._linenos[int(i)], self._lines[int(i)]) for i in indices])
        data, ends = self._data, self._ends
        lines = []
        for i in map(int, indices):
            lines.append(_Line(self._first + i, data[int(ends[i - 1]) + 1 if i else 0 : int(ends[i])]))
        return RecordList(lines)

    @property
    def records(self) -> list[_Line]:
        return self.take(range(len(self))).records


_BLOCK_BYTES = 4 << 20
_STRIPPED = [10, 32, 9, 13, 11, 12]  # what bytes.strip() removes: newline, space, tab, CR, VT, FF


def _line_batches(path: Path) -> Iterator[_LineBlock]:
    """The file's lines, a few megabytes at a time."""
    lineno = 1
    rest = b""
    with path.open("rb") as fh:
        while True:
            block = fh.read(_BLOCK_BYTES)
            if not block:
                break
            data = rest + block
            cut = data.rfind(b"\n") + 1
            data, rest = data[:cut], data[cut:]
            if data:
                lines = _LineBlock(data, lineno)
                lineno += lines.lines_read
                yield lines
    if rest.strip():
        yield _LineBlock(rest + b"\n", lineno)
