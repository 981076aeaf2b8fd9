from __future__ import annotations

from pathlib import Path

import pytest

from rightskit import scan
from rightskit.sources.text_encoding import detect_encoding, sniff_delimiter


def _fields(result) -> dict[str, str]:
    return {f.field: f.entity_type for f in result.findings}


@pytest.mark.parametrize(
    ("encoding", "delimiter", "bom"),
    [
        ("utf-8", ",", False),
        ("utf-8", ",", True),
        ("cp1251", ";", False),
        ("utf-8", "\t", False),
        ("utf-8", "|", False),
    ],
)
def test_encodings_and_delimiters(tmp_path: Path, gen, encoding: str, delimiter: str, bom: bool) -> None:
    rows = [delimiter.join(["Име", "ЕГН", "Имейл"])]
    rows += [delimiter.join([gen.name(), gen.egn(), gen.email()]) for _ in range(40)]
    data = "\r\n".join(rows).encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    result = scan(path)
    assert not result.has_errors
    assert _fields(result) == {"Име": "PERSON", "ЕГН": "BG_EGN", "Имейл": "EMAIL_ADDRESS"}
    assert result.sources[0].rows_total == 40


def test_cp1251_detected_from_cyrillic_bytes() -> None:
    text = "Име;Фамилия;Град\nИван;Петров;София\nМария;Иванова;Пловдив\n" * 20
    assert detect_encoding(text.encode("cp1251")) == "cp1251"
    assert detect_encoding(text.encode("utf-8")) == "utf-8"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a,b,c\n1,2,3\n", ","), ("a;b;c\n1,5;2;3\n", ";"), ("a\tb\n1\t2\n", "\t"), ("a|b|c\n1|2|3\n", "|")],
)
def test_sniff_delimiter(text: str, expected: str) -> None:
    assert sniff_delimiter(text) == expected


def test_quoted_multiline_fields_and_leading_zeros(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    lines = ["code,comment"]
    lines += [f'00{i:03d},"first line\nsecond line, with comma"' for i in range(30)]
    path.write_text("\n".join(lines), encoding="utf-8")
    from rightskit.sources.delimited import open_delimited

    opened = open_delimited(path, "notes.csv", "csv")
    table = next(opened.tables)
    batch = next(iter(table.batches))
    fields = table.to_fields(batch)
    assert fields["code"].values.to_pylist()[:2] == ["00000", "00001"]
    assert "\n" in fields["comment"].values[0].as_py()
    assert len(batch) == 30


def test_ragged_rows_are_skipped_with_a_warning_that_holds_no_value(tmp_path: Path, gen) -> None:
    secret = gen.egn()
    path = tmp_path / "ragged.csv"
    path.write_text(f"a,b\n1,2\n{secret},3,4\n5,6\n", encoding="utf-8")
    result = scan(path)
    source = result.sources[0]
    assert source.rows_total == 2
    assert any("skipped" in w for w in source.warnings)
    assert secret not in result.to_json()


def test_header_only_and_empty_files(tmp_path: Path) -> None:
    (tmp_path / "header.csv").write_text("email,phone\n", encoding="utf-8")
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    result = scan(tmp_path)
    assert not result.has_errors
    header = next(s for s in result.sources if s.path.endswith("header.csv"))
    assert header.rows_total == 0
    # An empty column named "email" is still worth a (lower-confidence) finding: the schema says so.
    assert {f.field for f in result.findings} == {"email", "phone"}
    assert all(f.confidence < 0.75 for f in result.findings)


def test_invalid_bytes_mid_file_are_replaced_and_the_place_is_named(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"name,email\n" + b"Ivan Petrov,ivan@abv.bg\n" * 400_000 + b"\xe0\xe1 bad,x@y.bg\n")
    result = scan(path)
    source = result.sources[0]
    assert source.errors == [] and source.rows_total == 400_001, "every row is read, the last one too"
    [warning] = [w for w in source.warnings if "some bytes are not utf-8" in w]
    first = int(warning.split("data rows from ")[1].split()[0])
    assert 1 < first <= 400_001  # the blocks before the bad bytes were read as they are
    assert [f.entity_type for f in result.findings if f.field == "email"] == ["EMAIL_ADDRESS"]


def test_a_row_longer_than_a_block_is_read_and_one_longer_than_the_largest_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rightskit.sources import delimited

    monkeypatch.setattr(delimited, "BLOCK_SIZE", 4096)
    document = " ".join(f"word{i}" for i in range(20_000))  # a whole document in one cell: 30 blocks
    path = tmp_path / "documents.csv"
    rows = [f"{i},{i}@abv.bg,Кратка бележка" for i in range(50)]
    rows[25] = f'25,25@abv.bg,"{document}"'
    path.write_text("id,email,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = scan(path, full=True)
    source = result.sources[0]
    assert source.errors == [] and source.rows_total == 50 and source.rows_scanned == 50
    assert _fields(result)["email"] == "EMAIL_ADDRESS"
    monkeypatch.setattr(delimited, "_LARGEST_BLOCK", 4096 * 8)  # read again in blocks of 32k: still too short
    source = scan(path, full=True).sources[0]
    assert source.errors and "a row longer than" in source.errors[0] and "after data row 25;" in source.errors[0]
    assert "word" not in source.errors[0]
