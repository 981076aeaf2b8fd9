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


def redact(text: str, detector, surrogates: Surrogates, *, recall: bool = False) -> tuple[str, int]:
    """The text with every personal entity replaced; and how many spans were replaced."""
    from rightskit.detect.text import find_entities

    spans = find_entities(text, detector, recall_first=True)  # the tagger adds names, never removes one
    if recall:
        from rightskit.anonymise.recall import recall_spans_many

        spans = _merged(spans, recall_spans_many([text])[0])
    return _replaced(text, spans, surrogates)


def redact_many(texts: list[str], detector, surrogates: Surrogates, *, recall: bool = False) -> list[str]:
    """``redact`` for many texts at once (recognizers pre-filtered over all of them in RE2), in order.

    ``recall`` (publication): also what ``anonymise/recall.py`` looks for — phone-shaped numbers after phone
    words, numbers after ЕГН/ЛНЧ words, block-and-flat and street-and-number addresses, and every name the name
    finder raises at any confidence. The trade-off (look-alike phrases lost) is measured by
    ``bench/release_corpus.py``."""
    from rightskit.detect.text import find_entities_many

    found = find_entities_many(texts, detector, recall_first=True)
    if recall:
        from rightskit.anonymise.recall import recall_spans_many

        found = [_merged(a, b) for a, b in zip(found, recall_spans_many(texts), strict=True)]
    return [_replaced(text, spans, surrogates)[0] for text, spans in zip(texts, found, strict=True)]


def _merged(spans: list, extra: list) -> list:
    """Spans that overlap become one, from the first start to the last end, named after the longest of them."""
    if not extra:
        return spans
    from rightskit.anonymise.recall import RecallSpan

    out: list = []
    for s in sorted([*spans, *extra], key=lambda s: (s.start, -(s.end - s.start))):
        if out and s.start < out[-1].end:
            last = out[-1]
            longest = last if last.end - last.start >= s.end - s.start else s
            out[-1] = RecallSpan(last.start, max(last.end, s.end), longest.entity)
        else:
            out.append(s)
    return out


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
