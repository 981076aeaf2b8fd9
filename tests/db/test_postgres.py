"""Scanning a real PostgreSQL server: accuracy, read-only, sampled plans, errors without the password."""

from __future__ import annotations

import json

from click.testing import CliRunner

from rightskit import scan
from rightskit.cli.main import cli
from rightskit.sources.database import Database
from tests.db.conftest import LABELS
from tests.pgserver import PASSWORD


def test_column_precision_and_recall(pg) -> None:
    result = scan(pg.url())
    assert not result.has_errors, result.sources
    [source] = result.sources
    assert source.kind.value == "database" and source.objects >= 12 and source.rows_total_estimated
    found: dict[tuple[str, str], str] = {}
    for f in sorted(result.findings, key=lambda f: f.confidence):
        found[(f.object, f.field)] = f.entity_type
    tp = sum(1 for k, v in LABELS.items() if v and k in found)
    fp = sum(1 for k in found if not LABELS.get(k))
    fn = sum(1 for k, v in LABELS.items() if v and k not in found)
    assert tp / (tp + fp) >= 0.95, [k for k in found if not LABELS.get(k)]
    assert tp / (tp + fn) >= 0.95, [k for k, v in LABELS.items() if v and k not in found]
    assert all(f.kind.value == "database" and "." in (f.object or "") for f in result.findings)


def test_password_never_appears(pg) -> None:
    runner = CliRunner()
    ok = runner.invoke(cli, ["scan", pg.url(), "--format", "json"])
    assert ok.exit_code == 0
    doc = json.loads(ok.stdout)
    assert (
        PASSWORD not in ok.output and doc["sources"][0]["path"] == f"postgresql://postgres@127.0.0.1:{pg.port}/postgres"
    )
    wrong = runner.invoke(cli, ["scan", pg.url(password="Not-The-Pw-1")])
    assert wrong.exit_code == 2
    assert "password authentication failed" in wrong.stderr and "Not-The-Pw-1" not in wrong.output


def test_missing_permission_is_an_error_per_table_and_the_rest_is_scanned(pg) -> None:
    result = scan(pg.url(user="auditor", password="Auditor-Pw-9"))
    [source] = result.sources
    assert any("public.citizens" in e and "permission denied" in e for e in source.errors)
    assert "Auditor-Pw-9" not in result.to_json()
    assert {f.object for f in result.findings} <= {"public.bus_stops", "public.products"}
    assert source.objects == 2


def test_connection_is_read_only_and_sampling_uses_tablesample(pg) -> None:
    from sqlalchemy import text

    db = Database(pg.url())
    with db.connect() as conn:
        try:
            conn.execute(text("INSERT INTO products VALUES ('x', 'y', 1)"))
            raise AssertionError("a write went through")
        except Exception as exc:
            assert "read-only" in str(exc)
        conn.rollback()
        table = next(t for t in db.tables(conn, [], []) if t.qualified == "public.citizens")
        columns = db.columns(conn, table)
        stmt = db.tablesample_statement(table, columns, 200, 7, db.row_estimate(conn, table))
        plan = "\n".join(
            r[0]
            for r in conn.execute(text("EXPLAIN " + str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))))
        )
    assert "Sample Scan" in plan and "Seq Scan" not in plan
    db.engine.dispose()


def test_include_exclude_and_repeatable_samples(pg) -> None:
    only = scan(pg.url(), include_tables=["public.citizens", "registry.*"], exclude_tables=["*empty*"])
    assert {f.object for f in only.findings} == {"public.citizens"}
    a = scan(pg.url(), include_tables=["public.citizens"], sample=100, seed=3)
    b = scan(pg.url(), include_tables=["public.citizens"], sample=100, seed=3)
    assert a.to_json() == b.to_json()
