"""Texts cut into words the same way in RE2 (vectorised, over Arrow arrays) and in Python (for word lists), and
the look-up of a word list in many texts at once."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from rightskit import textbytes
from rightskit.detect.regexmask import min_chars, min_digits, regex_mask, small, within_ascii_word

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

# Words as ``has_any_word`` cuts texts: runs of letters and digits (RE2 syntax; Python's
# ``WORD_SPLIT`` cuts the same way for the word lists).
WORD_SEPARATORS = r"[^\pL\pN]+"
WORD_CHARACTERS = r"[\pL\pN]"
WORD_SPLIT = re.compile(r"[\W_]+")
# Classes besides the digits whose counts gate a search: a Bulgarian street address needs Cyrillic letters, which
# nine in ten realistic comments lack (14 ms of RE2 per 100k comments for 4 ms of counting). ASCII capitals did not
# pay: a name's pattern needs one, which nearly every sentence has, and counting them costs 8 ms.
_GATES = ("non_ascii",)


def has_any_word(values: pa.Array, words: frozenset[str]) -> pa.Array:
    """Boolean mask of the texts holding one of ``words`` as a whole word, vectorised: split into words, one
    hash look-up each."""
    import pyarrow as pa

    return pa.array(TextWords(values).any_of(words))


class TextWords:
    """The words of many texts, cut once and looked up against any number of word lists: a column of prose that a
    dozen recognizers ask about is split once, not a dozen times."""

    def __init__(
        self,
        values: pa.Array,
        groups: dict[str, tuple[str, ...]] | None = None,
        known: frozenset[str] | None = None,
    ) -> None:
        """``groups``: pattern → the alternation it is searched within first (``digit_groups``). ``known``: the
        lower-case words that look-ups in lower case will ask about (every hint's context words): their
        occurrences are found in one pass, and each look-up then searches only those."""

        self.values = textbytes.plain_strings(values)  # the cut reads 32-bit offsets (a batch fits in them)
        self._groups = groups or {}
        self._group_rows: dict[tuple[str, ...], np.ndarray] = {}
        self._python = small(self.values)
        self._texts: dict[bool, list[str | None]] = {}
        self._rows: dict[bool, list[list[str] | None]] = {}  # Python: each text's words, cut when first asked
        # Arrow: the distinct words, and for each occurrence its word's index and its text's row
        self._flat: dict[bool, tuple[pa.Array, np.ndarray, np.ndarray]] = {}
        self._class_counts: dict[str, np.ndarray] = {}
        self._with_digits: dict[int, tuple[np.ndarray, pa.Array]] = {}
        self._searched: dict[tuple[str, bool], np.ndarray] = {}  # searches of every text
        self._known = known
        self._known_cut: tuple[pa.Array, np.ndarray, np.ndarray] | None = None

    def with_digits(self, at_least: int = 1) -> tuple[np.ndarray, pa.Array]:
        """The rows of the texts holding ``at_least`` ASCII digits and those texts (found and taken once): the only
        ones a pattern that needs as many has to search."""
        import numpy as np
        import pyarrow as pa

        found = self._with_digits.get(at_least)
        if found is None:
            rows = np.flatnonzero(self.digit_counts() >= at_least)
            # The same texts as for another count (prose whose only number is long enough for both): taken once
            same = [texts for held, texts in self._with_digits.values() if len(held) == len(rows)]
            texts = same[0] if same else self.values.take(pa.array(rows, pa.int64()))
            found = self._with_digits[at_least] = (rows, texts)
        return found

    def digit_counts(self) -> np.ndarray:
        """How many ASCII digits each text holds (a null none), counted once by numpy over the UTF-8 bytes, where
        no byte of a non-ASCII character is an ASCII digit: a third of RE2's pass for whether a text holds one."""
        return self.class_counts("digit")

    def class_counts(self, kind: str) -> np.ndarray:
        """How many characters of the class ``kind`` (``textbytes.COUNTED``) each text holds, counted once."""
        counts = self._class_counts.get(kind)
        if counts is None:
            counts = self._class_counts[kind] = textbytes.class_counts(self.values, kind)
        return counts

    def counted(self) -> dict[str, np.ndarray]:
        """The class counts asked so far (``class_counts``), by class."""
        return dict(self._class_counts)

    def search(
        self, pattern: str, ignore_case: bool = False, rows: np.ndarray | None = None, within_words: str | None = None
    ) -> np.ndarray:
        """Which texts (of ``rows``, sorted; default all; the others answer False) ``pattern`` matches somewhere,
        as ``regex_mask`` answers: a pattern that cannot match without an ASCII digit searches only the texts
        holding as many. ``within_words``: a pattern of which every match of ``pattern`` holds a match inside one
        word (that it is part of ``pattern`` is trusted; ``regexmask.within_ascii_word`` is asked); when the texts
        are cut into words already, it is searched among their distinct words first, and ``pattern`` only in the
        texts holding a word it matches (an Italian tax code: 3 ms over 70,000 distinct words against 27 ms over
        100k comments). A search of every text is remembered (a release asks the names' pattern twice: for the
        rules, and wide for the tagger); each caller gets its own copy."""
        if rows is not None:
            return self._gated(pattern, ignore_case, rows, within_words)
        found = self._searched.get((pattern, ignore_case))
        if found is None:
            found = self._searched[(pattern, ignore_case)] = self._gated(pattern, ignore_case, None, within_words)
        return found.copy()

    def _gated(self, pattern: str, ignore_case: bool, rows: np.ndarray | None, within_words: str | None) -> np.ndarray:
        # (A pattern that needs digits searches few texts already: the words' pass would cost more.)
        if (
            within_words is not None
            and not ignore_case
            and not min_digits(pattern)
            and False in self._flat
            and within_ascii_word(within_words)
        ):
            import numpy as np

            held = self._rows_holding(within_words)
            rows = held if rows is None else np.intersect1d(rows, held, assume_unique=True)
        return self._search(pattern, ignore_case, rows)

    def _rows_holding(self, pattern: str) -> np.ndarray:
        """The rows of the texts one of whose words ``pattern`` matches, searched among the distinct words."""
        import numpy as np

        distinct, codes, parents = self._cut(False)
        hit = regex_mask(distinct, pattern)
        return np.unique(parents[hit[codes]]).astype(np.int64) if hit.any() else np.zeros(0, np.int64)

    def _search(self, pattern: str, ignore_case: bool, rows: np.ndarray | None) -> np.ndarray:
        import numpy as np
        import pyarrow as pa

        digits = min_digits(pattern)
        # Characters outside ASCII a match needs (none said under a case-blind search: RE2 folds "ſ" to "s")
        needs = {} if ignore_case or small(self.values) else {k: n for k in _GATES if (n := min_chars(pattern, k))}
        if rows is None and (small(self.values) or not digits) and not needs:
            return regex_mask(self.values, pattern, ignore_case)
        # The texts worth searching (of ``rows``): those its group's alternation matched, else those holding as
        # many digits as it needs, else all.
        group = None if ignore_case or small(self.values) else self._groups.get(pattern)
        texts = None
        if group is not None:
            chosen = self._rows_of(group)
            if digits > min(map(min_digits, group)):
                chosen = chosen[self.digit_counts()[chosen] >= digits]
            if rows is not None:
                chosen = np.intersect1d(rows, chosen, assume_unique=True)
        elif digits and not small(self.values):
            if rows is None:
                chosen, texts = self.with_digits(digits)
            else:
                chosen = rows[self.digit_counts()[rows] >= digits]
        elif rows is None:
            chosen, texts = np.arange(len(self.values)), self.values
        else:
            chosen = rows
        for kind, need in needs.items():
            enough = self.class_counts(kind)[chosen] >= need
            if not enough.all():
                chosen, texts = chosen[enough], None
        mask = np.zeros(len(self.values), dtype=bool)
        if len(chosen):
            texts = self.values.take(pa.array(chosen, pa.int64())) if texts is None else texts
            mask[chosen] = regex_mask(texts, pattern, ignore_case)
        return mask

    def _rows_of(self, group: tuple[str, ...]) -> np.ndarray:
        """The rows of the texts the alternation of ``group`` (patterns that need a digit) matches, searched once
        among the texts holding as many digits as the least of them needs."""
        import numpy as np

        found = self._group_rows.get(group)
        if found is None:
            rows, texts = self.with_digits(min(map(min_digits, group)))
            joined = alternation(group)
            if joined is None:  # searched pattern by pattern among those texts
                found = self._group_rows[group] = rows
                return found
            hit = regex_mask(texts, joined) if len(rows) else np.zeros(0, bool)
            found = self._group_rows[group] = rows[hit]
        return found

    def any_of(self, words: frozenset[str], rows: np.ndarray | None = None, *, lower: bool = False) -> np.ndarray:
        """Which texts (of ``rows``, default all; ``lower``: in lower case, as Arrow folds it) hold one of
        ``words``, as a boolean array over those rows."""
        import numpy as np
        import pyarrow.compute as pc

        if self._python:
            texts = self._texts.get(lower)
            if texts is None:
                texts = self._texts[lower] = (pc.utf8_lower(self.values) if lower else self.values).to_pylist()
                self._rows[lower] = [None] * len(texts)
            cut = self._rows[lower]
            wanted = range(len(texts)) if rows is None else rows.tolist()
            out = np.zeros(len(wanted), dtype=bool)
            for k, i in enumerate(wanted):
                text = texts[i]
                if not text:
                    continue
                tokens = cut[i]
                if tokens is None:
                    tokens = cut[i] = WORD_SPLIT.split(text)
                out[k] = not words.isdisjoint(tokens)
            return out
        if lower and self._known is not None and words <= self._known:
            distinct, codes, parents = self._known_occurrences(self._known)
        else:
            distinct, codes, parents = self._cut(lower)
        known = pc.is_in(distinct, value_set=_as_array(words)).to_numpy(zero_copy_only=False)
        mask = np.zeros(len(self.values), dtype=bool)
        mask[parents[known[codes]]] = True
        return mask if rows is None else mask[rows]

    def _known_occurrences(self, known: frozenset[str]) -> tuple[pa.Array, np.ndarray, np.ndarray]:
        """``_cut(lower=True)`` kept to the occurrences of the ``known`` words (this instance's): twenty hints'
        look-ups of a few words each pass over a few thousand occurrences, not each over every word of every
        text."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        if self._known_cut is None:
            distinct, codes, parents = self._cut(True)
            held = pc.is_in(distinct, value_set=_as_array(known)).to_numpy(zero_copy_only=False)
            ids, chosen = np.flatnonzero(held), held[codes]
            self._known_cut = (
                distinct.take(pa.array(ids, pa.int64())),
                np.searchsorted(ids, codes[chosen]),
                parents[chosen],
            )
        return self._known_cut

    def _cut(self, lower: bool) -> tuple[pa.Array, np.ndarray, np.ndarray]:
        """The distinct words, each word's index among them and the text it is in: cut once. Arrow folds case
        letter for letter, so the words of the lower-cased texts are the lower-cased words."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        cut = self._flat.get(lower)
        if cut is None:
            if lower:
                distinct, codes, parents = self._cut(False)
                cut = (pc.utf8_lower(distinct), codes, parents)
            else:
                ascii_rows = pc.fill_null(pc.string_is_ascii(self.values), False).to_numpy(zero_copy_only=False)
                pieces = [_ascii_words(self.values, np.flatnonzero(ascii_rows))]
                if not ascii_rows.all():
                    pieces.append(_unicode_words(self.values, np.flatnonzero(~ascii_rows)))
                # One dictionary over every piece's words, with no copy of them all in one array first.
                encoded = pc.dictionary_encode(pa.chunked_array([w for w, _ in pieces], pa.string()))
                codes = [c.indices.to_numpy(zero_copy_only=False) for c in encoded.chunks]
                dictionary = encoded.chunks[0].dictionary if encoded.num_chunks else pa.array([], pa.string())
                cut = (
                    dictionary,
                    np.concatenate(codes) if codes else np.zeros(0, np.int32),
                    np.concatenate([p for _, p in pieces]),
                )
            self._flat[lower] = cut
        return cut


def _words(values: pa.Array, rows: np.ndarray) -> tuple[pa.Array, np.ndarray]:
    """The words of ``values[rows]`` (RE2 cuts them) and, for each word, its text's row."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    tokens = pc.split_pattern_regex(values.take(pa.array(rows, pa.int64())), WORD_SEPARATORS)
    return pc.list_flatten(tokens), rows.astype(np.int32)[pc.list_parent_indices(tokens).to_numpy()]


def _ascii_words(values: pa.Array, rows: np.ndarray, outside_ascii: bool = False) -> tuple[pa.Array, np.ndarray]:
    """``_words`` for texts all in ASCII, where a word is a run of [A-Za-z0-9]: cut by numpy over the bytes, a
    few times faster than RE2's split, which pays per word it finds. A slice of texts at a time: the byte masks
    stay small. ``outside_ascii``: every byte of a character outside ASCII is a word byte too (``_unicode_words``)."""
    import numpy as np
    import pyarrow as pa

    texts = values if len(rows) == len(values) else values.take(pa.array(rows, pa.int64()))
    pieces = [
        _ascii_words_of(texts.slice(at, _ASCII_SLICE), outside_ascii) for at in range(0, len(texts), _ASCII_SLICE)
    ]
    if not pieces:
        return pa.array([], pa.string()), rows.astype(np.int32)
    # A batch's rows fit in 32 bits; words are many, their parents kept small.
    parents = np.repeat(rows.astype(np.int32), np.concatenate([per_text for _, per_text in pieces]))
    return pa.concat_arrays([w for w, _ in pieces]), parents


def _unicode_words(values: pa.Array, rows: np.ndarray) -> tuple[pa.Array, np.ndarray]:
    """``_words`` of texts holding characters outside ASCII (RE2's empty pieces aside; the words in another order):
    cut by numpy at ASCII separators, every character outside ASCII taken for a letter; the few words that hold one
    that is no letter or digit to RE2 ("„Витоша“", "Иван—Петров") cut again by RE2. RE2's split of every such text
    (a tenth of 100k realistic comments hold Cyrillic) took 31 ms, this 17."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    words, parents = _ascii_words(values, rows, outside_ascii=True)
    outside = np.flatnonzero(~pc.string_is_ascii(words).to_numpy(zero_copy_only=False))
    if not len(outside):
        return words, parents
    whole = pc.match_substring_regex(words.take(pa.array(outside, pa.int64())), f"^{WORD_CHARACTERS}+$")
    odd = outside[~whole.to_numpy(zero_copy_only=False)]
    if not len(odd):
        return words, parents
    again, within = _words(words, odd)
    again_rows = np.flatnonzero(pc.greater(pc.binary_length(again), 0).to_numpy(zero_copy_only=False))
    kept = np.ones(len(words), dtype=bool)
    kept[odd] = False
    return (
        pa.concat_arrays([words.filter(pa.array(kept)), again.take(pa.array(again_rows, pa.int64()))]),
        np.concatenate([parents[kept], parents[within[again_rows]]]),
    )


_ASCII_SLICE = 1 << 15


def _ascii_words_of(texts: pa.Array, outside_ascii: bool = False) -> tuple[pa.Array, np.ndarray]:
    """The words of texts all in ASCII, and how many each text holds (``outside_ascii``: a byte of a character
    outside ASCII counts as a letter's)."""
    import numpy as np
    import pyarrow as pa

    offsets, data = textbytes.offsets_and_bytes(texts)
    starts = offsets - offsets[0]
    # A word byte is an ASCII digit or letter: two unsigned comparisons each (a byte below the range wraps round
    # above it), in place.
    shifted = data - np.uint8(0x30)
    word = shifted < 10
    np.bitwise_or(data, 0x20, out=shifted)
    shifted -= np.uint8(0x61)
    word |= shifted < 26
    if outside_ascii:
        word |= data >= 0x80
    # Where a run of word bytes begins and ends (exclusive): every change of class, begins and ends alternating.
    padded = np.zeros(len(data) + 2, dtype=bool)
    padded[1:-1] = word
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    # A run across two texts (one ends in a word byte, the next starts with one) is two words: the text's start
    # is an end and a begin.
    inner = starts[(starts > 0) & (starts < len(data))]
    split = np.unique(inner[word[inner] & word[inner - 1]])  # an empty text starts where the next does
    if len(split):
        edges = np.insert(edges, np.searchsorted(edges, split).repeat(2), split.repeat(2))
    begins = edges[0::2]
    word_offsets = np.zeros(len(begins) + 1, dtype=np.int32)
    np.cumsum(np.diff(edges)[0::2].astype(np.int32), out=word_offsets[1:])
    words = pa.StringArray.from_buffers(len(begins), pa.py_buffer(word_offsets), textbytes.kept_bytes(data, word))
    # Each text's words are the begins between its start and the next text's: counted, not searched word by word.
    return words, np.diff(np.searchsorted(begins, starts))


# Small patterns that need a digit (identifiers, phones, dates), a few to an alternation: RE2 passes over the texts
# once per alternation, not once per pattern, and each pattern then searches only the texts its alternation
# matches. Few to each: an alternation of forty outgrew RE2's DFA cache and ran ten times slower.
_GROUP_SIZE = 8
_GROUP_PATTERN_MAX = 200


def alternations(patterns: Iterable[str]) -> list[str]:
    """Patterns as few RE2 searches, a text matching one of them exactly when it matches one of the patterns:
    small ones a few to an alternation, long ones alone."""
    unique = list(dict.fromkeys(patterns))
    small = [p for p in unique if len(p) <= _GROUP_PATTERN_MAX]
    out = []
    for group in (tuple(small[i : i + _GROUP_SIZE]) for i in range(0, len(small), _GROUP_SIZE)):
        joined = alternation(group)
        out += [joined] if joined is not None else list(group)
    return out + [p for p in unique if len(p) > _GROUP_PATTERN_MAX]


@cache
def alternation(patterns: tuple[str, ...]) -> str | None:
    """``patterns`` as one RE2 alternation; None where that would not answer as they do: one of them is no
    pattern alone (``a)|(b`` would join its neighbours), or together they outgrow RE2's program size limit."""
    import pyarrow as pa
    import pyarrow.compute as pc

    joined = "|".join(f"(?:{p})" for p in patterns)
    probe = pa.array([""], pa.string())
    try:
        for pattern in (*patterns, joined):
            pc.match_substring_regex(probe, pattern)
    except pa.ArrowInvalid:
        return None
    return joined


def digit_groups(patterns: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each small pattern that needs a digit → the group of such patterns it is searched within (in the declarations'
    order: grouped by the digits they need, the phone and IBAN patterns, which need two, had made every pattern of
    their group search the texts they select)."""
    chosen = [p for p in dict.fromkeys(patterns) if len(p) <= _GROUP_PATTERN_MAX and min_digits(p)]
    groups = [tuple(chosen[i : i + _GROUP_SIZE]) for i in range(0, len(chosen), _GROUP_SIZE)]
    return {p: g for g in groups if len(g) > 1 for p in g}


_ARRAYS: dict[int, tuple[frozenset[str], pa.Array]] = {}
_ARRAYS_CAP = 256


def _as_array(words: frozenset[str]) -> pa.Array:
    """A word list as an Arrow array, made once per list (the lists live as long as their recognizers)."""
    import pyarrow as pa

    held = _ARRAYS.get(id(words))
    if held is None or held[0] is not words:
        if len(_ARRAYS) >= _ARRAYS_CAP:
            _ARRAYS.clear()  # lists made on the fly must not pile up
        held = _ARRAYS[id(words)] = (words, pa.array(sorted(words), pa.string()))
    return held[1]
