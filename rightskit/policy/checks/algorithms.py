"""Algorithms and non-discrimination: protected attributes in scoring, the algorithm register."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator

from rightskit.models.finding import Location
from rightskit.policy.checks.base import _fact_hit, check
from rightskit.policy.context import Hit, RuleContext

_SCORE = re.compile(r"score|rank|priority|risk|eligib|flag|rating|точки|приоритет|риск", re.I)


def scoring_queries(ctx: RuleContext) -> dict[tuple[str, int], list[str]]:
    out: dict[tuple[str, int], list[str]] = {}
    for fact in ctx.facts("lineage"):
        if _SCORE.search(str(fact.get("field", ""))):
            out.setdefault((fact["path"], fact["line"]), []).append(str(fact.get("field")))
    return out


@check
def protected_attribute_in_scoring(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    scoring = scoring_queries(ctx)
    for fact in ctx.facts("personal_data_use"):
        if (
            fact.get("protected")
            and (fact["path"], fact["line"]) in scoring
            and fact.get("clause") in ("computed", "where", "order_by", "group_by")
        ):
            yield _fact_hit(fact, outputs=", ".join(scoring[(fact["path"], fact["line"])]))


@check
def not_registered(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    registered = {s for a in (ctx.context.algorithms if ctx.context else []) for s in a.sql_files}
    for (path, line), outputs in scoring_queries(ctx).items():
        if not any(fnmatch.fnmatchcase(path, g) or fnmatch.fnmatchcase(path, f"*/{g}") for g in registered):
            yield Hit(path, None, outputs[0], Location(line=line), {"outputs": ", ".join(outputs)})


ATS_REQUIRED = (
    "name",
    "description_short",
    "organization",
    "contact_email",
    "status",
    "goal",
    "impact",
    "risks",
    "risk_category",
    "lawful_basis",
    "human_intervention",
    "objection_procedure",
    "monitoring",
)


@check
def register_entry_incomplete(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for a in ctx.context.algorithms if ctx.context else []:
        missing = [k for k in ATS_REQUIRED if not (a.ats.get(k) or "").strip() or a.ats.get(k) == "TODO"]
        if missing:
            yield Hit(
                ctx.context_path or "rightskit-context.yaml", a.id, None, Location(), {"missing": ", ".join(missing)}
            )
