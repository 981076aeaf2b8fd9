"""Accountability and lawfulness: records of processing, exports, purposes and legal bases."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from rightskit.models.finding import Location
from rightskit.policy.checks.base import _fact_hit, _hit, _missing_in_context, check
from rightskit.policy.context import Hit, RuleContext


@check
def records_incomplete(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    if ctx.context is None:
        return
    p = ctx.context.processing
    missing = [
        name
        for name, ok in (
            ("controller", p.controller),
            ("dpo", p.dpo),
            ("purposes", p.purposes),
            ("data_subjects", p.data_subjects),
            ("security_measures", p.security_measures),
        )
        if not ok
    ]
    if missing:
        yield _missing_in_context(ctx, missing)


@check
def export_undeclared(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    recipients = ctx.context.processing.recipients + ctx.context.processing.transfers if ctx.context else []
    for fact in ctx.facts("export"):
        target = str(fact.get("target") or fact.get("object") or "")
        if not any(r.destination and fnmatch.fnmatchcase(target, r.destination) for r in recipients):
            yield _fact_hit(fact)


@check
def dataset_without_purpose(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for (path, obj), findings in ctx.personal_objects().items():
        ds = ctx.dataset(path, obj or None)
        if ds is None or not ctx.purposes(ds):
            yield _hit(findings[0], objects=obj or path)


@check
def purpose_without_basis(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    if ctx.context is None:
        return
    for p in ctx.context.processing.purposes:
        basis = (p.legal_basis.gdpr or "") if p.legal_basis else ""
        if not basis or (ctx.context.processing.public_authority and basis.replace(" ", "").startswith("6(1)(f)")):
            yield Hit(
                ctx.context_path or "rightskit-context.yaml",
                p.id,
                None,
                Location(),
                {"purpose": p.id, "basis": basis or "none"},
            )
