"""The rules' names and places in prose joined with the bundled tagger's reading (``tagger.py``).

The tagger decides where it was trained — names and places written as news writes them (Cyrillic, not all
capitals) — and the rules keep what they know better: names in capitals or Latin letters inside Bulgarian text,
names after a title or with initials, full names ending in a Bulgarian surname form (unless the model reads a
place or a body there); identifiers and addresses are never touched. Spans say what made them (``evidence``).
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left
from itertools import accumulate
from typing import TYPE_CHECKING

from rightskit.detect.intervals import DisjointSpans, longest_first
from rightskit.detect.names import tagger
from rightskit.detect.names.finder import _bulgarian_surname, _known_part, _propagated
from rightskit.detect.names.normalise import fold_mixed_script
from rightskit.detect.recognizer import AllowCheck, Span, _never_allowed

if TYPE_CHECKING:
    from rightskit.detect.detector import Detector

# Evidence of structure, not vocabulary: a title or initials before capitalised words.
_STRUCTURAL = ("title", "initials")
# A name the model is this sure of (every word's probability) spreads to its parts standing alone.
_SURE = 0.9


def with_name_model(
    text: str,
    spans: list[Span],
    detector: Detector,
    allowed: AllowCheck = _never_allowed,
    keep_rule_names: bool = False,
) -> list[Span]:
    """The rules' spans, with the names and places among them decided by the tagger where it was trained (the
    module's docstring says which the rules keep); its own spans come in where they overlap nothing kept, and the
    parts of its full names standing alone after them. ``keep_rule_names`` (a release's redaction): every span
    of the rules stays, and the tagger only adds."""
    if not (detector.name_model and tagger.available() and tagger.applies_to(text)):
        return spans
    names: dict[str, str] = {}
    for rec in detector.recognizers:
        if rec.spec.in_text and rec.entity in tagger.DECIDES.values():
            names.setdefault(rec.entity, rec.name)  # the packs' finders come before a configured spaCy model
    if not names:
        return spans
    # The rules read Latin look-alike letters inside Cyrillic words as Cyrillic ("Дaрина"): so does the tagger.
    text = fold_mixed_script(text)
    reading = tagger.read(text, [(s.start, s.end, s.entity, s.evidence) for s in spans])
    by_rules = {(s.start, s.end, s.entity): s for s in spans}
    # A title or initials before capitalised words is structure, not vocabulary: such a name stays, grown to the
    # model's span over the same words ("д-р Майк" and the model's "Майк Райън": "д-р Майк Райън"). So does a
    # Bulgarian surname's ending after a first word, unless the model reads that surname as part of a place or a
    # body ("Латинска Америка", "Форца Нуова"; not "Елена Пашова", whose first name is also a town's).
    structural = [s for s in spans if s.entity == "PERSON" and _structural(text, s, reading)]
    kept = [
        s
        for s in spans
        if keep_rule_names or s.entity not in names or s in structural or not tagger.in_domain(text[s.start : s.end])
    ]
    taken = DisjointSpans([(s.start, s.end) for s in kept])
    before_model, structural_set = _Kept(kept), set(structural)
    for start, end, entity, confidence in reading.spans:
        if entity not in names or allowed(text[start:end], entity):
            continue
        if taken.overlaps(start, end):
            grown = before_model.grown(kept, structural_set, start, end) if entity == "PERSON" else None
            if grown is not None:
                name = kept[grown]
                evidence = name.evidence if (name.evidence or "").startswith("model") else f"model+{name.evidence}"
                kept[grown] = dataclasses.replace(
                    name, start=min(start, name.start), end=max(end, name.end), evidence=evidence
                )
            continue
        rule = by_rules.get((start, end, entity))
        taken.add(start, end)
        evidence = f"model+{rule.evidence or 'rules'}" if rule else "model"
        kept.append(Span(start, end, entity, round(confidence, 3), names[entity], evidence=evidence))
    kept = longest_first(kept, lambda s: (s.start, s.end))
    if "PERSON" in names:
        kept += _propagated_names(text, kept, names["PERSON"])
    return sorted(kept, key=lambda s: s.start)


def _propagated_names(text: str, spans: list[Span], recognizer: str) -> list[Span]:
    """A surname or first name alone is the person the model named in full elsewhere in the text, as the rules
    read it for the names they find ("Алдерано Мартинели … Според Мартинели")."""
    # Only names that read as names spread: a full name with a listed first name or surname in it, or one the
    # model is sure of (every word at probability 0.9 or more).
    people = [
        (s.start, s.end, s.score, s.evidence or "")
        for s in spans
        if s.entity == "PERSON" and (s.score >= _SURE or any(_known_part(w) for w in text[s.start : s.end].split()))
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


def _structural(text: str, span: Span, reading: tagger.Reading) -> bool:
    """A name the rules keep: after a title or with initials, or a full name ending in a Bulgarian surname form the
    model does not read as part of a place or a body."""
    if span.evidence in _STRUCTURAL:
        return True
    words = text[span.start : span.end].split()
    if span.evidence != "lexicon" or len(words) < 2 or not _bulgarian_surname(words[-1]):
        return False
    surname_at = span.start + text[span.start : span.end].rstrip().rfind(" ") + 1
    return reading.kinds_in(surname_at, span.end) <= {"PER"}


class _Kept:
    """The spans kept before the model's came in, by where they start: which of them a model span overlaps is found
    by bisection, not by reading every kept span for every model span (a text naming thousands of people had taken
    minutes). Model spans are disjoint, and a kept span only grows over the model span it overlaps, so no later
    model span meets a kept span where it has grown, nor one the model added."""

    def __init__(self, kept: list[Span]) -> None:
        self._order = sorted(range(len(kept)), key=lambda i: kept[i].start)
        self._starts = [kept[i].start for i in self._order]
        self._reach = list(accumulate((kept[i].end for i in self._order), max))  # the furthest end so far

    def grown(self, kept: list[Span], structural: set[Span], start: int, end: int) -> int | None:
        """The one structural name that ``[start, end)`` overlaps, when it overlaps nothing else kept."""
        hits = []
        k = bisect_left(self._starts, end) - 1
        while k >= 0 and self._reach[k] > start:
            i = self._order[k]
            if kept[i].start < end and start < kept[i].end:
                hits.append(i)
            k -= 1
        return hits[0] if len(hits) == 1 and kept[hits[0]] in structural else None
