"""Excel .xlsx: each sheet is an object; checked against zip bombs, then read by calamine (Rust; it resolves no
external entity) or, for a workbook too large to hold or with integers longer than a double holds, streamed by
openpyxl with defusedxml. The two give each cell the same text (``tests/sources/test_xlsx_readers.py``), but for
cells that hold no personal data as such: an error (#N/A) is empty to calamine; calamine decodes Excel's escapes
(``_x000D_``) and drops the spaces before a text not marked to keep them; date serials outside Excel's calendar
(before 1900) read differently. Columns of formatted empty cells become fields with openpyxl only."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rightskit.errors import SourceError
from rightskit.sources.base import FieldColumn, Opened, Table, unique_names

MAX_UNCOMPRESSED = 1 << 30  # 1 GiB of XML is far beyond any real sheet
MAX_RATIO = 200  # deflate rarely beats 100:1 on spreadsheet XML; bombs reach 1000:1
BATCH = 8192
# calamine holds a sheet in memory, about 1.5 bytes per byte of its XML; openpyxl streams it, but reads 50k rows of
# 12 columns in 9.2 s where calamine takes 0.67. Workbooks whose sheets and strings are larger are streamed.
HELD_XML_BYTES = 128 << 20


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
    if value is None or value == "":  # calamine reads an empty cell as ""
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


# A number cell of 16 digits or more: calamine reads it as a double, which ends at 2^53 (a 19-digit ID written by
# pandas came out rounded), where openpyxl keeps every digit.
_LONG_INTEGER = re.compile(rb"<v>-?[0-9]{16,}</v>")
_READ_AT_ONCE = 1 << 20


def _calamine_reads(path: Path) -> bool:
    """Whether calamine may read the workbook: its sheets and shared strings (what a reader holding a sheet holds)
    fit ``HELD_XML_BYTES``, and no sheet holds a number cell that only openpyxl reads digit for digit."""
    with zipfile.ZipFile(path) as zf:
        sheets = [i for i in zf.infolist() if i.filename.startswith("xl/worksheets/")]
        strings = [i for i in zf.infolist() if i.filename == "xl/sharedStrings.xml"]
        if sum(i.file_size for i in sheets + strings) > HELD_XML_BYTES:
            return False
        for info in sheets:
            with zf.open(info) as member:
                tail = b""
                while chunk := member.read(_READ_AT_ONCE):
                    if _LONG_INTEGER.search(tail + chunk):
                        return False
                    tail = chunk[-64:]  # a cell cut between two reads
    return True


def open_xlsx(path: Path, display: str, fmt: str) -> Opened:
    """An .xlsx workbook; the first non-empty row of each sheet is its header."""
    check_zip_limits(path, display)
    if _calamine_reads(path):
        return _open_with_calamine(path, display, fmt)
    return _open_with_openpyxl(path, display, fmt)


def _open_with_calamine(path: Path, display: str, fmt: str) -> Opened:
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    try:
        wb = CalamineWorkbook.from_path(str(path))
        sheets = [m.name for m in wb.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
    except Exception as exc:  # calamine raises its own types for broken workbooks
        raise SourceError(f"not a readable xlsx workbook ({type(exc).__name__})", path=display) from None
    return Opened(format=fmt, tables=_calamine_sheets(wb, sheets, display))


def _calamine_sheets(wb: Any, names: list[str], display: str) -> Iterator[Table]:
    try:
        for name in names:
            try:
                sheet = wb.get_sheet_by_name(name)
            except Exception as exc:
                raise SourceError(f"cannot read sheet ({type(exc).__name__})", path=display, where=name) from None
            # Rows come from the sheet's first; columns from its first that holds a cell: those before are empty
            left = sheet.start[1] if sheet.start else 0
            rows = ([None] * left + row for row in sheet.iter_rows()) if left else sheet.iter_rows()
            table = _table(name, rows, sheet.end[0] + 1 if sheet.end else None)
            if table is not None:
                yield table
    finally:
        wb.close()


def _open_with_openpyxl(path: Path, display: str, fmt: str) -> Opened:
    import openpyxl  # uses defusedxml for every XML part when it is installed (a dependency)

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken workbooks
        raise SourceError(f"not a readable xlsx workbook ({type(exc).__name__})", path=display) from None
    return Opened(format=fmt, tables=_sheets(wb))


def _sheets(wb: Any) -> Iterator[Table]:
    try:
        for ws in wb.worksheets:
            total = ws.max_row  # the sheet's own estimate, before it is set aside
            # A sheet's recorded dimension may be stale (smaller than its cells): openpyxl would stop reading there
            ws.reset_dimensions()
            table = _table(ws.title, ws.iter_rows(values_only=True), total)
            if table is not None:
                yield table
    finally:
        wb.close()


def header_texts(row: Any) -> list[str]:
    """A row's cells as a header's names before they are made unique (the scanner's and the release's)."""
    return [(_cell_text(v) or "").strip() for v in row or ()]


def _table(title: str, rows: Iterator, max_row: int | None) -> Table | None:
    """A sheet's table: its first row holding a value is the header (None: no such row)."""
    header: list[str] = []
    header_line = 0
    for header_line, row in enumerate(rows, start=1):  # noqa: B007
        texts = header_texts(row)
        if any(texts):
            header = texts
            break
    if not header:
        return None
    names = unique_names(header)
    total = (max_row - header_line) if max_row else None
    table = Table(
        object=title,
        batches=iter(()),
        to_fields=lambda b, names=names: {n: FieldColumn(b.column(i), column=i + 1) for i, n in enumerate(names)},
        header_line=header_line,
        rows_total=total,
        rows_total_estimated=total is not None,
        fields_seen=names,
    )
    table.batches = _row_batches(rows, len(names), table)
    return table


def _row_batches(rows: Iterator, width: int, table: Table) -> Iterator:
    import pyarrow as pa

    columns: list[list[str | None]] = [[] for _ in range(width)]
    count = 0
    for texts in _rows_with_values(rows, width, table):
        for i in range(width):
            columns[i].append(texts[i])
        count += 1
        if count >= BATCH:
            yield pa.RecordBatch.from_arrays(
                [pa.array(c, pa.string()) for c in columns], [f"c{i}" for i in range(width)]
            )
            columns, count = [[] for _ in range(width)], 0
    if count:
        yield pa.RecordBatch.from_arrays([pa.array(c, pa.string()) for c in columns], [f"c{i}" for i in range(width)])


def _rows_with_values(rows: Iterator, width: int, table: Table) -> Iterator[list[str | None]]:
    """Each row's cell texts, up to the last row holding a value: empty rows after it (cells once formatted, which
    openpyxl reads and calamine does not) are no records. Rows holding a value right of the header's last cell
    (openpyxl's; calamine pads the header) are a warning of ``table``'s."""
    empty = past_header = 0
    for row in rows:
        texts = [_cell_text(row[i]) if i < len(row) else None for i in range(width)]
        past_header += len(row) > width and any(_cell_text(v) is not None for v in row[width:])
        if all(t is None for t in texts):
            empty += 1  # held back until a row with a value follows
            continue
        for _ in range(empty):
            yield [None] * width
        empty = 0
        yield texts
    if past_header:
        table.warnings.append(
            f"{past_header} row(s) hold values right of the header's last column; those values were not read"
        )
