"""The CLI: exit codes, outputs, and that no planted personal value ever appears in them."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from click.testing import CliRunner

from rightskit.cli.main import cli
from tests.helpers import raw_values


def invoke(args: list[str], exit_code: int):
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == exit_code, result.output + result.stderr
    return result


def test_scan_text_and_json(people_csv: tuple[Path, list]) -> None:
    path, _ = people_csv
    text = invoke(["scan", str(path)], 0).output
    assert "EMAIL_ADDRESS" in text and "BG_EGN" in text
    doc = json.loads(invoke(["scan", str(path), "--format", "json"], 0).stdout)
    assert {f["entity_type"] for f in doc["findings"]} == {
        "PERSON",
        "BG_EGN",
        "PHONE_NUMBER",
        "EMAIL_ADDRESS",
    }


def test_no_raw_value_in_any_output_or_log(people_csv: tuple[Path, list], tmp_path: Path, caplog) -> None:
    path, rows = people_csv
    caplog.set_level(logging.DEBUG)
    out_file = tmp_path / "out.json"
    outputs = [
        invoke(["scan", str(path)], 0).output,
        invoke(["scan", str(path), "--format", "json"], 0).output,
        invoke(["scan", str(path), "--full", "--format", "json", "-o", str(out_file)], 0).output,
        out_file.read_text(encoding="utf-8"),
        caplog.text,
    ]
    planted = raw_values(rows)
    for output in outputs:
        leaked = [v for v in planted if v in output]
        assert not leaked, leaked[:3]


def test_unreadable_input_exits_2_names_file_and_goes_on(people_csv: tuple[Path, list], tmp_path: Path) -> None:
    path, _ = people_csv
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = invoke(["scan", str(broken), str(path), "--format", "json"], 2)
    doc = json.loads(result.stdout)
    assert doc["sources"][0]["errors"] == [
        f"{broken} (line 1, column 2): invalid JSON (Expecting property name enclosed in double quotes)"
    ]
    assert doc["findings"], "the readable input is still scanned"
    assert f"rightskit: {broken} (line 1, column 2)" in result.stderr


def test_usage_error_exits_2() -> None:
    invoke(["scan"], 2)
    invoke(["scan", "x.csv", "--sample", "0"], 2)


def test_output_is_written_atomically(people_csv: tuple[Path, list], tmp_path: Path, monkeypatch) -> None:
    path, _ = people_csv
    target = tmp_path / "report.json"
    target.write_text("previous", encoding="utf-8")
    import os

    def boom(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    result = CliRunner().invoke(cli, ["scan", str(path), "-o", str(target)], catch_exceptions=False)
    assert result.exit_code == 2 and f"{target}: cannot be written (OSError)" in result.output  # one line, no traceback
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []


def test_inputs_are_never_modified(people_csv: tuple[Path, list]) -> None:
    path, _ = people_csv
    before = path.read_bytes(), path.stat().st_mtime_ns
    invoke(["scan", str(path), "--full"], 0)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_demo_runs() -> None:
    result = invoke(["demo"], 0)
    assert "BG_EGN" in result.output and "demo/register_cp1251.csv" in result.output


def test_version_and_help() -> None:
    assert "rightskit" in invoke(["--version"], 0).output
    assert "scan" in invoke(["--help"], 0).output
