"""The manifest's record of one released file."""

from __future__ import annotations

from pathlib import Path

from rightskit.anonymise.release.context import TECHNIQUE
from rightskit.anonymise.release.generalise import Generalised
from rightskit.digest import file_sha256
from rightskit.models.release import FieldPlan, FieldRecord, FileRecord


def file_record(
    src: Path,
    out: Path,
    fps: list[FieldPlan],
    changed: dict[str, int],
    g: Generalised,
    rows_in: int,
    rows_out: int,
    table: str | None = None,
) -> FileRecord:
    """What was done to one released table (a file, or one sheet of a workbook): its fields, rows and search."""
    fields = [
        FieldRecord(
            field=fp.field,
            role=fp.role,
            action=fp.action,
            technique=TECHNIQUE[fp.action],
            hierarchy=fp.hierarchy if fp.action == "generalise" else None,
            level=g.levels.get(fp.field),
            cells_changed=changed[fp.field],
        )
        for fp in fps
    ]
    return FileRecord(
        input=str(src),
        output=out.name,
        input_sha256="",  # filled in by _release_file, which hashes the input while the release is written
        output_sha256=file_sha256(out),
        rows_in=rows_in,
        rows_out=rows_out,
        fields=fields,
        search=g.search,
        risk_before=g.risk_before,
        risk_after=g.risk_after,
        table=table,
    )
