"""Entities inside free text, span by span: every recognizer, overlaps resolved, a cheap pre-filter first."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rightskit.detect.intervals import DisjointSpans
from rightskit.detect.recognizer import AllowCheck, Recognizer, Span, _never_allowed, prefilter_words
from rightskit.detect.wordsplit import TextWords

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

    from rightskit.detect.detector import Detector

# When spans overlap, the more specific wins: a validated identifier after its own keyword ("ЕГН …", "CNP …")
# first, whatever else its digits could be (a CNP also passes Luhn), then validated identifiers, addresses,
# names, places.
_PRIORITY = {"strong": 0, "checksum": 1, "hint": 1, "format": 3}
_ENTITY_PRIORITY = {"STREET_ADDRESS": 2, "PERSON": 4, "LOCATION": 5}


def text_recognizers(detector: Detector) -> list:
    """The recognizers that look inside text."""
    return [r for r in detector.recognizers if r.spec.in_text]


def find_entities(
    text: str,
    detector: Detector | None = None,
    allowed: AllowCheck = _never_allowed,
    use_name_model: bool = True,
    recall_first: bool = False,
) -> list[Span]:
    """Every entity in ``text``, without overlaps, in order; names and places in Cyrillic prose decided by the
    bundled tagger when it is installed (``use_name_model=False``: by the rules alone; ``recall_first``, as a
    release redacts: the tagger only adds to the rules' names, never removes one)."""
    from rightskit.detect.detector import default_detector

    detector = detector or default_detector()
    found: list[tuple[int, Span]] = []
    for rec in text_recognizers(detector):
        found.extend((_rank(rec, s), s) for s in rec.find_spans(text, allowed=allowed))
    spans = _without_overlaps(found)
    if use_name_model and _may_hold_names(text, detector):
        from rightskit.detect.names.join import with_name_model

        spans = with_name_model(text, spans, detector, allowed, keep_rule_names=recall_first)
    return spans


def _may_hold_names(text: str, detector: Detector) -> bool:
    """What ``find_entities_many`` asks before the tagger reads a text: a name or place recognizer's pre-filter
    selects it (so one text and a column of texts get the same spans)."""
    import pyarrow as pa

    from rightskit.detect.names.tagger import DECIDES

    try:
        values = pa.array([text], pa.string())
    except (UnicodeEncodeError, pa.ArrowException):
        return False  # a lone surrogate: the rules alone read it
    words_of = TextWords(values)
    return any(
        rec.prefilter(values, words_of, wide=True)[0].as_py()
        for rec in text_recognizers(detector)
        if rec.entity in DECIDES.values()
    )


def find_entities_many(
    texts: list[str],
    detector: Detector | None = None,
    allowed: AllowCheck = _never_allowed,
    recall_first: bool = False,
    chosen: Prefiltered | None = None,
) -> list[list[Span]]:
    """``find_entities`` for many texts: each recognizer runs only on the texts its RE2 pre-filter selects
    (``chosen``: what the pre-filters selected among these texts, when the caller asked them already)."""
    from rightskit.detect.detector import default_detector

    detector = detector or default_detector()
    if chosen is None:
        import pyarrow as pa

        try:
            chosen = prefiltered(pa.array(texts, pa.string()), detector)
        except (UnicodeEncodeError, pa.ArrowException):
            # A lone surrogate (text decoded with surrogateescape): Arrow holds only UTF-8, so one text at a time.
            return [find_entities(t, detector, allowed, recall_first=recall_first) for t in texts]
    found: list[list[tuple[int, Span]]] = [[] for _ in texts]
    for rec, rows in zip(text_recognizers(detector), chosen.rows, strict=True):
        picked = rows.tolist()
        for i, spans in zip(picked, rec.find_spans_many([texts[i] for i in picked], allowed=allowed), strict=True):
            found[i].extend((_rank(rec, s), s) for s in spans)
    # Most texts hold one span, which nothing can overlap: sorted and kept as it is
    out = [[f[0][1]] if len(f) == 1 else _without_overlaps(f) if f else [] for f in found]
    if len(chosen.names):
        from rightskit.detect.names.join import with_name_model

        for i in chosen.names.tolist():
            out[i] = with_name_model(texts[i], out[i], detector, allowed, keep_rule_names=recall_first)
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


@dataclass(frozen=True)
class Prefiltered:
    """The texts each text recognizer's RE2 pre-filter selects among a column of texts, asked once: for whether
    a text is worth analysing at all, and again by the analysis of those that are."""

    size: int
    rows: tuple[np.ndarray, ...]  # per recognizer of ``text_recognizers``: the rows it selects, ascending
    # The rows the names tagger reads: where the name and place recognizers' pre-filters, taken wide, look.
    names: np.ndarray
    # How many characters of a counted class (``textbytes.COUNTED``) each text holds, where the pre-filters counted
    # them: others gating their searches the same way need not count again
    class_counts: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def mask(self) -> np.ndarray:
        """The texts some recognizer, or the tagger, may find something in."""
        import numpy as np

        mask = np.zeros(self.size, dtype=bool)
        for rows in (*self.rows, self.names):
            mask[rows] = True
        return mask

    def take(self, picked: np.ndarray) -> Prefiltered:
        """The same choices among the texts at ``picked`` (ascending rows), numbered as they stand there."""
        rows = tuple(_renumbered(r, picked) for r in self.rows)
        counts = {kind: counts[picked] for kind, counts in self.class_counts.items()}
        return Prefiltered(len(picked), rows, _renumbered(self.names, picked), counts)


def _renumbered(rows: np.ndarray, picked: np.ndarray) -> np.ndarray:
    """The positions within ``picked`` (ascending) of those of ``rows`` (ascending) it holds."""
    import numpy as np

    at = np.searchsorted(picked, rows)
    inside = at < len(picked)
    inside[inside] = picked[at[inside]] == rows[inside]
    return at[inside]


def prefiltered(values: pa.Array, detector: Detector | None = None) -> Prefiltered:
    """What every text recognizer's pre-filter selects among ``values`` (vectorised: RE2 and word look-ups; the
    words cut once for all of them)."""
    import numpy as np
    import pyarrow as pa

    from rightskit.detect.detector import default_detector

    detector = detector or default_detector()
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    from rightskit.detect.names import tagger

    words_of = prefilter_words(values, detector.recognizers)
    recognizers = text_recognizers(detector)
    rows = tuple(np.flatnonzero(rec.prefilter(values, words_of).to_numpy(zero_copy_only=False)) for rec in recognizers)
    named = np.zeros(len(values), dtype=bool)
    reads = detector.name_model and tagger.available()
    for rec, chosen in zip(recognizers, rows, strict=True):
        if rec.entity in tagger.DECIDES.values():
            named[chosen] = True
            if reads and rec.narrows_its_words:  # wider for the tagger than for the rules, where it reads at all
                wide = rec.prefilter(values, words_of, wide=True).to_numpy(zero_copy_only=False)
                named |= wide & words_of.search(tagger.MAY_APPLY)
    return Prefiltered(len(values), rows, np.flatnonzero(named), words_of.counted())


def needs_analysis(values: pa.Array, detector: Detector | None = None) -> pa.Array:
    """Boolean mask of the texts worth the span-level steps (held by a test to reject no text that holds an
    entity): exactly the texts some recognizer's pre-filter selects, as ``find_entities_many`` asks them, so a
    text none selects gets no span there."""
    import pyarrow as pa

    return pa.array(prefiltered(values, detector).mask)
