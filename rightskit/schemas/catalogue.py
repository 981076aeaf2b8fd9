"""What the schemas of a scan say: tables, their columns, and the verdict on each column.

Tables are kept per namespace (the file that defines them), so three files that each define ``employees`` keep
three tables; a name in a query resolves the way a search path would: the query's own file first, then the
schema-qualified name, then the bare name anywhere in the scan (first definition wins).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from rightskit.detect.classifier import Verdict
from rightskit.schemas.metadata import FieldMeta

if TYPE_CHECKING:
    from rightskit.schemas.tables import Role


@dataclass
class Column:
    meta: FieldMeta
    line: int | None = None
    column: int | None = None
    verdicts: list[Verdict] = field(default_factory=list)
    lineage_notes: list[str] = field(default_factory=list)
    traced: bool = False  # the query's lineage reached a known table column


@dataclass
class TableDef:
    """A table or view as the schema declares it."""

    name: str  # schema-qualified where the source qualifies it
    path: str
    line: int | None
    kind: str = "table"  # table | view
    columns: dict[str, Column] = field(default_factory=dict)
    description: str | None = None  # table comment or dbt description
    role: Role | None = None  # what its rows are about, once judged (tables.py)


def _key(name: str) -> str:
    return name.casefold().replace('"', "").replace("`", "").replace("[", "").replace("]", "")


@dataclass
class Catalogue:
    """Every table seen in the scan, by (file, qualified name), found case-insensitively."""

    tables: dict[tuple[str, str], TableDef] = field(default_factory=dict)
    # name → tables in definition order, by qualified and by bare name (a dump defines thousands)
    _by_name: dict[str, list[TableDef]] = field(default_factory=dict, repr=False)
    _by_bare: dict[str, list[TableDef]] = field(default_factory=dict, repr=False)

    def add(self, table: TableDef) -> TableDef:
        key = (table.path, _key(table.name))
        existing = self.tables.get(key)
        if existing is not None:
            return existing
        self.tables[key] = table
        self._by_name.setdefault(key[1], []).append(table)
        self._by_bare.setdefault(key[1].rsplit(".", 1)[-1], []).append(table)
        return table

    def find(self, name: str, path: str | None = None) -> TableDef | None:
        """The table a name means from ``path``: that file's own first, then anywhere (qualified, then bare)."""
        key = _key(name)
        exact = self._by_name.get(key, [])
        loose = self._by_bare.get(key.rsplit(".", 1)[-1], [])
        if path is not None:
            for candidates in (exact, loose):
                own = next((t for t in candidates if t.path == path), None)
                if own is not None:
                    return own
        return exact[0] if exact else loose[0] if loose else None

    def sqlglot_schema(self, path: str | None = None, only: set[str] | None = None) -> dict[str, dict[str, str]]:
        """{table: {column: type}} by bare table name, for sqlglot's qualifier and lineage (queries are
        unqualified before lineage, so schema names never have to agree); ``path``'s own tables win. ``only``:
        the bare names a query reads — sqlglot normalises every table it is given, per call, and a scan of many
        files holds thousands."""
        schema: dict[str, dict[str, str]] = {}
        ordered = sorted(self.tables.values(), key=lambda t: t.path != path)
        for t in ordered:
            if not t.columns:
                continue  # sqlglot rejects the whole schema over a table without columns
            bare = _key(t.name).rsplit(".", 1)[-1]
            if only is not None and bare not in only:
                continue
            schema.setdefault(bare, {c.casefold(): _sql_type(col.meta.declared_type) for c, col in t.columns.items()})
        return schema


@cache
def _sql_type(declared: str | None) -> str:
    """A type sqlglot can build (its schema rejects the whole catalogue over one it cannot); else TEXT, which is
    all lineage needs."""
    if not declared:
        return "TEXT"
    from sqlglot import exp
    from sqlglot.errors import SqlglotError

    try:
        exp.DataType.build(declared)
    except (SqlglotError, ValueError, KeyError, TypeError, AttributeError):
        return "TEXT"
    return declared
