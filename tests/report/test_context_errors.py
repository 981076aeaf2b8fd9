"""Mistakes in the context file and in `keygen` are clear errors (exit 2) that say what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from rightskit.cli.main import cli

HEAD = 'schema_version: "2"\nprocessing: {id: p, name: P}\n'


@pytest.mark.parametrize(
    ("body", "where", "says"),
    [
        ("datasets:\n  - {match: x, retention: {period: 5 years}}\n", "datasets[0].retention.period",
         "'5 years' is not the expected form: an ISO 8601 duration, e.g. P10Y"),
        ("signoff: {decision: approved}\n", "signoff.decision",
         "'approved' is not one of ['approve', 'approve_with_conditions', 'reject']"),
        ("consultation: {dpo_advice: {given: maybe}}\n", "consultation.dpo_advice.given", "'maybe'"),
    ],
)  # fmt: skip
def test_context_mistakes_name_the_key_and_what_is_allowed(tmp_path: Path, monkeypatch, body, where, says) -> None:
    monkeypatch.chdir(tmp_path)
    Path("ctx.yaml").write_text(HEAD + body, encoding="utf-8")
    result = CliRunner().invoke(cli, ["context", "check", "ctx.yaml"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"ctx.yaml (key {where}): " in result.stderr and says in result.stderr


@pytest.mark.parametrize("period", ["P10Y", "P6M", "P1Y6M", "PT12H", "P2W"])
def test_iso_periods_are_accepted(tmp_path: Path, monkeypatch, period: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("ctx.yaml").write_text(HEAD + f"datasets:\n  - {{match: x, retention: {{period: {period}}}}}\n", "utf-8")
    assert CliRunner().invoke(cli, ["context", "check", "ctx.yaml"]).exit_code == 1  # valid, answers missing


def test_keygen_never_replaces_a_key_silently(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["keygen", "-o", "k.key"]).exit_code == 0
    first = Path("k.key").read_text(encoding="utf-8")
    refused = runner.invoke(cli, ["keygen", "-o", "k.key"])
    assert refused.exit_code == 2 and "exists" in refused.output
    assert Path("k.key").read_text(encoding="utf-8") == first
    assert runner.invoke(cli, ["keygen", "-o", "k.key", "--force"]).exit_code == 0
    assert Path("k.key").read_text(encoding="utf-8") != first
