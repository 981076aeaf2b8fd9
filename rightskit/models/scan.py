"""The findings contract v1: what ``rightskit scan --format json`` writes."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from rightskit.models.common import Frozen, SourceKind
from rightskit.models.finding import Finding

FINDINGS_SCHEMA_VERSION = "1"


class SourceReport(Frozen):
    """One scanned (or skipped) source."""

    path: str
    kind: SourceKind
    format: str | None = Field(None, description="csv, tsv, json, jsonl, geojson, parquet, xlsx, dataframe …")
    objects: int = Field(0, description="Tables, sheets or definitions read.")
    rows_scanned: int = Field(0, description="Rows (records) examined by the detectors.")
    rows_total: int | None = Field(None, description="Rows in the source; see rows_total_estimated.")
    rows_total_estimated: bool = False
    skipped: str | None = Field(None, description="Why the source was not scanned (unsupported, binary …).")
    errors: list[str] = Field(default_factory=list, description="One-line messages naming the place; no values.")
    warnings: list[str] = Field(default_factory=list)


class ScanResult(Frozen):
    """Everything a scan found."""

    schema_version: Literal["1"] = FINDINGS_SCHEMA_VERSION
    rightskit_version: str
    sources: list[SourceReport] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    facts: list[dict[str, Any]] = Field(default_factory=list, description="Reserved: lineage, grants, profiles.")

    @property
    def has_errors(self) -> bool:
        """True when any supported source could not be (fully) read."""
        return any(s.errors for s in self.sources)

    def to_json(self) -> str:
        """Deterministic JSON (sorted findings, stable key order)."""
        return self.model_dump_json(indent=2) + "\n"
