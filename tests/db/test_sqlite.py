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
