"""Run the selected rules over a scan and the context, apply suppressions, and build the CheckResult."""

from __future__ import annotations

import datetime as dt
import fnmatch
from pathlib import Path

from rightskit import __version__
from rightskit.errors import ConfigError
from rightskit.models.context import ProcessingContext
from rightskit.models.policy import CheckResult, Policy, Severity, Text, Violation
from rightskit.models.scan import ScanResult
from rightskit.policy.checks import CHECKS
from rightskit.policy.context import RuleContext
from rightskit.policy.identity import violation_key
from rightskit.policy.load import selected_rules
from rightskit.policy.suppress import Suppressions


class _Values(dict):
    """Message values; a key a message names but a check did not give shows as '?' instead of failing."""

    def __missing__(self, key: str) -> str:
        return "?"


def evaluate(
    scan: ScanResult,
    policy: Policy,
    *,
    context: ProcessingContext | None = None,
    context_path: str | None = None,
    suppressions: Suppressions | None = None,
    profiles: list[dict] | None = None,
    lang: str = "en",
    policy_name: str | None = None,
    catalogue: list | None = None,
) -> CheckResult:
    """Violations of the policy's rules; suppressed ones are kept apart, with who suppressed them."""
    suppressions = suppressions or Suppressions()
    errors = list(suppressions.errors)
    if context is not None:
        today = dt.date.today()
        for w in context.waivers:
            if w.expires < today:
                errors.append(
                    ConfigError(
                        f"waiver for {w.rule} expired on {w.expires.isoformat()}",
                        path=context_path,
                        where=f"waiver {w.rule}",
                    ).render()
                )
        suppressions.waivers = [w for w in context.waivers if w.expires >= today]
    ctx = RuleContext(
        scan=scan, context=context, context_path=context_path, profiles=profiles or [], catalogue=catalogue or []
    )
    violations: list[Violation] = []
    suppressed: list[Violation] = []
    not_evaluated: list[str] = []
    published = {
        r.code
        for r in selected_rules(policy)
        if any(fnmatch.fnmatchcase(r.code, g) for g in policy.inputs_are_published)
    }
    ctx.inputs_are_published = context is None and bool(published)
    for rule in selected_rules(policy):
        if rule.requires_context and context is None and rule.code not in published:
            not_evaluated.append(rule.code)
            continue
        params = {**rule.params, **policy.params.get(rule.code, {})}
        severity = policy.severities.get(rule.code, rule.severity)
        for hit in CHECKS[rule.check](ctx, params):
            # A value given in both languages (Text) is shown in the report's.
            values = _Values({k: v.get(lang) if isinstance(v, Text) else v for k, v in hit.values.items()})
            values.update(path=hit.path, object=hit.object or "", field=hit.field or hit.object or hit.path)
            sev = Severity(hit.severity) if hit.severity and Severity(hit.severity).rank > severity.rank else severity
            v = Violation(
                code=rule.code,
                name=rule.name,
                severity=sev,
                title=rule.title.get(lang),
                message=rule.message.get(lang).format_map(values),
                principles=list(rule.principles),
                legal=list(rule.legal),
                path=hit.path,
                object=hit.object,
                field=hit.field,
                location=hit.location,
                remediation=rule.remediation.get(lang),
                fingerprint=Violation.key(*violation_key(rule.code, hit.path, hit.object, hit.field)),
                finding=hit.finding,
            )
            if any(x.fingerprint == v.fingerprint for x in violations + suppressed):
                continue
            how = suppressions.apply(v, hit.location.line)
            if how is None:
                violations.append(v)
            else:
                suppressed.append(v.model_copy(update={"suppressed": how}))
    order = lambda v: (-v.severity.rank, v.code, v.path, v.object or "", v.field or "")  # noqa: E731
    return CheckResult(
        rightskit_version=__version__,
        policy=policy_name or policy.name,
        fail_on=policy.fail_on,
        lang=lang,  # type: ignore[arg-type]
        violations=sorted(violations, key=order),
        suppressed=sorted(suppressed, key=order),
        unused_suppressions=suppressions.unused(),
        not_evaluated=not_evaluated,
        errors=errors + [e for s in scan.sources for e in s.errors],
    )


def publication_profiles(scan: ScanResult, context: ProcessingContext | None) -> list[dict]:
    """Privacy metrics (no values) of every dataset the context plans to publish: k, l, small cells."""
    if context is None:
        return []
    from rightskit.policy.context import RuleContext
    from rightskit.privacy.metrics import risk
    from rightskit.sources.load import read_table

    ctx = RuleContext(scan=scan, context=context, context_path=None)
    out = []
    for src in scan.sources:
        pub = ctx.publication(src.path)
        if pub is None or src.kind.value != "dataset" or src.errors or not Path(src.path).is_file():
            continue
        try:
            _obj, columns = read_table(src.path)
        except Exception:
            continue
        if pub.count_column and pub.count_column in columns and pub.quasi_identifiers:
            counts = [int(float(c or 0)) for c in columns[pub.count_column]]
            small = sum(1 for c in counts if 0 < c < pub.min_cell_count)
            out.append(
                {
                    "type": "cells",
                    "path": src.path,
                    "count_column": pub.count_column,
                    "small_cells": small,
                    "min_cell_count": pub.min_cell_count,
                }
            )
            continue
        quasi = [q for q in pub.quasi_identifiers if q in columns]
        if not quasi:
            continue
        sensitive = [s for s in pub.sensitive_attributes if s in columns]
        m = risk(columns, quasi, k=pub.k_min, sensitive=sensitive)
        out.append(
            {
                "type": "reidentification",
                "path": src.path,
                "quasi_identifiers": quasi,
                "k_min": pub.k_min,
                "l_min": pub.l_min,
                "min_class_size": m.min_class_size,
                "records_below_k": m.records_below_k,
                "classes": m.classes,
                "sensitive": [s.model_dump() for s in m.sensitive],
            }
        )
    return out
