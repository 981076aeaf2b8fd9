"""Storage limitation (Art. 5(1)(e)): a declared retention period and a column it can run from."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rightskit.models.finding import Finding
from rightskit.policy.checks.base import _hit, check
from rightskit.policy.context import Hit, RuleContext


@check
def undeclared(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    for (path, obj), findings in ctx.personal_objects().items():
        ds = ctx.dataset(path, obj or None)
        if ds is None or ds.retention is None:
            yield _hit(findings[0], objects=obj or path)


_TEMPORAL = re.compile(r"(created|updated|modified|closed|deleted|valid_to|expires|timestamp|_at$|_on$|date$)", re.I)


@check
def no_temporal_column(ctx: RuleContext, params: dict) -> Iterator[Hit]:
    tables: dict[tuple[str, str], list[Finding]] = {}
    for f in ctx.scan.findings:
        if f.kind.value == "schema" and f.object:
            tables.setdefault((f.path, f.object), []).append(f)
    columns = {(fact["path"], fact.get("object")): fact.get("columns", []) for fact in ctx.facts("table")}
    for (path, obj), findings in tables.items():
        cols = columns.get((path, obj))
        if cols is not None and not any(_TEMPORAL.search(c) for c in cols):
            yield _hit(findings[0])
