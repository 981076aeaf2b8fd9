"""Anonymisation plans and release manifests."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from rightskit.models.common import Frozen

Role = Literal["direct_identifier", "quasi_identifier", "sensitive", "review", "other"]
Action = Literal["keep", "drop", "redact", "mask", "pseudonymise", "release_token", "encrypt", "generalise",
                 "redact_text", "suppress", "age_band_from_egn", "sex_from_egn", "shift_date"]  # fmt: skip

RELEASE_SCHEMA_VERSION = "1"


class FieldPlan(Frozen):
    field: str
    role: Role
    action: Action
    entity: str | None = None
    hierarchy: str | None = Field(None, description="ARX CSV file or builtin:age|date|bg-postcode|lat|lon.")
    params: dict[str, Any] = Field(default_factory=dict)
    reason: str | None = Field(
        None,
        description="Why the plan chose this action where the scan could not say (role review: a field that looks "
        "identifying and is therefore not published until a person decides).",
    )
    accept: str | None = Field(
        None,
        min_length=3,
        description="Why this field may be published although the release audit finds identifying values in it "
        "(the audit counts them in the manifest instead of refusing the release).",
    )


class Plan(Frozen):
    """How each field of each input is transformed (editable: rightskit plan writes it)."""

    schema_version: Literal["1"] = RELEASE_SCHEMA_VERSION
    policy: str = "open-data-publication"
    k: int = Field(5, ge=1)
    max_suppression: float = Field(0.0, ge=0, le=1)
    key_purpose: str = Field("release", description="Keys are derived per purpose: tokens never link across purposes.")
    stable_pseudonyms: bool = Field(False, description="Keyed tokens stable across releases (links records!).")
    inputs: dict[str, list[FieldPlan]] = Field(default_factory=dict, description="File name → field plans.")


class FieldRecord(Frozen):
    field: str
    role: Role
    action: Action
    technique: str = Field(description="ISO/IEC 20889 term.")
    hierarchy: str | None = None
    level: int | None = None
    cells_changed: int = 0


class FileRecord(Frozen):
    input: str
    output: str
    input_sha256: str
    output_sha256: str
    rows_in: int
    rows_out: int
    fields: list[FieldRecord]
    search: dict[str, Any] | None = None
    risk_before: dict[str, Any] | None = None
    risk_after: dict[str, Any] | None = None
    table: str | None = Field(None, description="The sheet of a workbook this record is about (one record per sheet).")


class AcceptedField(Frozen):
    file: str
    field: str
    reason: str


class AuditRecord(Frozen):
    """What the recall-first audit read in the release before it was written, and what it found."""

    cells_checked: int = Field(description="Non-empty cells of every released file the audit read.")
    findings: dict[str, int] = Field(
        default_factory=dict, description="Identifying values found outside accepted fields, by type (0 when written)."
    )
    accepted: dict[str, int] = Field(default_factory=dict, description="Values found in accepted fields, by type.")
    accepted_fields: list[AcceptedField] = Field(default_factory=list)


class Manifest(Frozen):
    """OUTDIR/manifest.json: what was done, to what, with which keys (their ids, never the keys)."""

    schema_version: Literal["1"] = RELEASE_SCHEMA_VERSION
    rightskit_version: str
    created: str
    policy: str
    plan_sha256: str
    policy_sha256: str | None = None
    key_ids: list[str] = Field(default_factory=list)
    stable_pseudonyms: bool = False
    files: list[FileRecord]
    wp216: dict[str, str] = Field(description="Singling out, linkability, inference: how each is addressed.")
    audit: AuditRecord | None = None


class WithheldColumn(Frozen):
    table: str
    column: str
    reason: str = Field(description="Why the publication view leaves it out (a category, free text, a person key).")


class MaskingViews(Frozen):
    """``anonymise --sql-views``: publication views without identifying columns, and PostgreSQL Anonymizer labels."""

    dialect: str
    views_sql: str
    labels_sql: str
    withheld: list[WithheldColumn] = Field(default_factory=list)
