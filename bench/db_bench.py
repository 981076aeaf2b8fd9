"""Database benchmark: a 10,000,000-row PostgreSQL table scanned in default sample mode, and its query plan.

Run: python bench/db_bench.py [ROWS]   (starts its own PostgreSQL server in a temporary folder)
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from tests.pgserver import PostgresServer  # noqa: E402


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    server = PostgresServer().start()
    try:
        with server.connect() as conn:
            start = time.perf_counter()
            conn.execute(
                "CREATE TABLE register AS SELECT g AS id, lpad((g % 100000000)::text, 10, '0') AS ref, "
                "'user' || g || '@example.bg' AS email, md5(g::text) AS note, now() - (g || ' seconds')::interval AS ts "
                f"FROM generate_series(1, {rows}) g"
            )
            conn.execute("ANALYZE register")
            print(f"created {rows:,} rows in {time.perf_counter() - start:.1f} s")
        exe = Path(sys.executable).parent / "rightskit"
        start = time.perf_counter()
        out = subprocess.run([str(exe), "scan", server.url(), "--format", "json"], capture_output=True, text=True)
        took = time.perf_counter() - start
        print(
            f"rightskit scan (default sample) of a {rows:,}-row table, whole process: {took:.2f} s (exit {out.returncode})"
        )
        from sqlalchemy import text

        from rightskit.sources.database import Database

        db = Database(server.url())
        with db.connect() as conn:
            table = next(t for t in db.tables(conn, [], []) if t.name == "register")
            stmt = db.tablesample_statement(table, db.columns(conn, table), 1000, 0, db.row_estimate(conn, table))
            sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))
            plan = [r[0] for r in conn.execute(text("EXPLAIN " + sql))]
        db.engine.dispose()
        print("query plan:", " | ".join(p.strip() for p in plan))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
