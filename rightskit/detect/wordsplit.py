"""Texts cut into words the same way in RE2 (vectorised, over Arrow arrays) and in Python (for word lists), and
the look-up of a word list in many texts at once."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rightskit.detect.regexmask import regex_mask, requires_digit, small

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

# Words as ``has_any_word`` cuts texts: runs of letters and digits (RE2 syntax; Python's
# ``WORD_SPLIT`` cuts the same way for the word lists).
WORD_SEPARATORS = r"[^\pL\pN]+"
WORD_SPLIT = re.compile(r"[\W_]+")


def has_any_word(values: pa.Array, words: frozenset[str]) -> pa.Array:
    """Boolean mask of the texts holding one of ``words`` as a whole word, vectorised: split into words, one
    hash look-up each."""
    import pyarrow as pa

    return pa.array(TextWords(values).any_of(words))


class TextWords:
    """The words of many texts, cut once and looked up against any number of word lists: a column of prose that a
    dozen recognizers ask about is split once, not a dozen times."""

    def __init__(self, values: pa.Array) -> None:
        import pyarrow as pa

        self.values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
        self._python = small(self.values)
        self._texts: dict[bool, list[str | None]] = {}
        self._rows: dict[bool, list[list[str] | None]] = {}  # Python: each text's words, cut when first asked
        # Arrow: the distinct words, and for each occurrence its word's index and its text's row
        self._flat: dict[bool, tuple[list[str], np.ndarray, np.ndarray]] = {}
        self._with_digits: tuple[np.ndarray, pa.Array] | None = None

    def with_digits(self) -> tuple[np.ndarray, pa.Array]:
        """The rows of the texts holding an ASCII digit and those texts (found and taken once, by RE2): the only
        ones a pattern that needs a digit has to search."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        if self._with_digits is None:
            hit = pc.fill_null(pc.match_substring_regex(self.values, "[0-9]"), False)
            rows = np.flatnonzero(hit.to_numpy(zero_copy_only=False))
            self._with_digits = (rows, self.values.take(pa.array(rows, pa.int64())))
        return self._with_digits

    def search(self, pattern: str, ignore_case: bool = False) -> np.ndarray:
        """Which texts ``pattern`` matches somewhere, as ``regex_mask`` answers: a pattern that cannot match without
        an ASCII digit searches only the texts holding one (most prose holds none)."""
        import numpy as np

        if small(self.values) or not requires_digit(pattern):
            return regex_mask(self.values, pattern, ignore_case)
        rows, texts = self.with_digits()
        mask = np.zeros(len(self.values), dtype=bool)
        if len(rows):
            mask[rows] = regex_mask(texts, pattern, ignore_case)
        return mask

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
        distinct, codes, parents = self._cut(lower)
        known = np.fromiter((w in words for w in distinct), dtype=bool, count=len(distinct))
        mask = np.zeros(len(self.values), dtype=bool)
        mask[parents[known[codes]]] = True
        return mask if rows is None else mask[rows]

    def _cut(self, lower: bool) -> tuple[list[str], np.ndarray, np.ndarray]:
        """The distinct words, each word's index among them and the text it is in: cut once, by RE2. Arrow folds
        case letter for letter, so the words of the lower-cased texts are the lower-cased words."""
        import pyarrow as pa
        import pyarrow.compute as pc

        cut = self._flat.get(lower)
        if cut is None:
            if lower:
                distinct, codes, parents = self._cut(False)
                cut = (pc.utf8_lower(pa.array(distinct, pa.string())).to_pylist(), codes, parents)
            else:
                tokens = pc.split_pattern_regex(self.values, WORD_SEPARATORS)
                encoded = pc.dictionary_encode(pc.list_flatten(tokens))
                cut = (
                    encoded.dictionary.to_pylist(),
                    encoded.indices.to_numpy(zero_copy_only=False),
                    pc.list_parent_indices(tokens).to_numpy(),
                )
            self._flat[lower] = cut
        return cut
