"""Shared vocabulary."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    """Base for boundary models: immutable and strict about unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class SourceKind(StrEnum):
    """What kind of thing a Source is."""

    DATASET = "dataset"
    SCHEMA = "schema"
    SQL = "sql"
    DATABASE = "database"


class Category(StrEnum):
    """How an entity type identifies a person (drives policy and anonymisation defaults)."""

    DIRECT_IDENTIFIER = "direct_identifier"
    QUASI_IDENTIFIER = "quasi_identifier"
    SPECIAL_CATEGORY = "special_category"
    FINANCIAL = "financial"
    CREDENTIAL = "credential"
    PSEUDONYMOUS_IDENTIFIER = "pseudonymous_identifier"
