from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from rightskit import scan
from tests.helpers import Gen


def test_sqlite_scan_is_read_only_and_names_tables(tmp_path: Path) -> None:
    path = tmp_path / "city.db"
    g = Gen(5)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, egn TEXT, email TEXT, score INTEGER)")
        conn.executemany(
            "INSERT INTO people (egn, email, score) VALUES (?, ?, ?)", [(g.egn(), g.email(), i) for i in range(5000)]
        )
        conn.execute("CREATE TABLE stops (name TEXT, lat REAL, lon REAL)")
        conn.executemany("INSERT INTO stops VALUES (?, ?, ?)", [("Сердика", 42.69, 23.32)] * 50)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = scan(f"sqlite:///{path}", sample=500)
    assert {(f.object, f.field, f.entity_type) for f in result.findings} == {
        ("people", "egn", "BG_EGN"), ("people", "email", "EMAIL_ADDRESS"),
    }  # fmt: skip
    assert result.sources[0].rows_scanned == 500 + 50
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_missing_sqlite_file_is_an_error(tmp_path: Path) -> None:
    result = scan(f"sqlite:///{tmp_path / 'nope.db'}")
    assert result.has_errors and "no such database file" in result.sources[0].errors[0]


def test_a_file_name_with_uri_characters_is_opened_read_only_and_nothing_is_created(tmp_path: Path) -> None:
    """Issue 22: '#' and an encoded '?' in the path ended the SQLite URI before mode=ro: an empty file was created
    and opened for writing, and the scan reported a clean database."""
    import os
    from urllib.parse import quote

    for name in ["backup#1.db", "t.db?mode=rwc&x=", "a b%20c.db"]:
        path = tmp_path / name
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE people (email TEXT)")
            conn.executemany("INSERT INTO people VALUES (?)", [(f"user{i}@example.bg",) for i in range(50)])
        before = sorted(os.listdir(tmp_path))
        # A URL's own "?" starts its query and "%" escapes, so such file names are written percent-encoded.
        result = scan(f"sqlite:///{quote(str(path)) if '#' not in name else path}", sample=500)
        assert sorted(os.listdir(tmp_path)) == before, name
        assert [f.entity_type for f in result.findings] == ["EMAIL_ADDRESS"], name
        with sqlite3.connect(path) as conn:
            assert conn.execute("SELECT count(*) FROM people").fetchone() == (50,)


def test_a_url_query_never_reopens_the_file_for_writing(tmp_path: Path) -> None:
    import os

    path = tmp_path / "t.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE people (email TEXT)")
    for url in [f"sqlite:///{path}?mode=rwc", f"sqlite:///{tmp_path / 'absent.db'}?mode=rwc&x="]:
        scan(url, sample=10)
        assert sorted(os.listdir(tmp_path)) == ["t.db"], url


def test_an_endless_view_and_a_hostile_table_name_neither_hang_nor_stop_the_scan(tmp_path: Path, monkeypatch) -> None:
    """Issue 22: SQLite has no statement timeout, and a table name was pasted into SQL unquoted."""
    from rightskit.sources import database

    monkeypatch.setattr(database, "STATEMENT_TIMEOUT_S", 1)
    path = tmp_path / "hostile.db"
    with sqlite3.connect(path) as conn:
        conn.execute('CREATE TABLE "we""ird" (email TEXT)')
        conn.executemany('INSERT INTO "we""ird" VALUES (?)', [(f"user{i}@example.bg",) for i in range(2000)])
        conn.execute(
            "CREATE VIEW endless AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
            "SELECT i FROM n WHERE i < 0"
        )
    result = scan(f"sqlite:///{path}", sample=500)
    assert [(f.object, f.entity_type) for f in result.findings] == [('we"ird', "EMAIL_ADDRESS")]
    errors = [e for s in result.sources for e in s.errors]
    assert any("endless" in e for e in errors), errors


def test_a_database_error_that_quotes_a_cell_value_shows_its_shape_only(tmp_path: Path) -> None:
    """Issue 22: SQLite's 'JSON path error near …' echoed a cell value to stderr and the JSON."""
    path = tmp_path / "echo.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (doc TEXT, email TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('{}', 'ivan.petrov@example.bg')")
        conn.execute("CREATE VIEW broken AS SELECT json_extract(doc, email) AS x FROM contacts")
    result = scan(f"sqlite:///{path}", sample=50)
    errors = [e for s in result.sources for e in s.errors]
    assert any("broken" in e for e in errors), errors
    text = result.model_dump_json()
    assert "ivan.petrov" not in text and "a***@a***.bg" in text
