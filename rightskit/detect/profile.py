"""FieldProfile: what the detectors saw in one field, accumulated batch by batch.

The same accumulator serves a sample and a full pass (and, later, one partition of a distributed run):
``update`` takes an Arrow string array, ``merge`` combines two profiles. Values stay in memory only as
counts, the smallest 20,000 digests of the values for cardinality (``valuehash.DistinctSketch``), and a few
validated values for shape-only examples.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rightskit import textbytes
from rightskit.detect.entities import with_trait
from rightskit.detect.recognizer import AllowCheck, Recognizer, _never_allowed, prefilter_words
from rightskit.detect.valuehash import DistinctSketch

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

_NUMERIC = r"^[-+]?[0-9]+(?:[.,][0-9]+)?$"
_EXAMPLE_CAP = 5
_EXAMPLE_TRIES = 50  # texts per batch looked at for new example shapes
_TEXT_MIN_LENGTH = 20  # a cell this long with spaces is prose, worth looking inside
_TEXT_MEMO_CAP = 50_000  # distinct texts per field whose spans are remembered across batches
_ONCE_EACH_FROM = 2_048  # values in a batch from which their digests are asked whether each occurs once


@dataclass(slots=True)
class RecognizerCounts:
    """Per-recognizer counts over full cells."""

    matched: int = 0
    validated: int = 0
    examples: list[str] = field(default_factory=list)
    checked: int = 0  # validated values put to the recognizer's person check
    personal: int = 0  # of those, the ones that name a person


@dataclass(slots=True)
class TextCounts:
    """Per-entity counts of spans found inside free text."""

    cells: int = 0
    spans: int = 0
    best_score: float = 0.0
    recognizers: set[str] = field(default_factory=set)
    examples: list[str] = field(default_factory=list)


@dataclass(slots=True)
class FieldMemo:
    """What profiling a field remembers from one batch to the next (a worker process shares it among the fresh
    profiles of that field's batches): the spans of each distinct text met, and which recognizers the values
    matched, to be tried first."""

    texts: dict[str, list] = field(default_factory=dict)
    cells: frozenset[int] | None = None
    every_value_once: bool = True  # the last batch held no value twice: the next is told so by its digests first


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
    national_ids: int = 0  # values some national-ID recognizer validates: the union, for mixed-country columns
    cells: dict[str, RecognizerCounts] = field(default_factory=dict)
    in_text: dict[str, TextCounts] = field(default_factory=dict)
    sketch: DistinctSketch = field(default_factory=DistinctSketch)
    memo: FieldMemo = field(default_factory=FieldMemo)  # may be shared by the profiles of a field's batches

    def update(self, values: pa.Array) -> None:
        """Add one batch of values (any Arrow type; cast to string here)."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        if not pa.types.is_string(values.type):
            values = pc.cast(values, pa.string())
        if isinstance(values, pa.ChunkedArray):
            values = values.combine_chunks()
        self.examined += len(values)
        # Everything below runs once per distinct value, weighted by how often it occurs; even trimming.
        present = values.drop_null()
        digested = self._once_each(present) if self.memo.every_value_once else None
        if digested is not None:
            listed, listed_counts = present, np.ones(len(present), dtype=np.int64)
        else:
            counted = pc.value_counts(present)
            listed, listed_counts = counted.field(0), counted.field(1).to_numpy(zero_copy_only=False)
        self.memo.every_value_once = bool(len(listed_counts)) and int(listed_counts.max()) == 1
        distinct, counts = _trimmed(listed, listed_counts)
        n = int(counts.sum())
        if n == 0:
            return
        self.non_empty += n
        self.numeric += _numeric_count(distinct, counts)
        if digested is not None and distinct is listed:
            self.sketch.add_digests(digested)  # the values as they stand: their digests are the sketch's
        else:
            self.sketch.add(distinct)
        whole_cells = self._match_cells(distinct, counts)
        text_mask = _prose(distinct)
        if text_mask.any():
            self.text_like += int(counts[text_mask].sum())
            self._scan_text(distinct.filter(pa.array(text_mask)), counts[text_mask], whole_cells)

    @staticmethod
    def _once_each(values: pa.Array) -> np.ndarray | None:
        """The values' digests when no value occurs twice (equal values have equal digests), else None: a column of
        identifiers or comments, every one distinct, is listed as it stands, where Arrow's counting had hashed each
        value again (1.44 -> 1.33 CPU-s per 100k realistic rows); the digests are the distinct-count sketch's own."""
        from rightskit.detect.valuehash import digests, sorted_unique

        if len(values) < _ONCE_EACH_FROM:
            return None
        digested = digests(values)
        return digested if len(sorted_unique(digested)) == len(digested) else None

    def _match_cells(self, distinct: pa.Array, counts: np.ndarray) -> list[pa.Array]:
        """Count full-cell matches; return the validated values that are one entity end to end."""
        import numpy as np

        from rightskit.detect.cells import matcher_for
        from rightskit.detect.fast_validators import forget_digits

        found = matcher_for(self.recognizers).candidates(distinct, counts, self.memo.cells)
        self.memo.cells = frozenset(found.matches)
        whole_cells: list[pa.Array] = []  # no prose to look into in these
        national: list[pa.Array] = []
        national_entities = with_trait("national_id")
        batch_allowed = 0
        taken: list[tuple[np.ndarray, pa.Array]] = []  # recognizers matching the same values validate one array
        for i, rows in found.matches.items():
            rec = self.recognizers[i]
            values = next((v for r, v in taken if len(r) == len(rows) and np.array_equal(r, rows)), None)
            if values is None:
                values = found.distinct.take(rows)
                taken.append((rows, values))
            hit = rec.count_matches(values, found.counts[rows], self.allowed)
            batch_allowed = max(batch_allowed, hit.allowed)
            if hit.validated and rec.entity in national_entities:
                national.append(hit.validated_values)
            if hit.matched:
                counts = self.cells.setdefault(rec.name, RecognizerCounts())
                counts.matched += hit.matched
                counts.validated += hit.validated
                counts.checked += hit.checked
                counts.personal += hit.personal
                _add_examples(counts.examples, hit.validated_values)
                if rec.spec.strength != "hint":
                    whole_cells.append(hit.validated_values)
        forget_digits()  # the arrays the validators shared are not held past this batch
        self.allowed_values += batch_allowed
        if national:
            import pyarrow as pa
            import pyarrow.compute as pc

            union = pc.is_in(found.distinct, value_set=pa.concat_arrays(national))
            self.national_ids += _weighted_count(union, found.counts)
        return whole_cells

    def _scan_text(self, distinct: pa.Array, counts: np.ndarray, whole_cells: list[pa.Array]) -> None:
        """Spans inside prose, once per distinct text (remembered across batches), weighted by its count."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        if whole_cells:
            keep = pc.invert(pc.is_in(distinct, value_set=pa.concat_arrays(whole_cells))).to_numpy(zero_copy_only=False)
            distinct, counts = distinct.filter(pa.array(keep)), counts[keep]
        memo = self.memo.texts
        texts_list = distinct.to_pylist()
        fresh = [i for i, t in enumerate(texts_list) if t not in memo] if memo else list(range(len(texts_list)))
        if fresh and len(memo) + len(fresh) > _TEXT_MEMO_CAP:
            memo.clear()  # forgotten: every text of this batch is looked at again
            fresh = list(range(len(texts_list)))
        # Per recognizer (in their order), the texts it found spans in (ascending) and those spans
        hits: dict[int, tuple[list[int], list[list]]] = {}
        if fresh:
            fresh_texts = distinct if len(fresh) == len(texts_list) else distinct.take(pa.array(fresh, pa.int64()))
            words_of = prefilter_words(fresh_texts, self.recognizers)
            for k, rec in enumerate(self.recognizers):
                if not rec.spec.in_text:
                    continue  # hint recognizers still run: inside text they need a context word nearby
                hit = np.flatnonzero(rec.prefilter(fresh_texts, words_of).to_numpy(zero_copy_only=False)).tolist()
                chosen = [fresh[j] for j in hit]
                found = rec.find_spans_many([texts_list[i] for i in chosen], allowed=self.allowed)
                rows = [i for i, spans in zip(chosen, found, strict=True) if spans]
                if rows:
                    hits[k] = (rows, [spans for spans in found if spans])
            if len(memo) + len(fresh) <= _TEXT_MEMO_CAP:  # a batch of more distinct texts is not remembered
                per_text: dict[int, list] = {}
                for k, (rows, spans_of) in hits.items():
                    for i, spans in zip(rows, spans_of, strict=True):
                        per_text.setdefault(i, []).append((self.recognizers[k], spans))
                for i in fresh:
                    memo[texts_list[i]] = per_text.get(i, ())
        if len(fresh) < len(texts_list):
            position = {id(rec): k for k, rec in enumerate(self.recognizers)}
            for i in sorted(set(range(len(texts_list))).difference(fresh)):
                for rec, spans in memo[texts_list[i]]:
                    rows, spans_of = hits.setdefault(position[id(rec)], ([], []))
                    rows.append(i)
                    spans_of.append(spans)
            for k, (rows, spans_of) in hits.items():  # fresh and remembered texts, back in ascending order
                order = sorted(range(len(rows)), key=rows.__getitem__)
                hits[k] = ([rows[j] for j in order], [spans_of[j] for j in order])
        self._count_spans(dict(sorted(hits.items())), texts_list, counts)

    def _count_spans(self, hits: dict[int, tuple[list[int], list[list]]], texts: list[str], counts: np.ndarray) -> None:
        """Each recognizer's spans added to its entity's counts at once (the texts' counts by numpy); example
        shapes from the first texts holding the entity, in the order of the texts and then of the recognizers."""
        import numpy as np

        entities = {k: self.recognizers[k].entity for k in hits}
        # An entity first met in this batch is counted from where it is first met, as the texts come
        firsts = sorted((rows[0], k) for k, (rows, _spans) in hits.items())
        for _row, k in firsts:
            self.in_text.setdefault(entities[k], TextCounts())
        tried: dict[str, list[tuple[int, int, list]]] = {}
        for k, (rows, spans_of) in hits.items():
            rec, tc = self.recognizers[k], self.in_text[entities[k]]
            weights = counts[np.asarray(rows, dtype=np.int64)]
            tc.cells += int(weights.sum())
            tc.spans += int((np.fromiter(map(len, spans_of), dtype=np.int64, count=len(rows)) * weights).sum())
            tc.best_score = max(tc.best_score, max(s.score for spans in spans_of for s in spans))
            tc.recognizers.add(rec.name)
            tried.setdefault(rec.entity, []).extend(
                (i, k, spans) for i, spans in zip(rows[:_EXAMPLE_TRIES], spans_of[:_EXAMPLE_TRIES], strict=True)
            )
        for entity, candidates in tried.items():  # shapes repeat: after a few dozen texts a new one is unlikely
            tc = self.in_text[entity]
            for i, _k, spans in sorted(candidates, key=lambda c: (c[0], c[1]))[:_EXAMPLE_TRIES]:
                if len(tc.examples) >= _EXAMPLE_CAP:
                    break
                _add_examples(tc.examples, [texts[i][s.start : s.end] for s in spans])

    def state(self) -> ProfileState:
        """What this profile knows, without its recognizers and without values: for another process to merge."""
        return ProfileState(
            examined=self.examined,
            non_empty=self.non_empty,
            numeric=self.numeric,
            text_like=self.text_like,
            allowed_values=self.allowed_values,
            national_ids=self.national_ids,
            cells={k: (c.matched, c.validated, list(c.examples), c.checked, c.personal) for k, c in self.cells.items()},
            in_text={
                k: (t.cells, t.spans, t.best_score, sorted(t.recognizers), list(t.examples))
                for k, t in self.in_text.items()
            },
            sketch=self.sketch.to_bytes(),
        )

    @classmethod
    def from_state(
        cls, recognizers: tuple[Recognizer, ...], state: ProfileState, allowed: AllowCheck = _never_allowed
    ) -> FieldProfile:
        """A profile (for classification) holding a merged state."""
        profile = cls(recognizers, allowed)
        profile.examined, profile.non_empty, profile.numeric = state.examined, state.non_empty, state.numeric
        profile.text_like, profile.allowed_values = state.text_like, state.allowed_values
        profile.national_ids = state.national_ids
        profile.cells = {k: RecognizerCounts(m, v, list(e), c, p) for k, (m, v, e, c, p) in state.cells.items()}
        profile.in_text = {k: TextCounts(c, n, b, set(r), list(e)) for k, (c, n, b, r, e) in state.in_text.items()}
        profile.sketch = DistinctSketch.from_bytes(state.sketch)
        return profile

    @property
    def distinct(self) -> int:
        """Distinct non-empty values seen: exact up to 20,000, an estimate above (within about 1 %), never more
        than the values seen."""
        return min(self.sketch.count, self.non_empty)

    def text_share(self) -> float:
        """Share of non-empty values that read as prose."""
        return self.text_like / self.non_empty if self.non_empty else 0.0

    def numeric_share(self) -> float:
        """Share of non-empty values that are plain numbers."""
        return self.numeric / self.non_empty if self.non_empty else 0.0


@dataclass(frozen=True, slots=True)
class ProfileState:
    """A profile's evidence as plain data (counts, masked example shapes, the smallest value digests): partial
    profiles from partitions of a distributed scan are merged with ``merge``."""

    examined: int
    non_empty: int
    numeric: int
    text_like: int
    allowed_values: int
    national_ids: int
    cells: dict[str, tuple[int, int, list[str], int, int]]
    in_text: dict[str, tuple[int, int, float, list[str], list[str]]]
    sketch: bytes  # the smallest digests of the values (DistinctSketch.to_bytes)

    def merge(self, other: ProfileState) -> ProfileState:
        cells = {k: (m, v, list(e), c, p) for k, (m, v, e, c, p) in self.cells.items()}
        for k, (m, v, e, c, p) in other.cells.items():
            m0, v0, e0, c0, p0 = cells.get(k, (0, 0, [], 0, 0))
            cells[k] = (m0 + m, v0 + v, _merged_examples(e0, e), c0 + c, p0 + p)
        in_text = {k: (c, n, b, list(r), list(e)) for k, (c, n, b, r, e) in self.in_text.items()}
        for k, (c, n, b, r, e) in other.in_text.items():
            c0, n0, b0, r0, e0 = in_text.get(k, (0, 0, 0.0, [], []))
            in_text[k] = (c0 + c, n0 + n, max(b0, b), sorted({*r0, *r}), _merged_examples(e0, e))
        return ProfileState(
            examined=self.examined + other.examined,
            non_empty=self.non_empty + other.non_empty,
            numeric=self.numeric + other.numeric,
            text_like=self.text_like + other.text_like,
            allowed_values=self.allowed_values + other.allowed_values,
            national_ids=self.national_ids + other.national_ids,
            cells=cells,
            in_text=in_text,
            sketch=DistinctSketch.from_bytes(self.sketch).merge(DistinctSketch.from_bytes(other.sketch)).to_bytes(),
        )


def _merged_examples(first: list[str], second: list[str]) -> list[str]:
    out = list(first)
    for shape in second:
        if len(out) >= _EXAMPLE_CAP:
            break
        if shape not in out:
            out.append(shape)
    return out


def _prose(values: pa.Array) -> np.ndarray:
    """Which values read as prose: ``_TEXT_MIN_LENGTH`` characters or more with a space among them. A column none of
    whose values has as many bytes (names, numbers, dates) is not searched for spaces at all."""
    import numpy as np
    import pyarrow.compute as pc

    if not (np.diff(textbytes.offsets(values)) >= _TEXT_MIN_LENGTH).any():  # a character is at least a byte
        return np.zeros(len(values), dtype=bool)
    long = pc.greater_equal(pc.utf8_length(values), _TEXT_MIN_LENGTH)
    return pc.fill_null(pc.and_(long, pc.match_substring(values, " ")), False).to_numpy(zero_copy_only=False)


def _trimmed(distinct: pa.Array, counts: np.ndarray) -> tuple[pa.Array, np.ndarray]:
    """Distinct values trimmed of surrounding whitespace, empty ones left out, counts merged where trimming
    makes two values one (first-seen order kept)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    trimmed = pc.utf8_trim_whitespace(distinct)
    if not trimmed.equals(distinct):
        encoded = pc.dictionary_encode(trimmed)
        if len(encoded.dictionary) < len(trimmed):
            codes = encoded.indices.to_numpy(zero_copy_only=False)
            counts = np.bincount(codes, weights=counts, minlength=len(encoded.dictionary)).astype(np.int64)
        trimmed = encoded.dictionary
    else:
        trimmed = distinct  # the same values: the caller may tell they are unchanged by their identity
    keep = pc.not_equal(pc.binary_length(trimmed), 0)
    if not pc.all(keep).as_py():
        mask = keep.to_numpy(zero_copy_only=False)
        return trimmed.filter(pa.array(mask)), counts[mask]
    return trimmed, counts


def _weighted_count(mask: pa.Array, counts: np.ndarray) -> int:
    return int(counts[mask.to_numpy(zero_copy_only=False)].sum())


_NUMERIC_FIRST = b"+-0123456789"


def _numeric_count(distinct: pa.Array, counts: np.ndarray) -> int:
    """How many values are numbers (``_NUMERIC``): only those starting with a sign or a digit are searched (a column
    of names, addresses or prose: none, where the pattern's pass had cost 4-5 ms per 100k values of each)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    rows = np.flatnonzero(textbytes.starts_with(distinct, _NUMERIC_FIRST))
    if not len(rows):
        return 0
    if len(rows) == len(distinct):
        return _weighted_count(pc.match_substring_regex(distinct, _NUMERIC), counts)
    return _weighted_count(pc.match_substring_regex(distinct.take(pa.array(rows, pa.int64())), _NUMERIC), counts[rows])


def _add_examples(examples: list[str], values: pa.Array | list[str]) -> None:
    """Keep a few *shapes* (never values) of validated matches."""
    from rightskit.masking import shape

    if len(examples) >= _EXAMPLE_CAP:
        return
    if not isinstance(values, list):
        values = values.slice(0, 50).to_pylist()
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
