"""Span-level redaction of free text: each entity replaced by a placeholder, the rest of the text kept.

The same person (the same normalised value) gets the same placeholder within a release: [PERSON_qhzkbwam]
stays [PERSON_qhzkbwam] in every cell and file, so a reader can follow a complaint without learning who wrote
it. The suffix is a keyed hash (the release's key), not a counter: it does not depend on the order values are
met in, so batches, threads and Spark partitions give the same release, and without the key it reveals nothing.
"""

from __future__ import annotations

import hmac
import re
from typing import TYPE_CHECKING

from rightskit.anonymise.operators import normalise

if TYPE_CHECKING:
    from rightskit.anonymise.recall import RecallCandidates
    from rightskit.detect.text import Prefiltered

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_PAIRS = [_LETTERS[n % 26] + _LETTERS[n // 26] for n in range(26 * 26)]  # two base-26 digits, the lower first
# What a release writes in place of a value ([PHONE_NUMBER_qhzkbwam], and [BG_EGN] from the redact action). The
# release audit reads each as a blank, so that an entity's name inside a placeholder is no phone word.
PLACEHOLDER = r"\[[A-Z][A-Z0-9_]*?(?:_[a-z]{8})?\]"
_PLACEHOLDER = re.compile(PLACEHOLDER)


class Surrogates:
    """Release-wide placeholders per entity and value: eight letters (37 bits) of HMAC-SHA-256 (the release key)."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def placeholder(self, entity: str, value: str) -> str:
        message = f"{entity}\x00{normalise(value, entity)}".encode()
        number = int.from_bytes(hmac.digest(self._key, message, "sha256")[:8], "big")
        # Letters only: a placeholder must never read as a phone number or an identifier itself. The base-26
        # digits from the lowest up, two at a time (a release writes one per span: 4.8 -> 3 µs each).
        number, first = divmod(number, 676)
        number, second = divmod(number, 676)
        number, third = divmod(number, 676)
        return f"[{entity}_{_PAIRS[first]}{_PAIRS[second]}{_PAIRS[third]}{_PAIRS[number % 676]}]"


def redact(text: str, detector, surrogates: Surrogates, *, recall: bool = False) -> tuple[str, int]:
    """The text with every personal entity replaced; and how many spans were replaced."""
    from rightskit.detect.text import find_entities

    spans = find_entities(text, detector, recall_first=True)  # the tagger adds names, never removes one
    if not recall:
        return _replaced(text, spans, surrogates)
    from rightskit.anonymise.recall import recall_spans_many

    redacted, count = _replaced(text, _merged(spans, recall_spans_many([text])[0]), surrogates)
    settled, more = _settled([redacted], detector, surrogates)
    return settled[0], count + more[0]


def redact_many(
    texts: list[str], detector, surrogates: Surrogates, *, recall: bool = False, chosen: Prefiltered | None = None,
    recalled: RecallCandidates | None = None,
) -> list[str]:  # fmt: skip
    """``redact`` for many texts at once (recognizers pre-filtered over all of them in RE2, unless ``chosen``
    says what they selected; the recall's likewise, ``recalled``), in order.

    ``recall`` (publication): also what ``anonymise/recall.py`` looks for — phone-shaped numbers after phone
    words, numbers after ЕГН/ЛНЧ words, block-and-flat and street-and-number addresses, and every name the name
    finder raises at any confidence. The trade-off (look-alike phrases lost) is measured by
    ``bench/release_corpus.py``."""
    from rightskit.detect.text import find_entities_many

    found = find_entities_many(texts, detector, recall_first=True, chosen=chosen)
    if not recall:
        return [_replaced(text, spans, surrogates)[0] for text, spans in zip(texts, found, strict=True)]
    from rightskit.anonymise.recall import recall_spans_many

    found = [_merged(a, b) for a, b in zip(found, recall_spans_many(texts, recalled), strict=True)]
    return _settled([_replaced(text, spans, surrogates)[0] for text, spans in zip(texts, found, strict=True)],
                    detector, surrogates)[0]  # fmt: skip


def _settled(texts: list[str], detector, surrogates: Surrogates) -> tuple[list[str], list[int]]:
    """Publication texts redacted again wherever the release audit, reading them as it does, would find
    something: it blanks each placeholder, which brings what stood around a long value closer ("phone <an
    e-mail> … (ref 1304179)" puts the number within a phone word's window, "(0888) <an e-mail> 123 456" is a
    phone number filling its cell), and it reads e-mail addresses and identifiers without the recognizers'
    boundaries ("…@abv.bg7501010010"). What it finds is replaced, until it finds nothing (each round replaces
    characters that are no blank, so it ends); and how many spans each text gained."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from rightskit.anonymise.audit import recall_of
    from rightskit.anonymise.recall import RecallSpan

    audit = recall_of(detector)
    texts, added = list(texts), [0] * len(texts)
    todo = [i for i, t in enumerate(texts) if t]
    while todo:
        try:
            # Blanked by RE2 over them all (the placeholder is ASCII, the engines read it alike); where the
            # placeholders stood is read in Python only for the few texts a check then looks into
            blanked = pc.replace_substring_regex(pa.array([texts[i] for i in todo], pa.string()), PLACEHOLDER, " ")
            masks = audit.candidates(blanked)
        except (UnicodeEncodeError, pa.ArrowException):  # a lone surrogate: every check on every text
            masks = {group: np.ones(len(todo), dtype=bool) for group in audit.prefilters}
        changed = []
        for k in np.flatnonzero(np.logical_or.reduce(list(masks.values()))).tolist():
            i = todo[k]
            text, where = blank_placeholders(texts[i])
            found = audit.spans(text, frozenset(g for g, mask in masks.items() if mask[k]))
            spans = [RecallSpan(start, end, kind) for start, end, kind in found if end > start]
            if spans:
                texts[i] = _replaced_blanked(texts[i], text, where, spans, surrogates)
                added[i] += len(spans)
                changed.append(i)
        todo = changed
    return texts, added


def blank_placeholders(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text as the release audit reads it, each placeholder a blank; and where each placeholder stood."""
    where = [m.span() for m in _PLACEHOLDER.finditer(text)]
    if not where:
        return text, []
    return _PLACEHOLDER.sub(" ", text), where


def _replaced_blanked(
    text: str, blanked: str, where: list[tuple[int, int]], spans: list, surrogates: Surrogates
) -> str:
    """``spans`` of the blanked text replaced in the text itself (a span over a blank takes its placeholder)."""
    starts, ends, shift, k = [], [], 0, 0
    for b in range(len(blanked)):  # a blanked character → where it starts and ends in the text
        if k < len(where) and where[k][0] == b + shift:
            starts.append(where[k][0])
            ends.append(where[k][1])
            shift += where[k][1] - where[k][0] - 1
            k += 1
        else:
            starts.append(b + shift)
            ends.append(b + shift + 1)
    out, last = [], 0
    for s in _merged([], spans):
        start, end = starts[s.start], ends[s.end - 1]
        out.append(text[last:start])
        # Named after the text with its placeholders: "Dr <one name> Ahmed" and "Dr <another> Ahmed" differ.
        out.append(surrogates.placeholder(s.entity, text[start:end]))
        last = end
    out.append(text[last:])
    return "".join(out)


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
