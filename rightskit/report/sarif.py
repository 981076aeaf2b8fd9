"""SARIF 2.1.0 for GitHub code scanning: rules with help, results with locations and partialFingerprints.

Messages carry rule text and field names only, never values; data files point at their header line.
"""

from __future__ import annotations

import json
from typing import Any

from rightskit import __version__
from rightskit.models.policy import CheckResult, RuleSpec, Severity
from rightskit.paths import normalise_path

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
_SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}


def to_sarif(result: CheckResult, rules: list[RuleSpec]) -> dict[str, Any]:
    """A SARIF log with one run."""
    lang = result.lang
    index = {r.code: i for i, r in enumerate(rules)}
    driver_rules = []
    for r in rules:
        help_text = f"{r.title.get(lang)}\n\n{r.remediation.get(lang)}\n\nLegal basis: {', '.join(r.legal)}."
        driver_rules.append(
            {
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.title.get(lang)},
                "fullDescription": {"text": r.title.get(lang) + " — " + r.remediation.get(lang)},
                "help": {
                    "text": help_text,
                    "markdown": f"**{r.title.get(lang)}**\n\n{r.remediation.get(lang)}\n\n"
                    f"Legal basis: {', '.join(r.legal)}. CC4DR: {', '.join(r.principles)}.",
                },
                "defaultConfiguration": {"level": _LEVEL[r.severity]},
                "properties": {
                    "tags": ["privacy", *r.principles],
                    "precision": "high",
                    "security-severity": _SECURITY_SEVERITY[r.severity],
                },
            }
        )
    results = []
    for v in result.violations:
        region = {"startLine": v.location.line or 1}
        if v.location.column:
            region["startColumn"] = v.location.column
        results.append(
            {
                "ruleId": v.code,
                "ruleIndex": index[v.code],
                "level": _LEVEL[v.severity],
                "message": {"text": v.message},
                "locations": [
                    {"physicalLocation": {"artifactLocation": {"uri": normalise_path(v.path)}, "region": region}}
                ],
                # v2: normalised path and content identities (v1 keyed the path as typed and queries by line).
                "partialFingerprints": {"rightskitViolation/v2": v.fingerprint},
                "properties": {"severity": v.severity.value, "object": v.object, "field": v.field},
            }
        )
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "rightskit",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": driver_rules,
                    }
                },
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


def sarif_text(result: CheckResult, rules: list[RuleSpec]) -> str:
    return json.dumps(to_sarif(result, rules), indent=2, ensure_ascii=False) + "\n"
