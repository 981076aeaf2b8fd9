"""A full pass over JSON Lines on every core: each worker process reads, parses and flattens its own byte range.

JSON parsing and flattening are Python work, so one process parses at the speed of one core. For a full scan,
the file is cut into byte ranges (a line belongs to the range its first byte is in, as Spark and Hadoop cut
text files); worker processes each read their range and send back Arrow field arrays, in order, a few ranges in
flight at a time. Nothing but the file's path and offsets travels to a worker.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rightskit.errors import SourceError

if TYPE_CHECKING:
    from rightskit.sources.base import FieldColumn, Table

CHUNK_BYTES = 8 << 20


def range_bytes(path: str, start: int, end: int) -> tuple[int, bytes]:
    """The bytes of the lines whose first byte is in [start, end), and the offset of the first one."""
    with open(path, "rb") as fh:
        if start > 0:
            fh.seek(start - 1)
            fh.readline()  # the line that started before ``start`` belongs to the previous range
        first = fh.tell()
        if first >= end:
            return first, b""
        data = fh.read(end - first)
        if data and not data.endswith(b"\n"):
            data += fh.readline()  # the last line began in this range: it is read to its end
    return first, data


def _lines(path: str, start: int, end: int) -> tuple[int, list[bytes]]:
    """The lines whose first byte is in [start, end), and the offset of the first one."""
    first, data = range_bytes(path, start, end)
    return first, split_lines(data)


def split_lines(data: bytes) -> list[bytes]:
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return lines


def parsed_range(path: str, start: int, end: int) -> tuple[int, list[Any], list[tuple[int, str]]]:
    """(non-blank lines, parsed records, errors as (byte offset, reason)) for the lines of one byte range."""
    return parsed_lines(*_lines(path, start, end))


def parse_lines(lines: Sequence[tuple[int, bytes]]) -> tuple[list[Any], list[tuple[int, str]]]:
    """The records of non-blank JSON Lines, each given with where it stands (a line number or a byte offset),
    and the broken ones as (where, reason). The one JSON Lines parser of the readers and the release writers:
    one parse for the whole batch; line by line only to say where a line is broken."""
    try:
        records = json.loads(b"[" + b",".join(line for _, line in lines) + b"]")
        if len(records) == len(lines):
            return records, []
    except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        pass
    records, errors = [], []
    for where, line in lines:
        try:
            records.append(json.loads(line))
        except (ValueError, RecursionError) as exc:
            errors.append((where, json_error(exc)))
    return records, errors


def parsed_lines(first: int, lines: list[bytes]) -> tuple[int, list[Any], list[tuple[int, str]]]:
    """(non-blank lines, parsed records, errors as (byte offset, reason)) for lines starting at offset ``first``."""
    body, offset = [], first
    for line in lines:
        if line.strip():
            body.append((offset, line))
        offset += len(line) + 1
    records, errors = parse_lines(body)
    return len(body), records, errors


def json_error(exc: ValueError | RecursionError) -> str:
    """What is wrong with a line, in words that quote nothing of it."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, json.JSONDecodeError):
        return exc.msg
    return "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else "a number too long to read"


def parse_range(path: str, start: int, end: int) -> tuple[int, dict[str, FieldColumn], list[tuple[int, str]]]:
    """(non-blank lines, field arrays, errors) for one byte range: rows read, as a serial pass counts them."""
    from rightskit.sources.base import RecordList
    from rightskit.sources.jsondata import records_to_fields

    count, records, errors = parsed_range(path, start, end)
    return count, records_to_fields(RecordList(records)), errors


def full_pass(path: Path, display: str, table: Table, workers: int) -> Iterator[tuple[int, dict[str, FieldColumn]]]:
    """(records, fields) per byte range, in file order; unparsable lines are reported on ``table``."""
    from rightskit.workers import forked_map

    size = path.stat().st_size
    tasks = [(str(path), i, min(i + CHUNK_BYTES, size)) for i in range(0, size, CHUNK_BYTES)]
    for result in forked_map(parse_range, tasks, workers):
        yield _reported(result, path, display, table)


def _reported(result: tuple, path: Path, display: str, table: Table) -> tuple[int, dict[str, FieldColumn]]:
    count, fields, errors = result
    for offset, reason in errors:
        where = f"line {_line_number(path, offset)}"
        table.errors.append(SourceError(f"invalid JSON ({reason})", path=display, where=where).render())
    return count, fields


def _line_number(path: Path, offset: int) -> int:
    """The 1-based line at a byte offset (counted only when a line is broken, which is rare)."""
    count, done = 1, 0
    with path.open("rb") as fh:
        while done < offset:
            block = fh.read(min(1 << 20, offset - done))
            if not block:
                break
            count += block.count(b"\n")
            done += len(block)
    return count
