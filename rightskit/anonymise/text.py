"""Span-level redaction of free text: each entity replaced by a placeholder, the rest of the text kept.

The same person (the same normalised value) gets the same placeholder within a release: [PERSON_qhzkbwam]
stays [PERSON_qhzkbwam] in every cell and file, so a reader can follow a complaint without learning who wrote
it. The suffix is a keyed hash (the release's key), not a counter: it does not depend on the order values are
met in, so batches, threads and Spark partitions give the same release, and without the key it reveals nothing.
"""

from __future__ import annotations

import hashlib
import hmac

from rightskit.anonymise.operators import normalise

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


class Surrogates:
    """Release-wide placeholders per entity and value: eight letters (37 bits) of HMAC-SHA-256 (the release key)."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def placeholder(self, entity: str, value: str) -> str:
        message = f"{entity}\x00{normalise(value, entity)}".encode()
        number = int.from_bytes(hmac.new(self._key, message, hashlib.sha256).digest()[:8], "big")
        # Letters only: a placeholder must never read as a phone number or an identifier itself.
        suffix = "".join(_LETTERS[number // 26**i % 26] for i in range(8))
        return f"[{entity}_{suffix}]"


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
