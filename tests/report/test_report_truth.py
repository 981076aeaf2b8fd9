"""The report never reassures falsely, its context questions come from the rules, and each language is whole."""

from __future__ import annotations

import inspect
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from rightskit import api
from rightskit.cli.main import cli
from rightskit.models.context import ProcessingContext
from rightskit.policy.load import load_context
from rightskit.report.render import render_cnil_pia, render_docx, render_html, render_markdown
from rightskit.report.view import labels
from tests.helpers import label_strings
from tests.report.project import COMPLETE_CONTEXT, make_project

STAMP = "2026-11-28T12:00:00Z"
# Tokens that are no language: the product, frameworks, principle and risk letters, rule codes, SQL keywords,
# and the commands a reader is told to run.
NEUTRAL = {"rightskit", "WP248", "CC4DR", "GDPR", "COPY", "PUBLIC", "SELECT", "context", "init", "report", "check",
           "P1", "P2", "P3", "P4", "P5", "I", "U", "D", "R", "X"}  # fmt: skip
BG_CONTEXT = """schema_version: "2"
processing:
  id: social-support
  name: Социално подпомагане
  description: Общината обработва заявления за социално подпомагане.
  controller: {name: Столична община}
  dpo: {name: Длъжностно лице по защита на данните}
  purposes:
    - id: support
      description: Решения по заявления
      legal_basis: {gdpr: "6(1)(e)", national_law: [Закон за социалното подпомагане]}
      art9_condition: {gdpr: "9(2)(g)"}
  data_subjects: [заявители]
  security_measures: [Криптиране]
datasets:
  - {match: "data/*", purposes: [support], retention: {period: P5Y, trigger: created_at}}
  - {match: "applicant*", purposes: [support], retention: {period: P5Y, trigger: created_at}}
waivers:
  - {rule: RK-SEC-04, path: db/schema.sql, reason: Отнема се през декември, approved_by: Заместник-кмет,
     expires: 2999-12-31}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> list[str]:
    monkeypatch.chdir(tmp_path)
    return make_project(tmp_path)


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return " ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))


def _renderings(doc) -> dict[str, str]:
    html_text = re.sub(r"<style>.*?</style>|<[^>]+>", " ", render_html(doc), flags=re.DOTALL)
    return {"md": render_markdown(doc), "html": html_text, "docx": _docx_text(render_docx(doc))}


def test_critical_violations_keep_the_report_a_draft_whatever_the_context_says(project) -> None:
    Path("no-waiver.yaml").write_text(COMPLETE_CONTEXT.split("waivers:")[0] + COMPLETE_CONTEXT.split(
        "expires: 2999-12-31}\n")[1], encoding="utf-8")  # fmt: skip
    assert CliRunner().invoke(cli, ["context", "check", "no-waiver.yaml"]).exit_code == 0  # every answer is given
    doc = api.build_report(["data", "db"], context="no-waiver.yaml", generated_at=STAMP)
    assert doc.status == "DRAFT" and not doc.missing
    assert [b.split()[0] for b in doc.blocking] == ["RK-SEC-04"]
    md = render_markdown(doc)
    assert "**DRAFT" in md and "RK-SEC-04" in md.split("## Screening")[0]
    # Waived, with approver and expiry, the same violation no longer blocks, and the report says who accepted it.
    final = api.build_report(["data", "db"], context="rightskit-context.yaml", generated_at=STAMP)
    assert final.status == "FINAL" and not final.blocking
    assert "approved by Deputy Mayor, expires 2999-12-31" in render_markdown(final)


def test_a_published_national_identifier_is_never_final(project) -> None:
    text = COMPLETE_CONTEXT.replace(
        '  - match: "data/*"\n', '  - match: "data/*"\n    publication: {planned: true, licence: CC-BY-4.0}\n'
    )
    Path("publish.yaml").write_text(text, encoding="utf-8")
    doc = api.build_report(["data", "db"], context="publish.yaml", generated_at=STAMP)
    assert doc.status == "DRAFT"
    assert any(b.startswith("RK-BG-01 critical") for b in doc.blocking)


def test_the_policy_fail_level_decides_what_blocks(project) -> None:
    Path("lenient.yaml").write_text("name: lenient\ndescription: x\nfail_on: critical\n", encoding="utf-8")
    Path("ctx.yaml").write_text(COMPLETE_CONTEXT.split("waivers:")[0] + "risks:" + COMPLETE_CONTEXT.split("risks:")[1],
                                encoding="utf-8")  # fmt: skip
    assert api.build_report(["data", "db"], context="ctx.yaml", generated_at=STAMP).status == "DRAFT"
    doc = api.build_report(["data", "db"], context="ctx.yaml", policy="lenient.yaml", generated_at=STAMP)
    assert doc.status == "FINAL", doc.blocking


def test_the_large_scale_threshold_is_the_policys(project) -> None:
    def large(policy: str) -> bool:
        doc = api.build_report(["data"], policy=policy, generated_at=STAMP)
        return next(c.detected for c in doc.screening if c.criterion == "large scale")

    assert not large("cc4dr-default")  # 40 rows
    Path("small.yaml").write_text(
        "name: small\ndescription: x\nparams: {RK-DPIA-01: {large_scale_rows: 10}}\n", encoding="utf-8"
    )
    assert large("small.yaml")


def test_context_init_and_check_name_every_key_a_rule_reads(project) -> None:
    from rightskit.policy.load import all_rules

    runner = CliRunner()
    assert runner.invoke(cli, ["context", "init", "data", "db", "-o", "draft.yaml"]).exit_code == 0
    skeleton = Path("draft.yaml").read_text(encoding="utf-8")
    checked = runner.invoke(cli, ["context", "check", "draft.yaml"]).output
    for rule in all_rules():
        for f in rule.context:
            leaf = f.field.split(".")[-1].replace("[]", "")
            assert leaf in skeleton, (rule.code, f.field)
            assert f.field in checked or leaf in checked, (rule.code, f.field)
    assert "missing: processing.dpia_reference (read by RK-DPIA-01)" in checked
    # A context without the reference is not complete, so RK-DPIA-01 can no longer surprise a "complete" file.
    Path("no-ref.yaml").write_text(COMPLETE_CONTEXT.replace("  dpia_reference: DPIA-2026-014\n", ""), "utf-8")
    result = runner.invoke(cli, ["context", "check", "no-ref.yaml"])
    assert result.exit_code == 1 and "processing.dpia_reference" in result.output


def test_every_processing_key_a_check_reads_is_declared_by_its_rule() -> None:
    """The list context init/check derive from cannot drift from the code: a check's reads are its rule's."""
    from rightskit.models.context import Dataset, Processing
    from rightskit.policy.checks import CHECKS
    from rightskit.policy.load import all_rules

    processing_keys, dataset_keys = set(Processing.model_fields), set(Dataset.model_fields)
    for rule in all_rules():
        source = inspect.getsource(CHECKS[rule.check])
        reads = {f"processing.{k}" for k in re.findall(r"processing\.(\w+)", source) if k in processing_keys}
        reads |= {f"processing.{k}" for k in re.findall(r"\(\"(\w+)\", p\.\1\)", source) if k in processing_keys}
        reads |= {f"datasets[].{k}" for k in re.findall(r"\bds\.(\w+)", source) if k in dataset_keys - {"match"}}
        declared = {f.field.split("[].")[0] if f.field.startswith("processing.purposes[]") else f.field
                    for f in rule.context}  # fmt: skip
        declared |= {f.field.rsplit(".", 1)[0] for f in rule.context if f.field.startswith("datasets[].publication")}
        assert reads <= declared | {"processing.purposes"}, (rule.code, sorted(reads - declared))


def _latin_words(text: str, data: set[str]) -> set[str]:
    text = re.sub(r"`[^`]*`", " ", text)
    words = set()
    for token in re.findall(r"[A-Za-z][A-Za-z0-9_./*:@()\-]*", text):
        token = token.strip("().:")
        if (
            re.search(r"[._/@*:]|\d", token)
            or len(token) < 2
            or token in NEUTRAL | data
            or re.fullmatch(r"A+a*", token)
        ):
            continue
        words.add(token)
    return words


@pytest.mark.parametrize("context", [None, "bg.yaml"])
def test_a_bulgarian_report_has_no_english_outside_the_data(project, context) -> None:
    Path("bg.yaml").write_text(BG_CONTEXT, encoding="utf-8")
    doc = api.build_report(["data", "db"], context=context, lang="bg", generated_at=STAMP)
    data = {w for r in doc.inventory for w in re.split(r"[\s,;:]+", f"{r.path} {r.object} {r.field} {r.entity_type}")}
    data |= {w for r in doc.inventory for w in re.findall(r"\w+", r.evidence) if re.fullmatch(r"[a-z_]+", w)}
    data |= set(ProcessingContext.model_fields) | {"support"}  # the file's keys and the purpose id people chose
    english = {v for v in label_strings(labels("en")) if v not in label_strings(labels("bg"))}
    renderings = _renderings(doc)
    pia = json.loads(render_cnil_pia(doc, load_context(context) if context else None))
    texts = [a["data"]["text"] or "" for a in pia["answers"]] + [m["content"] for m in pia["measures"]]
    renderings["cnil-pia"] = re.sub(r"<[^>]+>", " ", " ".join([*texts, *(c["description"] for c in pia["comments"])]))
    for fmt, text in renderings.items():
        leftover = _latin_words(text, data)
        assert not leftover, (fmt, sorted(leftover))
        assert not [e for e in english if len(e) > 12 and e in text], fmt
    if context:
        assert doc.waived and "Заместник-кмет" in render_markdown(doc)


def test_an_english_report_has_no_bulgarian_label(project) -> None:
    doc = api.build_report(["data", "db"], context="rightskit-context.yaml", generated_at=STAMP)
    bulgarian = {v for v in label_strings(labels("bg")) if re.search(r"[а-я]", v)}
    for fmt, text in _renderings(doc).items():
        assert not [b for b in bulgarian if b in text], fmt
        assert not re.search(r"[А-Яа-я]{3,}", re.sub(r"ЕГН", "", text)), fmt


def test_docx_is_a4(project) -> None:
    import docx

    Path("r.docx").write_bytes(render_docx(api.build_report(["data"], generated_at=STAMP)))
    section = docx.Document("r.docx").sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
