"""docs/rules.md, generated from the packs (a test fails while it is stale): python -m rightskit.policy.docs"""

from __future__ import annotations

from pathlib import Path

PRINCIPLES = {
    "P1": "Universal and equal access to the internet, and digital literacy",
    "P2": "Privacy, data protection and security",
    "P3": "Transparency, accountability and non-discrimination of data, content and algorithms",
    "P4": "Participatory democracy, diversity and inclusion",
    "P5": "Open and ethical digital service standards",
}


def _key(f) -> str:
    return f"`{f.field}`" + (f" (when {f.when})" if f.when else "")


def rules_markdown() -> str:
    from rightskit.policy.load import load_policy, rule_packs

    lines = ["# Rules", "", "Generated from `rules/*.yaml` by `python -m rightskit.policy.docs`; do not edit.", "",
             "CC4DR principles: " + "; ".join(f"**{k}** {v}" for k, v in PRINCIPLES.items()) + ".", ""]  # fmt: skip
    policies = {name: load_policy(name)[0] for name in ("cc4dr-default", "open-data-publication", "ci-precommit")}
    lines += ["## Policies", "", "| policy | fails on | rules | data files |", "| --- | --- | --- | --- |"]
    for name, p in policies.items():
        lines.append(f"| `{name}` | {p.fail_on.value} | {', '.join(p.rules)} | {p.scan} |")
    lines.append("")
    for pack in rule_packs():
        lines += [f"## {pack.pack.replace('_', ' ').capitalize()}", "", pack.description, ""]
        for r in pack.rules:
            lines += [
                f"### {r.code} `{r.name}` — {r.title.en}",
                "",
                f"*{r.title.bg}*",
                "",
                f"- **Severity:** {r.severity.value}; **targets:** {', '.join(r.targets)}; **CC4DR:** "
                f"{', '.join(r.principles)}{'; needs a context file' if r.requires_context else ''}",
                f"- **Legal basis:** {'; '.join(r.legal)}",
                f"- **Fix:** {r.remediation.en}",
                *([f"- **Context keys read:** {', '.join(_key(f) for f in r.context)}"] if r.context else []),
                *([f"- **Raises the DPIA risk:** {', '.join(r.raises_risk)}"] if r.raises_risk else []),
                "",
            ]
    return "\n".join(lines)


if __name__ == "__main__":
    target = Path(__file__).parents[2] / "docs" / "rules.md"
    target.write_text(rules_markdown(), encoding="utf-8")
    print(f"wrote {target}")
