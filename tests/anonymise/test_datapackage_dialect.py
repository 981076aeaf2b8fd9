"""The release's datapackage.json says how its CSV files are delimited (a ';' register stays readable)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from rightskit.cli.main import cli


def test_a_semicolon_release_declares_its_delimiter(tmp_path: Path) -> None:
    rows = "".join(f"{d};{a}\n" for d, a in [("Лозенец", "18-64"), ("Младост", "65+")] * 20)
    (tmp_path / "r.csv").write_text("район;възраст\n" + rows, encoding="utf-8")
    result = CliRunner().invoke(cli, ["anonymise", str(tmp_path / "r.csv"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8"))
    resource = package["resources"][0]
    assert resource["dialect"] == {"delimiter": ";"}
    assert [f["name"] for f in resource["schema"]["fields"]] == ["район", "възраст"]
    (tmp_path / "c.csv").write_text("district,age\n" + rows.replace(";", ","), encoding="utf-8")
    assert CliRunner().invoke(cli, ["anonymise", str(tmp_path / "c.csv"), "-o", str(tmp_path / "out2")]).exit_code == 0
    plain = json.loads((tmp_path / "out2" / "datapackage.json").read_text(encoding="utf-8"))["resources"][0]
    assert "dialect" not in plain  # the Table Schema default
