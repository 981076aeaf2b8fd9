"""Many files: worker processes give the serial result; the cache skips unchanged files and holds no raw value."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

import rightskit.scanning as scanning
from rightskit import api
from rightskit.cli.main import cli
from rightskit.scanning import ScanOptions
from tests.helpers import Gen, raw_values


@pytest.fixture
def folder(tmp_path: Path) -> tuple[Path, list[str]]:
    gen = Gen(11)
    root = tmp_path / "open-data"
    root.mkdir()
    planted: list[str] = []
    for i in range(24):
        rows = gen.rows(15)
        planted += raw_values(rows)
        with (root / f"t{i:02d}.csv").open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    (root / "broken.parquet").write_bytes(b"PAR1 but not parquet")
    return root, planted


def _count_scans(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = scanning._scan_candidate

    def counting(path, display, options, detector):
        calls.append(display)
        return real(path, display, options, detector)

    monkeypatch.setattr(scanning, "_scan_candidate", counting)
    return calls


def test_worker_processes_give_the_serial_result(folder) -> None:
    root, _ = folder
    serial = api.scan([str(root)], ScanOptions(workers=1))
    parallel = api.scan([str(root)], ScanOptions(workers=2))
    assert parallel.to_json() == serial.to_json()
    assert len(serial.findings) >= 24 * 4
    assert any(s.errors for s in parallel.sources if s.path.endswith("broken.parquet"))


def test_unchanged_files_come_from_the_cache(folder, tmp_path: Path, monkeypatch) -> None:
    root, planted = folder
    opts = ScanOptions(workers=1, cache_dir=str(tmp_path / "cache"))
    first = api.scan([str(root)], opts)
    calls = _count_scans(monkeypatch)
    again = api.scan([str(root)], opts)
    assert again.to_json() == first.to_json()
    assert calls == [str(root / "broken.parquet")]  # an unreadable file is tried (and reported) again

    calls.clear()
    changed = root / "t03.csv"
    changed.write_text(changed.read_text(encoding="utf-8").replace("amount", "iban", 1), encoding="utf-8")
    api.scan([str(root)], opts)
    assert sorted(calls) == sorted([str(changed), str(root / "broken.parquet")])

    calls.clear()
    api.scan([str(root)], opts.model_copy(update={"sample": 5}))  # other options: other findings
    assert len(calls) == 25

    cached = b"".join(p.read_bytes() for p in (tmp_path / "cache").rglob("*.json"))
    assert not [v for v in planted if v.encode("utf-8") in cached]


def test_cli_cache_and_clear(folder, tmp_path: Path, monkeypatch) -> None:
    root, _ = folder
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["scan", str(root), "--cache", "--format", "json"]).exit_code == 2  # broken.parquet
    assert Path(".rightskit-cache").is_dir()
    result = runner.invoke(cli, ["cache", "clear"])
    assert result.exit_code == 0 and "removed 24 cached result(s)" in result.output
    assert not Path(".rightskit-cache").exists()


def test_a_committed_cache_entry_cannot_hide_a_file(tmp_path: Path, monkeypatch) -> None:
    """Issue 22: an entry whose key anyone can compute offline (file hash, path, options, version) made a file
    with an ЕГН scan as clean. Keys are HMACs under this machine's secret: entries made elsewhere and committed,
    emptied of their findings, are never found."""
    import rightskit.scan_cache as scan_cache

    monkeypatch.chdir(tmp_path)
    gen = Gen(4)
    rows = gen.rows(20)
    with (tmp_path / "people.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "attacker"))
    monkeypatch.setattr(scan_cache, "_SECRET", None)
    assert '"BG_EGN"' in CliRunner().invoke(cli, ["scan", "people.csv", "--cache", "--format", "json"]).output
    entries = list(Path(".rightskit-cache").glob("*/*.json"))
    assert entries
    for entry in entries:  # what the attacker commits: the entry, its findings taken out
        entry.write_text(entry.read_text(encoding="utf-8").replace('"BG_EGN"', '"NOTHING"'), encoding="utf-8")
    assert '"BG_EGN"' not in CliRunner().invoke(cli, ["scan", "people.csv", "--cache", "--format", "json"]).output
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "victim"))
    monkeypatch.setattr(scan_cache, "_SECRET", None)
    assert '"BG_EGN"' in CliRunner().invoke(cli, ["scan", "people.csv", "--cache", "--format", "json"]).output
