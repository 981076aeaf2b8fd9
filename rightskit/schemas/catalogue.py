"""What the schemas of a scan say: tables, their columns, and the verdict on each column."""

from __future__ import annotations

from dataclasses import dataclass, field

from rightskit.detect.classifier import Verdict
from rightskit.schemas.metadata import FieldMeta


@dataclass
class Column:
    meta: FieldMeta
    line: int | None = None
    column: int | None = None
    verdicts: list[Verdict] = field(default_factory=list)
    lineage_notes: list[str] = field(default_factory=list)


@dataclass
class TableDef:
    """A table or view as the schema declares it."""

    name: str  # schema-qualified where the source qualifies it
    path: str
    line: int | None
    kind: str = "table"  # table | view
    columns: dict[str, Column] = field(default_factory=dict)


@dataclass
class Catalogue:
    """Every table seen in the scan, found by qualified or bare name, case-insensitively."""

    tables: dict[str, TableDef] = field(default_factory=dict)

    def add(self, table: TableDef) -> TableDef:
        existing = self.find(table.name)
        if existing is not None and existing.path == table.path:
            return existing
        self.tables[table.name.casefold()] = table
        return table

    def find(self, name: str) -> TableDef | None:
        key = name.casefold().replace('"', "").replace("`", "")
        if key in self.tables:
            return self.tables[key]
        bare = key.rsplit(".", 1)[-1]
        matches = [t for k, t in self.tables.items() if k.rsplit(".", 1)[-1] == bare]
        return matches[0] if len(matches) == 1 else None

    def sqlglot_schema(self) -> dict[str, dict[str, str]]:
        """{table: {column: type}} by bare table name, for sqlglot's qualifier and lineage (queries are
        unqualified before lineage, so schema names never have to agree)."""
        schema: dict[str, dict[str, str]] = {}
        for t in self.tables.values():
            bare = t.name.replace('"', "").replace("`", "").rsplit(".", 1)[-1].casefold()
            schema.setdefault(bare, {c.casefold(): _sql_type(col.meta.declared_type) for c, col in t.columns.items()})
        return schema


def _sql_type(declared: str | None) -> str:
    # sqlglot parses these type strings; anything exotic is TEXT for lineage purposes.
    return (
        "TEXT"
        if not declared or not declared.replace("(", "").replace(")", "").replace(",", "").replace(" ", "").isalnum()
        else declared
    )
