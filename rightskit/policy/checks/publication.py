"""Open-data publication: identifiers, k-anonymity, small cells, l-diversity, geography, free text."""

from __future__ import annotations

from collections.abc import Iterator

from rightskit.models.finding import Location
from rightskit.policy.checks.base import _hit, check
from rightskit.policy.context import DIRECT, Hit, RuleContext


@check
def direct_identifier(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for f in ctx.scan.findings:
        if f.category.value == DIRECT and ctx.publication(f.path, f.object):
            yield _hit(f)


def _profiles(ctx: RuleContext, kind: str) -> Iterator[dict]:
    yield from (p for p in ctx.profiles if p.get("type") == kind)


@check
def k_anonymity(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for p in _profiles(ctx, "reidentification"):
        if p["min_class_size"] < p["k_min"]:
            yield Hit(p["path"], None, ",".join(p["quasi_identifiers"]), Location(line=1), p)


@check
def small_cells(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for p in _profiles(ctx, "cells"):
        if p["small_cells"]:
            yield Hit(p["path"], None, p["count_column"], Location(line=1), p)


@check
def l_diversity(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for p in _profiles(ctx, "reidentification"):
        for s in p.get("sensitive", []):
            if s["l_distinct"] < p["l_min"]:
                yield Hit(
                    p["path"],
                    None,
                    s["attribute"],
                    Location(line=1),
                    {**p, "attribute": s["attribute"], "l": s["l_distinct"]},
                )


@check
def fine_geography(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for f in ctx.scan.findings:
        if f.entity_type in ("GEO_COORDINATE", "STREET_ADDRESS") and ctx.publication(f.path, f.object):
            yield _hit(f)


@check
def free_text(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for f in ctx.scan.findings:
        if f.evidence.in_text and ctx.publication(f.path, f.object):
            yield _hit(f)


@check
def no_anonymisation_record(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for ds in ctx.context.datasets if ctx.context else []:
        pub = ds.publication
        if (
            pub
            and pub.planned
            and (pub.anonymisation is None or not (pub.anonymisation.manifest or pub.anonymisation.method))
        ):
            yield Hit(ctx.context_path or "rightskit-context.yaml", ds.match, None, Location(), {"dataset": ds.match})


@check
def not_open_format(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    open_formats = set(params.get("formats", ["csv", "json", "jsonl", "geojson", "parquet"]))
    for src in ctx.scan.sources:
        pub = ctx.publication(src.path)
        if pub and ((src.format or "").split("+")[0] not in open_formats or not pub.licence):
            yield Hit(src.path, None, None, Location(), {"format": src.format or "?", "licence": pub.licence or "none"})
