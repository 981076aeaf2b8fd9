"""Excel releases (issue 19) with the guarantees of CSV: the plan per sheet, k within each sheet, text redacted,
the audit before the rename, formulas never written; and one table of formats for reading and releasing."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from rightskit.cli.main import cli
from tests.helpers import Gen

DISTRICTS = ["Лозенец", "Младост", "Люлин", "Надежда"]


def _workbook(path: Path, rows: int = 240) -> Path:
    gen, rng = Gen(17), random.Random(17)
    book = openpyxl.Workbook()
    people = book.active
    people.title = "Жители"
    people.append(["Име", "ЕГН", "email", "квартал", "години", "регистриран", "бележка", "формула", "сметка"])
    for i in range(rows):
        note = f"Обадете се на {gen.phone()} след 17 ч." if i % 3 == 0 else "без забележки"
        people.append([
            gen.name(), gen.egn(), gen.email(), DISTRICTS[i % 4], 20 + i % 50,
            dt.datetime(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 300)), note,
            "ок", "=SUM(E2:E3)" if i % 5 == 0 else None,
        ])  # fmt: skip
        if i % 7 == 0:  # a text that starts like a formula (typed with a leading apostrophe in Excel)
            people.cell(row=i + 2, column=8).value = '=HYPERLINK("http://x.invalid")'
            people.cell(row=i + 2, column=8).data_type = "s"
    sums = book.create_sheet("Суми")
    sums.append(["квартал", "месец", "сума"])
    for month in range(1, 13):
        for district in DISTRICTS:
            sums.append([district, month, rng.randint(1000, 9000)])
    book.create_sheet("Празен")
    book.save(path)
    return path


def _rows(path: Path, sheet: str) -> list[tuple]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return list(book[sheet].iter_rows(values_only=True))
    finally:
        book.close()


def test_a_workbook_is_released_sheet_by_sheet_with_the_plan_the_audit_and_no_formulas(tmp_path: Path) -> None:
    src = _workbook(tmp_path / "регистър.xlsx")
    result = CliRunner().invoke(cli, ["anonymise", str(src), "-o", str(tmp_path / "out"), "--k", "5"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out" / "регистър.xlsx"
    people = _rows(out, "Жители")
    header, body = people[0], people[1:]
    assert "Име" not in header and "ЕГН" not in header and "email" not in header
    notes = [row[header.index("бележка")] for row in body]
    assert all("Обадете се на" not in n or "[PHONE_NUMBER_" in n for n in notes)
    assert sum("[PHONE_NUMBER_" in n for n in notes) == 80
    assert isinstance(body[0][header.index("години")], int)  # not planned: its cell type stays
    assert len(_rows(out, "Суми")) == 49 and isinstance(_rows(out, "Суми")[1][2], int)
    assert _rows(out, "Празен") == []

    book = openpyxl.load_workbook(out)  # formulas would show as data_type "f"
    cells = [row[header.index("формула")] for row in book["Жители"].iter_rows(min_row=2)]
    assert {c.data_type for c in cells} == {"s"} and sum(str(c.value).startswith("=HYPERLINK") for c in cells) == 35
    assert not [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]

    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    records = {r["table"]: r for r in manifest["files"]}
    assert set(records) == {"Жители", "Суми"}
    assert records["Жители"]["rows_in"] == 240 and records["Жители"]["search"]["k"] == 5
    assert manifest["audit"]["findings"] == {} and manifest["audit"]["cells_checked"] > 240 * 5
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8"))
    sheets = {r["dialect"]["sheet"]: r for r in package["resources"]}
    assert [f["name"] for f in sheets["Суми"]["schema"]["fields"]] == ["квартал", "месец", "сума"]


def test_a_workbook_release_that_would_publish_names_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    src = _workbook(tmp_path / "регистър.xlsx")
    plan = tmp_path / "plan.yaml"
    plan.write_text(f"k: 2\ninputs:\n  {src}:\n    - {{field: ЕГН, role: direct_identifier, action: drop}}\n",
                    encoding="utf-8")  # fmt: skip
    result = CliRunner().invoke(cli, ["anonymise", str(src), "-o", str(tmp_path / "out"), "--plan", str(plan)])
    assert result.exit_code == 1
    assert "(240 EMAIL_ADDRESS, 240 PERSON, 80 PHONE_NUMBER)" in result.output
    assert "регистър.xlsx, field 'Име', row 1: PERSON (Aaaaaaaaa Aaaaaaaa)" in result.output
    assert not (tmp_path / "out").exists()
    assert "@" not in result.output  # shapes only


def test_every_readable_dataset_format_can_be_released() -> None:
    from rightskit.anonymise.release.writers import WRITERS
    from rightskit.sources.registry import DATASET_FORMATS

    assert {fmt for fmt, _ in DATASET_FORMATS.values()} == set(WRITERS)


def _stale(tmp_path: Path) -> Path:
    """A register whose recorded dimension (A1:C3) is smaller than its cells, with ЕГН right of the header."""
    import re

    from tests.sources.test_xlsx_readers import _with_sheet_xml

    gen = Gen(44)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["квартал", "години", "бележка"])
    for i in range(60):
        sheet.append([DISTRICTS[i % 4], 20 + i % 40, "без забележки", gen.egn()])
    written = tmp_path / "written.xlsx"
    book.save(written)
    stale = re.compile(rb'<dimension ref="[^"]*"/>')
    return _with_sheet_xml(written, tmp_path / "stale.xlsx", lambda xml: stale.sub(b'<dimension ref="A1:C3"/>', xml))


def test_a_stale_dimension_cuts_no_row_from_a_release_and_the_column_right_of_the_header_is_planned(
    tmp_path: Path,
) -> None:
    """openpyxl stopped at a sheet's recorded dimension: the rows past it were left out of the release without a
    word. The release now reads the sheet as the scan does, the ЕГН right of the header as a column of its own,
    which the plan drops."""
    src = _stale(tmp_path)
    result = CliRunner().invoke(cli, ["anonymise", str(src), "-o", str(tmp_path / "out"), "--k", "5"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    (record,) = manifest["files"]
    assert record["rows_in"] == 60
    actions = {f["field"]: f["action"] for f in record["fields"]}
    assert actions["column_4"] == "drop"
    released = _rows(tmp_path / "out" / "stale.xlsx", "Sheet")
    assert len(released) == 1 + record["rows_out"] and all(len(row) == 3 for row in released)


def test_values_right_of_the_header_that_a_streamed_scan_left_unread_refuse_the_release(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workbook too large to hold is streamed, and the scan says it left the values right of the header unread:
    the plan has no entry for them, and the release refuses rather than publish them unexamined."""
    from rightskit.sources import xlsx

    monkeypatch.setattr(xlsx, "HELD_XML_BYTES", 0)
    src = _stale(tmp_path)
    result = CliRunner().invoke(cli, ["anonymise", str(src), "-o", str(tmp_path / "out"), "--k", "5"])
    assert result.exit_code == 2, result.output
    assert "right of the header's last cell (column_4)" in result.output
    assert not (tmp_path / "out" / "stale.xlsx").exists()
