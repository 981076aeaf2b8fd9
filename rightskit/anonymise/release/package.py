"""The release's datapackage.json (Frictionless Data): one resource per released table, with its Table Schema."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from rightskit.models.release import FileRecord


def datapackage(records: list[FileRecord], staging: Path) -> str:
    """The datapackage.json text of the staged release."""
    resources = []
    for r in records:
        fmt = Path(r.output).suffix.lstrip(".").lower()
        name = Path(r.output).stem + (f"-{r.table}" if r.table is not None else "")
        resource: dict[str, Any] = {
            "name": name.lower().replace(" ", "-"),
            "path": r.output,
            "format": fmt,
            "hash": f"sha256:{r.output_sha256}",
        }
        if fmt in ("csv", "tsv"):
            delimiter = "\t" if fmt == "tsv" else _sniff(staging / r.output)
            with (staging / r.output).open(encoding="utf-8", newline="") as fh:
                header = next(csv.reader(io.StringIO(fh.readline()), delimiter=delimiter))
            resource["schema"] = {"fields": [{"name": h, "type": "string"} for h in header]}
            if delimiter != ",":  # Table Schema readers assume a comma unless the dialect says otherwise
                resource["dialect"] = {"delimiter": delimiter}
        elif fmt == "parquet":
            import pyarrow.parquet as pq

            schema = pq.read_schema(staging / r.output)
            resource["schema"] = {"fields": [{"name": f.name, "type": _table_schema_type(f.type)} for f in schema]}
        elif fmt == "xlsx" and r.table is not None:
            resource["dialect"] = {"sheet": r.table}
            resource["schema"] = {
                "fields": [{"name": h, "type": "any"} for h in _sheet_header(staging / r.output, r.table)]
            }
        resources.append(resource)
    return json.dumps({"name": "rightskit-release", "resources": resources}, ensure_ascii=False, indent=2) + "\n"


def _sheet_header(path: Path, sheet: str) -> list[str]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    try:
        first = next(book[sheet].iter_rows(max_row=1, values_only=True), ())
        return ["" if v is None else str(v) for v in first]
    finally:
        book.close()


def _table_schema_type(arrow_type: Any) -> str:
    """The Table Schema type of an Arrow type (Frictionless Data)."""
    import pyarrow as pa

    for check, name in (
        (pa.types.is_boolean, "boolean"),
        (pa.types.is_integer, "integer"),
        (pa.types.is_floating, "number"),
        (pa.types.is_decimal, "number"),
        (pa.types.is_date, "date"),
        (pa.types.is_timestamp, "datetime"),
        (pa.types.is_string, "string"),
        (pa.types.is_large_string, "string"),
    ):
        if check(arrow_type):
            return name
    return "any"


def _sniff(path: Path) -> str:
    from rightskit.sources.text_encoding import sniff_delimiter

    with path.open("rb") as fh:
        head = fh.read(65536)
    return sniff_delimiter(head.decode("utf-8", errors="ignore"))
