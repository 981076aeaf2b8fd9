"""Databases that publish through views: masking views in the target dialect, or PostgreSQL Anonymizer rules.

Generated from a schema scan, for publication: a view leaves out direct identifiers, special-category columns,
free text and the keys that tie a row to a person; it coarsens quasi-identifiers (a birth date to its year, any
date of a table about people to its year, coordinates to two decimals, postcodes to their region) and passes the
rest through. A plan (``rightskit plan`` format, inputs keyed by table) may drop more, or keep a withheld column
with ``accept: <reason>``. What each view leaves out is said in a comment above it. Nothing is executed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rightskit.errors import UsageError

if TYPE_CHECKING:
    from rightskit.models.release import FieldPlan, Plan
    from rightskit.models.scan import ScanResult

_DIRECT = {"direct_identifier", "financial", "credential", "pseudonymous_identifier"}
_DATE_TYPES = ("date", "timestamp", "datetime", "smalldatetime", "time")


@dataclass(frozen=True)
class Withheld:
    table: str
    column: str
    reason: str


@dataclass
class _Table:
    columns: dict[str, str]  # column → "ENTITY:category" of its finding, "" without one
    types: dict[str, str]
    about_people: bool
    person_keys: set[str]
    free_text: set[str]


def _tables(scan: ScanResult) -> dict[str, _Table]:
    """Every declared table with its facts and the findings of its columns."""
    tables: dict[str, _Table] = {}
    for fact in scan.facts:
        if fact.get("type") == "table":
            tables.setdefault(
                fact["object"],
                _Table(
                    {c: "" for c in fact.get("columns", [])},
                    {c: str(t) for c, t in fact.get("types", {}).items()},
                    bool(fact.get("about_people")),
                    set(fact.get("person_keys", [])),
                    set(fact.get("free_text", [])),
                ),
            )
    for f in scan.findings:
        if f.kind.value == "schema" and f.object in tables:
            tables[f.object].columns[f.field] = f.entity_type + ":" + f.category.value
    return tables


def _withheld_reason(name: str, entity: str, category: str, table: _Table) -> str | None:
    if category in _DIRECT:
        return f"{category.replace('_', ' ')} ({entity})"
    if category == "special_category":
        return f"special category ({entity})"
    if name in table.person_keys:
        return "ties a row to a person"
    if name in table.free_text:
        return "free text"
    return None


def _planned(plan: Plan | None, table: str) -> dict[str, FieldPlan]:
    if plan is None:
        return {}
    bare = table.replace('"', "").replace("`", "").rsplit(".", 1)[-1]
    fps = plan.inputs.get(table) or plan.inputs.get(bare) or []
    for fp in fps:
        if fp.action not in ("keep", "drop"):
            raise UsageError(f"plan: {table}.{fp.field}: a masking view can keep or drop a column, not {fp.action}")
    return {fp.field: fp for fp in fps}


def _projection(name: str, entity: str, kind: str, about_people: bool) -> Any:
    from sqlglot import exp

    col = exp.column(name)
    if entity == "DATE_OF_BIRTH" or (about_people and kind.lower().startswith(_DATE_TYPES)):
        # A date in a table about people singles them out with the rest of the row: its year is published.
        return exp.alias_(exp.Extract(this=exp.var("YEAR"), expression=col), f"{name}_year")
    if entity == "GEO_COORDINATE":
        return exp.alias_(exp.Round(this=col, decimals=exp.Literal.number(2)), name)
    if entity == "POSTAL_CODE":
        return exp.alias_(exp.Left(this=col, expression=exp.Literal.number(2)), name)
    return col


def view_plan(scan: ScanResult, plan: Plan | None = None) -> dict[str, tuple[list[tuple[str, Any]], list[Withheld]]]:
    """Per table that holds personal data: the projections a publication view makes, and what it leaves out."""
    out = {}
    for table, facts in _tables(scan).items():
        if not any(facts.columns.values()) and not facts.about_people:
            continue
        planned = _planned(plan, table)
        unknown = sorted(set(planned) - set(facts.columns))
        if unknown:
            raise UsageError(f"plan: table {table} has no column {', '.join(unknown)}")
        projections, withheld = [], []
        for name, tag in facts.columns.items():
            entity, _, category = tag.partition(":")
            reason = _withheld_reason(name, entity, category, facts)
            fp = planned.get(name)
            if fp is not None and fp.action == "drop":
                withheld.append(Withheld(table, name, fp.reason or "the plan drops it"))
            elif fp is not None and reason is not None:  # kept against the default: only knowingly
                if not fp.accept:
                    raise UsageError(f"plan: {table}.{name} is {reason}: a view keeps it only with accept: <reason>")
                projections.append((name, _projection(name, "", "", False)))
            elif reason is not None:
                withheld.append(Withheld(table, name, reason))
            else:
                projections.append((name, _projection(name, entity, facts.types.get(name, ""), facts.about_people)))
        out[table] = (projections, withheld)
    return out


def masking_views(
    scan: ScanResult, dialect: str = "postgres", suffix: str = "_public", plan: Plan | None = None
) -> tuple[str, list[Withheld]]:
    """CREATE VIEW statements for publication, one per table that holds personal data, and what they leave out."""
    from sqlglot import exp

    out, left_out = [], []
    for table, (projections, withheld) in view_plan(scan, plan).items():
        left_out += withheld
        note = "; ".join(f"{w.column} ({w.reason})" for w in withheld)
        if not projections:
            out.append(f"-- {table}: no view, every column is withheld: {note}")
            continue
        parts = table.split(".")
        view = exp.to_table(".".join([*parts[:-1], parts[-1] + suffix]))
        select = exp.select(*(p for _, p in projections)).from_(exp.to_table(table))
        statement = exp.Create(this=view, kind="VIEW", expression=select, replace=True).sql(dialect=dialect) + ";"
        out.append((f"-- {table}: withheld {note}\n" if withheld else "") + statement)
    return "\n".join(out) + ("\n" if out else ""), left_out


def anonymizer_labels(scan: ScanResult) -> str:
    """PostgreSQL Anonymizer SECURITY LABEL rules for every personal column, special categories and free text."""
    functions = {
        "PERSON": "anon.dummy_last_name()",
        "EMAIL_ADDRESS": "anon.dummy_free_email()",
        "PHONE_NUMBER": "anon.partial({col},2,$$******$$,2)",
        "DATE_OF_BIRTH": "anon.generalize_daterange({col},'year')",
        "IBAN_CODE": "anon.partial({col},4,$$******$$,2)",
        "STREET_ADDRESS": "NULL",
        "IP_ADDRESS": "NULL",
    }
    out = []
    for table, facts in _tables(scan).items():
        for name, tag in facts.columns.items():
            entity, _, category = tag.partition(":")
            text = name in facts.free_text and (facts.about_people or any(facts.columns.values()))
            if category not in _DIRECT and category != "special_category" and entity not in functions and not text:
                continue
            fn = functions.get(entity, "NULL").format(col=name).replace("'", "''")
            rule = "MASKED WITH VALUE NULL" if fn == "NULL" else f"MASKED WITH FUNCTION {fn}"
            out.append(f"SECURITY LABEL FOR anon ON COLUMN {table}.{name} IS '{rule}';")
    return "\n".join(out) + ("\n" if out else "")
