"""Excel workbooks released sheet by sheet, with the guarantees of the other formats.

Each sheet is a table, read as the scanner reads it (its first non-empty row is the header, values as
``sources/xlsx`` renders them): the plan applies to every sheet by column name, the generalisation search runs
per sheet (k holds within each), and the manifest has one record per sheet. Columns the plan transforms are
written as text; the others keep their cell types (numbers, dates, booleans). Formulas are never written: the
input is read for its values, and a text that starts with "=" is stored as text, which Excel does not run.
A sheet holds at most 1,048,576 rows, so a sheet is read whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rightskit.anonymise.release.context import ReleaseContext, release_columns
from rightskit.anonymise.release.generalise import Generalised, generalise
from rightskit.anonymise.release.records import file_record
from rightskit.errors import SourceError, UsageError
from rightskit.models.release import FieldPlan, FileRecord


@dataclass
class _Sheet:
    title: str
    fields: list[FieldPlan]
    changed: dict[str, int]
    generalised: Generalised
    rows_in: int
    rows_out: int


def write_xlsx(
    src: Path, out: Path, fps: list[FieldPlan], ctx: ReleaseContext, hierarchy_files: dict[str, str]
) -> list[FileRecord]:
    """The workbook released into ``out``; one record per sheet."""
    import openpyxl

    from rightskit.anonymise.audit import DirectValues
    from rightskit.sources.xlsx import check_zip_limits

    check_zip_limits(src, src.name)
    try:
        book = openpyxl.load_workbook(src, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken workbooks
        raise SourceError(f"not a readable xlsx workbook ({type(exc).__name__})", path=src.name) from None
    released = openpyxl.Workbook(write_only=True)
    direct = DirectValues([fp.field for fp in fps if fp.action == "drop" and fp.role == "direct_identifier"])
    sheets: list[_Sheet] = []
    seen: set[str] = set()
    memo: dict = {}
    try:
        for ws in book.worksheets:
            target = released.create_sheet(ws.title)
            sheet = _release_sheet(ws, target, src.name, fps, ctx, hierarchy_files, direct, memo)
            if sheet is not None:
                sheets.append(sheet)
                seen.update(fp.field for fp in sheet.fields)
    finally:
        book.close()
    missing = [fp.field for fp in fps if fp.field not in seen]
    if missing:
        raise UsageError(f"{src.name}: no sheet has a column {', '.join(missing)}")
    ctx.direct_values[str(src)] = direct
    released.save(out)
    return [
        file_record(src, out, s.fields, s.changed, s.generalised, s.rows_in, s.rows_out, table=s.title) for s in sheets
    ]


def _release_sheet(
    ws: Any,
    target: Any,
    name: str,
    fps: list[FieldPlan],
    ctx: ReleaseContext,
    hierarchy_files: dict[str, str],
    direct: Any,
    memo: dict,
) -> _Sheet | None:
    import numpy as np
    import pyarrow as pa

    from rightskit.sources.base import unique_names
    from rightskit.sources.xlsx import _cell_text, header_texts

    # As the scanner reads it: past a stale recorded dimension (openpyxl would stop there), a header as wide as the
    # widest row (a value right of the header's last cell is a column of its own, as calamine reads it)
    ws.reset_dimensions()
    rows = ws.iter_rows(values_only=True)
    header: list[str] = []
    for row in rows:
        if any(texts := header_texts(row)):
            header = texts
            break
    if not header:
        return None  # an empty sheet stays empty
    body = [tuple(row) for row in rows]
    width = max(len(header), *map(len, body)) if body else len(header)
    names = unique_names(header + [""] * (width - len(header)))
    body = [row + (None,) * (width - len(row)) for row in body]
    plan = {fp.field: fp for fp in fps if fp.field in names}
    unplanned = [
        n for j, n in enumerate(names[len(header) :], start=len(header))
        if n not in plan and any(_cell_text(row[j]) is not None for row in body)
    ]  # fmt: skip
    if unplanned:  # a scan that streamed the workbook said it left them unread: nothing vouches for them
        raise UsageError(
            f"{name} [{ws.title}]: values right of the header's last cell ({', '.join(unplanned)}) that the plan "
            "does not cover; give them a header or a plan entry"
        )
    column = {n: j for j, n in enumerate(names)}  # a look-up, not names.index per cell
    acted = [n for n in names if n in plan and plan[n].action != "keep"]
    texts = {
        n: pa.array([_cell_text(row[column[n]]) for row in body], pa.string()) for n in acted
    }  # what the scanner read, and what the operators act on
    for n in direct.fields:
        if n in texts:
            direct.add(texts[n])
    quasi = [plan[n] for n in acted if plan[n].action == "generalise"]
    g = generalise(f"{name} [{ws.title}]", {fp.field: texts[fp.field].fill_null("") for fp in quasi}, quasi, ctx,
                   hierarchy_files)  # fmt: skip
    keep = np.ones(len(body), dtype=bool) if g.keep is None else np.asarray(g.keep, dtype=bool)
    chosen = pa.array(keep)
    out, counts = release_columns({n: texts[n].filter(chosen) for n in acted}, plan, ctx, g.labels, memo)
    kept_names = [n for n in names if n not in plan or plan[n].action != "drop"]
    target.append([_safe(target, n) for n in kept_names])
    new_values = {n: out[n].to_pylist() for n in kept_names if n in out}
    kept_rows = [row for row, k in zip(body, keep.tolist(), strict=True) if k]
    positions = [(n, column[n]) for n in kept_names]
    for i, row in enumerate(kept_rows):
        target.append([_safe(target, new_values[n][i] if n in new_values else row[j]) for n, j in positions])
    changed = {fp.field: counts.get(fp.field, 0) for fp in plan.values()}
    return _Sheet(ws.title, list(plan.values()), changed, g, len(body), len(kept_rows))


def _safe(sheet: Any, value: Any) -> Any:
    """A text Excel would take for a formula is written as a text cell (shown as it is, never run)."""
    if isinstance(value, str) and value.startswith("="):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value
