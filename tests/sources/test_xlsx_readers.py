"""Workbooks are read by calamine, or streamed by openpyxl when too large to hold: both give every sheet the same
header, the same rows and the same text in each cell (issue 20: openpyxl read 50k rows of 12 columns in 9.2 s)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from rightskit import scan
from rightskit.sources import xlsx


def _workbook(path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart

    rng = random.Random(20)
    wb = Workbook()
    ws = wb.active
    ws.title = "typed"
    ws.append(
        ["n", "x", "big", "day", "moment", "clock", "flag", "text", "gap", "formula", "share", 2025, None, "tail"]
    )
    for i in range(300):
        ws.append(
            [
                rng.randrange(-(10**6), 10**6),
                rng.choice([rng.uniform(-1e6, 1e6), float(rng.randrange(100)), 1e20, -0.0]),
                rng.choice([12345678901234567890, 4601292821, 10**15 + 7]),
                dt.date(rng.randrange(1900, 2100), rng.randrange(1, 13), rng.randrange(1, 29)),
                dt.datetime(2025, rng.randrange(1, 13), rng.randrange(1, 29), rng.randrange(24), rng.randrange(60)),
                dt.time(rng.randrange(24), rng.randrange(60), rng.randrange(60)),
                rng.choice([True, False]),
                rng.choice(["Иван Петров", "  spaced  ", "0888 123 456", "ЕГН 7501010010", "   ", "x" * 300]),
                None,
                f"=A{i + 2}+1",
                rng.random(),
                rng.choice([None, 7]),
                None,
                rng.choice(["", "end"]),
            ]
        )
        ws.cell(row=i + 2, column=11).number_format = "0%"
        ws.cell(row=i + 2, column=5).number_format = "yyyy-mm-dd hh:mm"
    offset = wb.create_sheet("offset")  # data from C4: the columns before are empty
    offset["C4"], offset["D4"] = "name", "egn"
    for r in range(5, 60):
        offset.cell(row=r, column=3, value=rng.choice(["Мария Иванова", None]))
        offset.cell(row=r, column=4, value=rng.choice(["4601292821", 7501010010, None]))
    hidden = wb.create_sheet("hidden")
    hidden.sheet_state = "hidden"
    hidden.append(["email"])
    hidden.append(["someone@example.org"])
    wb.create_sheet("empty")
    chart = wb.create_chartsheet("chart")
    chart.add_chart(BarChart())
    wb.save(path)
    return path


def _read(path: Path, reader: str) -> list[tuple]:
    opened = (
        xlsx._open_with_calamine(path, str(path), "xlsx")
        if reader == "calamine"
        else (xlsx._open_with_openpyxl(path, str(path), "xlsx"))
    )
    tables = []
    for table in opened.tables:
        cells = [
            {name: column.values.to_pylist() for name, column in table.to_fields(batch).items()}
            for batch in table.batches
        ]
        tables.append((table.object, table.header_line, table.fields_seen, table.rows_total, cells))
    return tables


def _with_sheet_xml(src: Path, dst: Path, change: Callable[[bytes], bytes]) -> Path:
    """``src`` copied to ``dst`` with its first sheet's XML changed."""
    import zipfile

    with zipfile.ZipFile(src) as given, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for info in given.infolist():
            data = given.read(info.filename)
            out.writestr(info, change(data) if info.filename == "xl/worksheets/sheet1.xml" else data)
    return dst


def test_calamine_and_openpyxl_give_each_cell_the_same_text(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "book.xlsx")
    held, streamed = _read(path, "calamine"), _read(path, "openpyxl")
    assert [t[0] for t in held] == ["typed", "offset", "hidden"]
    # The rows a sheet has is an estimate either way: openpyxl counts rows of empty cells after the last value
    assert [t[:3] + t[4:] for t in held] == [t[:3] + t[4:] for t in streamed]
    typed = held[0][4][0]
    assert all(d is not None and len(d) == 10 for d in typed["day"])  # dates, not numbers of days
    assert held[1][1:3] == (4, ["column_1", "column_2", "name", "egn"])  # the columns before C, empty, keep C's place
    assert sum(len(batch["egn"]) for batch in held[1][4]) == 54  # up to the last row with a value


@pytest.mark.parametrize("full", [False, True])
def test_a_workbook_too_large_to_hold_is_streamed_with_the_same_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, full: bool
) -> None:
    path = _workbook(tmp_path / "book.xlsx")
    held = scan(path, full=full)
    monkeypatch.setattr(xlsx, "HELD_XML_BYTES", 0)
    opened: list[str] = []
    real = xlsx._open_with_openpyxl
    monkeypatch.setattr(xlsx, "_open_with_openpyxl", lambda *a: opened.append("openpyxl") or real(*a))
    streamed = scan(path, full=full)
    assert opened == ["openpyxl"]
    assert {f.field for f in held.findings} >= {"name", "egn", "email"}
    assert [f.model_dump() for f in streamed.findings] == [f.model_dump() for f in held.findings]


@pytest.mark.parametrize("held", [True, False])
def test_a_sheet_declaring_entities_is_refused_by_either_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held: bool
) -> None:
    """An external entity (a local file's contents) and nested ones (a billion laughs) in a sheet's XML: neither
    reader expands them; the sheet is one error and nothing of the file appears."""

    from openpyxl import Workbook

    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-7501010010", encoding="utf-8")
    plain, evil = tmp_path / "plain.xlsx", tmp_path / "evil.xlsx"
    wb = Workbook()
    wb.active.append(["note"])
    wb.active.append(["hello"])
    wb.save(plain)
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 9))
    dtd = f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY e0 "aaaaaaaaaa">{entities}]>'
    _with_sheet_xml(plain, evil, lambda xml: (dtd + xml.decode().replace("<t>hello</t>", "<t>&xxe;&e8;</t>")).encode())
    if not held:
        monkeypatch.setattr(xlsx, "HELD_XML_BYTES", 0)
    result = scan(evil, full=True)
    assert result.sources[0].errors
    assert "SECRET" not in result.model_dump_json() and not result.findings


def test_a_stale_dimension_hides_no_row_and_a_value_past_the_header_is_read_or_warned_of(tmp_path: Path) -> None:
    """A sheet's recorded dimension (A1:B2) smaller than its cells: openpyxl had stopped reading there, so the third
    row went unread without a word. Both readers now read every row; calamine reads a value right of the header as
    a column of its own, and the streamed reader, which cannot know the width ahead, says it left it."""
    import re

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["name", "note"])
    ws.append(["Иван Петров", "ok"])
    ws.append(["Мария Иванова", None, "7501010010"])
    plain, stale = tmp_path / "plain.xlsx", tmp_path / "stale.xlsx"
    wb.save(plain)
    _with_sheet_xml(plain, stale, lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:B2"/>', xml))
    held = _read(stale, "calamine")[0]
    assert held[2] == ["name", "note", "column_3"] and held[4][0]["column_3"] == [None, "7501010010"]
    opened = xlsx._open_with_openpyxl(stale, str(stale), "xlsx")
    table = next(opened.tables)
    names = [v for batch in table.batches for v in table.to_fields(batch)["name"].values.to_pylist()]
    assert names == ["Иван Петров", "Мария Иванова"]
    assert table.warnings == ["1 row(s) hold values right of the header's last column; those values were not read"]


def test_a_workbook_with_numbers_past_a_double_s_digits_is_read_digit_for_digit(tmp_path: Path) -> None:
    """Tools other than Excel may write a long integer digit for digit; calamine would read it as a double (…992 for
    9007199254740993), so such a workbook is read by openpyxl, every digit kept."""

    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["id", "card"])
    wb.active.append([1, 4111111111111111])
    written, path = tmp_path / "written.xlsx", tmp_path / "ids.xlsx"
    wb.save(written)
    _with_sheet_xml(written, path, lambda xml: xml.replace(b"<v>1</v>", b"<v>9007199254740993</v>"))
    table = next(xlsx.open_xlsx(path, str(path), "xlsx").tables)
    cells = {n: c.values.to_pylist() for b in table.batches for n, c in table.to_fields(b).items()}
    assert cells == {"id": ["9007199254740993"], "card": ["4111111111111111"]}
