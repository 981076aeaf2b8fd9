"""Excel .xlsx: each sheet is an object; parsed read-only with defusedxml and checked against zip bombs."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rightskit.errors import SourceError
from rightskit.sources.base import FieldColumn, Opened, Table, unique_names

MAX_UNCOMPRESSED = 1 << 30  # 1 GiB of XML is far beyond any real sheet
MAX_RATIO = 200  # deflate rarely beats 100:1 on spreadsheet XML; bombs reach 1000:1
BATCH = 8192


def check_zip_limits(path: Path, display: str) -> None:
    """Refuse archives whose members expand beyond sane sizes (zip bombs)."""
    try:
        with zipfile.ZipFile(path) as zf:
            total = 0
            for info in zf.infolist():
                total += info.file_size
                if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1 << 20:
                    raise SourceError(
                        f"member expands {info.file_size // info.compress_size}:1, refused as a possible zip bomb",
                        path=display,
                        where=info.filename,
                    )
            if total > MAX_UNCOMPRESSED:
                raise SourceError("archive expands beyond 1 GiB, refused", path=display)
    except zipfile.BadZipFile:
        raise SourceError("not a valid zip/xlsx container", path=display) from None


def _cell_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def open_xlsx(path: Path, display: str, fmt: str) -> Opened:
    """An .xlsx workbook; the first non-empty row of each sheet is its header."""
    check_zip_limits(path, display)
    import openpyxl  # uses defusedxml for every XML part when it is installed (a dependency)

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken workbooks
        raise SourceError(f"not a readable xlsx workbook ({type(exc).__name__})", path=display) from None
    return Opened(format=fmt, tables=_sheets(wb))


def _sheets(wb: Any) -> Iterator[Table]:
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            header: list[str] = []
            header_line = 0
            for header_line, row in enumerate(rows, start=1):  # noqa: B007
                if row and any(v is not None and str(v).strip() for v in row):
                    header = [str(v).strip() if v is not None else "" for v in row]
                    break
            if not header:
                continue
            names = unique_names(header)
            total = (ws.max_row - header_line) if ws.max_row else None
            table = Table(
                object=ws.title,
                batches=_row_batches(rows, len(names)),
                to_fields=lambda b, names=names: {
                    n: FieldColumn(b.column(i), column=i + 1) for i, n in enumerate(names)
                },
                header_line=header_line,
                rows_total=total,
                rows_total_estimated=total is not None,
                fields_seen=names,
            )
            yield table
    finally:
        wb.close()


def _row_batches(rows: Iterator, width: int) -> Iterator:
    import pyarrow as pa

    columns: list[list[str | None]] = [[] for _ in range(width)]
    count = 0
    for row in rows:
        for i in range(width):
            columns[i].append(_cell_text(row[i]) if i < len(row) else None)
        count += 1
        if count >= BATCH:
            yield pa.RecordBatch.from_arrays(
                [pa.array(c, pa.string()) for c in columns], [f"c{i}" for i in range(width)]
            )
            columns, count = [[] for _ in range(width)], 0
    if count:
        yield pa.RecordBatch.from_arrays([pa.array(c, pa.string()) for c in columns], [f"c{i}" for i in range(width)])
