"""Scan SQL files: DDL → schema findings; queries → lineage findings; facts for the policy rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rightskit.detect.entities import PROTECTED
from rightskit.models import Evidence, Finding, Location, SourceKind
from rightskit.schemas.catalogue import Catalogue, Column, TableDef
from rightskit.schemas.customfields import FieldDefinitions
from rightskit.schemas.dbt import ColumnDoc
from rightskit.schemas.ddlreader import read_create_table
from rightskit.schemas.lineage import Output
from rightskit.schemas.metadata import FieldMeta, classify_metadata
from rightskit.schemas.sqltext import Statement, guess_dialect, render_dbt, split_statements
from rightskit.schemas.tables import (
    Role,
    as_health_record,
    bare,
    clinical,
    held_as_address,
    judge,
    names_reference,
    people_key,
    special_of,
    table_role,
)

if TYPE_CHECKING:
    from rightskit.detect.classifier import Verdict
    from rightskit.detect.detector import Detector

# Statement heads worth parsing; everything else in a dump (SET, sequences, indexes, owners …) is skipped.
MAX_STATEMENT_CHARS = 1 << 20
_DEEP = re.compile(r"[(\[]{200}")  # two hundred brackets opened in a row

_INTERESTING = re.compile(
    r"^\s*(?:CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:GLOBAL\s+|LOCAL\s+)?(?:TEMP|TEMPORARY)\s+|UNLOGGED\s+|MATERIALIZED\s+|SECURE\s+|TRANSIENT\s+)*"
    r"(?:TABLE|VIEW|STAGE)|ALTER\s+TABLE\b[^;]*\bADD\s+(?:COLUMN\s+)?(?!\(?\s*(?:CONSTRAINT|PRIMARY|FOREIGN|UNIQUE|CHECK|INDEX|KEY))|"
    r"COMMENT\s+ON\s+(?:COLUMN|TABLE)\b|WITH\b|SELECT\b(?!\s+pg_catalog\.)|\(\s*SELECT\b|INSERT\b|GRANT\b|COPY\b|UPDATE\b|DELETE\b|MERGE\b|UNLOAD\b|EXPORT\b)",
    re.IGNORECASE,
)
# Statements with nothing to say about personal data (dump boilerplate, procedural code, sessions).
_SKIPPABLE = re.compile(
    r"^\s*(?:SET|RESET|SELECT\s+pg_catalog\.|CREATE\s+(?:OR\s+REPLACE\s+)?(?:UNIQUE\s+)?(?:SEQUENCE|INDEX|FUNCTION|"
    r"TRIGGER|TYPE|EXTENSION|SCHEMA|ROLE|USER|DATABASE|PROCEDURE|DOMAIN|AGGREGATE|OPERATOR|RULE|POLICY|PUBLICATION|"
    r"SUBSCRIPTION|SERVER|COLLATION|EVENT|LANGUAGE|CAST)|ALTER\b|DROP\b|BEGIN\b|COMMIT\b|ROLLBACK\b|USE\b|START\b|"
    r"COMMENT\s+ON\b|END\b|LOCK\b|VACUUM\b|ANALYZE\b|TRUNCATE\b|REVOKE\b|DECLARE\b|EXEC\b|EXECUTE\b|PRAGMA\b|IF\b|PRINT\b|"
    r"DELIMITER\b|SHOW\b|DESCRIBE\b|EXPLAIN\b|CALL\b|REFRESH\b|CLUSTER\b|REINDEX\b|SECURITY\s+LABEL\b)",
    re.IGNORECASE,
)


# INSERT of literal rows (not INSERT … SELECT): MySQL's modifiers, SQLite's OR REPLACE, a column list.
_ROWS_INSERT = re.compile(
    r"\s*INSERT\s+(?:(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|IGNORE|OR\s+\w+)\s+)*INTO\s+[^\s(]+"
    r"(?:\s*\([^()]*\))?\s*VALUES?\s*\(",
    re.IGNORECASE,
)


@dataclass
class SqlSource:
    """One SQL (or dbt model) file to scan."""

    path: str
    text: str
    dialect: str | None = None
    model_name: str | None = None  # a dbt model: its SELECT defines a view of this name
    column_docs: dict[str, ColumnDoc] | None = None  # column → what schema.yml says of it
    dbt_root: str | None = None


@dataclass
class SqlScan:
    """What a set of SQL sources says."""

    findings: list[Finding] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    objects: dict[str, int] = field(default_factory=dict)


def scan_sql(
    sources: list[SqlSource],
    detector: Detector,
    *,
    dialect: str | None = None,
    strict: bool = False,
    catalogue: Catalogue | None = None,
) -> tuple[SqlScan, Catalogue]:
    """DDL first (all files), then queries, so lineage sees every table of the scan."""
    catalogue = catalogue or Catalogue()
    result = SqlScan()
    parsed: list[tuple[SqlSource, str | None, Statement, Any]] = []
    ddl_tables: list[TableDef] = []
    definitions = FieldDefinitions()
    for src in sources:
        d = dialect or src.dialect or guess_dialect(src.path, src.text)
        text = render_dbt(src.text, src.model_name) if "{{" in src.text or "{%" in src.text else src.text
        result.warnings.setdefault(src.path, [])
        result.errors.setdefault(src.path, [])
        result.objects.setdefault(src.path, 0)
        for stmt in split_statements(text, d):
            if _ROWS_INSERT.match(stmt.text) and not definitions.defines(stmt.text):
                continue  # rows of data (a dump's INSERT … VALUES): no schema, no lineage, and most of a parse's time
            if len(stmt.text) > MAX_STATEMENT_CHARS or _DEEP.search(stmt.text):
                # A parser's time grows faster than such a statement: no schema holds one (a 10 MB column list,
                # a thousand brackets deep); data dumps' long INSERTs are not schema either.
                result.warnings[src.path].append(f"line {stmt.line}: statement too long or too deeply nested; skipped")
                continue
            stmt = Statement(fill_placeholders(stmt.text), stmt.line)
            if re.search(r"\bINTO\s+OUTFILE\b", stmt.text, re.IGNORECASE):
                result.facts.append(_fact("export", src.path, stmt.line, target="file", method="INTO OUTFILE"))
            interesting = _INTERESTING.match(stmt.text)
            if not interesting and _SKIPPABLE.match(stmt.text):
                ddl_tables += _wrapped_tables(src, stmt, catalogue, result)
                definitions.read(src.path, stmt.text, None, catalogue)
                continue
            expr = _parse(stmt.text, d)
            definitions.read(src.path, stmt.text, expr, catalogue)
            if expr is None or _lost_columns(expr, stmt.text):
                read = read_create_table(stmt.text)
                if read is not None and read.columns:
                    ddl_tables.append(_add_read_table(read, src, stmt.line, catalogue, result))
                    continue
                msg = f"line {stmt.line}: statement not parsed" + (f" as {d}" if d else "") + "; it was skipped"
                (result.errors if strict else result.warnings)[src.path].append(msg)
                continue
            parsed.append((src, d, stmt, expr))
            table = _collect_ddl(expr, src, stmt, catalogue, result)
            if table is not None:
                ddl_tables.append(table)
    definitions.apply(ddl_tables)
    sources_yml = [t for t in catalogue.tables.values() if t.kind == "dbt_source" and t.role is None]
    judge_tables(ddl_tables + sources_yml, catalogue, detector)
    pending = parsed
    while pending:  # a query over a view defined later (dbt models come in file order) waits for it
        deferred = [
            p for p in pending if not _collect_queries(p[3], p[0], p[1], p[2], catalogue, result, detector, final=False)
        ]
        if len(deferred) == len(pending):
            for src, d, stmt, expr in deferred:
                _collect_queries(expr, src, d, stmt, catalogue, result, detector, final=True)
            break
        pending = deferred
    for table in catalogue.tables.values():
        if table.kind == "dbt_source":
            continue  # declared in a sources.yml: context for lineage, reported through the models
        if table.kind == "table":
            result.facts.append(_table_fact(table))
        for name, col in table.columns.items():
            kind = SourceKind.SQL if col.lineage_notes or table.kind in ("view", "query") else SourceKind.SCHEMA
            for v in col.verdicts:
                result.findings.append(_finding(kind, table.path, table.name, name, col, v, detector))
    return result, catalogue


def judge_tables(tables: list[TableDef], catalogue: Catalogue, detector: Detector) -> None:
    """Column verdicts from metadata, corrected by what each table is about (``tables.py``); lineage verdicts of
    traced columns stand."""
    raw = {
        id(t): {
            name: list(col.verdicts) if col.traced else classify_metadata(col.meta, detector)
            for name, col in t.columns.items()
        }
        for t in tables
    }
    first = {id(t): table_role(t.name, raw[id(t)], detector) for t in tables}
    by_path: dict[str, list[tuple[str, Role]]] = {}
    for t in tables:
        by_path.setdefault(t.path, []).append((t.name, first[id(t)]))
    clinical_paths = {path for path, roles in by_path.items() if clinical(roles)}

    def role_of(table: TableDef) -> Role | None:
        return first.get(id(table)) or table.role

    pointers: dict[int, dict[str, TableDef]] = {}
    held_by: dict[int, str] = {}  # table → "person.location_id": a person's row points at it
    shared = _person_keys(tables, first)
    lookup = {id(t): names_reference(t.name) and not first[id(t)].named for t in tables}
    for t in tables:
        pointers[id(t)] = {}
        for name, col in t.columns.items():
            target = _target(name, col, t, catalogue) or shared.get((t.path, name.casefold()))
            if target is not None and not col.meta.references and lookup[id(t)]:
                target = None  # list_options.list_id names a list, whatever table is called lists
            if target is not None and target is not t:
                pointers[id(t)][name] = target
                if first[id(t)].head:  # a row that is a person (not staff_transactions) holds its address
                    held_by.setdefault(id(target), f"{bare(t.name)}.{name}")
    roles: dict[int, Role] = {}
    targets_of: dict[int, dict[str, Role | None]] = {}
    for t in tables:
        targets = targets_of[id(t)] = {name: role_of(target) for name, target in pointers[id(t)].items()}
        role = roles[id(t)] = table_role(t.name, raw[id(t)], detector, targets)
        if id(t) in held_by:
            held_as_address(role, raw[id(t)], held_by[id(t)])
        if t.description:
            role.special = role.special or (special_of(t.description) if (role.person or role.keyed) else None)
    _key_through_records([t for t in tables if t.path in clinical_paths], pointers, roles)
    for t in tables:
        targets, role = targets_of[id(t)], roles[id(t)]
        if t.path in clinical_paths:
            as_health_record(role, t.name)
        t.role = role
        metas = {name: col.meta for name, col in t.columns.items()}
        decided = {name for name, col in t.columns.items() if col.traced}
        for name, verdicts in judge(t.name, metas, raw[id(t)], role, detector, targets, decided).items():
            if role.evidence.startswith("pointed at"):
                for v in verdicts:
                    v.notes.append(f"a person's address: {bare(t.name)} is {role.evidence}")
            t.columns[name].verdicts = verdicts


def _key_through_records(
    tables: list[TableDef], pointers: dict[int, dict[str, TableDef]], roles: dict[int, Role]
) -> None:
    """In a clinical schema, a row that belongs to a patient's record is the patient's too: a lab result points at
    its report, the report at an order keyed by the patient. Keys (declared, or named after a table) are followed
    three tables deep."""
    for _ in range(3):
        changed = False
        for t in tables:
            role = roles[id(t)]
            if role.keyed or role.person or role.organisation:
                continue
            for column, target in pointers[id(t)].items():
                via = roles.get(id(target))
                if target is not t and via is not None and via.keyed:
                    role.keyed = column
                    role.reference = False  # coded, but a code list points at no one's record
                    role.evidence = f"via column {column} → {bare(target.name)}, {via.evidence}"
                    changed = True
                    break
        if not changed:
            return


def _person_keys(tables: list[TableDef], roles: dict[int, Role]) -> dict[tuple[str, str], TableDef]:
    """(file, column) → the table of people that column keys (``tables.people_key``); a column that keys two
    tables of people joins neither."""
    out: dict[tuple[str, str], TableDef | None] = {}
    for t in tables:
        key = people_key(t.name, list(t.columns), roles[id(t)])
        if key is not None:
            at = (t.path, key.casefold())
            out[at] = None if at in out else t
    return {k: v for k, v in out.items() if v is not None}


def _target(name: str, col: Column, table: TableDef, catalogue: Catalogue) -> TableDef | None:
    """The table a column points at: its foreign key, or a key named after a table (citizen_id → citizens)."""
    if col.meta.references:
        return catalogue.find(col.meta.references, table.path)
    m = re.fullmatch(r"(\w+?)_?(?:id|key)", name, re.IGNORECASE)
    if not m:
        return None
    stem = m.group(1).rstrip("_")
    for candidate in (stem, f"{stem}s", f"{stem}es", stem.removesuffix("y") + "ies"):
        found = catalogue.find(candidate, table.path)
        if found is not None:
            return found
    return None


_STAGE_COMMAND = re.compile(r"\s*(?:COPY|PUT|GET|LIST|LS|REMOVE|RM|UNLOAD)\b", re.IGNORECASE)
_PLACEHOLDERS = (
    (re.compile(r"@(\w+)\s*\.(?=\s*[\w\[\"`])"), r"\1."),  # @cdmDatabaseSchema.person (OHDSI, T-SQL templates)
    (re.compile(r"\$\{\s*(\w+)[^}]*\}"), r"\1"),  # ${schema}.person (Flyway, Liquibase, shell)
    (re.compile(r"&&?(\w+)\.?(?=\.)"), r"\1"),  # &&schema..person (SQL*Plus substitution variables)
    (re.compile(r"&&?(\w+)\."), r"\1."),
)


def fill_placeholders(text: str) -> str:
    """Templating placeholders in names become plain identifiers, so the statement parses (Snowflake's file
    commands keep their ``@stage``)."""
    if ("@" not in text and "${" not in text and "&" not in text) or _STAGE_COMMAND.match(text):
        return text
    for pattern, repl in _PLACEHOLDERS:
        text = pattern.sub(repl, text)
    return text


_WRAPPED = re.compile(r"\bCREATE\s+(?:GLOBAL\s+|LOCAL\s+)?(?:TEMP\w*\s+)?TABLE\b", re.IGNORECASE)


def _wrapped_tables(src: SqlSource, stmt: Statement, catalogue: Catalogue, result: SqlScan) -> list[TableDef]:
    """CREATE TABLEs inside procedural wrappers (``IF NOT EXISTS … BEGIN CREATE TABLE … END``, ``EXECUTE
    IMMEDIATE``): read with the tolerant reader from where each one starts."""
    tables = []
    for m in _WRAPPED.finditer(stmt.text):
        read = read_create_table(stmt.text, m.start())
        if read is not None and read.columns:
            line = stmt.line + stmt.text.count("\n", 0, m.start())
            tables.append(_add_read_table(read, src, line, catalogue, result))
    return tables


def _lost_columns(expr: Any, text: str) -> bool:
    """sqlglot read a CREATE TABLE but kept none of its columns (a vendor clause swallowed them)."""
    from sqlglot import exp

    if not (isinstance(expr, exp.Create) and str(expr.args.get("kind", "")).upper() == "TABLE"):
        return False
    if isinstance(expr.expression, exp.Query):
        return False
    schema = expr.this
    return not (isinstance(schema, exp.Schema) and any(isinstance(c, exp.ColumnDef) for c in schema.expressions))


def _add_read_table(read: Any, src: SqlSource, line: int, catalogue: Catalogue, result: SqlScan) -> TableDef:
    """A table the tolerant reader read; ``line``: where its CREATE TABLE starts."""
    table = catalogue.add(TableDef(read.name, src.path, line))
    result.objects[src.path] += 1
    for c in read.columns:
        meta = FieldMeta(
            name=c.name, declared_type=c.declared_type, description=c.comment, enum=c.enum, references=c.references
        )
        table.columns[c.name] = Column(meta, line=line + c.line_offset)
    return table


def _parse(text: str, dialect: str | None) -> Any:
    import logging

    import sqlglot
    from sqlglot.errors import SqlglotError

    logging.getLogger("sqlglot").setLevel(logging.CRITICAL)  # its fallbacks are ours to report, once, per file
    for d in dict.fromkeys([dialect, None]):
        try:
            expr = sqlglot.parse_one(text, read=d)
        except (SqlglotError, ValueError, KeyError, TypeError, RecursionError):
            continue
        if expr is not None and not isinstance(expr, sqlglot.exp.Command):
            return expr
    return None


def _line(node: Any, stmt: Statement) -> int:
    meta = getattr(node, "meta", None) or {}
    return stmt.line + (meta.get("line", 1) - 1) if meta.get("line") else stmt.line


def _table_name(table: Any) -> str:
    parts = [p for p in (table.args.get("catalog"), table.args.get("db"), table.this) if p is not None]
    return ".".join(p.name for p in parts)


def _collect_ddl(expr: Any, src: SqlSource, stmt: Statement, catalogue: Catalogue, result: SqlScan) -> TableDef | None:
    """Record a table definition (or a change to one); the table when a new one was defined."""
    from sqlglot import exp

    if isinstance(expr, exp.Create) and str(expr.args.get("kind", "")).upper() == "TABLE":
        schema = expr.this
        if isinstance(schema, exp.Schema):
            table = catalogue.add(TableDef(_table_name(schema.this), src.path, stmt.line))
            result.objects[src.path] += 1
            for cd in schema.expressions:
                if isinstance(cd, exp.ColumnDef):
                    _add_column(table, cd, stmt)
                elif isinstance(cd, exp.ForeignKey):
                    _foreign_key(table, cd)
            return table
    elif isinstance(expr, exp.Alter) and isinstance(expr.this, exp.Table):
        table = catalogue.find(_table_name(expr.this), src.path)
        for action in expr.args.get("actions") or []:
            if isinstance(action, exp.ColumnDef) and table is not None:
                _add_column(table, action, stmt)
            elif table is not None:
                for fk in action.find_all(exp.ForeignKey):
                    _foreign_key(table, fk)
    elif isinstance(expr, exp.Comment) and str(expr.args.get("kind", "")).upper() == "COLUMN":
        col = expr.this
        if isinstance(col, exp.Column):
            table = catalogue.find(".".join(p.name for p in (col.args.get("db"), col.args.get("table")) if p), src.path)
            target = table.columns.get(col.name) if table else None
            if target is not None:
                comment = expr.expression.name if expr.expression is not None else ""
                target.meta.description = " ".join(filter(None, [target.meta.description, comment]))
    elif isinstance(expr, exp.Comment) and str(expr.args.get("kind", "")).upper() == "TABLE":
        target = expr.this
        table = catalogue.find(_table_name(target), src.path) if isinstance(target, exp.Table) else None
        if table is not None and expr.expression is not None:
            table.description = " ".join(filter(None, [table.description, expr.expression.name]))
    elif isinstance(expr, exp.Create) and str(expr.args.get("kind", "")).upper() == "STAGE":
        result.facts.append(_fact("export", src.path, stmt.line, target=_table_name(expr.this), method="stage"))
    return None


def _foreign_key(table: TableDef, fk: Any) -> None:
    """FOREIGN KEY (col) REFERENCES target: the columns point at target."""
    from sqlglot import exp

    ref = fk.args.get("reference")
    target = ref.find(exp.Table) if ref is not None else None
    if target is None:
        return
    for ident in fk.expressions:
        col = table.columns.get(ident.name) or next(
            (c for n, c in table.columns.items() if n.casefold() == ident.name.casefold()), None
        )
        if col is not None:
            col.meta.references = _table_name(target)


def _add_column(table: TableDef, cd: Any, stmt: Statement, parents: tuple[str, ...] = ()) -> None:
    from sqlglot import exp

    kind = cd.args.get("kind")
    declared = kind.sql() if kind is not None else None
    comments, enum, references = [], [], None
    for c in cd.args.get("constraints") or []:
        inner = c.args.get("kind")
        if isinstance(inner, exp.Reference):
            target = inner.find(exp.Table)
            references = _table_name(target) if target is not None else None
        elif isinstance(inner, exp.CommentColumnConstraint):
            comments.append(inner.this.name if inner.this is not None else "")
        elif isinstance(inner, exp.CheckColumnConstraint):
            enum += [lit.name for lit in inner.find_all(exp.Literal) if lit.is_string]
    if kind is not None and kind.this == exp.DataType.Type.ENUM:
        enum += [e.name for e in kind.expressions if isinstance(e, exp.Literal)]
    ident = cd.this
    col_meta = getattr(ident, "meta", None) or {}
    if kind is not None and kind.this == exp.DataType.Type.STRUCT:
        for sub in kind.expressions:  # STRUCT<full_name STRING, …>: fields named visitor.full_name
            if isinstance(sub, exp.ColumnDef):
                sub_kind = sub.args.get("kind")
                meta = FieldMeta(
                    name=sub.name, parents=[*parents, cd.name], declared_type=sub_kind.sql() if sub_kind else None
                )
                table.columns[".".join([*parents, cd.name, sub.name])] = Column(meta, line=_line(ident, stmt))
        return
    meta = FieldMeta(
        name=cd.name,
        parents=list(parents),
        declared_type=declared,
        description=" ".join(comments) or None,
        enum=enum,
        references=references,
    )
    table.columns[".".join([*parents, cd.name])] = Column(meta, line=_line(ident, stmt), column=col_meta.get("col"))


def _collect_queries(
    expr: Any,
    src: SqlSource,
    dialect: str | None,
    stmt: Statement,
    catalogue: Catalogue,
    result: SqlScan,
    detector: Detector,
    *,
    final: bool = True,
) -> bool:
    """Record what a statement says; False (nothing recorded) when it reads a table not yet known and not final."""
    from sqlglot import exp

    if isinstance(expr, exp.Grant):
        principals = [p.sql().strip('"').casefold() for p in expr.args.get("principals") or []]
        if "public" in principals:
            target = expr.args.get("securable")
            result.facts.append(
                _fact(
                    "grant_public",
                    src.path,
                    stmt.line,
                    object=_table_name(target) if isinstance(target, exp.Table) else None,
                    privileges=[p.sql() for p in expr.args.get("privileges") or []],
                )
            )
        return True
    if isinstance(expr, exp.Copy):
        target = expr.this
        name = _table_name(target) if isinstance(target, exp.Table) else target.sql()
        to_stage = name.startswith("@")
        if expr.args.get("kind") is False or to_stage:
            files = expr.args.get("files") or []
            target = name if to_stage else (files[0].name if files and hasattr(files[0], "name") else "STDOUT")
            result.facts.append(
                _fact("export", src.path, stmt.line, object=name, target=target or "STDOUT", method="COPY")
            )
        return True
    if isinstance(expr, exp.Update | exp.Delete):
        if expr.args.get("where") is None:
            result.facts.append(
                _fact(
                    "unbounded_write",
                    src.path,
                    stmt.line,
                    statement=type(expr).__name__.upper(),
                    object=_table_name(expr.this) if isinstance(expr.this, exp.Table) else None,
                )
            )
        return True
    query, target_name, target_columns, kind = None, None, None, "query"
    if isinstance(expr, exp.Create) and isinstance(expr.expression, exp.Query):
        query, target_name = (
            expr.expression,
            _table_name(expr.this if isinstance(expr.this, exp.Table) else expr.this.this),
        )
        kind = "view" if str(expr.args.get("kind", "")).upper() == "VIEW" else "table"
    elif isinstance(expr, exp.Insert) and isinstance(expr.expression, exp.Query):
        query = expr.expression
        this = expr.this
        table_node = this.this if isinstance(this, exp.Schema) else this
        target_name = _table_name(table_node) if isinstance(table_node, exp.Table) else None
        if isinstance(this, exp.Schema):
            target_columns = [c.name for c in this.expressions]
        kind = "insert"
    elif isinstance(expr, exp.Query):
        query = expr
        if src.model_name:
            target_name, kind = src.model_name, "view"
    if query is None:
        return True
    from rightskit.schemas.lineage import output_names, trace

    if not final and _reads_unknown(query, catalogue, src.path):
        return False
    traced = trace(query, catalogue, dialect, src.path)
    outputs = traced.outputs or [Output(n) for n in output_names(query)]
    if traced.error and not outputs:
        result.warnings[src.path].append(f"line {stmt.line}: lineage not traced ({traced.error})")
    obj = target_name or f"query@{stmt.line}"
    lines = _projection_lines(query, stmt)
    if target_name and kind in ("view", "table"):
        out_kind = "view" if kind == "view" else "table"
        out_table = catalogue.add(TableDef(target_name, src.path, stmt.line, kind=out_kind))
        result.objects[src.path] += 1
    elif target_name:
        out_table = catalogue.find(target_name, src.path)
    else:
        out_table = catalogue.add(TableDef(obj, src.path, stmt.line, kind="query"))
    judged = out_table is not None and kind != "insert"
    docs = src.column_docs or {}
    for i, out in enumerate(outputs):
        name = target_columns[i] if target_columns and i < len(target_columns) else out.name
        result.facts.append(
            _fact(
                "lineage",
                src.path,
                stmt.line,
                object=obj,
                field=name,
                sources=[f"{s.table}.{s.column}" for s in out.sources],
                transforms=out.transforms,
            )
        )
        verdict, notes, known = out.verdict(catalogue, src.path)
        if out_table is None and verdict is not None:  # an INSERT into a table the scan does not define
            col = Column(FieldMeta(name=name), line=stmt.line, lineage_notes=notes)
            result.findings.append(_finding(SourceKind.SQL, src.path, obj, name, col, verdict, None))
        if out_table is None or name in out_table.columns:
            continue
        doc = docs.get(name.casefold())
        meta = doc.field(name) if doc is not None else FieldMeta(name=name)
        col = Column(meta, line=lines.get(name.casefold(), stmt.line))
        col.traced = known or not judged
        if verdict is not None:
            col.verdicts, col.lineage_notes = [verdict], notes
        out_table.columns[name] = col
    if judged and out_table is not None:
        if src.model_name and not outputs:  # a model built by a macro alone: its columns as its YAML documents them
            for name, doc in docs.items():
                out_table.columns.setdefault(name, Column(doc.field(name), line=stmt.line))
        judge_tables([out_table], catalogue, detector)
    for use in traced.uses:
        entity = use.entity(catalogue, src.path)
        if entity is None:
            continue
        result.facts.append(
            _fact(
                "personal_data_use",
                src.path,
                stmt.line,
                object=obj,
                clause=use.clause,
                column=f"{use.table}.{use.column}",
                entity=entity,
                protected=entity in PROTECTED,
            )
        )
    if traced.star:
        result.facts.append(_fact("select_star", src.path, stmt.line, object=obj, tables=traced.star))
    return True


def _projection_lines(query: Any, stmt: Statement) -> dict[str, int]:
    """The line of each output column's definition: the outermost SELECT's, else the innermost CTE or subquery
    that names it (``select * from final`` takes its lines from ``final``)."""
    from sqlglot import exp

    out: dict[str, int] = {}
    for select in query.find_all(exp.Select, bfs=True):  # outermost first
        for proj in select.expressions:
            ident = proj.args.get("alias") if isinstance(proj, exp.Alias) else proj.find(exp.Identifier)
            if ident is not None and proj.alias_or_name and proj.alias_or_name != "*":
                out.setdefault(proj.alias_or_name.casefold(), _line(ident, stmt))
    return out


def _reads_unknown(query: Any, catalogue: Catalogue, path: str) -> bool:
    from sqlglot import exp

    ctes = {c.alias_or_name.casefold() for c in query.find_all(exp.CTE)}
    return any(
        t.name.casefold() not in ctes and catalogue.find(t.name, path) is None for t in query.find_all(exp.Table)
    )


def _table_fact(table: TableDef) -> dict[str, Any]:
    """A declared table as the policy rules and the masking views read it: its columns (ALTERs included) and
    types, whether its rows are about people, which columns tie a row to a person and which hold free text."""
    from rightskit.schemas.tables import free_text, person_key

    role = table.role
    about_people = role is not None and (role.person or role.keyed is not None)
    keys = [
        name
        for name in table.columns
        if person_key(name) or (role is not None and (name == role.keyed or (role.named and name.lower() == "id")))
    ]
    return _fact(
        "table",
        table.path,
        table.line or 1,
        object=table.name,
        columns=list(table.columns),
        types={n: c.meta.declared_type for n, c in table.columns.items() if _type_name(c.meta.declared_type)},
        about_people=about_people,
        person_keys=keys,
        free_text=[n for n, c in table.columns.items() if free_text(n, c.meta.declared_type)],
    )


_TYPE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_ ]{0,40}(?:\([0-9, A-Za-z]{0,20}\))?(?: ?\[\])?")


def _type_name(declared: str | None) -> bool:
    """Whether a declared type reads as a type (``varchar(200)``, ``timestamp with time zone``): what a broken
    statement left in its place (values, other statements) is not repeated in the facts."""
    return bool(declared) and _TYPE_NAME.fullmatch(declared) is not None


def _fact(kind: str, path: str, line: int, **data: Any) -> dict[str, Any]:
    return {"type": kind, "path": path, "line": line, **{k: v for k, v in data.items() if v is not None}}


def _finding(
    kind: SourceKind, path: str, obj: str, name: str, col: Column, v: Verdict, detector: Detector | None
) -> Finding:
    from rightskit.detect.detector import default_detector

    entities = (detector or default_detector()).entities
    info = entities[v.entity]
    method = list(v.method)
    notes = list(v.notes) + list(col.lineage_notes)
    if col.lineage_notes and "lineage" not in method:
        method.append("lineage")
    return Finding(
        fingerprint=Finding.make_fingerprint(kind, path, obj, name, v.entity),
        kind=kind,
        path=path,
        object=obj,
        field=name,
        location=Location(line=col.line, column=col.column),
        entity_type=v.entity,
        data_category=info.data_category,
        category=info.category,
        confidence=round(v.confidence, 3),
        evidence=Evidence(method=method, name_hints=v.hints, notes=notes, sampled=False),
        examples=[],
    )
