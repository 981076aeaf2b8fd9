"""Lineage through query shapes: which personal columns reach each output column, and how."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rightskit.detect.detector import default_detector
from rightskit.schemas.sqlscan import SqlSource, scan_sql

DDL = """
CREATE TABLE citizens (id int, egn char(10), full_name text, email text, gender char(1), district text, religion text);
CREATE TABLE signals (id int, citizen_id int, body text, created_at timestamp);
CREATE TABLE products (sku text, price numeric);
CREATE VIEW v_people AS SELECT * FROM citizens;
"""

# (name, query, {output column: expected entity or None}, expected transforms on an output, or None)
SHAPES = [
    ("plain", "SELECT egn, id FROM citizens", {"egn": "BG_EGN", "id": None}),
    ("alias", "SELECT c.full_name AS who FROM citizens AS c", {"who": "PERSON"}),
    (
        "cte_chain",
        "WITH a AS (SELECT egn, email FROM citizens), b AS (SELECT email AS mail FROM a) SELECT mail FROM b",
        {"mail": "EMAIL_ADDRESS"},
    ),
    ("star_through_view", "SELECT * FROM v_people", {"egn": "BG_EGN", "full_name": "PERSON", "id": None}),
    ("star_in_cte", "WITH x AS (SELECT * FROM citizens) SELECT x.email FROM x", {"email": "EMAIL_ADDRESS"}),
    (
        "join_aliases",
        "SELECT s.body, c.full_name FROM signals s JOIN citizens c ON c.id = s.citizen_id",
        {"body": None, "full_name": "PERSON"},
    ),
    ("subquery", "SELECT t.e FROM (SELECT email AS e FROM citizens) AS t", {"e": "EMAIL_ADDRESS"}),
    (
        "correlated",
        "SELECT c.full_name, (SELECT count(*) FROM signals s WHERE s.citizen_id = c.id) AS n FROM citizens c",
        {"full_name": "PERSON", "n": None},
    ),
    (
        "window",
        "SELECT egn, row_number() OVER (PARTITION BY district ORDER BY id) AS rn FROM citizens",
        {"egn": "BG_EGN", "rn": None},
    ),
    ("union", "SELECT email FROM citizens UNION ALL SELECT sku FROM products", {"email": "EMAIL_ADDRESS"}),
    ("hash", "SELECT md5(egn) AS h FROM citizens", {"h": "BG_EGN"}),
    ("sha256", "SELECT sha256(email) AS h FROM citizens", {"h": "EMAIL_ADDRESS"}),
    (
        "aggregate",
        "SELECT district, count(egn) AS people FROM citizens GROUP BY district",
        {"district": "LOCATION", "people": None},
    ),
    ("truncate", "SELECT left(egn, 6) AS born FROM citizens", {"born": "BG_EGN"}),
    ("expression", "SELECT upper(full_name) || '!' AS shout FROM citizens", {"shout": "PERSON"}),
    ("not_personal", "SELECT sku, price * 2 AS double FROM products", {"sku": None, "double": None}),
]


def _scan(sql: str):
    result, _ = scan_sql([SqlSource("ddl.sql", DDL), SqlSource("q.sql", sql)], default_detector(), dialect="postgres")
    return result


@pytest.mark.parametrize(("name", "sql", "expected"), SHAPES, ids=[s[0] for s in SHAPES])
def test_query_shapes(name: str, sql: str, expected: dict[str, str | None]) -> None:
    result = _scan(sql)
    got = {f.field: f.entity_type for f in result.findings if f.path == "q.sql"}
    for column, entity in expected.items():
        assert got.get(column) == entity, (column, got)
    assert result.warnings["q.sql"] == []


def test_hash_and_aggregation_are_recorded() -> None:
    result = _scan("SELECT md5(egn) AS h, count(*) AS n FROM citizens")
    edges = {f["field"]: f for f in result.facts if f["type"] == "lineage"}
    assert edges["h"]["sources"] == ["citizens.egn"] and edges["h"]["transforms"] == ["hash:md5"]
    assert edges["n"]["transforms"] == ["aggregate:count"]
    [finding] = [f for f in result.findings if f.field == "h"]
    assert any("hashed" in n for n in finding.evidence.notes)


@pytest.mark.parametrize(
    ("sql", "target", "columns"),
    [
        (
            "CREATE TABLE export AS SELECT egn, full_name FROM citizens",
            "export",
            {"egn": "BG_EGN", "full_name": "PERSON"},
        ),
        ("INSERT INTO archive (a, b) SELECT email, id FROM citizens", "archive", {"a": "EMAIL_ADDRESS"}),
        ("CREATE VIEW contacts AS SELECT c.email AS mail FROM citizens c", "contacts", {"mail": "EMAIL_ADDRESS"}),
    ],
    ids=["ctas", "insert_select", "view"],
)
def test_writes(sql: str, target: str, columns: dict[str, str]) -> None:
    result = _scan(sql)
    got = {(f.object, f.field): f.entity_type for f in result.findings if f.path == "q.sql"}
    for column, entity in columns.items():
        assert got.get((target, column)) == entity, got


def test_uses_in_predicates_and_scores() -> None:
    sql = """SELECT id, CASE WHEN gender = 'F' AND religion = 'X' THEN 10 ELSE 0 END AS score
             FROM citizens WHERE district = 'Лозенец' ORDER BY egn"""
    uses = {(f["clause"], f["column"], f["protected"]) for f in _scan(sql).facts if f["type"] == "personal_data_use"}
    assert ("computed", "citizens.gender", True) in uses
    assert ("computed", "citizens.religion", True) in uses
    assert ("where", "citizens.district", False) in uses
    assert ("order_by", "citizens.egn", False) in uses


@pytest.mark.parametrize(
    ("sql", "fact"),
    [
        ("GRANT SELECT ON citizens TO PUBLIC", {"type": "grant_public", "object": "citizens"}),
        ("COPY citizens TO '/tmp/citizens.csv' CSV", {"type": "export", "method": "COPY"}),
        ("SELECT egn INTO OUTFILE '/tmp/x' FROM citizens", {"type": "export", "method": "INTO OUTFILE"}),
        ("UPDATE citizens SET email = NULL", {"type": "unbounded_write", "statement": "UPDATE"}),
        ("DELETE FROM signals", {"type": "unbounded_write", "statement": "DELETE"}),
        ("SELECT * FROM citizens", {"type": "select_star", "tables": ["citizens"]}),
    ],
)
def test_facts(sql: str, fact: dict) -> None:
    facts = _scan(sql).facts
    assert any(all(f.get(k) == v for k, v in fact.items()) for f in facts), facts


def test_no_fact_for_bounded_writes_and_private_grants() -> None:
    facts = _scan("UPDATE citizens SET email = NULL WHERE id = 1; GRANT SELECT ON citizens TO analyst;").facts
    assert [f for f in facts if f["type"] in ("unbounded_write", "grant_public")] == []


def test_a_scan_reads_the_same_whatever_pythons_hash_seed(tmp_path: Path) -> None:
    """Sets iterate in a different order in every Python process: the findings and facts must not."""
    import subprocess
    import sys

    (tmp_path / "forum.sql").write_text(
        """\
CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80), url VARCHAR(255), state VARCHAR(40), addr VARCHAR(80));
CREATE TABLE contact (id INT PRIMARY KEY, uid INT REFERENCES users(id), name VARCHAR(80), url VARCHAR(255),
  thumb VARCHAR(255), writable BOOLEAN, network VARCHAR(10));
CREATE VIEW post_view AS SELECT
  COALESCE(c.name, u.name) AS author_name,
  CASE WHEN c.url <> '' THEN c.url ELSE u.url END AS author_link,
  CASE WHEN c.network = 'dfrn' THEN c.writable ELSE u.state = 'open' END AS writable
FROM contact c JOIN users u ON u.id = c.uid;
""",
        encoding="utf-8",
    )
    outputs = []
    for seed in ("1", "2", "3"):
        out = tmp_path / f"seed{seed}.json"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        cmd = [
            sys.executable,
            "-m",
            "rightskit",
            "scan",
            str(tmp_path / "forum.sql"),
            "--format",
            "json",
            "-o",
            str(out),
        ]
        subprocess.run(cmd, env=env, check=False, capture_output=True)
        outputs.append(out.read_bytes())
    assert b"author_name" in outputs[0]
    assert outputs[0] == outputs[1] == outputs[2]


def test_lineage_through_quoted_names_reaches_the_source_columns() -> None:
    """MySQL's backticks and PostgreSQL's double quotes stay on sqlglot's lineage names (people."email"): the
    source column is the name without them, or a view of a quoted table traces to nothing."""
    ddl = (
        "CREATE TABLE `contact` (`id` int, `name` varchar(255), `nick` varchar(255), `photo` varchar(255));\n"
        "CREATE VIEW `post-view` AS SELECT `author`.`name` AS `author-name`, `author`.`nick` AS `author-nick`\n"
        "  FROM `contact` AS `author`;\n"
    )
    result, _ = scan_sql([SqlSource("f.sql", ddl)], default_detector())
    found = {(f.object, f.field): f.entity_type for f in result.findings}
    assert found[("post-view", "author-name")] == "PERSON"
    assert found[("post-view", "author-nick")] == "USERNAME"
    facts = [f for f in result.facts if f["type"] == "lineage" and f["field"] == "author-name"]
    assert facts[0]["sources"] == ["contact.name"]
