"""Live databases by URL (PostgreSQL, MySQL/MariaDB, SQLite, any SQLAlchemy URL): catalogue and samples, read-only.

Every connection is read-only where the database supports it (PostgreSQL ``default_transaction_read_only``,
MySQL ``SET SESSION TRANSACTION READ ONLY``, SQLite ``mode=ro``) and has a statement timeout. Samples never read a
whole table: PostgreSQL ``TABLESAMPLE SYSTEM … REPEATABLE (seed)``, elsewhere bounded key ranges spread over the
table. Row totals come from catalogue statistics and are estimates. The password is never printed, logged or stored.
"""

from __future__ import annotations

import fnmatch
import os
import random
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from rightskit.errors import SourceError

URL_RE = re.compile(r"^(?P<scheme>[a-z][a-z0-9+]*)://", re.IGNORECASE)
SCHEMES = ("postgresql", "postgres", "mysql", "mariadb", "sqlite", "mssql", "oracle", "snowflake", "bigquery")
STATEMENT_TIMEOUT_S = 30
PASSWORD_ENV = "RIGHTSKIT_DB_PASSWORD"
_SYSTEM_SCHEMAS = {"information_schema", "pg_catalog", "pg_toast", "mysql", "performance_schema", "sys"}


def is_database_url(text: str) -> bool:
    """Whether an input is a database URL rather than a path."""
    m = URL_RE.match(text)
    return bool(m) and m.group("scheme").split("+")[0].lower() in SCHEMES


def display_url(url: str) -> str:
    """The URL as shown to people: without the password."""
    from sqlalchemy.engine import URL, make_url

    try:
        u = make_url(url)
        bare = URL.create(u.drivername, username=u.username, host=u.host, port=u.port, database=u.database)
        return bare.render_as_string(hide_password=False)
    except Exception:  # an unparsable URL: show only its scheme
        m = URL_RE.match(url)
        return f"{m.group('scheme')}://…" if m else "database"


_QUOTED = re.compile(r"'([^'\n]{0,200})'|\"([^\"\n]{0,200})\"")
_DETAIL = re.compile(r"=\(([^)\n]{0,200})\)")


def _without_values(text: str) -> str:
    """A database's error text with what it quotes reduced to shapes: drivers echo the offending value ("JSON path
    error near 'ivan@abv.bg'", 'Key (email)=(…) already exists'), and a message must never carry one. The table is
    named by the error's place instead."""
    from rightskit.masking import shape

    text = _DETAIL.sub(lambda m: f"=({shape(m.group(1))})", text)
    return _QUOTED.sub(lambda m: "'" + shape(m.group(1) if m.group(1) is not None else m.group(2)) + "'", text)


@dataclass(frozen=True)
class TableRef:
    schema: str | None
    name: str
    kind: str  # table | view

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}" if self.schema else self.name


@dataclass
class ColumnRef:
    name: str
    type: str
    comment: str | None
    position: int


class Database:
    """A read-only connection to one database."""

    def __init__(self, url: str, *, timeout_s: int | None = None) -> None:
        from sqlalchemy import create_engine, event
        from sqlalchemy.engine import make_url

        self.display = display_url(url)
        timeout_s = STATEMENT_TIMEOUT_S if timeout_s is None else timeout_s
        try:
            parsed = make_url(url)
        except Exception:
            raise SourceError("not a valid database URL", path=self.display) from None
        if parsed.password is None and os.environ.get(PASSWORD_ENV):
            parsed = parsed.set(password=os.environ[PASSWORD_ENV])
        self._secret = parsed.password
        backend = parsed.get_backend_name()
        self.backend = "postgresql" if backend in ("postgresql", "postgres") else backend
        connect_args: dict[str, Any] = {}
        if self.backend == "postgresql":
            if parsed.drivername in ("postgresql", "postgres"):
                parsed = parsed.set(drivername="postgresql+psycopg")
            connect_args = {
                "options": f"-c default_transaction_read_only=on -c statement_timeout={timeout_s * 1000}",
                "connect_timeout": 10,
            }
        elif self.backend in ("mysql", "mariadb"):
            if "+" not in parsed.drivername:
                parsed = parsed.set(drivername=f"{parsed.drivername}+pymysql")
            connect_args = {"connect_timeout": 10, "read_timeout": timeout_s}
        elif self.backend == "sqlite":
            path = parsed.database or ""
            if not path or path == ":memory:":
                raise SourceError("an SQLite URL needs a database file", path=self.display)
            if not os.path.exists(path):
                raise SourceError("no such database file", path=self.display)
            # Quoted: a "#" or "?" in the file name would otherwise end the path and drop mode=ro, and SQLite
            # would create an empty file and open it for writing.
            parsed = parsed.set(database=f"file:{quote(path, safe='/')}?mode=ro", query={"uri": "true"})
        try:
            self.engine = create_engine(parsed, connect_args=connect_args, pool_pre_ping=False)
        except Exception as exc:
            raise SourceError(f"cannot use this database URL ({type(exc).__name__})", path=self.display) from None

        @event.listens_for(self.engine, "connect")
        def _read_only(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            if self.backend in ("mysql", "mariadb"):
                cursor.execute("SET SESSION TRANSACTION READ ONLY")
                cursor.execute(f"SET SESSION max_execution_time = {timeout_s * 1000}")
            elif self.backend == "sqlite":
                cursor.execute("PRAGMA query_only = 1")
                # SQLite has no statement timeout: a view over an endless recursive query would hang the scan.
                deadline = self._sqlite_deadline
                dbapi_connection.set_progress_handler(lambda: int(time.monotonic() > deadline[0]), 10_000)
            cursor.close()

        if self.backend == "sqlite":
            self._sqlite_deadline = [float("inf")]

            @event.listens_for(self.engine, "before_cursor_execute")
            def _start_clock(*_args: Any) -> None:
                self._sqlite_deadline[0] = time.monotonic() + timeout_s

    def error(self, exc: BaseException, doing: str, where: str | None = None) -> SourceError:
        """A SourceError that names the database and the place, never the password."""
        orig = getattr(exc, "orig", exc)
        text = str(orig).strip().split("\n")[0]
        if self._secret:
            text = text.replace(self._secret, "***")
        text = re.sub(r"password=\S+", "password=***", text)
        text = _without_values(text)
        return SourceError(
            f"{doing} failed: {text[:200]}" if text else f"{doing} failed", path=self.display, where=where
        )

    def connect(self) -> Any:
        try:
            return self.engine.connect()
        except Exception as exc:
            raise self.error(exc, "connecting") from None

    def tables(self, conn: Any, include: list[str], exclude: list[str]) -> list[TableRef]:
        """Tables and views, system schemas excluded, filtered by globs on schema.table (or table)."""
        from sqlalchemy import inspect

        insp = inspect(conn)
        schemas = (
            [None] if self.backend == "sqlite" else [s for s in insp.get_schema_names() if s not in _SYSTEM_SCHEMAS]
        )
        out = []
        for schema in schemas:
            for name in insp.get_table_names(schema=schema):
                out.append(TableRef(schema, name, "table"))
            for name in insp.get_view_names(schema=schema):
                out.append(TableRef(schema, name, "view"))

        def keep(t: TableRef) -> bool:
            names = {t.qualified, t.name}
            if include and not any(fnmatch.fnmatchcase(n, g) for n in names for g in include):
                return False
            return not any(fnmatch.fnmatchcase(n, g) for n in names for g in exclude)

        return sorted((t for t in out if keep(t)), key=lambda t: (t.schema or "", t.name))

    def columns(self, conn: Any, table: TableRef) -> list[ColumnRef]:
        from sqlalchemy import inspect

        cols = inspect(conn).get_columns(table.name, schema=table.schema)
        return [ColumnRef(c["name"], str(c["type"]), c.get("comment"), i + 1) for i, c in enumerate(cols)]

    def row_estimate(self, conn: Any, table: TableRef) -> int | None:
        """Rows from catalogue statistics (an estimate), never by counting."""
        from sqlalchemy import text

        try:
            if self.backend == "postgresql":
                value = conn.execute(
                    text("SELECT c.reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                         "WHERE n.nspname = :s AND c.relname = :t"), {"s": table.schema or "public", "t": table.name}
                ).scalar()  # fmt: skip
                return int(value) if value is not None and value >= 0 else None
            if self.backend in ("mysql", "mariadb"):
                value = conn.execute(
                    text(
                        "SELECT table_rows FROM information_schema.tables WHERE table_schema = :s AND table_name = :t"
                    ),
                    {"s": table.schema, "t": table.name},
                ).scalar()
                return int(value) if value is not None else None
            if self.backend == "sqlite" and table.kind == "table":
                quoted = '"' + table.name.replace('"', '""') + '"'
                return int(conn.execute(text(f"SELECT max(rowid) FROM {quoted}")).scalar() or 0)
        except Exception:
            conn.rollback()
        return None

    def sample(self, conn: Any, table: TableRef, columns: list[ColumnRef], n: int, seed: int,
               estimate: int | None) -> Iterator[list[tuple]]:  # fmt: skip
        """Rows of a bounded, seeded sample, in chunks."""
        from sqlalchemy import column as sa_column
        from sqlalchemy import select
        from sqlalchemy import table as sa_table

        t = sa_table(table.name, *[sa_column(c.name) for c in columns], schema=table.schema)
        cols = [t.c[c.name] for c in columns]
        pg_stmt = self.tablesample_statement(table, columns, n, seed, estimate)
        if pg_stmt is not None:
            yield list(conn.execute(pg_stmt).fetchall())
            return
        if self.backend == "sqlite" and table.kind == "table" and estimate and estimate > n:
            yield from self._rowid_ranges(conn, t, cols, n, seed, estimate)
            return
        key = (
            self._integer_key(conn, table)
            if self.backend in ("mysql", "mariadb") and estimate and estimate > n
            else None
        )
        if key is not None:
            yield from self._key_ranges(conn, t, cols, key, n, seed)
            return
        yield list(conn.execute(select(*cols).limit(n)).fetchall())

    def tablesample_statement(self, table: TableRef, columns: list[ColumnRef], n: int, seed: int,
                              estimate: int | None) -> Any:  # fmt: skip
        """PostgreSQL: a page sample sized to yield about 3n rows, repeatable with the seed (None elsewhere)."""
        from sqlalchemy import column as sa_column
        from sqlalchemy import func, literal, select, tablesample
        from sqlalchemy import table as sa_table

        if self.backend != "postgresql" or table.kind != "table" or not estimate or estimate <= n:
            return None
        t = sa_table(table.name, *[sa_column(c.name) for c in columns], schema=table.schema)
        percent = min(100.0, max(0.0001, 100.0 * n * 3 / estimate))
        sampled = tablesample(t, func.system(percent), seed=literal(seed % 2_147_483_647))
        return select(*[sampled.c[c.name] for c in columns]).limit(n)

    def _rowid_ranges(self, conn: Any, t: Any, cols: list, n: int, seed: int, top: int) -> Iterator[list[tuple]]:
        from sqlalchemy import literal_column

        rowid = literal_column("rowid")
        yield from self._ranges(conn, t, cols, rowid, 1, top, n, seed)

    def _integer_key(self, conn: Any, table: TableRef) -> str | None:
        from sqlalchemy import inspect

        pk = inspect(conn).get_pk_constraint(table.name, schema=table.schema).get("constrained_columns") or []
        if len(pk) != 1:
            return None
        cols = {c["name"]: str(c["type"]).upper() for c in inspect(conn).get_columns(table.name, schema=table.schema)}
        return pk[0] if "INT" in cols.get(pk[0], "") else None

    def _key_ranges(self, conn: Any, t: Any, cols: list, key: str, n: int, seed: int) -> Iterator[list[tuple]]:
        from sqlalchemy import column as sa_column
        from sqlalchemy import func, select

        k = t.c[key] if key in t.c else sa_column(key)
        low, high = conn.execute(select(func.min(k), func.max(k)).select_from(t)).one()
        if low is None:
            return
        yield from self._ranges(conn, t, cols, k, int(low), int(high), n, seed)

    @staticmethod
    def _ranges(
        conn: Any, t: Any, cols: list, key: Any, low: int, high: int, n: int, seed: int
    ) -> Iterator[list[tuple]]:
        """n rows as ~20 index range scans starting at seeded random keys: spread, and bounded."""
        from sqlalchemy import select

        rng = random.Random(seed)
        chunks = 20
        per = max(1, n // chunks)
        for start in sorted(rng.randint(low, max(low, high)) for _ in range(chunks)):
            stmt = select(*cols).select_from(t).where(key >= start).order_by(key).limit(per)
            yield list(conn.execute(stmt).fetchall())


def to_text(value: Any) -> str | None:
    """A database value as the string a detector reads (bytes are not text)."""
    if value is None or isinstance(value, bytes | bytearray | memoryview):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
