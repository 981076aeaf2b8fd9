"""Re-identification metrics and generalisation search results (``rightskit risk --format json``)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from rightskit.models.common import Frozen

RISK_SCHEMA_VERSION = "1"


class SensitiveMetrics(Frozen):
    """Attribute disclosure for one sensitive attribute, over the equivalence classes."""

    attribute: str
    l_distinct: int = Field(description="Fewest distinct sensitive values in any class (distinct l-diversity).")
    l_entropy: float = Field(description="Smallest 2^H over classes, H the class's entropy in bits (entropy l).")
    t_closeness: float = Field(description="Largest distance between a class's and the table's distribution.")
    t_distance: Literal["equal", "ordered"] = Field(
        description="equal: EMD with equal ground distance (half the L1 distance), for categories; "
        "ordered: EMD over the sorted values with distance |i-j|/(m-1), for numbers."
    )


class RiskMetrics(Frozen):
    """Identity disclosure over a set of quasi-identifiers (records not suppressed)."""

    records: int
    quasi_identifiers: list[str]
    k: int = Field(description="The k the counts below are measured against.")
    classes: int = Field(description="Equivalence classes (distinct quasi-identifier combinations).")
    min_class_size: int
    sample_uniques: int = Field(description="Records alone in their class.")
    sample_unique_share: float
    records_below_k: int = Field(description="Records in classes smaller than k.")
    prosecutor_risk_max: float = Field(description="1 / smallest class size.")
    prosecutor_risk_avg: float = Field(description="Mean over records of 1 / class size (= classes / records).")
    marketer_risk: float = Field(description="Expected share of records re-identified (= classes / records).")
    sensitive: list[SensitiveMetrics] = Field(default_factory=list)


class SearchResult(Frozen):
    """The optimal full-domain generalisation found by the lattice search."""

    satisfied: bool = Field(description="False when no node meets the constraints (see best_achievable).")
    levels: dict[str, int] = Field(description="Chosen generalisation level per quasi-identifier.")
    nue: float = Field(description="Non-uniform entropy, as ARX's createEntropyMetric(true).")
    nue_normalised: float = Field(description="nue / nue of the fully generalised node.")
    suppressed: int = Field(description="Records suppressed (in classes failing the constraints).")
    suppression_share: float
    nodes_total: int
    nodes_checked: int = Field(description="Nodes whose equivalence classes were computed.")
    seconds: float
    metrics_after: RiskMetrics
    best_achievable: str | None = Field(None, description="When not satisfied: the best (k, suppression, loss).")


class RiskReport(Frozen):
    """What ``rightskit risk`` prints as JSON."""

    schema_version: Literal["1"] = RISK_SCHEMA_VERSION
    rightskit_version: str
    input: str
    object: str | None = None
    metrics: RiskMetrics
    search: SearchResult | None = None


class SuppressedCell(Frozen):
    """One cell withheld from a published table of counts (labels, never counts)."""

    row: str
    column: str
    reason: Literal["primary", "secondary"] = Field(
        description="primary: the count is below the threshold; secondary: withheld so that a primary cell "
        "cannot be recovered from the row and column totals."
    )


class CellSuppressionResult(Frozen):
    """A table of counts made safe to publish."""

    threshold: int
    rows: list[str]
    columns: list[str]
    published: list[list[int | None]] = Field(description="Counts per row and column; null where withheld.")
    row_totals: list[int | None]
    column_totals: list[int | None]
    grand_total: int | None
    suppressed: list[SuppressedCell]
    rounding_base: int | None = None
