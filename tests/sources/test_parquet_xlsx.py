from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq

from rightskit import scan


def test_parquet_types_nested_and_row_count(tmp_path: Path, gen) -> None:
    n = 50
    table = pa.table({
        "id": pa.array(range(n), pa.int64()),
        "payer": pa.array([{"iban": gen.iban(), "email": gen.email()} for _ in range(n)]),
        "tags": pa.array([[gen.phone()] for _ in range(n)]),
        "day": pa.array([dt.date(2025, 1, 1)] * n),
    })  # fmt: skip
    pq.write_table(table, tmp_path / "p.parquet", row_group_size=10)
    result = scan(tmp_path / "p.parquet")
    assert result.sources[0].rows_total == n and result.sources[0].format == "parquet"
    assert {f.field: f.entity_type for f in result.findings} == {
        "payer.iban": "IBAN_CODE", "payer.email": "EMAIL_ADDRESS", "tags[]": "PHONE_NUMBER",
    }  # fmt: skip


def test_xlsx_sheets_are_objects(tmp_path: Path, gen) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Граждани"
    ws.append([])  # a blank first row: the header is the first non-empty row
    ws.append(["Име", "Телефон", "Роден на"])
    for _ in range(30):
        ws.append([gen.name(), gen.phone(), dt.datetime(1980, 5, 17)])
    other = wb.create_sheet("Зали")
    other.append(["Зала", "Места"])
    for i in range(10):
        other.append([i, 30.0])
    wb.save(tmp_path / "book.xlsx")
    result = scan(tmp_path / "book.xlsx")
    assert result.sources[0].objects == 2
    found = {(f.object, f.field, f.entity_type, f.location.line) for f in result.findings}
    assert found == {("Граждани", "Име", "PERSON", 2), ("Граждани", "Телефон", "PHONE_NUMBER", 2),
                     ("Граждани", "Роден на", "DATE_OF_BIRTH", 2)}  # fmt: skip


def test_xlsx_zip_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"\x00" * (20 << 20))
    result = scan(path)
    assert result.has_errors
    assert "zip bomb" in result.sources[0].errors[0]


def test_corrupt_files_are_errors_not_crashes(tmp_path: Path) -> None:
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 not really")
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 truncated")
    result = scan(tmp_path)
    assert [bool(s.errors) for s in result.sources] == [True, True]
    assert all(e.startswith(str(tmp_path)) for s in result.sources for e in s.errors)
