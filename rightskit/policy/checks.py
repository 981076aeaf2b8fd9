"""The checks behind the rules. A rule in a pack names its check; each check yields Hits (places, no values).

Checks that need the processing context are only run when one is given (``requires_context`` in the pack).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from collections.abc import Callable, Iterator
from typing import Any

from rightskit.models.finding import Finding, Location
from rightskit.paths import normalise_path
from rightskit.policy.context import DIRECT, NATIONAL_IDS, Hit, RuleContext

Check = Callable[[RuleContext, dict[str, Any]], Iterator[Hit]]
CHECKS: dict[str, Check] = {}


def check(fn: Check) -> Check:
    CHECKS[fn.__name__] = fn
    return fn


def _hit(f: Finding, severity: str | None = None, **values: Any) -> Hit:
    return Hit(f.path, f.object, f.field, f.location, {"entity": f.entity_type, **values}, f.fingerprint, severity)


def _fact_hit(fact: dict, **values: Any) -> Hit:
    return Hit(
        fact["path"],
        fact.get("object"),
        fact.get("field") or fact.get("column"),
        Location(line=fact.get("line")),
        {**{k: v for k, v in fact.items() if isinstance(v, str | int)}, **values},
    )


# -- special categories and criminal data --------------------------------------------------------------------


@check
def special_category_without_condition(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for f in ctx.scan.findings:
        if f.category.value != "special_category" or f.entity_type == "CRIMINAL_OFFENCE":
            continue
        purposes = ctx.purposes(ctx.dataset(f.path, f.object))
        if not any(p.art9_condition and p.art9_condition.gdpr for p in purposes):
            yield _hit(f)


@check
def criminal_data_without_basis(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for f in ctx.scan.findings:
        if f.entity_type != "CRIMINAL_OFFENCE":
            continue
        purposes = ctx.purposes(ctx.dataset(f.path, f.object))
        if not any(p.art10_basis and (p.art10_basis.gdpr or p.art10_basis.national_law) for p in purposes):
            yield _hit(f)


# -- Bulgaria ------------------------------------------------------------------------------------------------


@check
def national_identifier_published(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for f in ctx.scan.findings:
        if f.entity_type in NATIONAL_IDS and ctx.publication(f.path, f.object):
            yield _hit(f)


@check
def national_identifier_as_key(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for fact in ctx.facts("personal_data_use"):
        if fact.get("entity") in NATIONAL_IDS and fact.get("clause") in ("join", "where"):
            yield _fact_hit(fact)


@check
def identity_documents_without_law(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for f in ctx.scan.findings:
        if f.entity_type in ("BG_ID_CARD", "BG_PASSPORT", "BG_DRIVING_LICENCE"):
            ds = ctx.dataset(f.path, f.object)
            if ds is None or not ds.law_ref:
                yield _hit(f)


# -- minimisation --------------------------------------------------------------------------------------------


@check
def select_star_on_personal(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for fact in ctx.facts("select_star"):
        personal = [t for t in fact.get("tables", []) if ctx.table_is_personal(t)]
        if personal:
            yield _fact_hit(fact, tables=", ".join(personal))


@check
def identifiers_in_aggregates(ctx: RuleContext, params: dict) -> Iterator[Hit]:
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


# -- storage limitation --------------------------------------------------------------------------------------


@check
def retention_undeclared(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for (path, obj), findings in ctx.personal_objects().items():
        ds = ctx.dataset(path, obj or None)
        if ds is None or ds.retention is None:
            yield _hit(findings[0], objects=obj or path)


_TEMPORAL = re.compile(r"(created|updated|modified|closed|deleted|valid_to|expires|timestamp|_at$|_on$|date$)", re.I)


@check
def no_temporal_column(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    tables: dict[tuple[str, str], list[Finding]] = {}
    for f in ctx.scan.findings:
        if f.kind.value == "schema" and f.object:
            tables.setdefault((f.path, f.object), []).append(f)
    columns = {(fact["path"], fact.get("object")): fact.get("columns", []) for fact in ctx.facts("table")}
    for (path, obj), findings in tables.items():
        cols = columns.get((path, obj))
        if cols is not None and not any(_TEMPORAL.search(c) for c in cols):
            yield _hit(findings[0])


# -- security ------------------------------------------------------------------------------------------------


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
def weak_hash_of_identifier(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    low_entropy = NATIONAL_IDS | {"PHONE_NUMBER", "DATE_OF_BIRTH", "VEHICLE_PLATE", "EMAIL_ADDRESS"}
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
def grant_public_on_personal(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for fact in ctx.facts("grant_public"):
        if ctx.table_is_personal(fact.get("object")):
            yield _fact_hit(fact)


@check
def unbounded_write_on_personal(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for fact in ctx.facts("unbounded_write"):
        if ctx.table_is_personal(fact.get("object")):
            yield _fact_hit(fact)


# -- open-data publication -----------------------------------------------------------------------------------


@check
def direct_identifier_published(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for f in ctx.scan.findings:
        if f.category.value == DIRECT and ctx.publication(f.path, f.object):
            yield _hit(f)


def _profiles(ctx: RuleContext, kind: str) -> Iterator[dict]:
    yield from (p for p in ctx.profiles if p.get("type") == kind)


@check
def k_anonymity_below_minimum(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for p in _profiles(ctx, "reidentification"):
        if p["min_class_size"] < p["k_min"]:
            yield Hit(p["path"], None, ",".join(p["quasi_identifiers"]), Location(line=1), p)


@check
def small_cells(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for p in _profiles(ctx, "cells"):
        if p["small_cells"]:
            yield Hit(p["path"], None, p["count_column"], Location(line=1), p)


@check
def l_diversity_below_minimum(ctx: RuleContext, params: dict) -> Iterator[Hit]:
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
def fine_geography_published(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for f in ctx.scan.findings:
        if f.entity_type in ("GEO_COORDINATE", "STREET_ADDRESS") and ctx.publication(f.path, f.object):
            yield _hit(f)


@check
def free_text_published(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for f in ctx.scan.findings:
        if f.evidence.in_text and ctx.publication(f.path, f.object):
            yield _hit(f)


@check
def publication_without_anonymisation_record(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for ds in ctx.context.datasets if ctx.context else []:
        pub = ds.publication
        if (
            pub
            and pub.planned
            and (pub.anonymisation is None or not (pub.anonymisation.manifest or pub.anonymisation.method))
        ):
            yield Hit(ctx.context_path or "rightskit-context.yaml", ds.match, None, Location(), {"dataset": ds.match})


@check
def publication_not_open(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    open_formats = set(params.get("formats", ["csv", "json", "jsonl", "geojson", "parquet"]))
    for src in ctx.scan.sources:
        pub = ctx.publication(src.path)
        if pub and ((src.format or "").split("+")[0] not in open_formats or not pub.licence):
            yield Hit(src.path, None, None, Location(), {"format": src.format or "?", "licence": pub.licence or "none"})


# -- non-discrimination and algorithms ------------------------------------------------------------------------

_SCORE = re.compile(r"score|rank|priority|risk|eligib|flag|rating|точки|приоритет|риск", re.I)


def _scoring_queries(ctx: RuleContext) -> dict[tuple[str, int], list[str]]:
    out: dict[tuple[str, int], list[str]] = {}
    for fact in ctx.facts("lineage"):
        if _SCORE.search(str(fact.get("field", ""))):
            out.setdefault((fact["path"], fact["line"]), []).append(str(fact.get("field")))
    return out


@check
def protected_attribute_in_scoring(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    scoring = _scoring_queries(ctx)
    for fact in ctx.facts("personal_data_use"):
        if (
            fact.get("protected")
            and (fact["path"], fact["line"]) in scoring
            and fact.get("clause") in ("computed", "where", "order_by", "group_by")
        ):
            yield _fact_hit(fact, outputs=", ".join(scoring[(fact["path"], fact["line"])]))


@check
def scoring_not_registered(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    registered = {s for a in (ctx.context.algorithms if ctx.context else []) for s in a.sql_files}
    for (path, line), outputs in _scoring_queries(ctx).items():
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
def algorithm_entry_incomplete(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for a in ctx.context.algorithms if ctx.context else []:
        missing = [k for k in ATS_REQUIRED if not (a.ats.get(k) or "").strip() or a.ats.get(k) == "TODO"]
        if missing:
            yield Hit(
                ctx.context_path or "rightskit-context.yaml", a.id, None, Location(), {"missing": ", ".join(missing)}
            )


# -- accountability ------------------------------------------------------------------------------------------


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


# -- lawfulness ----------------------------------------------------------------------------------------------


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


# -- DPIA ----------------------------------------------------------------------------------------------------


def wp248_signals(ctx: RuleContext, large_scale: int) -> list[str]:
    """WP248 criteria the data shows (the context file can confirm others)."""
    found = set()
    cats = {f.category.value for f in ctx.scan.findings}
    ents = {f.entity_type for f in ctx.scan.findings}
    if "special_category" in cats or ents & NATIONAL_IDS:
        found.add("sensitive or highly personal data")
    if any((s.rows_total or 0) >= large_scale for s in ctx.scan.sources) and ctx.scan.findings:
        found.add("large scale")
    if _scoring_queries(ctx):
        found.add("evaluation or scoring")
    if "GEO_COORDINATE" in ents or "IP_ADDRESS" in ents:
        found.add("systematic monitoring")
    if len({f.path for f in ctx.scan.findings if f.category.value == DIRECT}) >= 2 and ctx.facts("lineage"):
        found.add("matching or combining datasets")
    return sorted(found)


@check
def dpia_required(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    criteria = wp248_signals(ctx, int(params.get("large_scale_rows", 100_000)))
    if len(criteria) >= 2 and not (ctx.context and ctx.context.processing.dpia_reference):
        yield Hit(
            ctx.context_path or ".", None, None, Location(), {"criteria": "; ".join(criteria), "count": len(criteria)}
        )


@check
def dpia_record_incomplete(ctx: RuleContext, params: dict) -> Iterator[Hit]:
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
def residual_high_risk_without_consultation(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    if ctx.context is None:
        return
    for name, r in ctx.context.risks.items():
        sev = r.residual_severity or r.severity or 0
        lik = r.residual_likelihood or r.likelihood or 0
        if sev >= 3 and lik >= 3 and not ctx.context.processing.art36_consultation:
            yield Hit(ctx.context_path or "rightskit-context.yaml", "risks", name, Location(), {"risk": name})


def expired(date: dt.date) -> bool:
    return date < dt.date.today()


def _missing_in_context(ctx: RuleContext, missing: list[str]) -> Hit:
    """A hit on the context file's processing section, naming what it does not say."""
    return Hit(
        ctx.context_path or "rightskit-context.yaml", "processing", None, Location(), {"missing": ", ".join(missing)}
    )
