"""Entities inside free text, span by span: every recognizer, overlaps resolved, a cheap pre-filter first."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from rightskit.detect.intervals import DisjointSpans
from rightskit.detect.recognizer import AllowCheck, Recognizer, Span, _never_allowed
from rightskit.detect.wordsplit import TextWords

if TYPE_CHECKING:
    import pyarrow as pa

    from rightskit.detect.detector import Detector

# When spans overlap, the more specific wins: a validated identifier after its own keyword ("ЕГН …", "CNP …")
# first, whatever else its digits could be (a CNP also passes Luhn), then validated identifiers, addresses,
# names, places.
_PRIORITY = {"strong": 0, "checksum": 1, "hint": 1, "format": 3}
_ENTITY_PRIORITY = {"STREET_ADDRESS": 2, "PERSON": 4, "LOCATION": 5}
_MODEL_ENTITIES = ("PERSON", "LOCATION")
_STRUCTURAL = ("title", "initials")
_SURE = 0.9


def text_recognizers(detector: Detector) -> list:
    """The recognizers that look inside text."""
    return [r for r in detector.recognizers if r.spec.in_text]


def find_entities(
    text: str, detector: Detector | None = None, allowed: AllowCheck = _never_allowed, use_name_model: bool = True
) -> list[Span]:
    """Every entity in ``text``, without overlaps, in order; names and places in Cyrillic prose decided by the
    bundled tagger when it is installed (``use_name_model=False``: by the rules alone)."""
    from rightskit.detect.detector import default_detector

    detector = detector or default_detector()
    found: list[tuple[int, Span]] = []
    for rec in text_recognizers(detector):
        found.extend((_rank(rec, s), s) for s in rec.find_spans(text, allowed=allowed))
    spans = _without_overlaps(found)
    if use_name_model and _may_hold_names(text, detector):
        spans = with_name_model(text, spans, detector, allowed)
    return spans


def _may_hold_names(text: str, detector: Detector) -> bool:
    """What ``find_entities_many`` asks before the tagger reads a text: a name or place recognizer's pre-filter
    selects it (so one text and a column of texts get the same spans)."""
    import pyarrow as pa

    values = pa.array([text], pa.string())
    words_of = TextWords(values)
    return any(
        rec.prefilter(values, words_of)[0].as_py()
        for rec in text_recognizers(detector)
        if rec.entity in _MODEL_ENTITIES
    )


def with_name_model(
    text: str, spans: list[Span], detector: Detector, allowed: AllowCheck = _never_allowed
) -> list[Span]:
    """The rules' spans, with the names and places among them decided by the tagger where it was trained.

    The tagger reads the rules' spans as evidence and decides the names and places written as the news it learnt
    from writes them (Cyrillic, capitalised): those of the rules' spans it does not read as the same entity go, and
    its own spans come in. Names in capitals or in Latin letters (forms, statements) stay as the rules read them;
    identifiers and addresses stay as the rules found them and outrank the model."""
    from rightskit.detect.names import tagger

    if not (detector.name_model and tagger.available() and tagger.applies_to(text)):
        return spans
    names: dict[str, str] = {}
    for rec in text_recognizers(detector):
        if rec.entity in _MODEL_ENTITIES:
            names.setdefault(rec.entity, rec.name)  # the packs' finders come before a configured spaCy model
    if not names:
        return spans
    reading = tagger.read(text, [(s.start, s.end, s.entity, s.evidence) for s in spans])
    by_rules = {(s.start, s.end, s.entity): s for s in spans}
    # A title or initials before capitalised words is structure, not vocabulary: such a name stays, grown to the
    # model's span over the same words ("д-р Майк" and the model's "Майк Райън": "д-р Майк Райън"). So does a
    # Bulgarian surname's ending after a first word, unless the model reads the words as a place or a body
    # ("Латинска Америка", "Форца Нуова").
    structural = [
        s
        for s in spans
        if s.entity == "PERSON"
        and _structural(text[s.start : s.end], s.evidence)
        and (s.evidence in _STRUCTURAL or reading.kinds_in(s.start, s.end) <= {"PER"})
    ]
    kept = [s for s in spans if s.entity not in names or s in structural or not tagger.in_domain(text[s.start : s.end])]
    taken = DisjointSpans([(s.start, s.end) for s in kept])
    for start, end, entity, confidence in reading.spans:
        if entity not in names or allowed(text[start:end], entity):
            continue
        if taken.overlaps(start, end):
            grown = _grown(kept, structural, start, end) if entity == "PERSON" else None
            if grown is not None:
                kept[grown] = dataclasses.replace(
                    kept[grown],
                    start=min(start, kept[grown].start),
                    end=max(end, kept[grown].end),
                    evidence=f"model+{kept[grown].evidence}",
                )
            continue
        rule = by_rules.get((start, end, entity))
        taken.add(start, end)
        evidence = f"model+{rule.evidence or 'rules'}" if rule else "model"
        kept.append(Span(start, end, entity, round(confidence, 3), names[entity], evidence=evidence))
    kept = _without_overlaps([(0, s) for s in kept])
    if "PERSON" in names:
        kept += _propagated_names(text, kept, names["PERSON"])
    return sorted(kept, key=lambda s: s.start)


def _propagated_names(text: str, spans: list[Span], recognizer: str) -> list[Span]:
    """A surname or first name alone is the person the model named in full elsewhere in the text, as the rules
    read it for the names they find ("Алдерано Мартинели … Според Мартинели")."""
    from rightskit.detect.names.finder import _known_part, _propagated
    from rightskit.detect.names.normalise import fold_mixed_script

    # Only names that read as names spread: a full name with a listed first name or surname in it, or one the
    # model is sure of (every word at probability 0.9 or more).
    people = [
        (s.start, s.end, s.score, s.evidence or "")
        for s in spans
        if s.entity == "PERSON"
        and (s.score >= _SURE or any(_known_part(w) for w in text[s.start : s.end].split()))
    ]
    if not people:
        return []
    taken = DisjointSpans([(s.start, s.end) for s in spans])
    out = []
    for start, end, score, _why in _propagated(fold_mixed_script(text), people):
        if not taken.overlaps(start, end):
            taken.add(start, end)
            out.append(Span(start, end, "PERSON", score, recognizer, evidence="model+propagation"))
    return out


def _structural(span: str, evidence: str | None) -> bool:
    from rightskit.detect.names.finder import _bulgarian_surname

    words = span.split()
    return evidence in _STRUCTURAL or (evidence == "lexicon" and len(words) > 1 and _bulgarian_surname(words[-1]))


def _grown(kept: list[Span], structural: list[Span], start: int, end: int) -> int | None:
    """The one structural name that ``[start, end)`` overlaps, when it overlaps nothing else kept."""
    hits = [i for i, s in enumerate(kept) if s.start < end and start < s.end]
    return hits[0] if len(hits) == 1 and kept[hits[0]] in structural else None


def find_entities_many(
    texts: list[str], detector: Detector | None = None, allowed: AllowCheck = _never_allowed
) -> list[list[Span]]:
    """``find_entities`` for many texts: each recognizer runs only on the texts its RE2 pre-filter selects."""
    import numpy as np
    import pyarrow as pa

    from rightskit.detect.detector import default_detector

    detector = detector or default_detector()
    values = pa.array(texts, pa.string())
    words_of = TextWords(values)
    found: list[list[tuple[int, Span]]] = [[] for _ in texts]
    # The tagger reads the texts where the rules looked for names or places: it decides among candidates there.
    name_candidates: set[int] = set()
    for rec in text_recognizers(detector):
        chosen = np.flatnonzero(rec.prefilter(values, words_of).to_numpy(zero_copy_only=False)).tolist()
        if rec.entity in _MODEL_ENTITIES:
            name_candidates.update(chosen)
        for i, spans in zip(chosen, rec.find_spans_many([texts[i] for i in chosen], allowed=allowed), strict=True):
            found[i].extend((_rank(rec, s), s) for s in spans)
    out = [_without_overlaps(f) if f else [] for f in found]
    for i in sorted(name_candidates):
        out[i] = with_name_model(texts[i], out[i], detector, allowed)
    return out


def _rank(rec: Recognizer, span: Span) -> int:
    if span.keyword and rec.spec.strength in ("strong", "checksum", "hint") and rec.spec.validator:
        return -1
    return _ENTITY_PRIORITY.get(rec.entity, _PRIORITY[rec.spec.strength])


def _gap(span: Span) -> int:
    return span.keyword_gap if span.keyword_gap is not None else 1 << 30


def _without_overlaps(found: list[tuple[int, Span]]) -> list[Span]:
    found.sort(key=lambda x: (x[0], _gap(x[1]) if x[0] < 0 else 0, -(x[1].end - x[1].start), x[1].start))
    kept: list[Span] = []
    taken = DisjointSpans()
    for _rank, span in found:
        if not taken.overlaps(span.start, span.end):
            taken.add(span.start, span.end)
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def needs_analysis(values: pa.Array, detector: Detector | None = None) -> pa.Array:
    """Boolean mask of the texts worth the span-level steps (vectorised: RE2 and word look-ups; held by a test
    to reject no text that holds an entity)."""
    import numpy as np
    import pyarrow as pa

    from rightskit.detect.detector import default_detector

    detector = detector or default_detector()
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    # One RE2 search per recognizer, not one over their alternation: the alternation (thousands of characters)
    # outgrows RE2's DFA cache and runs ten times slower than all the small ones together.
    mask = np.zeros(len(values), dtype=bool)
    words_of = TextWords(values)
    for pattern in dict.fromkeys(r.prefilter_pattern for r in text_recognizers(detector) if r.prefilter_pattern):
        mask |= words_of.search(pattern)
    words = frozenset().union(*(r.prefilter_words or () for r in text_recognizers(detector)))
    if words:
        mask |= words_of.any_of(words)
    return pa.array(mask)
