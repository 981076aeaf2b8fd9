"""Column-level lineage with sqlglot: which table columns reach each output column, and how they are used."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rightskit.detect.classifier import Verdict
    from rightskit.schemas.catalogue import Catalogue

_RANKING = {"rownumber", "rank", "denserank", "ntile", "percentrank", "cumedist", "row_number", "dense_rank"}
_AGGREGATES = {"count", "sum", "avg", "stddev", "variance", "approx_distinct", "countif", "median", "percentile_cont"}
_HASHES = {
    "md5",
    "sha",
    "sha1",
    "sha2",
    "sha256",
    "sha512",
    "digest",
    "crypt",
    "hashbytes",
    "standard_hash",
    "hash",
    "farm_fingerprint",
    "xxhash64",
    "murmur3",
    "hmac",
}
_TRUNCATIONS = {
    "left",
    "substr",
    "substring",
    "datetrunc",
    "date_trunc",
    "timestamptrunc",
    "trunc",
    "extract",
    "year",
    "round",
    "date_part",
    "datepart",
    "floor",
    "tochar",
    "to_char",
    "timestamp_trunc",
}


@dataclass(frozen=True, slots=True)
class SourceColumn:
    table: str
    column: str


@dataclass
class Output:
    """One output column of a query."""

    name: str
    sources: list[SourceColumn] = field(default_factory=list)
    transforms: list[str] = field(default_factory=list)

    def verdict(self, catalogue: Catalogue, path: str | None = None) -> tuple[Verdict | None, list[str], bool]:
        """The personal data that reaches this column, if any, how it was changed on the way, and whether any
        source column is known to the catalogue (when none is, the column's own name is the evidence)."""
        best: Verdict | None = None
        origin = None
        known = False
        for src in self.sources:
            table = catalogue.find(src.table, path)
            col = table.columns.get(src.column) if table else None
            if col is None:
                col = next(
                    (c for n, c in (table.columns.items() if table else []) if n.casefold() == src.column.casefold()),
                    None,
                )
            known = known or col is not None
            for v in col.verdicts if col else []:
                if best is None or v.confidence > best.confidence:
                    best, origin = v, f"{table.name}.{src.column}"  # type: ignore[union-attr]
        kinds = {t.split(":")[0] for t in self.transforms}
        if best is None:
            return None, [], known or bool(kinds & {"aggregate", "rank"})
        notes = [f"from {origin}"]
        if kinds & {"aggregate", "rank"} and not kinds & {"hash"}:
            return None, notes, True  # counts, averages and ranks of people are not one person's data
        from rightskit.detect.classifier import Verdict

        verdict = Verdict(entity=best.entity, confidence=best.confidence, method=["lineage"], hints=list(best.hints))
        if "hash" in kinds:
            notes.append(
                "hashed on the way ("
                + ", ".join(t.split(":")[1] for t in self.transforms if t.startswith("hash"))
                + "): pseudonymised, still personal data"
            )
        if "truncate" in kinds:
            notes.append("truncated or rounded on the way")
        return verdict, notes, True


@dataclass
class Use:
    """A table column used outside the projection: in WHERE, JOIN, GROUP BY, ORDER BY, or a computed expression."""

    clause: str
    table: str
    column: str

    def entity(self, catalogue: Catalogue, path: str | None = None) -> str | None:
        table = catalogue.find(self.table, path)
        col = table.columns.get(self.column) if table else None
        return col.verdicts[0].entity if col and col.verdicts else None


@dataclass
class Traced:
    outputs: list[Output] = field(default_factory=list)
    uses: list[Use] = field(default_factory=list)
    star: list[str] = field(default_factory=list)
    error: str | None = None


def _func_name(node: Any) -> str:
    from sqlglot import exp

    if isinstance(node, exp.Anonymous):
        return str(node.this).lower()
    return type(node).__name__.lower()


def _transforms(expression: Any) -> list[str]:
    from sqlglot import exp

    found = []
    for node in expression.find_all(exp.Func):
        name = _func_name(node)
        if isinstance(node, exp.AggFunc) and name not in ("min", "max", "arrayagg", "groupconcat", "stringagg"):
            found.append(f"aggregate:{name}")
        elif name in _HASHES or isinstance(node, exp.MD5 | exp.SHA | exp.SHA2):
            found.append(f"hash:{name}")
        elif name in _TRUNCATIONS or isinstance(
            node, exp.Substring | exp.Left | exp.DateTrunc | exp.Extract | exp.Round
        ):
            found.append(f"truncate:{name}")
    for window in ([expression] if isinstance(expression, exp.Window) else []) + list(expression.find_all(exp.Window)):
        name = _func_name(window.this)
        if name in _RANKING:
            found.append(f"rank:{name}")  # an ordering, not the values it orders by
    return found


def output_names(query: Any) -> list[str]:
    """The output column names of a query read without any schema: aliases and column names of the outermost
    SELECT, ``*`` over a CTE expanded to that CTE's names (unknown upstream tables add nothing)."""
    from sqlglot import exp

    ctes = {c.alias_or_name.casefold(): c.this for c in query.find_all(exp.CTE)}

    def names(select: Any, depth: int) -> list[str]:
        if depth > 16:
            return []
        if isinstance(select, exp.SetOperation):
            return names(select.left, depth + 1)
        if not isinstance(select, exp.Select):
            return []
        out: list[str] = []
        for proj in select.expressions:
            star = isinstance(proj, exp.Star) or (isinstance(proj, exp.Column) and isinstance(proj.this, exp.Star))
            if not star:
                if proj.alias_or_name and proj.alias_or_name != "*":
                    out.append(proj.alias_or_name)
                continue
            sources = [select.args.get("from"), *(select.args.get("joins") or [])]
            for src in sources:
                table = src.this if src is not None else None
                if isinstance(table, exp.Table) and table.name.casefold() in ctes:
                    out += names(ctes[table.name.casefold()], depth + 1)
                elif isinstance(table, exp.Subquery):
                    out += names(table.this, depth + 1)
        return list(dict.fromkeys(out))

    return names(query, 0)


MAX_TRACED_COLUMNS = 5_000


def trace(query: Any, catalogue: Catalogue, dialect: str | None, path: str | None = None) -> Traced:
    """Outputs with their source columns, column uses, and SELECT * on catalogued tables."""
    from sqlglot import exp
    from sqlglot.errors import SqlglotError
    from sqlglot.optimizer.qualify import qualify
    from sqlglot.optimizer.scope import build_scope

    traced = Traced()
    columns = sum(1 for _ in query.find_all(exp.Column))
    if columns > MAX_TRACED_COLUMNS:
        # sqlglot's scoping walks from every column to the root: a query of 20,000 column references chained in
        # one expression took minutes. No real query is that large; its output names are still read.
        traced.error = f"{columns} column references, more than {MAX_TRACED_COLUMNS} traced"
        return traced
    read = {t.name.casefold() for t in query.find_all(exp.Table)}
    schema = catalogue.sqlglot_schema(path, only=read)
    q = copy.deepcopy(query)
    for t in q.find_all(exp.Table):  # bare names: schema qualifiers need not agree with the catalogue
        t.set("db", None)
        t.set("catalog", None)
    ctes = {c.alias_or_name.casefold() for c in q.find_all(exp.CTE)}
    for select in q.find_all(exp.Select):
        if any(
            isinstance(p, exp.Star) or (isinstance(p, exp.Column) and isinstance(p.this, exp.Star))
            for p in select.expressions
        ):
            traced.star += [
                t.name
                for t in select.find_all(exp.Table)
                if t.name.casefold() not in ctes and t.name.casefold() in schema
            ]
    try:
        qualified = qualify(q, schema=schema, dialect=dialect, validate_qualify_columns=False, quote_identifiers=False)
    except (SqlglotError, KeyError, ValueError, TypeError, AttributeError, RecursionError) as exc:
        traced.error = type(exc).__name__
        return traced
    for name, node in _lineage_nodes(qualified, schema, dialect, traced).items():
        out = Output(name)
        for n in node.walk():
            if isinstance(n.expression, exp.Table):
                # the node's name keeps the dialect's quotes (people."email"): the column is the name without them
                out.sources.append(SourceColumn(n.expression.name, n.name.split(".")[-1].strip('"`[]')))
            else:
                out.transforms += [t for t in _transforms(n.expression) if t not in out.transforms]
        out.sources.sort(key=lambda c: (c.table, c.column))  # the walk's order varies from run to run
        out.transforms.sort()
        traced.outputs.append(out)
    root = build_scope(qualified)
    for scope in root.traverse() if root else []:
        tables = {alias: src.name for alias, src in scope.sources.items() if isinstance(src, exp.Table)}
        select = scope.expression
        if not isinstance(select, exp.Select):
            continue
        clauses = {
            "where": select.args.get("where"),
            "group_by": select.args.get("group"),
            "order_by": select.args.get("order"),
            "having": select.args.get("having"),
        }
        for join in select.args.get("joins") or []:
            clauses.setdefault("join", None)
            _uses(join.args.get("on"), "join", tables, traced)
        for clause, node in clauses.items():
            _uses(node, clause, tables, traced)
        for projection in select.expressions:
            inner = projection.this if isinstance(projection, exp.Alias) else projection
            if isinstance(inner, exp.Case | exp.If | exp.Window | exp.Binary) or inner.find(
                exp.Case, exp.If, exp.Window
            ):
                _uses(inner, "computed", tables, traced)
    return traced


_LINEAGE_ERRORS = (KeyError, ValueError, TypeError, AttributeError, RecursionError)


def _lineage_nodes(qualified: Any, schema: dict, dialect: str | None, traced: Traced) -> dict[str, Any]:
    """Each output column's lineage graph. The catalogue is normalised once and every column walked in one pass
    sharing sqlglot's cache: column by column, a 27-view schema of 150 tables took minutes normalising the same
    catalogue 1,500 times. Column by column again where the one pass fails, so one bad column loses only itself."""
    from sqlglot.errors import SqlglotError
    from sqlglot.lineage import lineage
    from sqlglot.optimizer.scope import build_scope
    from sqlglot.schema import ensure_schema

    mapping: Any = schema
    try:
        mapping = ensure_schema(schema, dialect=dialect)
        scope = build_scope(qualified.copy())
        nodes = lineage(None, qualified, schema=mapping, dialect=dialect, scope=scope, trim_selects=False)
    except (SqlglotError, *_LINEAGE_ERRORS):
        nodes = None
    if isinstance(nodes, dict) and list(nodes) == list(qualified.named_selects):
        return nodes
    out = {}
    for name in qualified.named_selects:
        try:
            out[name] = lineage(name, qualified, schema=mapping, dialect=dialect)
        except (SqlglotError, *_LINEAGE_ERRORS) as exc:
            traced.error = type(exc).__name__
    return out


def _uses(node: Any, clause: str, tables: dict[str, str], traced: Traced) -> None:
    from sqlglot import exp

    if node is None:
        return
    for col in node.find_all(exp.Column):
        table = tables.get(col.table)
        if table:
            use = Use(clause, table, col.name)
            if use not in traced.uses:
                traced.uses.append(use)
