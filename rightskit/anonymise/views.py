"""Databases that publish through views: masking views in the target dialect, or PostgreSQL Anonymizer rules.

Generated from a schema scan: direct identifiers are dropped (or pseudonymised with a keyed function the database
provides), quasi-identifiers coarsened, other columns passed through. Nothing is executed.
"""

from __future__ import annotations

from rightskit.models.scan import ScanResult

_DIRECT = {"direct_identifier", "financial", "credential", "pseudonymous_identifier"}


def _columns(scan: ScanResult) -> dict[str, dict[str, str]]:
    """table → column → category of the personal columns; all columns from the table facts."""
    tables: dict[str, dict[str, str]] = {}
    for fact in scan.facts:
        if fact.get("type") == "table":
            tables.setdefault(fact["object"], {c: "" for c in fact.get("columns", [])})
    for f in scan.findings:
        if f.kind.value == "schema" and f.object in tables:
            tables[f.object][f.field] = f.entity_type + ":" + f.category.value
    return tables


def masking_views(scan: ScanResult, dialect: str = "postgres", suffix: str = "_public") -> str:
    """CREATE VIEW statements exposing each personal table without its direct identifiers."""
    from sqlglot import exp

    out = []
    for table, columns in _columns(scan).items():
        if not any(columns.values()):
            continue
        projections = []
        for name, tag in columns.items():
            entity, _, category = tag.partition(":")
            col = exp.column(name)
            if category in _DIRECT:
                continue
            if entity == "DATE_OF_BIRTH":
                year = exp.Extract(this=exp.var("YEAR"), expression=col)
                projections.append(exp.alias_(year, f"{name}_year"))
            elif entity == "GEO_COORDINATE":
                projections.append(exp.alias_(exp.Round(this=col, decimals=exp.Literal.number(2)), name))
            elif entity == "POSTAL_CODE":
                projections.append(exp.alias_(exp.Left(this=col, expression=exp.Literal.number(2)), name))
            else:
                projections.append(col)
        if not projections:
            continue
        parts = table.split(".")
        view = exp.to_table(".".join([*parts[:-1], parts[-1] + suffix]))
        select = exp.select(*projections).from_(exp.to_table(table))
        out.append(exp.Create(this=view, kind="VIEW", expression=select, replace=True).sql(dialect=dialect) + ";")
    return "\n".join(out) + ("\n" if out else "")


def anonymizer_labels(scan: ScanResult) -> str:
    """PostgreSQL Anonymizer SECURITY LABEL rules for every personal column."""
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
    for table, columns in _columns(scan).items():
        for name, tag in columns.items():
            if not tag:
                continue
            entity, _, category = tag.partition(":")
            if category not in _DIRECT and entity not in functions:
                continue
            fn = functions.get(entity, "NULL").format(col=name).replace("'", "''")
            rule = "MASKED WITH VALUE NULL" if fn == "NULL" else f"MASKED WITH FUNCTION {fn}"
            out.append(f"SECURITY LABEL FOR anon ON COLUMN {table}.{name} IS '{rule}';")
    return "\n".join(out) + ("\n" if out else "")
