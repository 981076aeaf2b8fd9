"""The DPIA view-model: every figure and sentence is computed here; templates only lay it out."""

from __future__ import annotations

import hashlib
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
)
from rightskit.models.scan import ScanResult

PRINCIPLES = {
    "P1": "Universal access",
    "P2": "Privacy, data protection and security",
    "P3": "Transparency, accountability, non-discrimination",
    "P4": "Participatory democracy",
    "P5": "Open and ethical standards",
}
RISKS = [
    ("illegitimate_access", "I"),
    ("unwanted_modification", "U"),
    ("disappearance", "D"),
    ("reidentification", "R"),
    ("discrimination", "X"),
]


def labels(lang: str) -> dict[str, Any]:
    from rightskit.resources import data_dir
    from rightskit.validation import load_yaml

    return load_yaml((data_dir("reports") / "labels.yaml").read_text(encoding="utf-8"), "labels.yaml")[lang]


def _is_child(group: str) -> bool:
    return any(w in group.lower() for w in ("child", "minor", "pupil", "дете", "деца", "малолет", "непълнолет"))


def _evidence(f: Any) -> str:
    ev = f.evidence
    parts = []
    if "values" in ev.method or ev.in_text:
        parts.append(f"{ev.validated}/{ev.non_empty} values" + (" in text" if ev.in_text else ""))
    if ev.name_hints:
        parts.append("name: " + ", ".join(ev.name_hints))
    if "lineage" in ev.method:
        parts.append("lineage")
    for m in ("description", "format", "type", "enum"):
        if m in ev.method:
            parts.append(m)
    return "; ".join(parts) or ", ".join(ev.method)


def build_report(
    scan: ScanResult,
    checked: CheckResult,
    context: ProcessingContext | None,
    *,
    lang: str = "en",
    context_path: str | None = None,
    generated_at: str = "",
) -> ReportDoc:
    """The whole report from a scan, its check and the context file (missing answers make it a DRAFT)."""
    from rightskit.policy.checks import wp248_signals
    from rightskit.policy.context import RuleContext
    from rightskit.report.contextfile import missing_answers

    text = labels(lang)
    findings = scan.findings
    ctx = RuleContext(scan=scan, context=context, context_path=context_path)
    missing: list[str] = []

    # Screening: what the data shows, and what people confirmed.
    detected = set(wp248_signals(ctx, 100_000))
    all_criteria = [
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
    vulnerable = bool(context and context.processing.vulnerable_groups)
    children = bool(context and any(_is_child(g) for g in context.processing.vulnerable_groups))
    ents = {f.entity_type for f in findings}
    answers = context.screening if context else {}
    signals = {c: c in detected for c in all_criteria}
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
    screening = [
        Criterion(
            criterion=c,
            source=source,
            detected=hit,
            evidence=("detected in the scanned data" if c in detected else "context: vulnerable groups")
            if hit
            else None,
            confirmed=answers.get(c),
        )
        for source, items in (("WP248", signals), ("CPDP", cpdp))
        for c, hit in items.items()
    ]

    known = {c.criterion for c in screening}
    missing += [f"screening: unknown criterion {key!r}" for key in answers if key not in known]

    def met(c: Criterion) -> bool:
        return c.confirmed if c.confirmed is not None else c.detected

    wp248_met = sum(1 for c in screening if c.source == "WP248" and met(c))
    cpdp_met = any(met(c) for c in screening if c.source == "CPDP")
    verdict = "required" if wp248_met >= 2 or cpdp_met else "recommended" if wp248_met == 1 else "not_required"

    # Description.
    description: dict[str, object] = {}
    if context is None:
        missing.append("the context file (rightskit-context.yaml): rightskit context init")
    else:
        p = context.processing
        description = {
            "name": p.name,
            "description": p.description or "",
            "controller": p.controller.name if p.controller else "",
            "dpo": p.dpo.name if p.dpo else "",
            "purposes": [
                f"{x.id}: {x.description} ({x.legal_basis.gdpr if x.legal_basis else '?'})" for x in p.purposes
            ],
            "data_subjects": p.data_subjects,
            "vulnerable_groups": p.vulnerable_groups,
            "recipients": [r.name for r in p.recipients],
            "processors": [x.name for x in p.processors],
            "transfers": [t.name for t in p.transfers],
        }
        missing += missing_answers(context)
        special_fields = sorted({f.field for f in findings if f.category.value == "special_category"})
        if special_fields and not any(x.art9_condition for x in p.purposes):
            missing.append(f"processing.purposes[].art9_condition (special categories in {', '.join(special_fields)})")

    inventory = [
        InventoryRow(
            path=f.path,
            object=f.object,
            field=f.field,
            entity_type=f.entity_type,
            category=f.category.value,
            special=f.category.value == "special_category",
            confidence=f.confidence,
            evidence=_evidence(f),
            examples=f.examples,
        )
        for f in findings
    ]
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

    necessity = [
        f"{v.code} {v.title}: {v.message}"
        for v in checked.violations
        if v.code.startswith(("RK-MIN", "RK-RET", "RK-PUR"))
    ]
    if context is not None:
        for ds in context.datasets:
            if ds.retention:
                necessity.append(
                    f"{ds.match}: retention {ds.retention.period}"
                    + (f" from {ds.retention.trigger}" if ds.retention.trigger else "")
                )

    # Risks: the context's answers, else the tool's suggestions (marked as such).
    cats = {f.category.value for f in findings}
    sensitive = "special_category" in cats or bool(ents & with_trait("national_id")) or "financial" in cats
    codes = {v.code for v in checked.violations}
    published = any(ctx.publication(s.path) for s in scan.sources)
    base_sev = 3 if sensitive else 2 if findings else 1
    access_lik = 3 if codes & {"RK-SEC-04", "RK-SEC-01", "RK-ACC-02"} else 2
    suggestions = {
        "illegitimate_access": (
            base_sev + (1 if sensitive and published else 0),
            access_lik,
            "severity from the data categories; likelihood from grants, exports and clear copies",
        ),
        "unwanted_modification": (base_sev, 3 if "RK-SEC-05" in codes else 2, "unscoped writes raise likelihood"),
        "disappearance": (max(1, base_sev - 1), 2, "no backup or retention evidence in the scan"),
        "reidentification": (
            base_sev,
            4 if codes & {"RK-PUB-01", "RK-PUB-02", "RK-BG-01"} else 2 if published else 1,
            "publication with identifiers or small groups raises likelihood",
        ),
        "discrimination": (
            3 if "RK-ALG-01" in codes else 1,
            3 if "RK-ALG-01" in codes else 1,
            "protected attributes in scoring queries",
        ),
    }
    risks = []
    for rid, letter in RISKS:
        sev, lik, why = suggestions[rid]
        answer = context.risks.get(rid) if context else None
        from_ctx = bool(answer and answer.severity and answer.likelihood)
        if context is None:
            missing.append(f"risks.{rid} (severity and likelihood)")
        risks.append(
            RiskRow(
                id=rid,
                letter=letter,
                name=text["risk_names"][rid],
                severity=answer.severity if from_ctx else None,
                likelihood=answer.likelihood if from_ctx else None,
                suggested_severity=min(4, sev),
                suggested_likelihood=min(4, lik),
                from_context=from_ctx,
                why=why,
            )
        )

    measures = list(context.processing.security_measures) if context else []
    planned = {a.rule: a for a in (context.action_plan if context else []) if a.rule}
    actions = []
    for v in checked.violations:
        where = (
            v.path
            + (f":{v.location.line}" if v.location.line else "")
            + (f" {v.object}.{v.field}" if v.object and v.field else "")
        )
        a = planned.get(v.code)
        actions.append(
            ActionRow(
                code=v.code,
                severity=v.severity.value,
                title=v.title,
                where=where,
                remediation=v.remediation,
                owner=a.owner if a else None,
                due=a.due.isoformat() if a and a.due else None,
            )
        )

    consultation: dict[str, object] = {}
    review: dict[str, object] = {}
    if context is not None:
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
        if context.review and context.review.next_review:
            review = {"next_review": context.review.next_review.isoformat(), "triggers": context.review.triggers}

    from rightskit.policy.load import all_rules

    rules = all_rules()
    scorecard = []
    for pid, name in PRINCIPLES.items():
        of = [r.code for r in rules if pid in r.principles]
        counts: dict[str, int] = {}
        for v in checked.violations:
            if v.code in of:
                counts[v.severity.value] = counts.get(v.severity.value, 0) + 1
        status = "failing" if counts.get("high") or counts.get("critical") else "attention" if counts else "ok"
        scorecard.append(PrincipleScore(principle=pid, name=name, rules=len(of), violations=counts, status=status))

    records: dict[str, object] = {}
    algorithms: list[dict[str, object]] = []
    manifests: list[str] = []
    if context is not None:
        p = context.processing
        records = {
            "controller": p.controller.name if p.controller else None,
            "dpo": p.dpo.name if p.dpo else None,
            "purposes": [x.description for x in p.purposes],
            "data_subjects": p.data_subjects,
            "data_categories": sorted({f.data_category for f in findings}),
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

    hashes: dict[str, str] = {}
    for s in scan.sources:
        if Path(s.path).is_file():
            hashes[s.path] = file_sha256(s.path)
    hashes["findings"] = hashlib.sha256(scan.to_json().encode("utf-8")).hexdigest()
    if context_path and Path(context_path).is_file():
        hashes["context"] = file_sha256(context_path)

    personal_fields = len(findings)
    special = sum(1 for f in findings if f.category.value == "special_category")
    summary = (
        text["summary_text"].format(
            sources=len([s for s in scan.sources if not s.skipped]),
            fields=personal_fields,
            special=special,
            violations=len(checked.violations),
            serious=len(checked.failing),
        )
        + " "
        + text["verdict"][verdict]
    )
    title = f"{text['title']} — {context.processing.name}" if context else text["title"]
    return ReportDoc(
        rightskit_version=__version__,
        lang=lang,
        title=title,
        status="FINAL" if not missing else "DRAFT",  # type: ignore[arg-type]
        generated_at=generated_at,
        hashes=hashes,
        missing=missing,
        screening=screening,
        screening_verdict=verdict,  # type: ignore[arg-type]
        description=description,
        inventory=inventory,
        flows=flows,
        necessity=necessity,
        risks=risks,
        measures=measures,
        actions=actions,
        consultation=consultation,
        review=review,
        scorecard=scorecard,
        annex_records=records,
        annex_algorithms=algorithms,
        annex_manifests=manifests,
        summary=summary,
    )
