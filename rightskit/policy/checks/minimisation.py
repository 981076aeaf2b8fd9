"""Data minimisation (Art. 5(1)(c)): whole rows, identifiers kept in aggregates, excess precision."""

from __future__ import annotations

from collections.abc import Iterator

from rightskit.policy.checks.base import _fact_hit, _hit, check
from rightskit.policy.context import DIRECT, Hit, RuleContext


@check
def select_star(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for fact in ctx.facts("select_star"):
        personal = [t for t in fact.get("tables", []) if ctx.table_is_personal(t)]
        if personal:
            yield _fact_hit(fact, tables=", ".join(personal))


@check
def identifier_in_aggregate(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    by_query: dict[tuple[str, int], list[dict]] = {}
    for fact in ctx.facts("lineage"):
        by_query.setdefault((fact["path"], fact["line"]), []).append(fact)
    direct = {
        (f.path, f.object, f.field) for f in ctx.scan.findings if f.category.value == DIRECT and f.kind.value == "sql"
    }
    for edges in by_query.values():
        if not any(t.startswith("aggregate") for e in edges for t in e.get("transforms", [])):
            continue
        for e in edges:
            if (e["path"], e.get("object"), e.get("field")) in direct:
                yield _fact_hit(e)


@check
def excess_precision(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    decimals = int(params.get("max_decimals", 3))
    for f in ctx.scan.findings:
        if f.entity_type == "GEO_COORDINATE" and any(
            len(e.split(".")[-1].split(",")[0].strip()) > decimals for e in f.examples if "." in e
        ):
            yield _hit(f, decimals=decimals)
        elif f.entity_type == "DATE_OF_BIRTH" and ctx.publication(f.path, f.object):
            yield _hit(f)
