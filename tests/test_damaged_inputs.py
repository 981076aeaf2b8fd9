"""Broken files found by the hostile stress run (issue 22, bench/hostile_stress.py): each is one clear line with
the file named, exit 2, and the other inputs of the run still scanned."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from rightskit.cli.main import cli

GOOD = "name,email\nИван Петров,ivan.petrov@example.bg\nМария Иванова,m.ivanova@example.bg\n"


def _scan(folder: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["scan", str(folder), "--format", "json"])
    return result.exit_code, result.output


def _damaged_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("inner.csv", GOOD * 50)
    data = bytearray(buf.getvalue())
    data[0] = 0x00  # the member's local header magic: the central directory still lists it
    return bytes(data)


def _damaged_gzip() -> bytes:
    data = bytearray(gzip.compress((GOOD * 200).encode()))
    for i in range(20, 60):  # inside the deflate stream: "invalid distance too far back" and the like
        data[i] ^= 0x5A
    return bytes(data)


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("schema.json", '{"a": 1}'.encode("utf-16"), None),  # UTF-16 with its BOM is read
        ("broken.json", b'{"a": "\xff\xfe"}', "not UTF-8 text"),
        ("archive.zip", _damaged_zip(), "damaged zip member"),
        ("data.csv.gz", _damaged_gzip(), "not a readable gzip file"),
    ],
)
def test_a_damaged_file_is_one_line_and_the_rest_is_scanned(tmp_path: Path, name: str, content: bytes, said) -> None:
    (tmp_path / "good.csv").write_text(GOOD, encoding="utf-8")
    (tmp_path / name).write_bytes(content)
    code, output = _scan(tmp_path)
    assert "Traceback" not in output
    assert '"EMAIL_ADDRESS"' in output  # the good file was still scanned
    if said is None:
        assert code == 0
    else:
        assert code == 2 and f"{name}" in output and said in output


@pytest.mark.parametrize("option", ["--config", "--context", "--policy", "--plan"])
@pytest.mark.parametrize("encoded", [b"k: \xff\xfe\xfa\n", "k: v\n".encode("cp1251") + b"\xe0\xff"])
def test_a_file_a_person_wrote_that_is_not_utf8_is_named_with_exit_2(tmp_path: Path, option: str, encoded) -> None:
    data = tmp_path / "data.csv"
    data.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(encoded)
    command = {"--config": "scan", "--context": "check", "--policy": "check", "--plan": "anonymise"}[option]
    args = [command, str(data), option, str(bad)] + (["-o", str(tmp_path / "out")] if command == "anonymise" else [])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "bad.yaml" in result.output and "not UTF-8 text; save it as UTF-8" in result.output


def test_a_non_utf8_pyproject_in_a_parent_folder_breaks_no_scan(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "pyproject.toml").write_bytes(b"[tool.black]\nname = '\xff\xfe'\n")
    sub = tmp_path / "project"
    sub.mkdir()
    (sub / "data.csv").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(sub)
    result = CliRunner().invoke(cli, ["scan", "data.csv", "--format", "json"])
    assert result.exit_code == 0 and '"EMAIL_ADDRESS"' in result.output


def test_a_fifo_among_the_inputs_is_named_and_never_opened(tmp_path: Path) -> None:
    import os

    (tmp_path / "good.csv").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.csv")  # opening it would wait for a writer forever
    for args in ([str(tmp_path)], [str(tmp_path / "pipe.csv"), str(tmp_path / "good.csv")]):
        result = CliRunner().invoke(cli, ["scan", *args, "--format", "json"])
        assert result.exit_code == 2 and "not a regular file" in result.output
        assert '"EMAIL_ADDRESS"' in result.output


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda p: p.write_text("00" * 32 + "\n"), "too little entropy"),
        (
            lambda p: (p.write_text(("ab" * 16 + "cd" * 8 + "0123456789abcdef" * 2)[:64] + "\n"), p.chmod(0o644)),
            "can be read or written by other users",
        ),
        (lambda p: p.write_bytes(b"f" * 100_000), "larger than 4096 bytes"),
    ],
)
def test_unsafe_keys_are_refused_for_a_publication(tmp_path: Path, make, said: str) -> None:
    data = tmp_path / "data.csv"
    data.write_text(GOOD, encoding="utf-8")
    key = tmp_path / "release.key"
    make(key)
    key.chmod(key.stat().st_mode & 0o777)
    result = CliRunner().invoke(cli, ["anonymise", str(data), "-o", str(tmp_path / "out"), "--key-file", str(key)])
    assert result.exit_code == 2 and said in result.output and not (tmp_path / "out").exists()


def test_a_device_as_key_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(cli, ["anonymise", str(data), "-o", str(tmp_path / "out"), "--key-file", "/dev/zero"])
    assert result.exit_code == 2 and "not a regular file" in result.output


def test_a_full_disk_is_one_line_with_exit_2(tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", str(data), "-o", "/dev/full"])
    assert result.exit_code == 2 and "cannot be written (No space left on device)" in result.output


def test_control_characters_in_file_names_are_shown_escaped(tmp_path: Path) -> None:
    (tmp_path / "bad\x1b]0;owned\x07\nrightskit: forged.json").write_bytes(b'{"a": "\xff"}')
    result = CliRunner().invoke(cli, ["scan", str(tmp_path)])
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "bad\\x1b]0;owned\\x07\\x0arightskit: forged.json" in result.output
    assert not any(line.startswith("rightskit: forged") for line in result.output.splitlines())


def test_cr_only_line_endings_are_read(tmp_path: Path) -> None:
    (tmp_path / "old_mac.csv").write_bytes(GOOD.replace("\n", "\r").encode())
    result = CliRunner().invoke(cli, ["scan", str(tmp_path / "old_mac.csv"), "--format", "json"])
    assert result.exit_code == 0 and '"EMAIL_ADDRESS"' in result.output


def test_json_nested_a_hundred_thousand_deep_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "good.csv").write_text(GOOD, encoding="utf-8")
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (tmp_path / "deep.jsonl").write_text('{"a": 1}\n' + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", str(tmp_path), "--format", "json"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "deep.json: invalid JSON (nested too deeply)" in result.output and '"EMAIL_ADDRESS"' in result.output


def test_a_header_row_that_is_personal_data_is_not_shown_as_field_names(tmp_path: Path) -> None:
    rows = "7501010010,ivan.petrov@example.bg,0888 123 456\n" + "7801010009,m.ivanova@example.bg,0887 654 321\n" * 30
    (tmp_path / "no_header.csv").write_text(rows, encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", str(tmp_path / "no_header.csv"), "--format", "json"])
    for value in ("7501010010", "ivan.petrov@example.bg", "0888 123 456"):
        assert value not in result.output
    assert '"column_2"' in result.output


def test_a_header_a_spreadsheet_would_run_is_neutralised_in_a_release(tmp_path: Path) -> None:
    src = tmp_path / "formula.csv"
    src.write_text("=cmd|' /C calc'!A0,note\n" + "x,ok\n" * 10, encoding="utf-8")
    result = CliRunner().invoke(cli, ["anonymise", str(src), "-o", str(tmp_path / "out"), "--k", "2"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "formula.csv").read_text(encoding="utf-8").startswith("'=cmd")


def test_a_json_key_that_holds_an_e_mail_is_shown_by_its_shape(tmp_path: Path) -> None:
    lines = [f'{{"ivan.petrov{i}@example.bg": "0888 123 45{i % 10}", "note": "ok"}}' for i in range(30)]
    (tmp_path / "keys.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", str(tmp_path / "keys.jsonl"), "--format", "json"])
    assert "ivan.petrov" not in result.output and '"a***@a***.bg"' in result.output


def test_sql_statements_no_schema_holds_are_skipped_with_a_warning_not_parsed_for_minutes(tmp_path: Path) -> None:
    columns = ",".join(f"c{i} int" for i in range(200_000))  # a 2 MB column list
    deep = "SELECT " + "(" * 5000 + "1" + ")" * 5000
    (tmp_path / "big.sql").write_text(
        f"CREATE TABLE wide ({columns});\n{deep};\nCREATE TABLE people (id int, email text);\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["scan", str(tmp_path / "big.sql"), "--format", "json"])
    assert result.exit_code == 0 and "statement too long or too deeply nested; skipped" in result.output
    assert '"EMAIL_ADDRESS"' in result.output  # the statements after them are read


def test_a_broken_row_cut_inside_a_character_prints_no_traceback(tmp_path: Path) -> None:
    body = "name,note\n" + "".join(f"Иван {i},ok\n" for i in range(50))
    # a file cut inside its last character, on a row of too few fields: pyarrow fails to decode the row for
    # its invalid-row callback, and Python printed that as "Exception ignored … Traceback" on stderr
    (tmp_path / "cut.csv").write_bytes(body.encode() + "Иван П".encode() + b"\xd0")
    result = CliRunner().invoke(cli, ["scan", str(tmp_path / "cut.csv"), "--format", "json"])
    assert "Traceback" not in result.output and "Exception ignored" not in result.output
    assert result.exit_code == 2 and "cut.csv" in result.output


def test_a_query_of_twenty_thousand_column_references_is_not_traced_but_named(tmp_path: Path) -> None:
    chain = "-".join("Ab" for _ in range(20_000))  # sqlglot's scoping went from every column to the root
    (tmp_path / "q.sql").write_text(
        f"CREATE TABLE people (first_name text, email text);\nSELECT first_name, {chain} AS x FROM people;\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["scan", str(tmp_path / "q.sql"), "--format", "json"])
    assert result.exit_code == 0 and '"field": "first_name"' in result.output  # named from the query, in seconds


def test_a_file_of_broken_lines_reports_its_first_errors_and_a_count(tmp_path: Path) -> None:
    lines = ['{"email": "a@example.bg"}'] + ["{broken" for _ in range(500)]
    (tmp_path / "many.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", str(tmp_path / "many.jsonl")])
    assert result.exit_code == 2
    said = [line for line in result.output.splitlines() if line.startswith("rightskit: ")]
    assert sum("invalid JSON" in line for line in said) == 20 and said[-1].endswith("many.jsonl: … and 480 more errors")


def test_a_baseline_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_text(GOOD, encoding="utf-8")
    (tmp_path / "baseline.json").write_bytes(b'{"entries": "\xff"}')
    result = CliRunner().invoke(cli, ["check", str(data), "--baseline", str(tmp_path / "baseline.json")])
    assert result.exit_code == 2 and "baseline is not UTF-8 text" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("command", [["report"], ["diff"]])
def test_a_findings_file_nested_too_deeply_is_no_traceback(tmp_path: Path, command: list[str]) -> None:
    deep = tmp_path / "findings.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    args = [*command, str(deep)] + (["-o", str(tmp_path / "r.md")] if command == ["report"] else [str(deep)])
    result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2) and "Traceback" not in result.output


def test_a_file_that_turns_from_utf8_to_cp1251_keeps_every_row(tmp_path: Path) -> None:
    """Two exports pasted together: 12,000 rows of UTF-8, then 3,000 of cp1251. Every row used to be lost with
    the block the bad bytes were in ("after data row 0"); now all are read, the bad bytes replaced, and said."""
    head = "name,email\n" + "".join(f"Иван Петров {i},ivan{i}@example.bg\n" for i in range(12_000))
    tail = "".join(f"Мария Иванова {i},m{i}@example.bg\n" for i in range(3_000))
    (tmp_path / "mixed.csv").write_bytes(head.encode("utf-8") + tail.encode("cp1251"))
    result = CliRunner().invoke(cli, ["scan", str(tmp_path / "mixed.csv"), "--full", "--format", "json"])
    assert result.exit_code == 0, result.output
    import json

    source = json.loads(result.output)["sources"][0]
    assert source["rows_scanned"] == 15_000 and source["errors"] == []
    assert any("data rows from 1 on were read with them replaced" in w for w in source["warnings"])


def test_thousands_of_columns_skip_cross_column_evidence_and_say_so(tmp_path: Path) -> None:
    header = ["email"] + [f"c{i}" for i in range(2_001)]
    rows = [[f"user{r}@example.bg"] + ["x"] * 2_001 for r in range(5)]
    (tmp_path / "wide.csv").write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", str(tmp_path / "wide.csv"), "--format", "json"])
    assert result.exit_code == 0 and "2002 columns: no cross-column evidence past 1000" in result.output
    assert '"EMAIL_ADDRESS"' in result.output


def test_html_in_names_reaches_the_markdown_report_as_text(tmp_path: Path) -> None:
    src = tmp_path / "<img src=x onerror=alert(1)>.csv"
    src.write_text("email,<script>alert(1)</script>\nivan@example.bg,x\nm@example.bg,y\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", str(src), "-o", str(tmp_path / "dpia.md")])
    assert result.exit_code in (0, 1), result.output
    text = (tmp_path / "dpia.md").read_text(encoding="utf-8")
    assert "<script>" not in text and "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;.csv" in text


@pytest.mark.parametrize(("name", "content"), [
    ("digits.json", '{"a": ' + "1" * 100_000 + "}\n"),
    ("digits.jsonl", '{"email": "a@example.bg"}\n{"b": ' + "1" * 100_000 + "}\n"),
])  # fmt: skip
def test_a_number_of_a_hundred_thousand_digits_is_one_line(tmp_path: Path, name: str, content: str) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", str(tmp_path / name), "--format", "json"])
    assert result.exit_code == 2 and "invalid JSON (a number too long to read)" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_folder_that_cannot_be_read_is_reported_with_exit_2(tmp_path: Path, monkeypatch) -> None:
    """``chmod 000`` cannot stop root (CI runs as root), so the refusal the operating system gives is simulated
    where the walk meets it: the folder used to be skipped in silence, with exit 0."""
    import os

    (tmp_path / "good.csv").write_text(GOOD, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "inside.csv").write_text(GOOD, encoding="utf-8")
    real = os.scandir

    def scandir(path="."):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = CliRunner().invoke(cli, ["scan", str(tmp_path), "--format", "json"])
    assert result.exit_code == 2 and "locked: cannot read this folder" in result.output
    assert '"EMAIL_ADDRESS"' in result.output  # the readable file was scanned


def test_a_key_others_can_read_is_a_warning_outside_a_publication(tmp_path: Path) -> None:
    from rightskit.anonymise.keys import load_key
    from rightskit.errors import ConfigError, RightskitWarning

    key = tmp_path / "internal.key"
    assert CliRunner().invoke(cli, ["keygen", "-o", str(key)]).exit_code == 0
    key.chmod(0o644)
    with pytest.warns(RightskitWarning, match=r"can be read or written by other users \(chmod 600 it\)"):
        assert load_key(str(key)) is not None
    with pytest.raises(ConfigError, match="refused for a publication"):
        load_key(str(key), publication=True)
