"""Rule parameters are validated per check at load; every placeholder of every message is supplied."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from rightskit.cli.main import cli
from rightskit.policy import evaluate
from rightskit.policy.checks import CHECKS
from rightskit.policy.load import all_rules
from rightskit.policy.params import PARAMS
from tests.policy.test_rule_cases import CASES, _case, _run


def test_every_parameter_a_check_reads_is_declared_and_every_default_validates() -> None:
    for name, fn in CHECKS.items():
        read = set(re.findall(r"params(?:\.get\(|\[)\"(\w+)\"", inspect.getsource(fn)))
        declared = set(PARAMS[name].model_fields) if name in PARAMS else set()
        assert read <= declared, (name, read - declared)
    for rule in all_rules():
        assert set(rule.params) <= (set(PARAMS[rule.check].model_fields) if rule.check in PARAMS else set())


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ("{RK-DPIA-01: {large_scale_row: 10}}", "params.RK-DPIA-01.large_scale_row): Extra inputs are not permitted"),
        ("{RK-MIN-03: {max_decimals: many}}", "params.RK-MIN-03.max_decimals): Input should be a valid integer"),
        ("{RK-SEC-04: {strict: true}}", "(parameters of this rule: none)"),
    ],
)
def test_a_wrong_parameter_in_a_policy_is_exit_2(tmp_path: Path, monkeypatch, params: str, says: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.yaml").write_text(f"name: p\ndescription: d\nparams: {params}\n", encoding="utf-8")
    (tmp_path / "s.sql").write_text("CREATE TABLE t (id int);\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "s.sql", "--policy", "p.yaml"])
    assert result.exit_code == 2 and says in result.stderr, result.output


class _Strict(dict):
    def __missing__(self, key: str) -> str:
        raise AssertionError(f"a message names {{{key}}} and its check does not give it")


@pytest.mark.parametrize("code", sorted(CASES))
def test_every_message_placeholder_is_supplied(tmp_path: Path, monkeypatch, code: str) -> None:
    monkeypatch.setattr(evaluate, "_Values", _Strict)
    result = _run(tmp_path, monkeypatch, code, _case(code, "fail", 0))
    hits = [v for v in result.violations if v.code == code]
    assert hits and all("?" not in v.message for v in hits)
    rule = next(r for r in all_rules() if r.code == code)
    for lang in ("en", "bg"):  # both languages name the same placeholders
        names = set(re.findall(r"\{(\w+)", rule.message.get(lang)))
        assert names == set(re.findall(r"\{(\w+)", rule.message.en)), (code, lang)


def test_each_rule_s_check_is_named_as_the_rule_in_its_family_module() -> None:
    rules = all_rules()
    assert {r.check for r in rules} == set(CHECKS)  # no check without a rule, no rule without its check
    for rule in rules:
        family, name = rule.name.split(".")
        fn = CHECKS[rule.check]
        assert rule.check == rule.name and fn.__name__ == name, rule.code
        assert fn.__module__ == f"rightskit.policy.checks.{family}", (rule.code, fn.__module__)
