"""The registry of checks and the hits they yield (places, never values).

A check is named as its rule (``security.grant_public`` is ``grant_public`` in ``checks/security.py``), so a rule
and its logic are found by the same name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from rightskit.models.finding import Finding, Location
from rightskit.policy.context import Hit, RuleContext

Check = Callable[[RuleContext, dict[str, Any]], Iterator[Hit]]
CHECKS: dict[str, Check] = {}


def check(fn: Check) -> Check:
    """Register ``fn`` as the check of the rule ``<module>.<function>``."""
    CHECKS[f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}"] = fn
    return fn


def _hit(f: Finding, severity: str | None = None, **values: Any) -> Hit:
    return Hit(f.path, f.object, f.field, f.location, {"entity": f.entity_type, **values}, f.fingerprint, severity)


def _fact_hit(fact: dict, **values: Any) -> Hit:
    return Hit(
        fact["path"],
        fact.get("object"),
        fact.get("field") or fact.get("column"),
        Location(line=fact.get("line")),
        {**{k: v for k, v in fact.items() if isinstance(v, str | int)}, **values},
    )


def _missing_in_context(ctx: RuleContext, missing: list[str]) -> Hit:
    """A hit on the context file's processing section, naming what it does not say."""
    return Hit(
        ctx.context_path or "rightskit-context.yaml", "processing", None, Location(), {"missing": ", ".join(missing)}
    )
