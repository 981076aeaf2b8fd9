"""FieldProfile: what the detectors saw in one field, accumulated batch by batch.

The same accumulator serves a sample and a full pass (and, later, one partition of a distributed run):
``update`` takes an Arrow string array, ``merge`` combines two profiles. Values stay in memory only as
counts, a bounded set of hashes for cardinality, and a few validated values for shape-only examples.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rightskit.detect.recognizer import AllowCheck, Recognizer, _never_allowed

if TYPE_CHECKING:
    import pyarrow as pa

_DISTINCT_CAP = 20_000
_EXAMPLE_CAP = 5
_TEXT_MIN_LENGTH = 20  # a cell this long with spaces is prose, worth looking inside


@dataclass(slots=True)
class RecognizerCounts:
    """Per-recognizer counts over full cells."""

    matched: int = 0
    validated: int = 0
    examples: list[str] = field(default_factory=list)


@dataclass(slots=True)
class TextCounts:
    """Per-entity counts of spans found inside free text."""

    cells: int = 0
    spans: int = 0
    best_score: float = 0.0
    recognizers: set[str] = field(default_factory=set)
    examples: list[str] = field(default_factory=list)


@dataclass(slots=True)
class FieldProfile:
    """Accumulated evidence for one field."""

    recognizers: tuple[Recognizer, ...]
    allowed: AllowCheck = _never_allowed
    examined: int = 0
    non_empty: int = 0
    numeric: int = 0
    text_like: int = 0
    allowed_values: int = 0  # values an allow-list explains (the most any one recognizer saw)
    cells: dict[str, RecognizerCounts] = field(default_factory=dict)
    in_text: dict[str, TextCounts] = field(default_factory=dict)
    _distinct: set[int] = field(default_factory=set)
    distinct_capped: bool = False

    def update(self, values: pa.Array) -> None:
        """Add one batch of values (any Arrow type; cast to string here)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if not pa.types.is_string(values.type) and not pa.types.is_large_string(values.type):
            values = pc.cast(values, pa.string())
        self.examined += len(values)
        values = pc.utf8_trim_whitespace(values.drop_null())
        values = values.filter(pc.not_equal(pc.utf8_length(values), 0))
        n = len(values)
        if n == 0:
            return
        self.non_empty += n
        self.numeric += pc.sum(pc.match_substring_regex(values, r"^[-+]?[0-9]+(?:[.,][0-9]+)?$")).as_py() or 0
        if not self.distinct_capped:
            for v in pc.unique(values).to_pylist():
                self._distinct.add(hash(v))
            if len(self._distinct) > _DISTINCT_CAP:
                self.distinct_capped = True
        whole_cells: list[str] = []  # values that are one entity from end to end: no prose to look into
        batch_allowed = 0
        for rec in self.recognizers:
            hit = rec.match_cells(values, self.allowed)
            batch_allowed = max(batch_allowed, hit.allowed)
            if hit.matched:
                counts = self.cells.setdefault(rec.name, RecognizerCounts())
                counts.matched += hit.matched
                counts.validated += hit.validated
                _add_examples(counts.examples, hit.validated_values)
                if rec.spec.strength != "hint":
                    whole_cells.extend(hit.validated_values)
        self.allowed_values += batch_allowed
        text_mask = pc.and_(
            pc.greater_equal(pc.utf8_length(values), _TEXT_MIN_LENGTH),
            pc.match_substring(values, " "),
        )
        texts = values.filter(text_mask)
        self.text_like += len(texts)
        if len(texts):
            self._scan_text(texts, frozenset(whole_cells))

    def _scan_text(self, texts: pa.Array, whole_cells: frozenset[str]) -> None:
        for rec in self.recognizers:
            if not rec.spec.in_text:
                continue  # hint recognizers still run: inside text they need a context word nearby
            candidates = texts.filter(rec.prefilter(texts))
            for text in candidates.to_pylist():
                if text in whole_cells:
                    continue
                spans = rec.find_spans(text, allowed=self.allowed)
                if not spans:
                    continue
                counts = self.in_text.setdefault(rec.entity, TextCounts())
                counts.cells += 1
                counts.spans += len(spans)
                counts.best_score = max(counts.best_score, max(s.score for s in spans))
                counts.recognizers.add(rec.name)
                _add_examples(counts.examples, [text[s.start : s.end] for s in spans])

    @property
    def distinct(self) -> int:
        """Distinct non-empty values seen (a lower bound once capped)."""
        return len(self._distinct)

    def text_share(self) -> float:
        """Share of non-empty values that read as prose."""
        return self.text_like / self.non_empty if self.non_empty else 0.0

    def numeric_share(self) -> float:
        """Share of non-empty values that are plain numbers."""
        return self.numeric / self.non_empty if self.non_empty else 0.0


def _add_examples(examples: list[str], values: list[str]) -> None:
    """Keep a few *shapes* (never values) of validated matches."""
    from rightskit.masking import shape

    for v in values:
        if len(examples) >= _EXAMPLE_CAP:
            return
        s = shape(v)
        if s not in examples:
            examples.append(s)


def count_by_entity(profile: FieldProfile) -> Counter[str]:
    """Validated full-cell matches per entity (several recognizers may share an entity)."""
    out: Counter[str] = Counter()
    by_name = {r.name: r for r in profile.recognizers}
    for name, counts in profile.cells.items():
        out[by_name[name].entity] += counts.validated
    return out
