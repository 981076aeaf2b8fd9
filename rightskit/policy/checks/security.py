"""Security of processing (Art. 32): copies outside production, weak hashes, grants and unscoped writes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rightskit.detect.entities import with_trait
from rightskit.paths import normalise_path
from rightskit.policy.checks.base import _fact_hit, _hit, check
from rightskit.policy.context import DIRECT, Hit, RuleContext


@check
def identifiers_outside_production(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    tags = set(params.get("tags", ["analytics", "staging", "test", "dev"]))
    for f in ctx.scan.findings:
        if f.category.value != DIRECT:
            continue
        ds = ctx.dataset(f.path, f.object)
        # The folders inside the project say "test" or "staging", not where the project happens to be checked out.
        parts = set(re.split(r"[/\\._-]", normalise_path(f.path).casefold()))
        if (ds and tags & set(ds.tags)) or tags & parts:
            yield _hit(f)


@check
def weak_hash(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    low_entropy = with_trait("low_entropy")
    for f in ctx.scan.findings:
        noted = " ".join(f.evidence.notes)
        if f.entity_type in low_entropy and ("hashed" in noted or "transformed" in noted):
            yield _hit(f)


@check
def declared_anonymous_with_identifiers(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for f in ctx.scan.findings:
        ds = ctx.dataset(f.path, f.object)
        if ds and ds.anonymous and f.category.value in (DIRECT, "pseudonymous_identifier"):
            yield _hit(f)


@check
def grant_public(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for fact in ctx.facts("grant_public"):
        if ctx.table_is_personal(fact.get("object")):
            yield _fact_hit(fact)


@check
def unbounded_write(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for fact in ctx.facts("unbounded_write"):
        if ctx.table_is_personal(fact.get("object")):
            yield _fact_hit(fact)
