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
