"""DDL in several dialects, schema documents, SQL text handling, and robustness against broken input."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from rightskit import scan
from rightskit.schemas.sqltext import guess_dialect, render_dbt, split_statements

BENCH = Path(__file__).parents[2] / "bench"

DIALECT_CASES = [
    ("postgres", "CREATE TABLE p.people (id serial, egn char(10), client_ip inet, created_at timestamptz);"
                 "\nCOMMENT ON COLUMN p.people.egn IS 'ЕГН';", {"egn": "BG_EGN", "client_ip": "IP_ADDRESS"}),
    ("mysql", "CREATE TABLE `people` (`id` int AUTO_INCREMENT, `holder` varchar(99) COMMENT 'Име на лицето', "
              "`gender` enum('male','female'), PRIMARY KEY (`id`)) ENGINE=InnoDB;", {"gender": "GENDER"}),
    ("tsql", "CREATE TABLE [dbo].[People] ([Id] INT IDENTITY(1,1), [FullName] NVARCHAR(200), [Iban] NVARCHAR(34))\nGO",
     {"FullName": "PERSON", "Iban": "IBAN_CODE"}),
    ("oracle", "CREATE TABLE people (person_id NUMBER(10), lnch VARCHAR2(10), passport_no VARCHAR2(9));",
     {"lnch": "BG_LNCH", "passport_no": "BG_PASSPORT"}),
    ("sqlite", "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, username TEXT, password_hash TEXT);",
     {"username": "USERNAME", "password_hash": "PASSWORD"}),
    ("bigquery", "CREATE TABLE `p.d.visits` (visitor STRUCT<full_name STRING, email STRING>, n INT64);",
     {"visitor.full_name": "PERSON", "visitor.email": "EMAIL_ADDRESS"}),
    ("snowflake", "CREATE OR REPLACE TABLE RAW.T (FULL_NAME VARCHAR, EGN VARCHAR(10), PAYLOAD VARIANT);",
     {"FULL_NAME": "PERSON", "EGN": "BG_EGN"}),
]  # fmt: skip


@pytest.mark.parametrize(("dialect", "ddl", "expected"), DIALECT_CASES, ids=[c[0] for c in DIALECT_CASES])
def test_ddl_dialects(tmp_path: Path, dialect: str, ddl: str, expected: dict[str, str]) -> None:
    path = tmp_path / "schema.sql"
    path.write_text(ddl, encoding="utf-8")
    result = scan(path)
    got = {f.field: f.entity_type for f in result.findings}
    assert got == expected
    assert guess_dialect("schema.sql", ddl) == dialect
    assert all(f.kind.value == "schema" and f.location.line for f in result.findings)


def test_types_contradict_names(tmp_path: Path) -> None:
    (tmp_path / "s.sql").write_text(
        "CREATE TABLE t (email_verified boolean, phone_count int, email text, birth_date date, created_at date);",
        encoding="utf-8",
    )
    assert {f.field: f.entity_type for f in scan(tmp_path).findings} == {
        "email": "EMAIL_ADDRESS",
        "birth_date": "DATE_OF_BIRTH",
    }


def test_coordinates_count_in_tables_about_people_only(tmp_path: Path) -> None:
    (tmp_path / "s.sql").write_text(
        "CREATE TABLE citizens (id int, full_name text);\n"
        "CREATE TABLE signals (id int, citizen_id int, lat numeric, lon numeric);\n"
        "CREATE TABLE bus_stops (stop_id int, lat numeric, lon numeric);",
        encoding="utf-8",
    )
    got = {(f.object, f.field) for f in scan(tmp_path).findings}
    assert ("signals", "lat") in got and ("bus_stops", "lat") not in got


def test_line_numbers_in_pg_dump_style(tmp_path: Path) -> None:
    text = "SET x = 1;\n\n-- comment\nCREATE TABLE public.t (\n    id int,\n    email text\n);\n"
    (tmp_path / "dump.sql").write_text(text, encoding="utf-8")
    [finding] = scan(tmp_path).findings
    assert (finding.object, finding.field, finding.location.line) == ("public.t", "email", 6)


def test_split_statements_handles_quotes_dollars_copy_and_go() -> None:
    text = (
        "CREATE TABLE a (note text DEFAULT 'x;y');\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n"
        "COPY a (note) FROM stdin;\nИван; 7501010010\n\\.\nSELECT 1\nGO\nSELECT 2;"
    )
    stmts = split_statements(text)
    assert [s.line for s in stmts] == [1, 2, 3, 6, 8]
    assert not any("7501010010" in s.text for s in stmts), "COPY data rows are not statements"


def test_backslash_escapes_in_mysql_strings_do_not_end_them() -> None:
    # A MySQL install script's seed rows hold JSON and regular expressions with \' and \" inside strings; read
    # as closing quotes, one of them would swallow every later CREATE TABLE into a single unparsed statement.
    mysql = r"""INSERT INTO `opts` (`notes`) VALUES ('{\"pattern\":\"[a-z]+([ \'-][a-z]+)*\"}');
CREATE TABLE `patient_data` (`fname` varchar(255), `email` varchar(255)) ENGINE=InnoDB;
"""
    assert [s.line for s in split_statements(mysql, "mysql")] == [1, 2]
    assert [s.line for s in split_statements(mysql)] == [1, 2], "MySQL recognised from the text"
    # PostgreSQL's standard strings keep a backslash as a character: 'C:\' ends where its quote is
    postgres = r"""INSERT INTO paths VALUES ('C:\');
CREATE TABLE people (email text);
"""
    assert [s.line for s in split_statements(postgres, "postgres")] == [1, 2]


def test_dbt_jinja_is_tolerated() -> None:
    sql = (
        "{{ config(materialized='view') }}\nselect * from {{ ref('stg') }} join {{ source('raw','t') }} on 1=1\n"
        "{% if is_incremental() %} where x > (select max(x) from {{ this }}) {% endif %} and {{ my_macro('a') }}"
    )
    rendered = render_dbt(sql, "model")
    assert "stg" in rendered and "raw.t" in rendered and "{{" not in rendered and "{%" not in rendered
    assert rendered.count("\n") == sql.count("\n")


def test_schema_documents_and_content_routing(tmp_path: Path) -> None:
    (tmp_path / "s.json").write_text(json.dumps({
        "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "App", "type": "object",
        "properties": {"who": {"$ref": "#/$defs/Person"}, "n": {"type": "integer"}},
        "$defs": {"Person": {"type": "object", "properties": {"email": {"type": "string", "format": "email"},
                                                             "friend": {"$ref": "#/$defs/Person"}}}},
    }), encoding="utf-8")  # fmt: skip
    (tmp_path / "data.json").write_text(
        json.dumps([{"email": f"u{i}@example.bg"} for i in range(20)]), encoding="utf-8"
    )
    (tmp_path / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    result = scan(tmp_path)
    kinds = {Path(s.path).name: (s.kind.value, s.format, s.skipped) for s in result.sources}
    assert kinds["s.json"] == ("schema", "jsonschema", None)
    assert kinds["data.json"][0:2] == ("dataset", "json")
    assert kinds["notes.yaml"][2] == "YAML that is not a schema"
    fields = {(f.object, f.field) for f in result.findings if f.path.endswith("s.json")}
    assert fields == {("App", "who.email"), ("Person", "email")}  # the cycle through friend is walked once


def test_broken_sql_never_crashes_the_scan(tmp_path: Path) -> None:
    rng = random.Random(3)
    pieces = [
        "CREATE",
        "TABLE",
        "(",
        ")",
        "SELECT",
        "FROM",
        "WHERE",
        ";",
        "'",
        '"',
        "$$",
        "--",
        "/*",
        "egn",
        ",",
        "JOIN",
    ]
    garbage = " ".join(rng.choice(pieces) for _ in range(400))
    (tmp_path / "broken.sql").write_text(garbage + "\nCREATE TABLE ok (email text);", encoding="utf-8")
    (tmp_path / "half.sql").write_text("CREATE TABLE t (egn char(10), full_name", encoding="utf-8")
    result = scan(tmp_path)
    assert not result.has_errors
    strict = scan(tmp_path, strict=True)
    assert strict.has_errors and all("statement not parsed" in e for s in strict.sources for e in s.errors)
    assert all("ЕГН" not in w for s in result.sources for w in s.warnings)


def test_schema_evaluation_bar() -> None:
    sys.path.insert(0, str(BENCH))
    try:
        from schema_evaluate import evaluate
    finally:
        sys.path.remove(str(BENCH))
    r = evaluate()
    assert r["precision"] >= 0.9 and r["recall"] >= 0.9, (r["misses"], r["false_alarms"])
    assert r["errors"] == []
