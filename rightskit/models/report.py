"""The DPIA report: one view-model from which every format is laid out (``rightskit report --format json``)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from rightskit.models.common import Frozen

REPORT_SCHEMA_VERSION = "1"


class Criterion(Frozen):
    criterion: str
    source: Literal["WP248", "CPDP"] = Field(description="WP248's nine criteria or the Bulgarian CPDP Art. 35(4) list.")
    detected: bool = Field(description="The data or SQL shows it.")
    evidence: str | None = None
    confirmed: bool | None = Field(None, description="A person's answer in the context file, when given.")


class InventoryRow(Frozen):
    path: str
    object: str | None
    field: str
    entity_type: str
    category: str
    special: bool
    confidence: float
    evidence: str
    examples: list[str]


class Flow(Frozen):
    source: str
    target: str
    transforms: list[str]
    location: str


class RiskRow(Frozen):
    id: Literal["illegitimate_access", "unwanted_modification", "disappearance", "reidentification", "discrimination"]
    letter: str
    name: str
    severity: int | None
    likelihood: int | None
    suggested_severity: int
    suggested_likelihood: int
    from_context: bool
    why: str

    @property
    def gauges(self) -> tuple[int, int]:
        """(severity, likelihood) as shown: the context's answer, else the suggestion."""
        if self.from_context and self.severity and self.likelihood:
            return self.severity, self.likelihood
        return self.suggested_severity, self.suggested_likelihood


class ActionRow(Frozen):
    code: str
    severity: str
    title: str
    where: str
    remediation: str
    owner: str | None = None
    due: str | None = None


class WaivedRow(Frozen):
    """A violation at or above the fail level accepted by a waiver: who accepted it, until when."""

    code: str
    severity: str
    title: str
    where: str
    reason: str | None = None
    approved_by: str | None = None
    expires: str | None = None


class PrincipleScore(Frozen):
    principle: str
    name: str
    rules: int
    violations: dict[str, int]
    status: Literal["ok", "attention", "failing"]


class FieldChange(Frozen):
    path: str
    object: str | None
    field: str
    entity_type: str
    category: str
    before: str | None = Field(None, description="entity/category before, for a changed field.")


class ViolationChange(Frozen):
    code: str
    severity: str
    where: str
    fingerprint: str


class InventoryDiff(Frozen):
    """``rightskit diff OLD NEW``: what changed between two scans (the Art. 35(11) review trigger)."""

    schema_version: Literal["1"] = "1"
    old: str
    new: str
    new_fields: list[FieldChange] = Field(default_factory=list)
    removed_fields: list[FieldChange] = Field(default_factory=list)
    changed_fields: list[FieldChange] = Field(default_factory=list)
    new_violations: list[ViolationChange] = Field(default_factory=list)
    resolved_violations: list[ViolationChange] = Field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.new_fields or self.removed_fields or self.changed_fields or self.new_violations
            or self.resolved_violations
        )  # fmt: skip


class ReportDoc(Frozen):
    schema_version: Literal["1"] = REPORT_SCHEMA_VERSION
    rightskit_version: str
    lang: Literal["en", "bg"]
    title: str
    status: Literal["DRAFT", "FINAL"]
    generated_at: str
    hashes: dict[str, str] = Field(description="sha256 of each scanned input, of the findings and of the context file.")
    missing: list[str] = Field(default_factory=list, description="Answers a person still has to give.")
    blocking: list[str] = Field(
        default_factory=list,
        description="Open violations at or above the policy's fail level: while any remains the report is a DRAFT.",
    )
    waived: list[WaivedRow] = Field(default_factory=list, description="Violations accepted by a waiver.")
    screening: list[Criterion]
    screening_verdict: Literal["required", "recommended", "not_required"]
    description: dict[str, object]
    inventory: list[InventoryRow]
    flows: list[Flow]
    necessity: list[str]
    risks: list[RiskRow]
    measures: list[str]
    actions: list[ActionRow]
    consultation: dict[str, object]
    review: dict[str, object]
    scorecard: list[PrincipleScore]
    annex_records: dict[str, object] = Field(description="Art. 30 records-of-processing extract.")
    annex_algorithms: list[dict[str, object]]
    annex_manifests: list[str]
    summary: str
    changes: InventoryDiff | None = Field(None, description="Changes since an earlier scan (report --since).")
