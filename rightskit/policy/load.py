"""Load rule packs and policies, validated against their published JSON Schemas."""

from __future__ import annotations

import fnmatch
from functools import cache
from pathlib import Path

from rightskit.errors import ConfigError
from rightskit.models.policy import Policy, RulePack, RuleSpec
from rightskit.policy.params import validate_params
from rightskit.resources import data_dir
from rightskit.validation import load_yaml, validate_document


@cache
def rule_packs() -> tuple[RulePack, ...]:
    """Every pack under rules/, in file-name order; codes and names are unique."""
    from rightskit.policy.checks import CHECKS

    packs = []
    for path in sorted(data_dir("rules").glob("*.yaml")):
        pack = validate_document(load_yaml(path.read_text(encoding="utf-8"), str(path)), RulePack, str(path))
        for i, rule in enumerate(pack.rules):
            if rule.check not in CHECKS:
                raise ConfigError(f"rule {rule.code} names an unknown check '{rule.check}'", path=str(path))
            validate_params(rule.check, rule.params, path=str(path), where=f"key rules[{i}].params")
        packs.append(pack)
    rules = [r for p in packs for r in p.rules]
    for attr in ("code", "name"):
        values = [getattr(r, attr) for r in rules]
        dupes = sorted({v for v in values if values.count(v) > 1})
        if dupes:
            raise ConfigError(f"rule {attr}s declared twice: {', '.join(dupes)}")
    return tuple(packs)


def all_rules() -> list[RuleSpec]:
    return [r for p in rule_packs() for r in p.rules]


def load_policy(name_or_path: str) -> tuple[Policy, str]:
    """A bundled policy by name, or a policy file; errors name the file and key (exit 2, never a pass)."""
    path = Path(name_or_path)
    if not path.is_file():
        candidate = data_dir("policies") / f"{name_or_path}.yaml"
        if not candidate.is_file():
            known = ", ".join(p.stem for p in sorted(data_dir("policies").glob("*.yaml")))
            raise ConfigError(f"no policy named '{name_or_path}' (bundled: {known}) and no such file")
        path = candidate
    from rightskit.textfile import read_text

    text = read_text(path, error=ConfigError, what="policy")
    policy = validate_document(load_yaml(text, str(path)), Policy, str(path))
    from rightskit.config import did_you_mean

    codes = {r.code for r in all_rules()}
    for section in ("severities", "params"):
        for key in getattr(policy, section):
            if key not in codes:
                raise ConfigError(
                    f"unknown rule code '{key}'{did_you_mean(key, codes)}", path=str(path), where=f"key {section}.{key}"
                )
    for section in ("rules", "disable"):
        for i, pattern in enumerate(getattr(policy, section)):
            if not any(fnmatch.fnmatchcase(c, pattern) for c in codes):
                raise ConfigError(
                    f"'{pattern}' selects no rule{did_you_mean(pattern, codes)}",
                    path=str(path),
                    where=f"key {section}[{i}]",
                )
    by_code = {r.code: r for r in all_rules()}
    for code, given in policy.params.items():
        rule = by_code[code]
        validate_params(rule.check, {**rule.params, **given}, path=str(path), where=f"key params.{code}")
    return policy, str(path)


def selected_rules(policy: Policy) -> list[RuleSpec]:
    return [
        r
        for r in all_rules()
        if any(fnmatch.fnmatchcase(r.code, p) for p in policy.rules)
        and not any(fnmatch.fnmatchcase(r.code, p) for p in policy.disable)
    ]


def load_context(path: str):
    from rightskit.models.context import ProcessingContext
    from rightskit.textfile import read_text

    text = read_text(path, error=ConfigError, what="context file")
    return validate_document(load_yaml(text, path), ProcessingContext, path)
