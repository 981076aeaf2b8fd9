"""``risk``: metrics of a table and, optionally, the optimal generalisation — as one RiskReport."""

from __future__ import annotations

from rightskit import __version__
from rightskit.errors import UsageError
from rightskit.models.privacy import RiskReport
from rightskit.privacy.encode import as_strings, encode_attribute
from rightskit.privacy.hierarchy import Hierarchy
from rightskit.privacy.metrics import metrics_at
from rightskit.privacy.search import Constraints, optimal_generalisation


def risk_report(
    columns: dict[str, list],
    quasi: list[str],
    *,
    sensitive: list[str] | None = None,
    constraints: Constraints | None = None,
    hierarchies: dict[str, Hierarchy] | None = None,
    search: bool = False,
    input_name: str = "table",
    object_name: str | None = None,
) -> RiskReport:
    """Metrics before any change and, with ``search``, the optimal generalisation and metrics after it."""
    constraints = constraints or Constraints()
    sensitive = sensitive or []
    missing = [c for c in [*quasi, *sensitive] if c not in columns]
    if missing:
        raise UsageError(f"no column named {', '.join(repr(m) for m in missing)} (columns: {', '.join(columns)})")
    hierarchies = hierarchies or {}
    if search:
        lacking = [q for q in quasi if q not in hierarchies]
        if lacking:
            raise UsageError(f"--search needs a hierarchy for every quasi-identifier; missing: {', '.join(lacking)}")
    values = {c: as_strings(columns[c]) for c in [*quasi, *sensitive]}
    attributes = [encode_attribute(q, values[q], hierarchies.get(q) if search else None) for q in quasi]
    sens = {s: values[s] for s in sensitive}
    before = metrics_at(attributes, [0] * len(attributes), constraints.k, sens)
    result = optimal_generalisation(attributes, constraints, sens) if search else None
    return RiskReport(
        rightskit_version=__version__, input=input_name, object=object_name, metrics=before, search=result
    )
