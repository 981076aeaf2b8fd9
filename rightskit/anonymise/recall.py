"""Recall-first spans in free text: what a publication release removes even when a recognizer would not.

Declared in ``recall.yaml`` and used twice: by the publication-mode redaction (numbers after phone words that
libphonenumber rejects, numbers after ЕГН/ЛНЧ with a bad checksum, block-and-flat addresses) and by the release
audit, which must find at least what the redaction looks for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from rightskit.detect.recognizer import context_words, phrases_pattern, words_gate
from rightskit.detect.textmatch import finditer_many


@dataclass(frozen=True)
class RecallSpan:
    start: int
    end: int
    entity: str


@dataclass(frozen=True)
class _Patterns:
    phone_words: re.Pattern[str]
    phone_shape: re.Pattern[str]
    phone_window: int
    id_words: re.Pattern[str]
    id_shape: re.Pattern[str]
    id_window: int
    addresses: tuple[re.Pattern[str], ...]
    # RE2: a text that neither matches holds none of these spans; ``keyed`` holds every text with a phone or
    # personal-number span, ``addressed`` every text with an address. Two searches, not one alternation: joined,
    # their bounded windows made RE2's automaton three times as slow as both apart (180 ms → 59 ms per 100k
    # realistic comments).
    keyed: str
    addressed: str
    # RE2: where a phone or personal-number word may start, for ``textmatch.finditer_many`` (None: no words)
    phone_gate: str | None
    id_gate: str | None

    @property
    def prefilters(self) -> tuple[str, str]:
        return (self.keyed, self.addressed)


def _words(words: list[str]) -> re.Pattern[str]:
    """The words found as the recognizers' context words are (their RE2 gates are written for that pattern)."""
    return context_words(words) or re.compile("(?!)")


@cache
def patterns() -> _Patterns:
    from importlib.resources import files

    from rightskit.validation import load_yaml

    data = load_yaml(files("rightskit.anonymise").joinpath("recall.yaml").read_text(encoding="utf-8"), "recall.yaml")
    # The RE2 pre-filter, a superset of every span: a phone or personal-number word that starts a word and has a
    # digit within its window, or an address word with a digit anywhere after it (address words may be glued to
    # what stands before them). English prose ("during", "bring") or a keyword without a number is no candidate.
    window = max(int(data["phone_window"]), int(data["id_window"])) + 2
    keyed = phrases_pattern([*data["phone_words"], *data["id_words"]])
    # Before the word: no letter, digit or "_" as Python's \w reads them. RE2's Unicode tables are newer than
    # Python 3.11's: 5,010 characters, all beyond U+FFFF (Kawi, CJK extension H, …), are letters to RE2 and nothing
    # to Python, whose keyword search then finds "тел" right after one; every such character counts as a boundary.
    keyed_prefilter = rf"(?:^|[^\p{{L}}\p{{N}}_]|[\x{{10000}}-\x{{10FFFF}}])(?i:{keyed})[\s\S]{{0,{window}}}[0-9]"
    addressed_prefilter = rf"(?i:{phrases_pattern(data['address_words'])})[^0-9]*[0-9]"
    return _Patterns(
        phone_words=_words(data["phone_words"]),
        phone_shape=re.compile(data["phone_shape"]),
        phone_window=int(data["phone_window"]),
        id_words=_words(data["id_words"]),
        id_shape=re.compile(data["id_shape"]),
        id_window=int(data["id_window"]),
        addresses=tuple(re.compile(p) for p in data["address_patterns"]),
        keyed=keyed_prefilter,
        addressed=addressed_prefilter,
        phone_gate=_gate(data["phone_words"]),
        id_gate=_gate(data["id_words"]),
    )


def _gate(words: list[str]) -> str | None:
    gate = words_gate(words)  # made for ``_words``' forms: the same folding, the same first parts
    return f"(?i:{gate})" if gate else None


_LETTER = re.compile(r"[^\W\d_]{3,}")


def _after_words(
    text: str, word_ends: Iterable[int], shape: re.Pattern[str], window: int, entity: str, *, words_between: bool
) -> list:
    spans = []
    for end in word_ends:
        # The first number that starts within the window after the word: punctuation between, and for phones a
        # few words ("тел. за връзка 0888…"); a number after other words is not the keyword's ("ЕГН … (ref 4467)").
        m = shape.search(text, end, min(len(text), end + window + 20))
        if m is None or m.start() - end > window:
            continue
        if words_between or not _LETTER.search(text, end, m.start()):
            spans.append(RecallSpan(m.start(), m.end(), entity))
    return spans


# Two capitalised words, the second perhaps in capitals ("Бонко SHAFFER": ``recall_person_spans`` redacts it), or
# two words in capitals: every text the finder or the release's pair rule names someone in by two words.
_PERSON_PAIRS = r"\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?\p{Ll}+)? +\p{Lu}[\p{Ll}\p{Lu}'’]|\p{Lu}{2,} +\p{Lu}{3,}"


@cache
def person_prefilter() -> str:
    """An RE2 pattern every text ``recall_person_spans`` names someone in matches: the pairs above, and the finder's
    own pre-filter (a name after an initial or a title, which the release reads past an English noun of a body in
    lower case: "the hospital J. Smith"; 12 more of 100k realistic comments)."""
    from rightskit.detect.names.finder import prefilter_pattern

    return f"{_PERSON_PAIRS}|{prefilter_pattern()}"


@dataclass(frozen=True, slots=True)
class RecallCandidates:
    """Which texts each of the recall's RE2 pre-filters selects (numpy masks over the same texts): asked once when
    choosing the texts a release redacts, and handed on to ``recall_spans_many`` for those it chose, which had
    searched them again (58 of 1,460 ms per 100k realistic comments)."""

    keyed: Any
    addressed: Any
    named: Any

    @property
    def mask(self) -> Any:
        """The texts in which ``recall_spans_many`` may find something."""
        return self.keyed | self.addressed | self.named

    def take(self, rows: Any) -> RecallCandidates:
        """The same choices among the texts at ``rows``, numbered as they stand there."""
        return RecallCandidates(self.keyed[rows], self.addressed[rows], self.named[rows])


def recall_candidates(values: Any, counted: dict[str, Any] | None = None) -> RecallCandidates:
    """What each pre-filter selects among ``values`` (an Arrow array); the keywords' patterns, which need a number
    after the word, search only the texts holding a digit, and the Bulgarian address words only those holding as
    many Cyrillic letters (one realistic comment in ten holds any). ``counted``: those counts per text, where the
    recognizers' pre-filters took them already (``Prefiltered.class_counts``)."""
    from rightskit.detect.regexmask import re2_mask, re2_mask_gated
    from rightskit.textbytes import class_counts, plain_strings

    p = patterns()
    values = plain_strings(values)
    counts = {kind: (counted or {}).get(kind) for kind in ("digit", "non_ascii")}
    counts = {kind: class_counts(values, kind) if c is None else c for kind, c in counts.items()}
    return RecallCandidates(
        keyed=re2_mask_gated(values, p.keyed, counts["digit"]),
        addressed=re2_mask_gated(values, p.addressed, counts["digit"], counts["non_ascii"]),
        named=re2_mask(values, person_prefilter()),
    )


def recall_spans_many(texts: list[str], found: RecallCandidates | None = None) -> list[list[RecallSpan]]:
    """Per text, the ``recall_spans`` and the names a release redacts (``recall_person_spans``: every name the name
    finder raises at any confidence, and an unlisted given name before a listed surname); ``found``: what
    ``recall_candidates`` selected among these texts, when asked already."""
    import numpy as np
    import pyarrow as pa

    from rightskit.detect.names.finder import recall_person_spans

    p = patterns()
    if found is None:
        try:
            found = recall_candidates(pa.array(texts, pa.string()))
        except (UnicodeEncodeError, pa.ArrowException):  # a lone surrogate: Arrow holds only UTF-8, so one at a time
            return [
                recall_spans(t) + [RecallSpan(start, end, "PERSON") for start, end in recall_person_spans(t)]
                for t in texts
            ]
    out: list[list[RecallSpan]] = [[] for _ in texts]
    keyed, addressed = found.keyed, found.addressed
    # The keywords of the keyed texts found all at once, RE2 saying where each may start (Python tried a long
    # alternation at every character: 6 µs a text for each list)
    keyed_rows = np.flatnonzero(keyed).tolist()
    keyed_texts = [texts[i] for i in keyed_rows]
    phone_words = finditer_many(keyed_texts, p.phone_words, p.phone_gate)
    id_words = finditer_many(keyed_texts, p.id_words, p.id_gate)
    words_in = {
        i: ([end for _, end, _ in phones], [end for _, end, _ in ids])
        for i, phones, ids in zip(keyed_rows, phone_words, id_words, strict=True)
    }
    for i in np.flatnonzero(keyed | addressed).tolist():
        out[i] += recall_spans(texts[i], keyed=bool(keyed[i]), addressed=bool(addressed[i]), words=words_in.get(i))
    for i in np.flatnonzero(found.named).tolist():
        out[i] += [RecallSpan(start, end, "PERSON") for start, end in recall_person_spans(texts[i])]
    return out


def recall_spans(
    text: str, *, keyed: bool = True, addressed: bool = True, words: tuple[list[int], list[int]] | None = None
) -> list[RecallSpan]:
    """Phone-shaped numbers after phone words, numbers after personal-number words, addresses; may overlap.
    ``keyed`` / ``addressed`` False: the text is known not to match that pre-filter, so holds no such span.
    ``words``: where the phone words and the personal-number words in ``text`` end, when found already."""
    p = patterns()
    spans = []
    if keyed:
        if words is None:
            words = ([m.end() for m in p.phone_words.finditer(text)], [m.end() for m in p.id_words.finditer(text)])
        phones, ids = words
        spans += _after_words(text, phones, p.phone_shape, p.phone_window, "PHONE_NUMBER", words_between=True)
        spans += _after_words(text, ids, p.id_shape, p.id_window, "NATIONAL_ID", words_between=False)
    if not addressed:
        return spans
    for pattern in p.addresses:
        spans += [
            RecallSpan(m.start(), m.end(), "STREET_ADDRESS") for m in pattern.finditer(text) if m.end() > m.start()
        ]
    return spans
