"""What a person writes to teach rightskit an identifier: recognizer declarations, entities, packs."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from rightskit.models.common import Category, Frozen
from rightskit.models.regexcheck import check_pattern

Strength = Literal["strong", "checksum", "format", "hint"]
Boundary = Literal["none", "digits", "digits_dots", "hex", "alnum"]


class RecognizerSpec(Frozen):
    """One value recognizer, declared once (see rightskit/detect/packs/FORMAT.md)."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    entity: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    pattern: str | None = Field(None, description="RE2- and Python-compatible regex (no look-arounds).")
    validator: str | None = Field(None, description="A built-in validator name, or stdnum:<module>.")
    strength: Strength = "format"
    family: str | None = Field(None, description="Recognizers whose values look alike compete within a family.")
    score: float = Field(0.3, ge=0, le=1, description="presidio pattern score before validation")
    boundary: Boundary = "alnum"
    in_text: bool = Field(True, description="Also look for this entity inside free text.")
    finder: str | None = Field(
        None, description="A named span finder for free text (person_names, places); the pattern then pre-filters."
    )
    context: list[str] = Field(default_factory=list, description="Words near a match in text that support it.")
    negative_context: list[str] = Field(default_factory=list, description="Words near a match that rule it out.")
    deny_list: list[str] = Field(default_factory=list, description="Values that are always this entity.")
    literal: str | None = Field(
        None,
        min_length=1,
        description=(
            "Text every match contains ('@'): values without it are never put to the pattern, whose compilation"
            " RE2 pays on every call."
        ),
    )
    validated_pattern: str | None = Field(
        None,
        description=(
            "What every match of pattern that the validator accepts matches in full (RE2 and Python): free text is"
            " pre-filtered by it instead (a phone number starts with +, 00, ( or its trunk 0, where most runs of"
            " digits in prose are reference numbers the validator turns down)."
        ),
    )
    person_check: Literal["email_names_person"] | None = Field(
        None,
        description=(
            "A built-in check that a valid value names a natural person (an e-mail address whose local part is"
            " given.family): in a table whose rows are places or bodies, a column where hardly any value does"
            " holds the bodies' own (info@, poststelle@, acronyms)."
        ),
    )

    @field_validator("pattern", "validated_pattern")
    @classmethod
    def _linear(cls, pattern: str | None, info: ValidationInfo) -> str | None:
        if pattern is None or (info.context or {}).get("builtin"):
            return pattern  # the shipped packs' patterns are checked by a test, not by every command
        return check_pattern(pattern)


Trait = Literal["national_id", "protected", "low_entropy", "textual", "person_evidence", "place_attribute"]
Normalisation = Literal["phone", "compact", "casefold", "words"]


class EntityInfo(Frozen):
    """One entity type, with the traits every rule, plan and check derives its lists from."""

    category: Category
    data_category: str = Field(description="fideslang data category key.")
    description: str
    needs_person_context: bool = Field(
        False, description="Personal only in a table that also holds data about people (coordinates of bus stops)."
    )
    traits: list[Trait] = Field(
        default_factory=list,
        description=(
            "national_id: a national identification number (GDPR Art. 87); protected: a protected attribute or"
            " its proxy (EU Charter Art. 21, GDPR Art. 9/10); low_entropy: few possible values, so a plain hash is"
            " reversible; textual: values are words, so a column of numbers contradicts a name hint;"
            " person_evidence: a finding shows its table is about people; place_attribute: describes a place or"
            " business where the rows are places (an address, town, phone or coordinates in a pharmacy register)."
        ),
    )
    hierarchy: str | None = Field(None, description="Default generalisation hierarchy when a quasi-identifier.")
    normalise: Normalisation | None = Field(
        None, description="Canonical form before a keyed token (phone: E.164; compact: no spaces, upper case)."
    )


class LexiconLevels(Frozen):
    """Field-name words for one entity."""

    strong: list[str] = Field(default_factory=list)
    weak: list[str] = Field(default_factory=list)


class Pack(Frozen):
    """A recognizer pack: entities, field-name words and recognizers that belong together (a country)."""

    pack: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    description: str = ""
    entities: dict[str, EntityInfo] = Field(default_factory=dict)
    lexicon: dict[str, LexiconLevels] = Field(default_factory=dict)
    not_personal: list[str] = Field(default_factory=list)
    recognizers: list[RecognizerSpec] = Field(default_factory=list)
