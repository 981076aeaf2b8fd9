"""The DPIA view-model: every figure and sentence is computed here; templates only lay it out.

Every sentence comes from ``reports/labels.yaml`` in the report's language; the data (paths, field names, entity
codes, shape-only examples, what people wrote in the context file) is the only text that is not translated.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path
from typing import Any

from rightskit import __version__
from rightskit.detect.entities import with_trait
from rightskit.digest import file_sha256
from rightskit.models.context import ProcessingContext
from rightskit.models.policy import CheckResult
from rightskit.models.report import (
    ActionRow,
    Criterion,
    Flow,
    InventoryRow,
    PrincipleScore,
    ReportDoc,
    RiskRow,
    WaivedRow,
)
from rightskit.models.scan import ScanResult
from rightskit.policy.context import RuleContext

PRINCIPLE_IDS = ("P1", "P2", "P3", "P4", "P5")
RISKS = [
    ("illegitimate_access", "I"),
    ("unwanted_modification", "U"),
    ("disappearance", "D"),
    ("reidentification", "R"),
    ("discrimination", "X"),
]
WP248 = [
    "evaluation or scoring",
    "automated decision with legal effect",
    "systematic monitoring",
    "sensitive or highly personal data",
    "large scale",
    "matching or combining datasets",
    "vulnerable data subjects",
    "innovative technology",
    "prevents exercising a right",
]


@cache
def _labels() -> dict[str, Any]:
    from rightskit.resources import data_dir
    from rightskit.validation import load_yaml

    return load_yaml((data_dir("reports") / "labels.yaml").read_text(encoding="utf-8"), "labels.yaml")


def labels(lang: str) -> dict[str, Any]:
    return _labels()[lang]


def _is_child(group: str) -> bool:
    return any(w in group.lower() for w in ("child", "minor", "pupil", "дете", "деца", "малолет", "непълнолет"))


def _evidence(f: Any, text: dict[str, Any]) -> str:
    ev, terms = f.evidence, text["evidence_terms"]
    parts = []
    if "values" in ev.method or ev.in_text:
        parts.append(
            terms["values"].format(validated=ev.validated, non_empty=ev.non_empty)
            + (" " + terms["in_text"] if ev.in_text else "")
        )
    if ev.name_hints:
        parts.append(terms["name"].format(words=", ".join(ev.name_hints)))
    for m in ("lineage", "description", "format", "type", "enum", "override", "context"):
        if m in ev.method:
            parts.append(terms[m])
    return "; ".join(parts)


def large_scale_rows(policy: str | None) -> int:
    """The policy's large-scale threshold: the parameter of the check behind RK-DPIA-01, as the rule reads it."""
    from rightskit.policy.load import all_rules, load_policy

    pol, _ = load_policy(policy or "cc4dr-default")
    for rule in all_rules():
        if rule.check == "dpia.required":
            return int({**rule.params, **pol.params.get(rule.code, {})}.get("large_scale_rows", 100_000))
    return 100_000


def _screening(ctx: RuleContext, context: ProcessingContext | None, text: dict, large_scale: int):
    """The WP248 and CPDP criteria (detected or answered), the verdict, and unknown answers."""
    from rightskit.policy.checks import wp248_signals
    from rightskit.report.contextfile import Missing

    detected = set(wp248_signals(ctx, large_scale))
    ents = {f.entity_type for f in ctx.scan.findings}
    vulnerable = bool(context and context.processing.vulnerable_groups)
    children = bool(context and any(_is_child(g) for g in context.processing.vulnerable_groups))
    answers = context.screening if context else {}
    signals = {c: c in detected for c in WP248}
    signals["vulnerable data subjects"] = vulnerable
    large = "large scale" in detected
    profiling = "evaluation or scoring" in detected
    # The CPDP's list (Art. 35(4)): where the data cannot show an item, only a person's answer can.
    cpdp = {
        "biometric data at large scale": "BIOMETRIC" in ents and large,
        "genetic or location data for profiling": "GENETIC" in ents or ("GEO_COORDINATE" in ents and profiling),
        "Art. 14 information impossible, at large scale": False,
        "controller outside the EU with a representative in Bulgaria": False,
        "Art. 19 notification impossible": False,
        "children's data in information society services": children,
        "large-scale data migration": False,
    }
    how = text["screening_evidence"]
    screening = [
        Criterion(
            criterion=c,
            source=source,
            detected=hit,
            evidence=(how["detected"] if c in detected else how["vulnerable"]) if hit else None,
            confirmed=answers.get(c),
        )
        for source, items in (("WP248", signals), ("CPDP", cpdp))
        for c, hit in items.items()
    ]
    known = {c.criterion for c in screening}
    unknown = [Missing("screening", "unknown_criterion", {"name": repr(k)}) for k in answers if k not in known]

    def met(c: Criterion) -> bool:
        return c.confirmed if c.confirmed is not None else c.detected

    wp248_met = sum(1 for c in screening if c.source == "WP248" and met(c))
    cpdp_met = any(met(c) for c in screening if c.source == "CPDP")
    verdict = "required" if wp248_met >= 2 or cpdp_met else "recommended" if wp248_met == 1 else "not_required"
    return screening, verdict, unknown


def _description(context: ProcessingContext | None) -> dict[str, object]:
    if context is None:
        return {}
    p = context.processing
    return {
        "name": p.name,
        "description": p.description or "",
        "controller": p.controller.name if p.controller else "",
        "dpo": p.dpo.name if p.dpo else "",
        "purposes": [f"{x.id}: {x.description} ({x.legal_basis.gdpr if x.legal_basis else '?'})" for x in p.purposes],
        "data_subjects": p.data_subjects,
        "vulnerable_groups": p.vulnerable_groups,
        "recipients": [r.name for r in p.recipients],
        "processors": [x.name for x in p.processors],
        "transfers": [t.name for t in p.transfers],
    }


def _missing(scan: ScanResult, context: ProcessingContext | None) -> list:
    from rightskit.report.contextfile import RISK_IDS, Missing, missing_answers

    if context is None:
        return [Missing("rightskit-context.yaml", "context_file")] + [
            Missing(f"risks.{rid}", "severity_likelihood") for rid in RISK_IDS
        ]
    missing = missing_answers(context)
    special_fields = sorted({f.field for f in scan.findings if f.category.value == "special_category"})
    if special_fields and not any(x.art9_condition for x in context.processing.purposes):
        missing.append(Missing("processing.purposes[].art9_condition", "art9", {"fields": ", ".join(special_fields)}))
    return missing


def _inventory(scan: ScanResult, text: dict) -> list[InventoryRow]:
    return [
        InventoryRow(
            path=f.path,
            object=f.object,
            field=f.field,
            entity_type=f.entity_type,
            category=f.category.value,
            special=f.category.value == "special_category",
            confidence=f.confidence,
            evidence=_evidence(f, text),
            examples=f.examples,
        )
        for f in scan.findings
    ]


def _flows(scan: ScanResult, text: dict) -> list[Flow]:
    """Lineage edges, and exports (COPY … TO, INTO OUTFILE) with the columns they carry out."""
    flows = [
        Flow(
            source=", ".join(x.get("sources", [])),
            target=f"{x.get('object')}.{x.get('field')}",
            transforms=x.get("transforms", []),
            location=f"{x['path']}:{x['line']}",
        )
        for x in scan.facts
        if x.get("type") == "lineage" and x.get("sources")
    ]
    for x in scan.facts:
        if x.get("type") != "export":
            continue
        carried = _exported_columns(scan, x)
        flows.append(
            Flow(
                source=", ".join(carried) or str(x.get("object") or ""),
                target=str(x.get("target") or ""),
                transforms=[text["export_flow"] + (f" ({x['method']})" if x.get("method") else "")],
                location=f"{x['path']}:{x.get('line') or 1}",
            )
        )
    return flows


_TABLES = re.compile(r"\b(?:FROM|JOIN)\s+([\w.\"]+)", re.IGNORECASE)


def _exported_columns(scan: ScanResult, export: dict) -> list[str]:
    """The personal columns an export carries out: its own findings, else those of the tables it reads."""
    obj = str(export.get("object") or "")
    own = {f"{f.object}.{f.field}" for f in scan.findings if f.path == export["path"] and f.object == obj}
    if own:
        return sorted(own)
    tables = {t.replace('"', "").rsplit(".", 1)[-1].casefold() for t in _TABLES.findall(obj)}
    if not tables and re.fullmatch(r"[\w.\"]+", obj):
        tables = {obj.replace('"', "").rsplit(".", 1)[-1].casefold()}
    return sorted(
        {
            f"{f.object}.{f.field}"
            for f in scan.findings
            if f.object and f.kind.value in ("schema", "database") and f.object.rsplit(".", 1)[-1].casefold() in tables
        }
    )


def _necessity(checked: CheckResult, context: ProcessingContext | None, text: dict) -> list[str]:
    lines = [
        f"{v.code} {v.title}: {v.message}"
        for v in checked.violations
        if v.code.startswith(("RK-MIN", "RK-RET", "RK-PUR"))
    ]
    for ds in context.datasets if context else []:
        if ds.retention:
            line = text["retention_line"].format(match=ds.match, period=ds.retention.period)
            if ds.retention.trigger:
                line += " " + text["retention_from"].format(trigger=ds.retention.trigger)
            lines.append(line)
    return lines


def _risks(ctx: RuleContext, checked: CheckResult, context: ProcessingContext | None, text: dict) -> list[RiskRow]:
    """The context's answers, else the tool's suggestions (marked as such); rule → risk links from the packs."""
    from rightskit.policy.load import all_rules

    findings = ctx.scan.findings
    cats = {f.category.value for f in findings}
    ents = {f.entity_type for f in findings}
    sensitive = "special_category" in cats or bool(ents & with_trait("national_id")) or "financial" in cats
    codes = {v.code for v in checked.violations}
    raised = {rid for r in all_rules() if r.code in codes for rid in r.raises_risk}
    published = any(ctx.publication(s.path) for s in ctx.scan.sources)
    base_sev = 3 if sensitive else 2 if findings else 1
    suggestions = {
        "illegitimate_access": (
            base_sev + (1 if sensitive and published else 0),
            3 if "illegitimate_access" in raised else 2,
        ),
        "unwanted_modification": (base_sev, 3 if "unwanted_modification" in raised else 2),
        "disappearance": (max(1, base_sev - 1), 2),
        "reidentification": (base_sev, 4 if "reidentification" in raised else 2 if published else 1),
        "discrimination": (3 if "discrimination" in raised else 1, 3 if "discrimination" in raised else 1),
    }
    rows = []
    for rid, letter in RISKS:
        sev, lik = suggestions[rid]
        answer = context.risks.get(rid) if context else None
        from_ctx = bool(answer and answer.severity and answer.likelihood)
        rows.append(
            RiskRow(
                id=rid,  # type: ignore[arg-type]
                letter=letter,
                name=text["risk_names"][rid],
                severity=answer.severity if answer and from_ctx else None,
                likelihood=answer.likelihood if answer and from_ctx else None,
                suggested_severity=min(4, sev),
                suggested_likelihood=min(4, lik),
                from_context=from_ctx,
                why=text["risk_why"][rid],
            )
        )
    return rows


def _where(v: Any) -> str:
    return (
        v.path
        + (f":{v.location.line}" if v.location.line else "")
        + (f" {v.object}.{v.field}" if v.object and v.field else "")
    )


def _actions(checked: CheckResult, context: ProcessingContext | None) -> list[ActionRow]:
    planned = {a.rule: a for a in (context.action_plan if context else []) if a.rule}
    rows = []
    for v in checked.violations:
        a = planned.get(v.code)
        rows.append(
            ActionRow(
                code=v.code,
                severity=v.severity.value,
                title=v.title,
                where=_where(v),
                remediation=v.remediation,
                owner=a.owner if a else None,
                due=a.due.isoformat() if a and a.due else None,
            )
        )
    return rows


def _waived(checked: CheckResult) -> list[WaivedRow]:
    return [
        WaivedRow(
            code=v.code,
            severity=v.severity.value,
            title=v.title,
            where=_where(v),
            reason=v.suppressed.reason,
            approved_by=v.suppressed.approved_by,
            expires=v.suppressed.expires,
        )
        for v in checked.suppressed
        if v.suppressed and v.suppressed.by == "waiver"
    ]


def _consultation(context: ProcessingContext | None) -> tuple[dict[str, object], dict[str, object]]:
    if context is None:
        return {}, {}
    c = context.consultation
    dpo = c.dpo_advice if c else None
    views = c.data_subject_views if c else None
    consultation = {
        "dpo_advice": dpo.summary if dpo and dpo.given else None,
        "dpo_by": dpo.by if dpo else None,
        "data_subject_views": views.summary if views and views.given else (views.justification if views else None),
        "decision": context.signoff.decision if context.signoff else None,
        "approver": context.signoff.approver if context.signoff else None,
        "date": context.signoff.date.isoformat() if context.signoff and context.signoff.date else None,
    }
    review: dict[str, object] = {}
    if context.review and context.review.next_review:
        review = {"next_review": context.review.next_review.isoformat(), "triggers": context.review.triggers}
    return consultation, review


def _scorecard(checked: CheckResult, text: dict) -> list[PrincipleScore]:
    from rightskit.policy.load import all_rules

    rules = all_rules()
    out = []
    for pid in PRINCIPLE_IDS:
        of = [r.code for r in rules if pid in r.principles]
        counts: dict[str, int] = {}
        for v in checked.violations:
            if v.code in of:
                counts[v.severity.value] = counts.get(v.severity.value, 0) + 1
        status = "failing" if counts.get("high") or counts.get("critical") else "attention" if counts else "ok"
        out.append(
            PrincipleScore(principle=pid, name=text["principles"][pid], rules=len(of), violations=counts, status=status)
        )
    return out


def _annexes(scan: ScanResult, context: ProcessingContext | None):
    if context is None:
        return {}, [], []
    p = context.processing
    records = {
        "controller": p.controller.name if p.controller else None,
        "dpo": p.dpo.name if p.dpo else None,
        "purposes": [x.description for x in p.purposes],
        "data_subjects": p.data_subjects,
        "data_categories": sorted({f.data_category for f in scan.findings}),
        "recipients": [r.name for r in p.recipients],
        "transfers": [t.name for t in p.transfers],
        "retention": {d.match: d.retention.period for d in context.datasets if d.retention},
        "security_measures": p.security_measures,
    }
    algorithms = [{"id": a.id, "sql_files": a.sql_files, **a.ats} for a in context.algorithms]
    manifests = [
        d.publication.anonymisation.manifest
        for d in context.datasets
        if d.publication and d.publication.anonymisation and d.publication.anonymisation.manifest
    ]
    return records, algorithms, manifests


def _hashes(scan: ScanResult, context_path: str | None) -> dict[str, str]:
    hashes: dict[str, str] = {}
    for s in scan.sources:
        if Path(s.path).is_file():
            hashes[s.path] = file_sha256(s.path)
    hashes["findings"] = hashlib.sha256(scan.to_json().encode("utf-8")).hexdigest()
    if context_path and Path(context_path).is_file():
        hashes["context"] = file_sha256(context_path)
    return hashes


def build_report(
    scan: ScanResult,
    checked: CheckResult,
    context: ProcessingContext | None,
    *,
    lang: str = "en",
    context_path: str | None = None,
    generated_at: str = "",
    large_scale: int = 100_000,
) -> ReportDoc:
    """The whole report from a scan, its check and the context file.

    FINAL only when no answer is missing *and* no violation at or above the policy's fail level is open:
    a report never reassures while serious problems remain (waived ones are listed with approver and expiry).
    """
    text = labels(lang)
    ctx = RuleContext(scan=scan, context=context, context_path=context_path)
    screening, verdict, unknown = _screening(ctx, context, text, large_scale)
    missing = [m.text(lang) for m in (*unknown, *_missing(scan, context))]
    blocking = [f"{v.code} {text['severities'][v.severity.value]} — {_where(v)}: {v.title}" for v in checked.failing]
    consultation, review = _consultation(context)
    records, algorithms, manifests = _annexes(scan, context)
    summary = (
        text["summary_text"].format(
            sources=len([s for s in scan.sources if not s.skipped]),
            fields=len(scan.findings),
            special=sum(1 for f in scan.findings if f.category.value == "special_category"),
            violations=len(checked.violations),
            serious=len(checked.failing),
        )
        + " "
        + text["verdict"][verdict]
    )
    return ReportDoc(
        rightskit_version=__version__,
        lang=lang,  # type: ignore[arg-type]
        title=f"{text['title']} — {context.processing.name}" if context else text["title"],
        status="FINAL" if not missing and not blocking else "DRAFT",
        generated_at=generated_at,
        hashes=_hashes(scan, context_path),
        missing=missing,
        blocking=blocking,
        waived=_waived(checked),
        screening=screening,
        screening_verdict=verdict,  # type: ignore[arg-type]
        description=_description(context),
        inventory=_inventory(scan, text),
        flows=_flows(scan, text),
        necessity=_necessity(checked, context, text),
        risks=_risks(ctx, checked, context, text),
        measures=list(context.processing.security_measures) if context else [],
        actions=_actions(checked, context),
        consultation=consultation,
        review=review,
        scorecard=_scorecard(checked, text),
        annex_records=records,
        annex_algorithms=algorithms,
        annex_manifests=manifests,
        summary=summary,
    )
