"""``anonymise --sql-views``: a view meant for publication never exposes special categories, free text or the
keys that tie a row to a person, unless the plan keeps one knowingly (issue 19)."""

from __future__ import annotations

from pathlib import Path

import sqlglot
import yaml
from click.testing import CliRunner
from sqlglot import exp

from rightskit.cli.main import cli

SCHEMA = """
CREATE TABLE residents (
  resident_id int primary key,
  full_name varchar(120),
  ethnicity varchar(40),
  religious_belief varchar(40),
  date_of_birth date,
  district varchar(60),
  caseworker_notes text,
  registered_on timestamp
);
CREATE TABLE benefit_claims (
  claim_no int primary key,
  resident_id int references residents(resident_id),
  submitted date,
  amount numeric(10,2),
  statement varchar(4000),
  complaint_body text
);
CREATE TABLE tariffs (code varchar(10) primary key, label varchar(80), price numeric(8,2));
"""


def _views(tmp_path: Path, *extra: str) -> tuple[int, str, dict[str, list[str]]]:
    src = tmp_path / "schema.sql"
    src.write_text(SCHEMA, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["anonymise", str(src), "-o", str(out), "--sql-views", *extra])
    if result.exit_code != 0:
        return result.exit_code, result.output, {}
    sql = (out / "masking_views.sql").read_text(encoding="utf-8")
    views = {}
    for statement in sqlglot.parse(sql, read="postgres"):
        if statement is None:
            continue
        assert isinstance(statement, exp.Create) and statement.args.get("kind") == "VIEW"
        views[statement.this.name] = [p.alias_or_name for p in statement.expression.expressions]
    return 0, result.output, views


def test_publication_views_leave_out_special_categories_free_text_and_person_keys(tmp_path: Path) -> None:
    code, output, views = _views(tmp_path)
    assert code == 0, output
    assert views["residents_public"] == ["date_of_birth_year", "district", "registered_on_year"]
    assert views["benefit_claims_public"] == ["claim_no", "submitted_year", "amount"]
    assert "tariffs_public" not in views  # no one in it: nothing to mask
    for said in (
        "residents.ethnicity: withheld from the view (special category (ETHNIC_ORIGIN))",
        "residents.caseworker_notes: withheld from the view (free text)",
        "benefit_claims.resident_id: withheld from the view (ties a row to a person)",
        "benefit_claims.statement: withheld from the view (free text)",  # a varchar(4000) is text to read
    ):
        assert said in output
    labels = (tmp_path / "out" / "anonymizer_labels.sql").read_text(encoding="utf-8")
    assert "ON COLUMN residents.caseworker_notes IS 'MASKED WITH VALUE NULL'" in labels
    assert "ON COLUMN residents.ethnicity IS 'MASKED WITH VALUE NULL'" in labels


def test_a_plan_keeps_a_withheld_column_only_with_a_reason_and_may_drop_more(tmp_path: Path) -> None:
    plan = {
        "policy": "open-data-publication",
        "k": 5,
        "inputs": {
            "residents": [
                {"field": "ethnicity", "role": "sensitive", "action": "keep"},
                {"field": "district", "role": "quasi_identifier", "action": "drop"},
            ]
        },
    }
    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text(yaml.safe_dump(plan), encoding="utf-8")
    code, output, _ = _views(tmp_path, "--plan", str(plan_file))
    assert code == 2 and "residents.ethnicity is special category (ETHNIC_ORIGIN)" in output
    assert "accept: <reason>" in output and "Traceback" not in output
    assert not (tmp_path / "out").exists()

    plan["inputs"]["residents"][0]["accept"] = "aggregate statistics on minorities, approved by the DPO"
    plan_file.write_text(yaml.safe_dump(plan), encoding="utf-8")
    code, output, views = _views(tmp_path, "--plan", str(plan_file))
    assert code == 0, output
    assert views["residents_public"] == ["ethnicity", "date_of_birth_year", "registered_on_year"]
    assert "residents.district: withheld from the view (the plan drops it)" in output


def test_a_plan_naming_a_column_the_table_does_not_have_is_a_usage_error(tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text(
        yaml.safe_dump({"inputs": {"residents": [{"field": "ethnicty", "role": "sensitive", "action": "keep"}]}}),
        encoding="utf-8",
    )
    code, output, _ = _views(tmp_path, "--plan", str(plan_file))
    assert code == 2 and "table residents has no column ethnicty" in output
