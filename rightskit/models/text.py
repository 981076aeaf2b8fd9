"""Entities found inside a text (``rightskit.analyze_text``)."""

from __future__ import annotations

from pydantic import Field

from rightskit.models.common import Frozen


class TextEntity(Frozen):
    """One entity inside a text: offsets, never the characters (the caller has the text)."""

    start: int
    end: int
    entity_type: str
    score: float = Field(ge=0, le=1)
    recognizer: str
    evidence: str | None = Field(
        None,
        description="What made the span, when its finder says: lexicon, initials, title, propagation; model (the "
        "bundled name tagger), model+<the rules' evidence> when both agree.",
    )
