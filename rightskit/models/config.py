"""The project configuration (``rightskit.yaml`` or ``[tool.rightskit]`` in ``pyproject.toml``)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from rightskit.models.common import Frozen
from rightskit.models.detection import EntityInfo, LexiconLevels, RecognizerSpec
from rightskit.models.regexcheck import check_pattern

CONFIG_VERSION = 1


class AllowEntry(Frozen):
    """A value (or pattern) that is never reported: the municipality's public office e-mails, test numbers."""

    value: str | None = Field(None, description="An exact value (compared case-insensitively).")
    pattern: str | None = Field(None, description="A regular expression the whole value must match.")
    entity: str | None = Field(None, description="Only for this entity type (default: any).")
    reason: str | None = None

    @field_validator("pattern")
    @classmethod
    def _linear(cls, pattern: str | None) -> str | None:
        return None if pattern is None else check_pattern(pattern)

    @model_validator(mode="after")
    def _one_of(self) -> AllowEntry:
        if (self.value is None) == (self.pattern is None):
            raise ValueError("give exactly one of 'value' or 'pattern'")
        return self


class Override(Frozen):
    """Set a field's verdict by hand: an entity type, or not personal at all."""

    path: str = Field("*", description="Glob on the source path.")
    object: str = Field("*", description="Glob on the table, sheet or definition.")
    field: str = Field(description="Glob on the field (column or dotted path).")
    entity: str | None = Field(description="The entity type, or null for 'not personal'.")
    reason: str | None = None


class ScanSettings(Frozen):
    """Defaults for ``scan`` (command-line options win)."""

    sample: int | None = Field(None, ge=1)
    seed: int | None = None
    full: bool | None = None
    exclude: list[str] = Field(default_factory=list)


class DetectionSettings(Frozen):
    """How detection is tuned for a project."""

    packs: list[str] | None = Field(None, description="Packs to load (default: all installed).")
    disable: list[str] = Field(default_factory=list, description="Recognizer names to switch off.")
    phone_regions: list[str] = Field(default_factory=lambda: ["BG"], description="Regions for national phone formats.")
    allow: list[AllowEntry] = Field(default_factory=list)
    overrides: list[Override] = Field(default_factory=list)
    recognizers: list[RecognizerSpec] = Field(default_factory=list, description="Custom recognizers.")
    entities: dict[str, EntityInfo] = Field(default_factory=dict, description="Entity types custom recognizers add.")
    lexicon: dict[str, LexiconLevels] = Field(default_factory=dict, description="Extra field-name words.")
    ner_model: str | None = Field(
        None, description="An installed spaCy model or a saved pipeline's path, for names and places in text."
    )
    name_model: bool = Field(
        True,
        description="Decide names and places in Cyrillic prose with the bundled tagger stacked on the rules "
        "(needs python-crfsuite); false: the rules alone.",
    )


class RightskitConfig(Frozen):
    """A project's rightskit configuration, version 1."""

    version: Literal[1] = CONFIG_VERSION
    scan: ScanSettings = Field(default_factory=ScanSettings)
    detection: DetectionSettings = Field(default_factory=DetectionSettings)
    schemas: list[str] = Field(
        default_factory=list,
        description="SQL DDL files, folders or globs: the catalogue checked files are read against (pre-commit).",
    )
