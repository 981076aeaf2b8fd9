"""A JSON Lines release on every core: worker processes read, release and re-encode their own byte ranges.

Python's JSON parsing and encoding hold the GIL, so a range is read and written by Arrow where its lines are
provably plain (``jsonl_columnar``), and by Python otherwise. As for a full scan (``sources/jsonl_chunks``),
the file is cut into byte ranges; a first pass counts each range's records and collects the quasi-identifier
columns (the generalisation search needs them all), a second pass releases each range with the same operators and keys
(inherited by the forked workers) and returns its lines, written in order by this process. Placeholders and
tokens are keyed, not numbered, so the release is the one a single process writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rightskit.anonymise.audit import DirectValues
from rightskit.anonymise.columnar import line_bytes
from rightskit.anonymise.release.writers.jsondoc import encode_lines
from rightskit.errors import SourceError

_STATE: dict[str, Any] = {}  # what the forked workers inherit: the plan, the context, the search result


def _records(path: str, start: int, end: int) -> tuple[list[Any], tuple[int, str] | None]:
    from rightskit.sources.jsonl_chunks import parsed_range

    _count, records, errors = parsed_range(path, start, end)
    return records, errors[0] if errors else None


def _count_and_quasi(path: str, start: int, end: int) -> tuple[int, dict, tuple[int, str] | None, Any]:
    """A range's records, quasi-identifier columns, and the digests of its direct identifiers' values (None when
    Arrow cannot read them as text: the audit then reads the input itself). Top-level text fields are read by
    Arrow's JSON parser (C++), told to keep only them; anything else (numbers, nested paths, broken lines) by
    Python."""
    from rightskit.anonymise.release.writers.jsondoc import quasi_columns
    from rightskit.sources.jsonl_chunks import range_bytes, split_lines

    quasi, direct = _STATE["quasi"], _STATE["direct"]
    flat = all("." not in fp.field and "[]" not in fp.field for fp in quasi)
    data = range_bytes(path, start, end)[1] if flat or direct else b""
    digested = _direct_digests(data, direct) if direct else None
    if flat:
        lines = data.count(b"\n") + (not data.endswith(b"\n") and bool(data))
        columns, rows = _arrow_text_fields(data, [fp.field for fp in quasi]) if quasi else ({}, -1)
        if rows != lines:  # blank lines, which Arrow skips, or no quasi-identifier to read: Python counts
            rows = sum(1 for line in split_lines(data) if line.strip())
        if not quasi:
            return rows, {}, None, digested  # nothing to collect: the records are only counted
        if columns is not None and rows == len(next(iter(columns.values()))):
            return rows, columns, None, digested
    records, error = _records(path, start, end)
    columns, count = quasi_columns([records], quasi)
    return count, columns, error, digested


def _direct_digests(data: bytes, names: list[str]) -> Any:
    """The direct identifiers' values in a range, digested (``audit.DirectValues``' parts)."""
    from rightskit.anonymise.audit import digested_values

    columns, _rows = _arrow_text_fields(data, names)
    return None if columns is None else digested_values(list(columns.values()))


def _arrow_text_fields(data: bytes, names: list[str]) -> tuple[dict | None, int]:
    """The text fields ``names`` of JSON Lines ``data``, empty where missing, and the number of records;
    (None, -1) when Arrow cannot read them as text (a number, an object, a broken line: Python decides)."""
    import pyarrow as pa

    from rightskit.anonymise.jsonl_columnar import read_table

    table = read_table(data, pa.schema([(n, pa.string()) for n in names]), others="ignore")
    if table is None:
        return None, -1
    columns = {n: pa.chunked_array([table.column(n).combine_chunks().fill_null("")], pa.string()) for n in names}
    return columns, table.num_rows


def _release_range(path: str, start: int, end: int, first_row: int) -> tuple[bytes, dict[str, int], int]:
    from rightskit.sources.jsonl_chunks import parsed_lines, range_bytes, split_lines

    first, data = range_bytes(path, start, end)
    changed = dict.fromkeys(_STATE["plan"], 0)
    columnar = _release_columnar(path, first, data, first_row, changed)
    if columnar is not None:
        return columnar
    _count, records, errors = parsed_lines(first, split_lines(data))
    if errors:  # the first pass only counts lines when there is no quasi-identifier to collect
        _raise_broken(path, *errors[0])
    g = _STATE["g"]
    if g.keep is not None:
        keep = g.keep[first_row : first_row + len(records)]
        records = [r for r, k in zip(records, keep, strict=True) if k]
    released = _released_records(records, changed)
    return encode_lines(released).encode("utf-8"), changed, len(released)


def _released_records(records: list[Any], changed: dict[str, int]) -> list[Any]:
    from rightskit.anonymise.release.writers.jsondoc import release_records

    memo = _STATE.setdefault("memo", {})  # per worker process, across its ranges: texts repeat
    return release_records(records, _STATE["plan"], _STATE["ctx"], _STATE["g"], changed, memo)


def _release_columnar(
    path: str, first: int, data: bytes, first_row: int, changed: dict[str, int]
) -> tuple[bytes, dict[str, int], int] | None:
    """The range released through Arrow (``jsonl_columnar``), its other lines through Python; None when
    the range is not for Arrow at all: another layout, floats or nesting, a planned path inside records."""
    import pyarrow as pa

    from rightskit.anonymise import jsonl_columnar as jc
    from rightskit.anonymise.release.context import release_columns

    layout, plan, g = _STATE.get("layout"), _STATE["plan"], _STATE["g"]
    if layout is None or not data or any("." in f or "[]" in f for f in plan):
        return None
    if not data.endswith(b"\n"):
        data += b"\n"
    table = jc.read_table(data, _STATE["schema"])
    if table is None:
        return None
    lines, offsets = jc.record_lines(data, table.num_rows)
    escape = jc.has_escapes(data)
    plain = jc.canonical(lines, table, layout, escape=escape)
    if plain is None:
        return None
    if g.keep is not None:
        keep = pa.array(g.keep[first_row : first_row + len(lines)], pa.bool_())
        table, lines, plain, offsets = table.filter(keep), lines.filter(keep), plain.filter(keep), offsets[keep]
    plain_rows = plain.to_numpy(zero_copy_only=False)
    if plain_rows.sum() < len(plain_rows) / 2:
        return None  # mostly lines in other layouts: Python alone is cheaper than both
    acted = [n for n in table.column_names if n in plan and plan[n].action not in ("drop", "keep")]
    if any(not (pa.types.is_string(table.schema.field(n).type) or pa.types.is_null(table.schema.field(n).type))
           for n in acted):  # fmt: skip
        return None  # a planned number or boolean: Python's rules for turning it into text apply
    fast = jc.table_columns(table.filter(plain))
    released, counts = release_columns(
        {n: fast[n].cast(pa.string()) for n in acted}, plan, _STATE["ctx"], g.labels, _STATE.setdefault("memo", {})
    )
    kept = {n: released.get(n, values) for n, values in fast.items() if n not in plan or plan[n].action != "drop"}
    rows = int(plain_rows.sum())
    out = jc.encode_records(kept, "python", rows, escape={*released, *(kept if escape else ())})
    if out is None:
        return None
    out = out.cast(pa.binary())
    for name in fast:
        if name in plan:
            changed[name] += rows if plan[name].action == "drop" else counts.get(name, 0)
    if not plain_rows.all():
        out = _with_python_lines(path, first, lines, plain_rows, offsets, out, changed)
    return bytes(line_bytes(out)), changed, len(lines)


def _with_python_lines(
    path: str, first: int, lines: Any, plain_rows: Any, offsets: Any, out: Any, changed: dict[str, int]
) -> Any:
    """``out`` (the released plain lines) with the other lines released by Python, each in its place."""
    import json

    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from rightskit.sources.jsonl_chunks import json_error

    others = np.flatnonzero(~plain_rows)
    records = []
    for i, line in zip(others.tolist(), lines.take(pa.array(others)).to_pylist(), strict=True):
        try:
            records.append(json.loads(line))
        except (ValueError, RecursionError) as exc:  # a bad line, bad bytes, a 5,000-digit number
            _raise_broken(path, first + int(offsets[i]), json_error(exc))
    python = [line + "\n" for line in encode_lines(_released_records(records, changed)).split("\n")[:-1]]
    full = pc.replace_with_mask(pa.nulls(len(lines), pa.binary()), pa.array(plain_rows), out)
    return pc.replace_with_mask(full, pa.array(~plain_rows), pa.array(python, pa.string()).cast(pa.binary()))


def _raise_broken(path: str, offset: int, reason: str) -> None:
    from rightskit.sources.jsonl_chunks import _line_number

    where = f"line {_line_number(Path(path), offset)}"
    raise SourceError(f"invalid JSON ({reason})", path=Path(path).name, where=where)


def _head_facts(src: Path, size: int = 1 << 16) -> dict[str, Any]:
    """The layout of the file's first plainly written line among its first records, and the types of their
    keys, that line's keys first (``jsonl_columnar``)."""
    import json

    from rightskit.anonymise.jsonl_columnar import layout_of, schema_of

    with src.open("rb") as fh:
        lines = [line for line in fh.read(size).split(b"\n")[:-1] if line.strip()][:100]
    layout, records = None, []
    for line in lines:
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            break  # the first pass names the broken line
        if layout is None and (layout := layout_of(line)) is not None:
            records.insert(0, record)
        else:
            records.append(record)
    return {"layout": layout, "schema": schema_of(records)}


def release_jsonl(src: Path, out: Path, fps: list, ctx: Any, hierarchy_files: dict[str, str], workers: int) -> Any:
    """The FileRecord of a JSON Lines release written by ``workers`` processes."""
    import pyarrow as pa

    from rightskit.anonymise.release.generalise import generalise
    from rightskit.anonymise.release.records import file_record
    from rightskit.sources.jsonl_chunks import CHUNK_BYTES
    from rightskit.workers import forked_map

    plan = {fp.field: fp for fp in fps}
    quasi = [fp for fp in fps if fp.action == "generalise"]
    size = src.stat().st_size
    ranges = [(str(src), i, min(i + CHUNK_BYTES, size)) for i in range(0, size, CHUNK_BYTES)]
    # The dropped direct identifiers' values, for the audit, gathered as the first pass reads: top-level ones only
    dropped = [fp.field for fp in fps if fp.action == "drop" and fp.role == "direct_identifier"]
    direct = dropped if all("." not in n and "[]" not in n for n in dropped) else []
    _STATE.clear()
    _STATE.update(plan=plan, quasi=quasi, direct=direct, ctx=ctx, **_head_facts(src))
    counts: list[int] = []
    chunks: dict[str, list] = {fp.field: [] for fp in quasi}
    digested = []
    for count, columns, error, digests in forked_map(_count_and_quasi, ranges, workers):
        if error is not None:
            _raise_broken(str(src), *error)
        counts.append(count)
        for name, column in columns.items():
            chunks[name].extend(column.chunks)
        digested.append(digests)
    if direct and all(d is not None for d in digested):  # else the audit reads the input's values itself
        ctx.direct_values[str(src)] = DirectValues.of_digested(direct, digested)
    columns = {n: pa.chunked_array(c, pa.string()) for n, c in chunks.items()}
    g = generalise(src.name, columns, quasi, ctx, hierarchy_files)
    del columns, chunks  # what grows with the file is not held (nor inherited by the workers)
    _STATE["g"] = g  # set before the second pool forks
    starts = [sum(counts[:i]) for i in range(len(counts))]
    changed = dict.fromkeys(plan, 0)
    rows_out = 0
    tasks = [(*r, first) for r, first in zip(ranges, starts, strict=True)]
    with out.open("wb") as fh:
        for data, part_changed, released in forked_map(_release_range, tasks, workers):
            fh.write(data)
            rows_out += released
            for name, n in part_changed.items():
                changed[name] += n
    _STATE.clear()
    return file_record(src, out, fps, changed, g, sum(counts), rows_out)
