"""Lay a ReportDoc out as Markdown, HTML, DOCX, JSON or a CNIL PIA import file.

Every figure comes from the view-model (``rightskit.report.view``); this module only formats it.
"""

from __future__ import annotations

import html
from typing import Any

from rightskit.models.context import ProcessingContext
from rightskit.models.report import ReportDoc

FORMATS = ("md", "html", "docx", "json", "cnil-pia")
# Light tints keep the dark letters of the risk points readable (WCAG contrast) in every cell.
_LEVEL_FILLS = ["#d9f0d3", "#fff2b3", "#ffd8a8", "#f7b6b6"]


def risk_map(doc: ReportDoc) -> dict[str, list[dict[str, Any]]]:
    """The 4×4 grid (likelihood on x, severity on y, as in the CNIL tool) and one point per risk."""
    cells = []
    for sev in range(1, 5):
        for lik in range(1, 5):
            level = min(3, (sev + lik - 2) // 2)
            cells.append({"x": 40 + (lik - 1) * 100, "y": 0 + (4 - sev) * 100, "fill": _LEVEL_FILLS[level]})
    points = []
    seen: dict[tuple[int, int], int] = {}
    for r in doc.risks:
        sev, lik = r.gauges
        n = seen.get((sev, lik), 0)
        seen[(sev, lik)] = n + 1
        # Risks sharing a cell sit side by side instead of on top of each other.
        cx = 40 + (lik - 1) * 100 + 22 + (n % 3) * 28
        cy = (4 - sev) * 100 + 25 + (n // 3) * 34
        points.append({"cx": cx, "cy": cy, "letter": r.letter, "from_context": r.from_context})
    ticks = [{"n": n, "x": 40 + (n - 1) * 100 + 50, "y": (4 - n) * 100 + 55} for n in range(1, 5)]
    return {"cells": cells, "points": points, "ticks": ticks}


def _environment(autoescape: bool):
    import jinja2

    from rightskit.resources import data_dir

    def finalize(value: Any) -> Any:
        if value is None:
            return ""
        if autoescape:
            return value
        # Markdown tables break on pipes and newlines inside a cell; and Markdown passes raw HTML through, so a
        # file or field named "<img src=x onerror=…>" would run in a reader's browser: < > & become entities.
        text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return text.replace("|", "\\|").replace("\n", " ")

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("reports"))),
        autoescape=autoescape,
        finalize=finalize,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def render_markdown(doc: ReportDoc) -> str:
    from rightskit.report.view import labels

    return _environment(False).get_template("dpia.md.j2").render(doc=doc, L=labels(doc.lang))


def render_html(doc: ReportDoc) -> str:
    from rightskit.report.view import labels

    return _environment(True).get_template("dpia.html.j2").render(doc=doc, L=labels(doc.lang), map=risk_map(doc))


def render_json(doc: ReportDoc) -> str:
    return doc.model_dump_json(indent=2) + "\n"


def _yes_no(value: bool | None, lab: dict[str, Any]) -> str:
    return "" if value is None else lab["yes"] if value else lab["no"]


def _flat(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_flat(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def render_docx(doc: ReportDoc) -> bytes:
    """An editable Word document with the same sections, and a sign-off table for the DPO to sign."""
    import io

    import docx

    from rightskit.report.view import labels

    lab = labels(doc.lang)
    d = docx.Document()
    _a4(d)
    d.core_properties.title = doc.title
    d.core_properties.comments = f"rightskit {doc.rightskit_version}"
    d.add_heading(doc.title, 0)
    d.add_paragraph().add_run(lab["final"] if doc.status == "FINAL" else lab["draft"]).bold = True

    def table(header: list[str], rows: list[list[str]]) -> None:
        t = d.add_table(rows=1, cols=len(header))
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, header, strict=True):
            cell.text = text
        for row in rows:
            for cell, text in zip(t.add_row().cells, row, strict=True):
                cell.text = text

    def bullets(items: list[str]) -> None:
        for item in items or [lab["none"]]:
            d.add_paragraph(item, style="List Bullet")

    d.add_heading(lab["summary"], 1)
    d.add_paragraph(doc.summary)
    if doc.blocking:
        d.add_heading(lab["blocking"], 1)
        bullets(doc.blocking)
    if doc.missing:
        d.add_heading(lab["missing"], 1)
        bullets(doc.missing)
    d.add_heading(lab["screening"], 1)
    table(
        [lab["criterion"], lab["list"], lab["detected"], lab["confirmed"]],
        [
            [lab["criteria"].get(c.criterion, c.criterion), lab["lists"][c.source], _yes_no(c.detected, lab),
             _yes_no(c.confirmed, lab)]
            for c in doc.screening
        ],
    )  # fmt: skip
    d.add_paragraph(lab["verdict"][doc.screening_verdict])
    d.add_heading(lab["description"], 1)
    bullets([f"{lab['keys'].get(k, k)}: {_flat(v)}" for k, v in doc.description.items()])
    d.add_heading(lab["inventory"], 1)
    table(
        [lab[k] for k in ("path", "field", "entity", "category", "confidence", "evidence", "examples")],
        [
            [r.path, f"{r.object}.{r.field}" if r.object else r.field, r.entity_type, lab["categories"][r.category],
             f"{r.confidence:.2f}", r.evidence, ", ".join(r.examples)]
            for r in doc.inventory
        ],
    )  # fmt: skip
    d.add_heading(lab["flows"], 1)
    bullets([f"{f.source} → {f.target} ({', '.join(f.transforms)}) — {f.location}" for f in doc.flows])
    d.add_heading(lab["necessity"], 1)
    bullets(doc.necessity)
    d.add_heading(lab["risks"], 1)
    table(
        [lab["risk"], lab["severity"], lab["likelihood"], lab["source"]],
        [
            [f"({r.letter}) {r.name}",
             str(r.gauges[0]),
             str(r.gauges[1]),
             lab["answered"] if r.from_context else f"{lab['suggested']}: {r.why}"]
            for r in doc.risks
        ],
    )  # fmt: skip
    d.add_heading(lab["measures"], 1)
    bullets(doc.measures)
    d.add_heading(lab["actions"], 2)
    table(
        [lab["severity"], lab["rule"], lab["where"], lab["remediation"], lab["owner"], lab["due"]],
        [
            [lab["severities"][a.severity], f"{a.code} {a.title}", a.where, a.remediation, a.owner or "", a.due or ""]
            for a in doc.actions
        ],
    )
    if doc.waived:
        d.add_heading(lab["waived"], 2)
        table(
            [lab["severity"], lab["rule"], lab["where"], lab["approved_by"], lab["expires"], lab["reason"]],
            [
                [lab["severities"][w.severity], f"{w.code} {w.title}", w.where, w.approved_by or "", w.expires or "",
                 w.reason or ""]
                for w in doc.waived
            ],
        )  # fmt: skip
    d.add_heading(lab["consultation"], 1)
    bullets([f"{lab['keys'].get(k, k)}: {_flat(v) or '—'}" for k, v in doc.consultation.items()])
    d.add_heading(lab["signoff"], 1)
    table(["", ""], [[lab["decision"], _flat(doc.consultation.get("decision"))],
                     [lab["approver"], _flat(doc.consultation.get("approver"))],
                     [lab["date"], _flat(doc.consultation.get("date"))], [lab["signature"], ""]])  # fmt: skip
    d.add_heading(lab["review"], 1)
    bullets([f"{lab['keys'].get(k, k)}: {_flat(v)}" for k, v in doc.review.items()])
    d.add_heading(lab["scorecard"], 1)
    table(
        [lab["principle"], lab["rules"], lab["violations"], lab["status"]],
        [
            [
                f"{s.principle} {s.name}",
                str(s.rules),
                ", ".join(f"{lab['severities'][k]} {n}" for k, n in s.violations.items()) or "0",
                lab["statuses"][s.status],
            ]
            for s in doc.scorecard
        ],
    )
    d.add_heading(lab["annexes"], 1)
    d.add_heading(lab["records"], 2)
    bullets([f"{lab['keys'].get(k, k)}: {_flat(v)}" for k, v in doc.annex_records.items()])
    d.add_heading(lab["algorithms"], 2)
    bullets([_flat(a) for a in doc.annex_algorithms])
    d.add_heading(lab["manifests"], 2)
    bullets(doc.annex_manifests)
    d.add_heading(lab["hashes"], 2)
    bullets([f"{lab['hash_keys'].get(k, k)}: {v}" for k, v in doc.hashes.items()])
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _a4(document: Any) -> None:
    """A4 portrait with 2 cm margins: the paper of a European DPIA, not python-docx's US Letter default."""
    from docx.shared import Cm

    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)


def _ul(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>" if items else ""


def _p(text: str | None) -> str:
    return f"<p>{html.escape(text)}</p>" if text else ""


def render_cnil_pia(doc: ReportDoc, context: ProcessingContext | None) -> str:
    """The CNIL PIA tool's import file: questions 111–346 filled from the scan and the context."""
    from rightskit.models.cnil import Answer, AnswerData, CnilPia, Comment, Evaluation, Measure, PiaHeader
    from rightskit.report.view import labels

    lab = labels(doc.lang)
    cn = lab["cnil"]
    stamp = doc.generated_at or "1970-01-01T00:00:00Z"
    p = context.processing if context else None
    answers: list[Answer] = []

    def answer(ref: int, text: str | None = None, gauge: int | None = None, items: list[str] | None = None) -> None:
        answers.append(
            Answer(reference_to=ref, data=AnswerData(text=text or None, gauge=gauge, list=items or []),
                   created_at=stamp, updated_at=stamp)
        )  # fmt: skip

    purposes = [f"{x.id}: {x.description}" for x in p.purposes] if p else []
    answer(111, _p(p.description if p else None) + _p(doc.summary))
    answer(112, _ul(purposes))
    stakeholders = []
    if p and p.controller:
        stakeholders.append(f"{cn['controller']}: {p.controller.name}")
    if p and p.dpo:
        stakeholders.append(f"{cn['dpo']}: {p.dpo.name}")
    stakeholders += [f"{cn['processor']}: {x.name}" for x in (p.processors if p else [])]
    answer(113, _ul(stakeholders))
    data_rows = [f"{r.path} {r.object + '.' if r.object else ''}{r.field}: {r.entity_type} ({r.category})"
                 for r in doc.inventory]  # fmt: skip
    retention = [f"{d.match}: {d.retention.period}" for d in (context.datasets if context else []) if d.retention]
    recipients = [r.name for r in p.recipients] if p else []
    answer(121, _ul(data_rows) + _ul(retention) + _ul([f"{cn['recipient']}: {r}" for r in recipients]))
    answer(122, _ul([f"{f.source} → {f.target} ({f.location})" for f in doc.flows]))
    answer(123, _ul(sorted({r.path for r in doc.inventory})))
    answer(211, _ul(purposes))
    bases = [f"{x.id}: GDPR {x.legal_basis.gdpr}" for x in (p.purposes if p else []) if x.legal_basis]
    bases += [f"{x.id}: GDPR {x.art9_condition.gdpr}" for x in (p.purposes if p else []) if x.art9_condition]
    answer(212, _ul(bases))
    answer(213, _ul([n for n in doc.necessity if n.startswith("RK-MIN")]))
    answer(214, None)
    answer(215, _ul(retention + [n for n in doc.necessity if n.startswith("RK-RET")]))
    for ref in range(221, 228):
        answer(ref, None)
    cnil_risks = {"illegitimate_access": 320, "unwanted_modification": 330, "disappearance": 340}
    for r in doc.risks:
        base = cnil_risks.get(r.id)
        if base is None:
            continue
        given = context.risks.get(r.id) if context else None
        sev, lik = r.gauges
        note = "" if r.from_context else f"<p>{html.escape(lab['suggested'])}: {html.escape(r.why)}</p>"
        answer(base + 1, None, None, given.impacts if given else [])
        answer(base + 2, None, None, given.threats if given else [])
        answer(base + 3, None, None, given.sources if given else [])
        answer(base + 4, None, None, (given.measures if given else []) or list(doc.measures))
        answer(base + 5, _p(given.justification if given else None) + note, sev)
        answer(base + 6, note, lik)

    measures = [Measure(id=i, title=m, content=_p(m), created_at=stamp) for i, m in enumerate(doc.measures, start=1)]
    extra = [r for r in doc.risks if r.id in ("reidentification", "discrimination")]
    comments = []
    for r in extra:
        sev, lik = r.gauges
        how = lab["answered"] if r.from_context else f"{lab['suggested']}: {r.why}"
        text = f"{cn['additional_risk']}: {r.name}. {cn['gauges'].format(severity=sev, likelihood=lik)} ({how})."
        measures.append(Measure(id=len(measures) + 1, title=f"{cn['additional_risk']}: {r.name}", content=_p(text),
                                created_at=stamp))  # fmt: skip
        comments.append(Comment(reference_to=324, description=text, for_measure=False))
    for a in doc.actions:
        text = f"{lab['severities'][a.severity]} {a.code} {a.title} — {a.where}: {a.remediation}"
        comments.append(Comment(reference_to=213 if a.code.startswith("RK-MIN") else 324, description=text))
    # The evaluator's residual gauges, where the context gives them: "3.2"–"3.4" are the three CNIL risks.
    evaluations = []
    for ref, rid in (("3.2", "illegitimate_access"), ("3.3", "unwanted_modification"), ("3.4", "disappearance")):
        g = context.risks.get(rid) if context else None
        if g and g.residual_likelihood and g.residual_severity:
            evaluations.append(
                Evaluation(reference_to=ref, gauges={"x": g.residual_likelihood, "y": g.residual_severity})
            )
    consultation = context.consultation if context else None
    dpo = consultation.dpo_advice if consultation else None
    views = consultation.data_subject_views if consultation else None
    signoff = context.signoff if context else None
    status = 0
    if signoff and signoff.decision == "reject":
        status = 1
    elif doc.status == "FINAL" and signoff and signoff.decision:
        status = 3
    header = PiaHeader(
        name=p.name if p else doc.title,
        category=p.id if p else "",
        status=status,
        author_name="rightskit " + doc.rightskit_version,
        evaluator_name=(dpo.by or "") if dpo else "",
        validator_name=(signoff.approver or "") if signoff else "",
        dpo_status=1 if dpo and dpo.given and dpo.followed is not False else 0,
        dpo_opinion=(dpo.summary or "") if dpo else "",
        dpos_names=(p.dpo.name if p and p.dpo else ""),
        concerned_people_searched_opinion=bool(views and views.given),
        concerned_people_searched_content=(views.justification or "") if views else "",
        concerned_people_status=1 if views and views.given else 0,
        concerned_people_opinion=(views.summary or "") if views else "",
        people_names=(views.by or "") if views else "",
        rejection_reason="",
        applied_adjustments="",
        created_at=stamp,
        updated_at=stamp,
    )
    pia = CnilPia(pia=header, answers=answers, measures=measures, evaluations=evaluations, comments=comments)
    return pia.model_dump_json(indent=2) + "\n"


def render(doc: ReportDoc, fmt: str, context: ProcessingContext | None = None) -> str | bytes:
    if fmt == "md":
        return render_markdown(doc)
    if fmt == "html":
        return render_html(doc)
    if fmt == "docx":
        return render_docx(doc)
    if fmt == "json":
        return render_json(doc)
    if fmt == "cnil-pia":
        return render_cnil_pia(doc, context)
    raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
