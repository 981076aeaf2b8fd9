"""DPIA (Art. 35, 36; WP248): when one is required, its record, prior consultation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache

from rightskit.detect.entities import with_trait
from rightskit.models.finding import Location
from rightskit.models.policy import Text
from rightskit.policy.checks.algorithms import scoring_queries
from rightskit.policy.checks.base import _missing_in_context, check
from rightskit.policy.context import DIRECT, Hit, RuleContext


def wp248_signals(ctx: RuleContext, large_scale: int) -> list[str]:
    """WP248 criteria the data shows (the context file can confirm others)."""
    found = set()
    cats = {f.category.value for f in ctx.scan.findings}
    ents = {f.entity_type for f in ctx.scan.findings}
    if "special_category" in cats or ents & with_trait("national_id"):
        found.add("sensitive or highly personal data")
    if any((s.rows_total or 0) >= large_scale for s in ctx.scan.sources) and ctx.scan.findings:
        found.add("large scale")
    if scoring_queries(ctx):
        found.add("evaluation or scoring")
    if "GEO_COORDINATE" in ents or "IP_ADDRESS" in ents:
        found.add("systematic monitoring")
    if len({f.path for f in ctx.scan.findings if f.category.value == DIRECT}) >= 2 and ctx.facts("lineage"):
        found.add("matching or combining datasets")
    return sorted(found)


@check
def required(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    criteria = wp248_signals(ctx, int(params.get("large_scale_rows", 100_000)))
    if len(criteria) >= 2 and not (ctx.context and ctx.context.processing.dpia_reference):
        names = Text(en="; ".join(criteria), bg="; ".join(_criteria_bg().get(c, c) for c in criteria))
        yield Hit(ctx.context_path or ".", None, None, Location(), {"criteria": names, "count": len(criteria)})


@cache
def _criteria_bg() -> dict[str, str]:
    """The Bulgarian names of the screening criteria, declared once beside the report's labels."""
    from rightskit.resources import data_dir
    from rightskit.validation import load_yaml

    path = data_dir("reports") / "labels.yaml"
    return load_yaml(path.read_text(encoding="utf-8"), str(path))["bg"]["criteria"]


@check
def record_incomplete(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    if ctx.context is None:
        return
    missing = []
    if not ctx.context.processing.description:
        missing.append("description")
    if not ctx.context.risks:
        missing.append("risks")
    elif any(r.severity is None or r.likelihood is None for r in ctx.context.risks.values()):
        missing.append("severity and likelihood of every risk")
    if missing:
        yield _missing_in_context(ctx, missing)


@check
def prior_consultation(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    if ctx.context is None:
        return
    for name, r in ctx.context.risks.items():
        sev = r.residual_severity or r.severity or 0
        lik = r.residual_likelihood or r.likelihood or 0
        if sev >= 3 and lik >= 3 and not ctx.context.processing.art36_consultation:
            yield Hit(ctx.context_path or "rightskit-context.yaml", "risks", name, Location(), {"risk": name})


def expired(date: dt.date) -> bool:
    return date < dt.date.today()
