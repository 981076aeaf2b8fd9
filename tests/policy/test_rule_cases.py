"""Every rule has a failing and a passing case (cases.yaml); the cases run through the real `check`."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from rightskit.api import check
from rightskit.paths import normalise_path
from rightskit.policy.load import all_rules

CASES = {k: v for k, v in yaml.safe_load((Path(__file__).parent / "cases.yaml").read_text(encoding="utf-8")).items()
         if not k.startswith("_")}  # fmt: skip
# A rule's `fail` (or `pass`) is one case or a list of them; a failing case may name the places it expects
# (`expect: [[path, object, field], ...]`, the path relative to the case's folder).
PARAMS = [
    (code, kind, i)
    for code in sorted(CASES)
    for kind in ("fail", "pass")
    for i in range(len(CASES[code][kind]) if isinstance(CASES[code][kind], list) else 1)
]


def _case(code: str, kind: str, i: int) -> dict:
    cases = CASES[code][kind]
    return cases[i] if isinstance(cases, list) else cases


def _run(tmp_path: Path, monkeypatch, code: str, case: dict):
    work = tmp_path / "repo"
    work.mkdir()
    for name, content in (case.get("files") or {}).items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(content, encoding="utf-8")
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        yaml.safe_dump({"name": "case", "description": "one rule", "rules": [code], "fail_on": "info"}),
        encoding="utf-8",
    )
    context = None
    if case.get("context"):
        context = str(tmp_path / "rightskit-context.yaml")
        Path(context).write_text(yaml.safe_dump(case["context"], allow_unicode=True), encoding="utf-8")
    monkeypatch.chdir(work)
    return check(".", str(policy), context=context)


@pytest.mark.parametrize(("code", "kind", "i"), PARAMS, ids=[f"{c}-{k}{i or ''}" for c, k, i in PARAMS])
def test_rule_case(tmp_path: Path, monkeypatch, code: str, kind: str, i: int) -> None:
    case = _case(code, kind, i)
    result = _run(tmp_path, monkeypatch, code, case)
    assert result.errors == []
    hits = [v for v in result.violations if v.code == code]
    if kind == "fail":
        assert hits, f"{code} should fail this case"
        if "expect" in case:
            places = {(normalise_path(v.path), v.object, v.field) for v in hits}
            assert places == {tuple(e) for e in case["expect"]}, sorted(places, key=str)
    else:
        assert hits == [], [v.message for v in hits]


def test_every_rule_has_a_failing_and_a_passing_case() -> None:
    codes = {r.code for r in all_rules()}
    assert len(codes) >= 30
    assert codes == set(CASES), (codes - set(CASES), set(CASES) - codes)
    assert all({"fail", "pass"} <= set(CASES[c]) for c in codes)
