"""The processing-context file, v1 (``rightskit-context.yaml``): what only people know.

Purposes and legal bases, which datasets serve which purpose, retention, recipients and exports, publication plans,
algorithm-register entries and waivers. The DPIA report extends this same schema in its next version.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from rightskit.models.common import Frozen

CONTEXT_VERSION = "2"


class Party(Frozen):
    name: str
    contact: str | None = None


class LegalRef(Frozen):
    """A legal basis: a GDPR provision and the national law behind it."""

    gdpr: str | None = Field(None, description='e.g. "6(1)(e)", "9(2)(g)"')
    national_law: list[str] = Field(default_factory=list)


class Purpose(Frozen):
    id: str
    description: str
    legal_basis: LegalRef | None = None
    art9_condition: LegalRef | None = Field(None, description="Required when special-category data serves the purpose.")
    art10_basis: LegalRef | None = Field(None, description="Required for criminal convictions and offences.")


class Retention(Frozen):
    period: str = Field(
        pattern=r"^P((\d+Y(\d+M)?(\d+W)?(\d+D)?|\d+M(\d+W)?(\d+D)?|\d+W(\d+D)?|\d+D)(T(\d+H(\d+M)?(\d+S)?|\d+M(\d+S)?|\d+S))?|T(\d+H(\d+M)?(\d+S)?|\d+M(\d+S)?|\d+S))$",
        description="an ISO 8601 duration, e.g. P10Y, P6M or P1Y6M",
    )
    trigger: str | None = Field(None, description="The column or event the period runs from.")
    law_ref: str | None = None


class Anonymisation(Frozen):
    method: str | None = None
    manifest: str | None = Field(None, description="Path of the release manifest (rightskit anonymise).")
    reassess_by: dt.date | None = None


class Publication(Frozen):
    planned: bool = False
    portal: str | None = None
    licence: str | None = None
    format: str | None = None
    quasi_identifiers: list[str] = Field(default_factory=list)
    sensitive_attributes: list[str] = Field(default_factory=list)
    k_min: int = Field(5, ge=2)
    l_min: int = Field(2, ge=1)
    min_cell_count: int = Field(5, ge=1)
    count_column: str | None = Field(None, description="For tables of counts: the column holding the counts.")
    anonymisation: Anonymisation | None = None


class Dataset(Frozen):
    """Which purposes a dataset (file glob or table glob) serves, and how it is kept and published."""

    match: str = Field(description="Glob on the source path or on schema.table.")
    purposes: list[str] = Field(default_factory=list)
    retention: Retention | None = None
    tags: list[str] = Field(default_factory=list, description="analytics, staging, test, production …")
    anonymous: bool = Field(False, description="Declared anonymous: rightskit checks it holds no identifier.")
    law_ref: str | None = Field(None, description="The law allowing identity documents to be kept.")
    publication: Publication | None = None


class Recipient(Frozen):
    name: str
    basis: str | None = None
    destination: str | None = Field(None, description="Glob on export targets (s3://bucket/*, /exports/*) it receives.")
    country: str | None = None


class Algorithm(Frozen):
    """An algorithm-register entry (Algorithmic Transparency Standard fields in ``ats``)."""

    id: str
    sql_files: list[str] = Field(default_factory=list)
    ats: dict[str, str | None] = Field(default_factory=dict)


class Waiver(Frozen):
    """An accepted exception: a rule for matching places, with an approver, a reason and an expiry."""

    rule: str
    path: str = "*"
    object: str = "*"
    field: str = "*"
    reason: str
    approved_by: str
    expires: dt.date


class Risk(Frozen):
    impacts: list[str] = Field(default_factory=list)
    threats: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    measures: list[str] = Field(default_factory=list)
    severity: int | None = Field(None, ge=1, le=4)
    likelihood: int | None = Field(None, ge=1, le=4)
    residual_severity: int | None = Field(None, ge=1, le=4)
    residual_likelihood: int | None = Field(None, ge=1, le=4)
    justification: str | None = None


class Processor(Frozen):
    name: str
    service: str | None = None
    contract_ref: str | None = None
    country: str | None = None


class Opinion(Frozen):
    """An answer people give: DPO advice, data subjects' views."""

    given: bool | None = None
    summary: str | None = None
    by: str | None = None
    date: dt.date | None = None
    followed: bool | None = None
    justification: str | None = Field(None, description="Why views were not sought, or why advice was not followed.")


class Consultation(Frozen):
    dpo_advice: Opinion | None = None
    data_subject_views: Opinion | None = None


class ActionItem(Frozen):
    measure: str
    rule: str | None = None
    owner: str | None = None
    due: dt.date | None = None
    status: Literal["planned", "started", "done"] = "planned"


class SignOff(Frozen):
    decision: Literal["approve", "approve_with_conditions", "reject"] | None = None
    approver: str | None = None
    role: str | None = None
    date: dt.date | None = None


class Review(Frozen):
    next_review: dt.date | None = None
    triggers: list[str] = Field(default_factory=list)


class Provenance(Frozen):
    """Who gave an answer (any key of the file, dotted)."""

    by: str
    role: str | None = None
    at: dt.date | None = None


class Processing(Frozen):
    id: str
    name: str
    description: str | None = None
    public_authority: bool = True
    controller: Party | None = None
    dpo: Party | None = None
    purposes: list[Purpose] = Field(default_factory=list)
    data_subjects: list[str] = Field(default_factory=list)
    vulnerable_groups: list[str] = Field(default_factory=list, description="Children, patients, asylum seekers …")
    processors: list[Processor] = Field(default_factory=list)
    recipients: list[Recipient] = Field(default_factory=list)
    transfers: list[Recipient] = Field(default_factory=list)
    security_measures: list[str] = Field(default_factory=list)
    dpia_reference: str | None = None
    art36_consultation: str | None = None


class ProcessingContext(Frozen):
    """rightskit-context.yaml (version 2 extends version 1 for DPIA reports; version 1 files stay valid)."""

    schema_version: Literal["1", "2"] = CONTEXT_VERSION
    processing: Processing
    datasets: list[Dataset] = Field(default_factory=list)
    algorithms: list[Algorithm] = Field(default_factory=list)
    waivers: list[Waiver] = Field(default_factory=list)
    risks: dict[str, Risk] = Field(
        default_factory=dict,
        description="illegitimate_access, unwanted_modification, disappearance, reidentification, discrimination",
    )
    consultation: Consultation | None = None
    action_plan: list[ActionItem] = Field(default_factory=list)
    signoff: SignOff | None = None
    review: Review | None = None
    screening: dict[str, bool] = Field(
        default_factory=dict,
        description='Answers to the screening criteria (WP248, CPDP list), e.g. "innovative technology": false.',
    )
    provenance: dict[str, Provenance] = Field(default_factory=dict)
