"""Special categories (GDPR Art. 9) and criminal data (Art. 10): a condition or basis per purpose."""

from __future__ import annotations

from collections.abc import Iterator

from rightskit.policy.checks.base import _hit, check
from rightskit.policy.context import Hit, RuleContext


@check
def without_condition(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for f in ctx.scan.findings:
        if f.category.value != "special_category" or f.entity_type == "CRIMINAL_OFFENCE":
            continue
        purposes = ctx.purposes(ctx.dataset(f.path, f.object))
        if not any(p.art9_condition and p.art9_condition.gdpr for p in purposes):
            yield _hit(f)


@check
def criminal_without_basis(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for f in ctx.scan.findings:
        if f.entity_type != "CRIMINAL_OFFENCE":
            continue
        purposes = ctx.purposes(ctx.dataset(f.path, f.object))
        if not any(p.art10_basis and (p.art10_basis.gdpr or p.art10_basis.national_law) for p in purposes):
            yield _hit(f)
