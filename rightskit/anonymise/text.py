"""Span-level redaction of free text: each entity replaced by a placeholder, the rest of the text kept.

The same person (the same normalised value) gets the same placeholder within a release: [PERSON_3] stays
[PERSON_3] in every cell and file, so a reader can follow a complaint without learning who wrote it.
"""

from __future__ import annotations

from rightskit.anonymise.operators import normalise


class Surrogates:
    """Release-wide placeholders per entity type and value (values are kept only in this process)."""

    def __init__(self) -> None:
        self._ids: dict[tuple[str, str], int] = {}
        self._counters: dict[str, int] = {}

    def placeholder(self, entity: str, value: str) -> str:
        key = (entity, normalise(value, entity))
        if key not in self._ids:
            self._counters[entity] = self._counters.get(entity, 0) + 1
            self._ids[key] = self._counters[entity]
        return f"[{entity}_{self._ids[key]}]"


def redact(text: str, detector, surrogates: Surrogates) -> tuple[str, int]:
    """The text with every personal entity replaced; and how many spans were replaced."""
    from rightskit.detect.text import find_entities

    return _replaced(text, find_entities(text, detector), surrogates)


def redact_many(texts: list[str], detector, surrogates: Surrogates) -> list[str]:
    """``redact`` for many texts at once (recognizers pre-filtered over all of them in RE2), in order."""
    from rightskit.detect.text import find_entities_many

    found = find_entities_many(texts, detector)
    return [_replaced(text, spans, surrogates)[0] for text, spans in zip(texts, found, strict=True)]


def _replaced(text: str, spans: list, surrogates: Surrogates) -> tuple[str, int]:
    spans = [s for s in spans if s.entity != "LOCATION"]
    if not spans:
        return text, 0
    out, last = [], 0
    for s in spans:
        out.append(text[last : s.start])
        out.append(surrogates.placeholder(s.entity, text[s.start : s.end]))
        last = s.end
    out.append(text[last:])
    return "".join(out), len(spans)
