"""Compressed inputs that expand out of all proportion are refused, named, and the rest of the run goes on
(issue 22): a .csv.gz of zeros wrote gigabytes to the temporary folder; 3,000 zip members of 1 MiB each, every
one under the per-member check, took minutes."""

from __future__ import annotations

import gzip
import json
import zipfile
from pathlib import Path

from click.testing import CliRunner

from rightskit.cli.main import cli
from rightskit.sources import containers


def test_a_gzip_that_expands_past_the_ratio_is_refused_and_the_rest_is_scanned(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(containers, "RATIO_FREE_BYTES", 1 << 20)  # the same rule at a test's scale
    with gzip.open(tmp_path / "zeros.csv.gz", "wb") as f:
        f.write(b"a\n" + b"0" * (8 << 20))
    (tmp_path / "people.csv").write_text("email\n" + "\n".join(f"u{i}@example.bg" for i in range(30)) + "\n")
    result = CliRunner().invoke(cli, ["scan", str(tmp_path)])
    assert result.exit_code == 2
    assert "zeros.csv.gz" in result.stderr and "refused as a bomb" in result.stderr
    assert "EMAIL_ADDRESS" in result.stdout


def test_many_small_members_that_add_up_to_a_bomb_refuse_the_archive(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(containers, "RATIO_FREE_BYTES", 1 << 20)
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for i in range(40):
            zf.writestr(f"part{i}.csv", b"a\n" + b"0" * (256 << 10))
    result = CliRunner().invoke(cli, ["scan", str(archive)])
    assert result.exit_code == 2 and "zip bomb" in result.stderr and "many.zip" in result.stderr


def test_ordinary_compressed_files_are_read(tmp_path: Path) -> None:
    rows = "email\n" + "\n".join(f"user{i}@example.bg" for i in range(500)) + "\n"
    with gzip.open(tmp_path / "people.csv.gz", "wt", encoding="utf-8") as f:
        f.write(rows)
    with zipfile.ZipFile(tmp_path / "people.zip", "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("people.csv", rows)
    result = CliRunner().invoke(cli, ["scan", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert sorted(f["path"].rsplit("/", 1)[-1] for f in json.loads(result.stdout)["findings"]) == [
        "people.csv.gz",
        "people.zip!people.csv",
    ]
