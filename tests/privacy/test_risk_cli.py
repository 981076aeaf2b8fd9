from __future__ import annotations

import json

from click.testing import CliRunner

from rightskit.cli.main import cli
from tests.privacy.conftest import ADULT, ADULT_QI


def _args(*extra: str) -> list[str]:
    hier = [f"--hierarchy={q}={ADULT / f'adult_hierarchy_{q}.csv'}" for q in ADULT_QI]
    return ["risk", str(ADULT / "adult.csv"), "--quasi", ",".join(ADULT_QI), *hier, *extra]


def test_risk_search_json_reports_the_arx_optimum() -> None:
    result = CliRunner().invoke(cli, _args("--search", "--k", "5", "--format", "json"))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["metrics"]["classes"] == 19_502
    assert list(doc["search"]["levels"].values()) == [1, 2, 1, 1, 3, 2, 2, 1, 1]
    assert round(doc["search"]["nue"], 4) == 407_289.5389


def test_risk_without_search_exits_1_when_not_k_anonymous() -> None:
    result = CliRunner().invoke(cli, _args("--k", "5"))
    assert result.exit_code == 1
    assert "sample uniques 15512" in result.stdout


def test_search_that_cannot_be_met_exits_1_with_best_achievable() -> None:
    result = CliRunner().invoke(cli, _args("--search", "--k", "40000"))
    assert result.exit_code == 1
    assert "best achievable" in result.stdout


def test_usage_errors_exit_2() -> None:
    assert CliRunner().invoke(cli, _args("--search", "--quasi", "nope")).exit_code == 2
    missing = CliRunner().invoke(cli, ["risk", str(ADULT / "adult.csv"), "--quasi", "age", "--search"])
    assert missing.exit_code == 2 and "needs a hierarchy" in missing.stderr
