"""Texts cut into words the same way in RE2 (vectorised, over Arrow arrays) and in Python (for word lists), and
the look-up of a word list in many texts at once."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from rightskit.detect.regexmask import small

if TYPE_CHECKING:
    import pyarrow as pa

# Words as ``has_any_word`` cuts texts: runs of letters and digits (RE2 syntax; Python's
# ``WORD_SPLIT`` cuts the same way for the word lists).
WORD_SEPARATORS = r"[^\pL\pN]+"
WORD_SPLIT = re.compile(r"[\W_]+")


def has_any_word(values: pa.Array, words: frozenset[str]) -> pa.Array:
    """Boolean mask of the texts holding one of ``words`` as a whole word, vectorised: split into words, one
    hash look-up each."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if small(values):
        # RE2 compiles its Unicode classes on every call: for a sample's few hundred texts Python cuts faster.
        return pa.array([bool(t) and not words.isdisjoint(WORD_SPLIT.split(t)) for t in values.to_pylist()])
    tokens = pc.split_pattern_regex(values, WORD_SEPARATORS)
    hit = pc.is_in(pc.list_flatten(tokens), value_set=_word_set(words)).to_numpy(zero_copy_only=False)
    mask = np.zeros(len(values), dtype=bool)
    mask[pc.list_parent_indices(tokens).to_numpy()[hit]] = True
    return pa.array(mask)


@cache
def _word_set(words: frozenset[str]) -> pa.Array:
    import pyarrow as pa

    return pa.array(sorted(words), pa.string())
