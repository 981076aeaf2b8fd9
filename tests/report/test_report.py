"""DPIA reports end to end: golden Markdown and JSON, schema, DRAFT/FINAL, formats, no leaks, CNIL PIA, diff."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from rightskit import api
from rightskit.cli.main import cli
from rightskit.models.cnil import CnilPia
from rightskit.models.publish import load_schema
from rightskit.report.render import render_cnil_pia, render_docx, render_html, render_json, render_markdown
from tests.report.project import make_project

GOLDEN = Path(__file__).parent / "golden"
STAMP = "2026-11-28T12:00:00Z"
# The CNIL PIA tool's export (exportData() in src/app/services/pia.service.ts), as described in the format notes.
CNIL_PIA_FIELDS = {
    "name", "category", "status", "author_name", "evaluator_name", "validator_name", "dpo_status", "dpo_opinion",
    "dpos_names", "concerned_people_searched_opinion", "concerned_people_searched_content",
    "concerned_people_status", "concerned_people_opinion", "people_names", "rejection_reason",
    "applied_adjustments", "created_at", "updated_at",
}  # fmt: skip
CNIL_QUESTIONS = {111, 112, 113, 121, 122, 123, 211, 212, 213, 214, 215, *range(221, 228),
                  *range(321, 327), *range(331, 337), *range(341, 347)}  # fmt: skip


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> list[str]:
    monkeypatch.chdir(tmp_path)
    return make_project(tmp_path)


def _doc(context: str | None = "rightskit-context.yaml", lang: str = "en"):
    return api.build_report(["data", "db"], context=context, lang=lang, generated_at=STAMP)


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("RIGHTSKIT_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; set RIGHTSKIT_UPDATE_GOLDEN=1 if intended"


def test_markdown_and_json_match_the_golden_files(project) -> None:
    doc = _doc()
    _golden("dpia.md", render_markdown(doc))
    _golden("dpia.json", render_json(doc))


def test_json_report_validates_against_its_published_schema(project) -> None:
    for context in ("rightskit-context.yaml", None):
        jsonschema.validate(json.loads(render_json(_doc(context))), load_schema("report-v1.schema.json"))


def test_complete_context_gives_a_final_report_with_hashes(project) -> None:
    doc = _doc()
    assert doc.status == "FINAL", doc.missing
    assert {"data/applicants.csv", "db/schema.sql", "db/views.sql", "findings", "context"} <= doc.hashes.keys()
    assert all(len(h) == 64 for h in doc.hashes.values())
    assert doc.screening_verdict == "required"
    assert {r.id for r in doc.risks} == {
        "illegitimate_access", "unwanted_modification", "disappearance", "reidentification", "discrimination"
    }  # fmt: skip
    assert all(r.from_context for r in doc.risks)
    assert not doc.blocking and not any(a.code == "RK-SEC-04" for a in doc.actions)
    assert [(w.code, w.approved_by, w.expires) for w in doc.waived] == [("RK-SEC-04", "Deputy Mayor", "2999-12-31")]
    assert {s.principle for s in doc.scorecard} == {"P1", "P2", "P3", "P4", "P5"}
    assert any(f.target == "applicant_contacts.contact" for f in doc.flows)


def test_without_context_the_report_is_a_draft_with_suggested_gauges(project) -> None:
    doc = _doc(None)
    assert doc.status == "DRAFT"
    assert any("context file" in m for m in doc.missing)
    assert not any(r.from_context for r in doc.risks)
    assert all(1 <= r.suggested_severity <= 4 and 1 <= r.suggested_likelihood <= 4 for r in doc.risks)
    assert "DRAFT" in render_markdown(doc)


def test_a_changed_input_changes_its_hash(project, tmp_path: Path) -> None:
    before = _doc().hashes
    (tmp_path / "db" / "views.sql").write_text("SELECT 1;\n", encoding="utf-8")
    after = _doc().hashes
    assert before["db/views.sql"] != after["db/views.sql"]
    assert before["db/schema.sql"] == after["db/schema.sql"]


def test_context_init_names_what_the_findings_require_and_check_lists_it(project) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["context", "init", "data", "db", "-o", "draft.yaml"])
    assert result.exit_code == 0, result.output
    text = Path("draft.yaml").read_text(encoding="utf-8")
    assert "Art. 9(2) condition for applicants.diagnosis" in text
    assert "national identification numbers" in text
    checked = runner.invoke(cli, ["context", "check", "draft.yaml"])
    assert checked.exit_code == 1
    assert "missing: consultation.dpo_advice" in checked.output
    assert "missing: risks.discrimination (severity and likelihood)" in checked.output
    # The skeleton is a valid context: a report from it is a DRAFT listing the same gaps.
    doc = _doc("draft.yaml")
    assert doc.status == "DRAFT" and "signoff (decision, approver, date)" in doc.missing
    assert any("art9_condition" in m for m in doc.missing)
    assert runner.invoke(cli, ["context", "check", "rightskit-context.yaml"]).exit_code == 0
    assert runner.invoke(cli, ["context", "init", "data", "-o", "draft.yaml"]).exit_code == 2  # never overwrites


def test_a_broken_context_file_is_a_clear_error(project) -> None:
    Path("bad.yaml").write_text(
        'schema_version: "2"\nprocessing: {id: x, name: y}\nrisks: {disappearance: {severity: 9}}\n'
    )
    result = CliRunner().invoke(cli, ["context", "check", "bad.yaml"])
    assert result.exit_code == 2
    assert "bad.yaml" in result.output and "severity" in result.output


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").decode("utf-8")


@pytest.mark.parametrize("context", ["rightskit-context.yaml", None])
def test_no_planted_value_appears_in_any_format(project, context) -> None:
    doc = _doc(context)
    from rightskit.models.context import ProcessingContext
    from rightskit.policy.load import load_context

    ctx: ProcessingContext | None = load_context(context) if context else None
    outputs = {
        "md": render_markdown(doc),
        "html": render_html(doc),
        "json": render_json(doc),
        "cnil-pia": render_cnil_pia(doc, ctx),
        "docx": _docx_text(render_docx(doc)),
    }
    for fmt, text in outputs.items():
        leaked = [v for v in project if v in text]
        assert not leaked, f"{fmt} leaks {len(leaked)} planted value(s)"
    assert "Aaaa" in outputs["md"]  # shape-only examples are there instead


def test_cli_writes_every_format_atomically(project) -> None:
    runner = CliRunner()
    for fmt in ("md", "html", "docx", "json", "cnil-pia"):
        result = runner.invoke(cli, ["report", "data", "db", "--context", "rightskit-context.yaml", "--format", fmt,
                                     "-o", f"out/report.{fmt}"])  # fmt: skip
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in Path("out").iterdir()) == [
        "report.cnil-pia", "report.docx", "report.html", "report.json", "report.md"
    ]  # fmt: skip
    import docx

    document = docx.Document("out/report.docx")
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Risks to data subjects (Art. 35(7)(c))" in headings and "Sign-off" in headings
    assert runner.invoke(cli, ["report", "data", "--format", "docx"]).exit_code == 2  # binary needs -o


def test_a_saved_findings_json_is_reported_like_the_scan(project) -> None:
    Path("findings.json").write_text(api.scan(["data", "db"]).to_json(), encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", "findings.json", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["inventory"]) == len(_doc(None).inventory)


def test_unreadable_input_is_exit_2_and_no_report_is_written(project) -> None:
    Path("data/broken.parquet").write_bytes(b"PAR1 not really")
    result = CliRunner().invoke(cli, ["report", "data", "--format", "md", "-o", "r.md"])
    assert result.exit_code == 2
    assert "broken.parquet" in result.stderr and "no report written" in result.stderr
    assert not Path("r.md").exists()
    missing = CliRunner().invoke(cli, ["report", "/nonexistent/folder", "-o", "x.md"])
    assert missing.exit_code == 2 and "/nonexistent/folder: no such file or directory" in missing.stderr
    assert not Path("x.md").exists() and "Traceback" not in missing.output


def test_bulgarian_labels(project) -> None:
    text = render_markdown(_doc(lang="bg"))
    assert "## Рискове за субектите на данни (чл. 35(7)(в))" in text
    assert "ОКОНЧАТЕЛЕН" in text


def test_cnil_pia_has_every_field_of_the_tool_export_and_round_trips(project) -> None:
    from rightskit.policy.load import load_context

    text = render_cnil_pia(_doc(), load_context("rightskit-context.yaml"))
    data = json.loads(text)
    assert set(data) == {"pia", "answers", "measures", "evaluations", "comments"}
    assert set(data["pia"]) == CNIL_PIA_FIELDS
    assert {a["reference_to"] for a in data["answers"]} == CNIL_QUESTIONS
    for answer in data["answers"]:
        assert set(answer) == {"reference_to", "data", "created_at", "updated_at"}
        assert set(answer["data"]) == {"text", "gauge", "list"}
    gauges = {a["reference_to"]: a["data"]["gauge"] for a in data["answers"]}
    assert (gauges[325], gauges[326]) == (3, 2)  # illegitimate access, from the context
    assert all(1 <= gauges[q] <= 4 for q in (335, 336, 345, 346))
    for m in data["measures"]:
        assert set(m) == {"id", "title", "content", "placeholder", "created_at"}
    extra = " ".join(m["title"] for m in data["measures"]) + " ".join(c["description"] for c in data["comments"])
    assert "Re-identification after publication" in extra and "Discrimination" in extra
    assert data["pia"]["status"] == 3 and data["pia"]["dpo_status"] == 1
    # Round trip through the format's structure: parse, dump, identical.
    assert CnilPia.model_validate_json(text).model_dump_json(indent=2) + "\n" == text
    jsonschema.validate(data, load_schema("cnil-pia.schema.json"))


def test_diff_reports_new_removed_and_changed_fields_and_violations(project, tmp_path: Path) -> None:
    runner = CliRunner()
    Path("old.json").write_text(api.scan(["db"]).to_json(), encoding="utf-8")
    schema = tmp_path / "db" / "schema.sql"
    schema.write_text(
        schema.read_text(encoding="utf-8").replace("diagnosis text,", "iban text,").replace(
            "GRANT SELECT ON applicants TO PUBLIC;\n", ""),
        encoding="utf-8",
    )  # fmt: skip
    Path("new.json").write_text(api.scan(["db"]).to_json(), encoding="utf-8")
    result = runner.invoke(cli, ["diff", "old.json", "new.json", "--format", "json", "--exit-code"])
    assert result.exit_code == 1, result.output
    d = json.loads(result.stdout)
    assert [f["field"] for f in d["new_fields"]] == ["iban"]
    assert [f["field"] for f in d["removed_fields"]] == ["diagnosis"]
    assert "RK-SEC-04" in {v["code"] for v in d["resolved_violations"]}
    jsonschema.validate(d, load_schema("diff-v1.schema.json"))
    same = runner.invoke(cli, ["diff", "new.json", "new.json", "--exit-code"])
    assert same.exit_code == 0 and "no change" in same.output


def test_report_since_an_earlier_scan_lists_the_changes(project, tmp_path: Path) -> None:
    Path("before.json").write_text(api.scan(["data"]).to_json(), encoding="utf-8")
    with (tmp_path / "data" / "applicants.csv").open(encoding="utf-8") as fh:
        rows = fh.read().splitlines()
    Path("data/applicants.csv").write_text(
        "\n".join(r.rsplit(",", 2)[0] + "," + r.rsplit(",", 1)[1] for r in rows) + "\n", encoding="utf-8"
    )  # drop the district column
    result = CliRunner().invoke(cli, ["report", "data", "--since", "before.json", "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "## Changes since the earlier scan (Art. 35(11))" in result.stdout
    assert "- removed: data/applicants.csv district (LOCATION)" in result.stdout


@pytest.mark.parametrize(
    ("screening", "groups", "verdict", "missing"),
    [
        ({}, "[]", "recommended", None),  # only "sensitive data" is detected in data/ alone
        ({"innovative technology": True}, "[]", "required", None),  # a person confirms a second criterion
        ({"sensitive or highly personal data": False}, "[]", "not_required", None),  # and may overrule the tool
        ({}, "[children]", "required", None),  # the CPDP list: children's data alone requires a DPIA
        ({"innovative tech": True}, "[]", "recommended", "screening (unknown screening criterion 'innovative tech')"),
    ],
)
def test_screening_combines_signals_answers_and_the_cpdp_list(project, screening, groups, verdict, missing) -> None:
    Path("ctx.yaml").write_text(
        'schema_version: "2"\nprocessing: {id: p, name: P, vulnerable_groups: ' + groups + "}\n"
        + "screening: " + json.dumps(screening) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    doc = api.build_report(["data"], context="ctx.yaml", generated_at=STAMP)
    assert doc.screening_verdict == verdict
    assert {c.source for c in doc.screening} == {"WP248", "CPDP"}
    assert sum(c.source == "WP248" for c in doc.screening) == 9
    if missing:
        assert missing in doc.missing
