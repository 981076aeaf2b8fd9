from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).parents[2]


def test_rules_doc_is_current() -> None:
    from rightskit.policy.docs import rules_markdown

    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(), (
        "run python -m rightskit.policy.docs"
    )


def test_every_pack_and_policy_validates_and_every_rule_is_complete() -> None:
    from rightskit.policy.load import all_rules, load_policy

    rules = all_rules()
    assert len(rules) >= 30
    for r in rules:
        assert r.title.en and r.title.bg and r.message.en and r.message.bg and r.remediation.bg
    for path in sorted((ROOT / "policies").glob("*.yaml")):
        load_policy(str(path))


def test_precommit_hook_declares_a_fast_policy() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[0]["id"] == "rightskit-check" and "ci-precommit" in hooks[0]["entry"]


def test_precommit_check_reads_no_data_values(tmp_path: Path, monkeypatch) -> None:
    from rightskit.api import check

    (tmp_path / "people.csv").write_text("notes\n" + "Обадете се на 0888 123 456\n" * 50, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = check(".", "ci-precommit")
    assert result.violations == [] and result.errors == []
