"""Bulgarian rules: national identification numbers (ЕГН, ЛНЧ) and identity documents."""

from __future__ import annotations

from collections.abc import Iterator

from rightskit.detect.entities import with_trait
from rightskit.policy.checks.base import _fact_hit, _hit, check
from rightskit.policy.context import Hit, RuleContext


@check
def national_identifier_published(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for f in ctx.scan.findings:
        if f.entity_type in with_trait("national_id") and ctx.publication(f.path, f.object):
            yield _hit(f)


@check
def national_identifier_as_key(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for fact in ctx.facts("personal_data_use"):
        if fact.get("entity") in with_trait("national_id") and fact.get("clause") in ("join", "where"):
            yield _fact_hit(fact)


@check
def identity_documents_without_law(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for f in ctx.scan.findings:
        if f.entity_type in ("BG_ID_CARD", "BG_PASSPORT", "BG_DRIVING_LICENCE"):
            ds = ctx.dataset(f.path, f.object)
            if ds is None or not ds.law_ref:
                yield _hit(f)
