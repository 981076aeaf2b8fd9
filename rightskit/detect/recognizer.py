"""Recognizer declarations (YAML) compiled into one runtime object that runs two ways.

* ``match_cells``: vectorised over an Arrow string array — the pattern (RE2) selects candidates in C++,
  the validator runs in Python on candidates only;
* ``find_spans``: entities inside free text, with boundaries and context words;
* ``to_presidio``: the same declaration as a presidio ``PatternRecognizer`` for per-text analysis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from rightskit.detect.validators import Validator, get_validator

if TYPE_CHECKING:
    import pyarrow as pa

Strength = Literal["strong", "checksum", "format", "hint"]

_BOUNDARIES = {
    "none": ("", ""),
    "digits": (r"(?<![0-9])", r"(?![0-9])"),
    "digits_dots": (r"(?<![0-9.])", r"(?![0-9]|\.[0-9])"),
    "hex": (r"(?<![0-9A-Fa-f:])", r"(?![0-9A-Fa-f:])"),
    "alnum": (r"(?<!\w)", r"(?!\w)"),
}


class RecognizerSpec(BaseModel):
    """One value recognizer as declared in YAML."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    entity: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    pattern: str
    validator: str | None = None
    strength: Strength = "format"
    family: str | None = None
    score: float = Field(0.3, ge=0, le=1, description="presidio pattern score before validation")
    boundary: Literal["none", "digits", "digits_dots", "hex", "alnum"] = "alnum"
    in_text: bool = Field(True, description="Also look for this entity inside free text.")
    context: list[str] = Field(default_factory=list)
    negative_context: list[str] = Field(default_factory=list)


class RecognizerFile(BaseModel):
    """A YAML file of recognizer declarations."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    recognizers: list[RecognizerSpec]


@dataclass(frozen=True, slots=True)
class Span:
    """An entity inside a text: offsets into the text, never the text itself outside the process."""

    start: int
    end: int
    entity: str
    score: float
    recognizer: str


@dataclass(slots=True)
class CellMatch:
    """Counts for one array, plus the validated values (kept in memory only, for shapes and counting)."""

    matched: int
    validated: int
    validated_values: list[str]


class Recognizer:
    """A compiled recognizer declaration."""

    def __init__(self, spec: RecognizerSpec) -> None:
        self.spec = spec
        self.name = spec.name
        self.entity = spec.entity
        self.validate: Validator = get_validator(spec.validator) if spec.validator else (lambda _t: True)
        before, after = _BOUNDARIES[spec.boundary]
        self._anchored = f"^(?:{spec.pattern})$"
        self._text_re = re.compile(f"{before}(?:{spec.pattern}){after}")
        self._context = [w.lower() for w in spec.context]
        self._negative = [w.lower() for w in spec.negative_context]

    @property
    def text_pattern(self) -> str:
        """The pattern with its boundaries, as used inside free text (and by the presidio adapter)."""
        return self._text_re.pattern

    def match_cells(self, values: pa.Array) -> CellMatch:
        """Full-cell matches in a string array (already trimmed), validated once per distinct candidate."""
        import pyarrow.compute as pc

        mask = pc.match_substring_regex(values, self._anchored)
        candidates = values.filter(mask)
        matched = len(candidates)
        if matched == 0:
            return CellMatch(0, 0, [])
        counts = pc.value_counts(candidates)
        validated = 0
        validated_values: list[str] = []
        for value, count in zip(counts.field(0).to_pylist(), counts.field(1).to_pylist(), strict=True):
            if self.validate(value):
                validated += count
                validated_values.append(value)
        return CellMatch(matched, validated, validated_values)

    def prefilter(self, values: pa.Array) -> pa.Array:
        """Boolean mask of cells that may contain this entity somewhere (no boundaries, no validation)."""
        import pyarrow.compute as pc

        return pc.match_substring_regex(values, self.spec.pattern)

    def find_spans(self, text: str, window: int = 40) -> list[Span]:
        """Validated matches inside ``text``, scored with context words within ``window`` characters."""
        spans: list[Span] = []
        for m in self._text_re.finditer(text):
            if not self.validate(m.group(0)):
                continue
            around = text[max(0, m.start() - window) : m.end() + window].lower()
            if self._negative and any(w in around for w in self._negative):
                continue
            has_context = any(w in around for w in self._context)
            score = _span_score(self.spec.strength, has_context)
            if score > 0:
                spans.append(Span(m.start(), m.end(), self.entity, score, self.name))
        return spans

    def to_presidio(self, language: str = "en") -> Any:
        """The same declaration as a presidio ``PatternRecognizer`` (imports presidio lazily)."""
        from rightskit.detect.presidio_engine import make_pattern_recognizer

        return make_pattern_recognizer(self, language)


def _span_score(strength: Strength, has_context: bool) -> float:
    """Confidence of one validated span in free text (Purview-style levels: 0.65 / 0.75 / 0.85)."""
    base = {"strong": 0.9, "checksum": 0.7, "format": 0.65, "hint": 0.0}[strength]
    if has_context:
        return min(0.95, max(base, 0.6) + 0.2)
    return base


def load_specs(text: str) -> list[RecognizerSpec]:
    """Parse and validate a recognizer YAML document."""
    return RecognizerFile.model_validate(yaml.safe_load(text)).recognizers


@cache
def builtin_recognizers() -> tuple[Recognizer, ...]:
    """The recognizers shipped with rightskit."""
    from importlib.resources import files

    text = files("rightskit.detect").joinpath("recognizers.yaml").read_text(encoding="utf-8")
    return tuple(Recognizer(spec) for spec in load_specs(text))
