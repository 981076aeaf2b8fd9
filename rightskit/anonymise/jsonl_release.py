"""A JSON Lines release on every core: worker processes read, release and re-encode their own byte ranges.

JSON parsing and encoding are Python work. As for a full scan (``sources/jsonl_chunks``), the file is cut into
byte ranges; a first pass counts each range's records and collects the quasi-identifier columns (the
generalisation search needs them all), a second pass releases each range with the same operators and keys
(inherited by the forked workers) and returns its lines, written in order by this process. Placeholders and
tokens are keyed, not numbered, so the release is the one a single process writes.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from rightskit.errors import SourceError

_STATE: dict[str, Any] = {}  # what the forked workers inherit: the plan, the context, the search result


def _records(path: str, start: int, end: int) -> tuple[list[Any], tuple[int, str] | None]:
    from rightskit.sources.jsonl_chunks import parsed_range

    _count, records, errors = parsed_range(path, start, end)
    return records, errors[0] if errors else None


def _count_and_quasi(path: str, start: int, end: int) -> tuple[int, dict, tuple[int, str] | None]:
    """A range's records and quasi-identifier columns. Top-level text fields are read by Arrow's JSON
    parser (C++), told to keep only them; anything else (numbers, nested paths, broken lines) by Python."""
    from rightskit.anonymise.release import _quasi_columns
    from rightskit.sources.jsonl_chunks import _lines

    quasi = _STATE["quasi"]
    if all("." not in fp.field and "[]" not in fp.field for fp in quasi):
        _first, lines = _lines(path, start, end)
        count = sum(1 for line in lines if line.strip())
        if not quasi:
            return count, {}, None  # nothing to collect: the records are only counted
        columns = _arrow_text_fields(b"\n".join(lines), [fp.field for fp in quasi], count)
        if columns is not None:
            return count, columns, None
    records, error = _records(path, start, end)
    columns, count = _quasi_columns([records], quasi)
    return count, columns, error


def _arrow_text_fields(data: bytes, names: list[str], expected: int) -> dict | None:
    import io

    import pyarrow as pa
    import pyarrow.json as pj

    schema = pa.schema([(n, pa.string()) for n in names])
    options = pj.ParseOptions(explicit_schema=schema, unexpected_field_behavior="ignore")
    try:
        table = pj.read_json(io.BytesIO(data), parse_options=options)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None  # a number, an object, a broken line: Python decides
    if table.num_rows != expected:
        return None
    return {n: pa.chunked_array([table.column(n).combine_chunks().fill_null("")], pa.string()) for n in names}


def _release_range(path: str, start: int, end: int, first_row: int) -> tuple[bytes, dict[str, int], int]:
    from rightskit.anonymise.release import _release_records, encode_lines

    records, _error = _records(path, start, end)  # a broken line stopped the first pass already
    g, plan = _STATE["g"], _STATE["plan"]
    if g.keep is not None:
        keep = g.keep[first_row : first_row + len(records)]
        records = [r for r, k in zip(records, keep, strict=True) if k]
    changed = dict.fromkeys(plan, 0)
    memo = _STATE.setdefault("memo", {})  # per worker process, across its ranges: texts repeat
    released = _release_records(records, plan, _STATE["ctx"], g, changed, memo)
    return encode_lines(released).encode("utf-8"), changed, len(released)


def release_jsonl(src: Path, out: Path, fps: list, ctx: Any, hierarchy_files: dict[str, str], workers: int) -> Any:
    """The FileRecord of a JSON Lines release written by ``workers`` processes."""
    import pyarrow as pa

    from rightskit.anonymise.release import _file_record, _generalise
    from rightskit.sources.jsonl_chunks import CHUNK_BYTES, _line_number, in_order

    plan = {fp.field: fp for fp in fps}
    quasi = [fp for fp in fps if fp.action == "generalise"]
    size = src.stat().st_size
    ranges = [(str(src), i, min(i + CHUNK_BYTES, size)) for i in range(0, size, CHUNK_BYTES)]
    context = multiprocessing.get_context("fork")
    _STATE.clear()
    _STATE.update(plan=plan, quasi=quasi, ctx=ctx)
    counts: list[int] = []
    chunks: dict[str, list] = {fp.field: [] for fp in quasi}
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        for count, columns, error in in_order(pool, _count_and_quasi, ranges, workers):
            if error is not None:
                offset, reason = error
                where = f"line {_line_number(src, offset)}"
                raise SourceError(f"invalid JSON ({reason})", path=src.name, where=where)
            counts.append(count)
            for name, column in columns.items():
                chunks[name].extend(column.chunks)
    columns = {n: pa.chunked_array(c, pa.string()) for n, c in chunks.items()}
    g = _generalise(src.name, columns, quasi, ctx, hierarchy_files)
    _STATE["g"] = g  # set before the second pool forks
    starts = [sum(counts[:i]) for i in range(len(counts))]
    changed = dict.fromkeys(plan, 0)
    rows_out = 0
    with ProcessPoolExecutor(workers, mp_context=context) as pool, out.open("wb") as fh:
        tasks = [(*r, first) for r, first in zip(ranges, starts, strict=True)]
        for data, part_changed, released in in_order(pool, _release_range, tasks, workers):
            fh.write(data)
            rows_out += released
            for name, n in part_changed.items():
                changed[name] += n
    _STATE.clear()
    return _file_record(src, out, fps, changed, g, sum(counts), rows_out)
