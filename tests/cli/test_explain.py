from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from rightskit.cli.main import cli
from tests.helpers import raw_values


def test_explain_from_a_scan_and_from_saved_findings(people_csv: tuple[Path, list], tmp_path: Path) -> None:
    path, rows = people_csv
    out = tmp_path / "f.json"
    assert CliRunner().invoke(cli, ["scan", str(path), "--format", "json", "-o", str(out)]).exit_code == 0
    import json

    egn = next(f for f in json.loads(out.read_text(encoding="utf-8"))["findings"] if f["entity_type"] == "BG_EGN")
    by_file = CliRunner().invoke(cli, ["explain", egn["fingerprint"][:8], "--findings", str(out)])
    by_scan = CliRunner().invoke(cli, ["explain", "egn", str(path)])
    for result in (by_file, by_scan):
        assert result.exit_code == 0, result.output
        text = result.stdout
        assert "BG_EGN in" in text and "recognizer bg_egn: 60 matched, 60 validated" in text
        assert "lexicon word(s) 'egn'" in text and "9999999999" in text
        assert not [v for v in raw_values(rows) if v in text]


def test_explain_unknown_finding_exits_2(people_csv: tuple[Path, list]) -> None:
    path, _ = people_csv
    result = CliRunner().invoke(cli, ["explain", "nope", str(path)])
    assert result.exit_code == 2 and "no finding matches" in result.stderr
