"""Finding: what rightskit concluded about one field and one entity type. Never holds raw values."""

from __future__ import annotations

import hashlib

from pydantic import Field

from rightskit.models.common import Category, Frozen, SourceKind


class Location(Frozen):
    """Where a field sits in its source. For data files this is the header line, never a data row."""

    line: int | None = None
    column: int | None = None


class RecognizerEvidence(Frozen):
    """What one value recognizer saw in the examined values of a field."""

    recognizer: str = Field(description="Recognizer name, e.g. 'email'.")
    matched: int = Field(description="Values whose form matched the recognizer's pattern.")
    validated: int = Field(description="Matched values that also passed the validator (checksum, date, region).")


class Evidence(Frozen):
    """Why a verdict was reached. Counts and words, never values."""

    method: list[str] = Field(description="Kinds of evidence used: values, name, type, text, context.")
    examined: int = Field(0, description="Values examined (sampled or all, after flattening arrays).")
    non_empty: int = Field(0, description="Examined values that were not empty.")
    matched: int = Field(0, description="Non-empty values matching the entity's pattern.")
    validated: int = Field(0, description="Matched values passing validation.")
    share: float = Field(0.0, description="validated / non_empty.")
    share_lower_bound: float = Field(0.0, description="95 % Wilson lower bound of share.")
    name_hints: list[str] = Field(default_factory=list, description="Lexicon words found in the field name or path.")
    recognizers: list[RecognizerEvidence] = Field(default_factory=list)
    in_text: bool = Field(False, description="True when the entity sits inside free text rather than filling cells.")
    distinct_ratio: float | None = Field(None, description="Distinct non-empty values / non-empty values examined.")
    exclusions: list[str] = Field(default_factory=list, description="Evidence that argued against other verdicts.")
    sampled: bool = Field(True, description="False when every value of the field was examined (--full).")
    notes: list[str] = Field(default_factory=list)
    repeats: str | None = Field(
        None,
        description="The field whose encoded value this one repeats in most rows: a birth date or sex that the "
        "national ID in that field encodes (a release drops it with the ID).",
    )


CONFIDENCE_LEVELS = ((0.85, "high"), (0.75, "medium"), (0.65, "low"))


def confidence_level(confidence: float) -> str:
    """Purview-style level of a confidence: high ≥ 0.85, medium ≥ 0.75, low ≥ 0.65, else very low."""
    for bound, name in CONFIDENCE_LEVELS:
        if confidence >= bound:
            return name
    return "very low"


class Finding(Frozen):
    """Detections combined per field and entity type."""

    fingerprint: str = Field(description="Stable id from kind, path, object, field and entity; no value enters it.")
    kind: SourceKind
    path: str = Field(description="The file (relative as given) or the database URL without credentials.")
    object: str | None = Field(None, description="Table, sheet, view or definition; null for a single-table file.")
    field: str = Field(description="Column or dotted property path (a.b[].c).")
    location: Location = Field(default_factory=Location)
    entity_type: str
    data_category: str = Field(description="fideslang data category key, e.g. user.contact.email.")
    category: Category
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: Evidence
    examples: list[str] = Field(default_factory=list, description="Shape-only examples (9999, Aaaa, a***@a***.bg).")

    @staticmethod
    def make_fingerprint(kind: str, path: str, obj: str | None, field: str, entity_type: str) -> str:
        """Hash of the finding's identity: survives row churn and re-ordering, never includes a value."""
        key = "\x1f".join([str(kind), path.replace("\\", "/"), obj or "", field, entity_type])
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
