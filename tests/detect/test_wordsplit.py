"""The vectorised word look-up equals the plain Python one (issue 20: vectorised paths held to the reference)."""

from __future__ import annotations

import random

import pyarrow as pa

from rightskit.detect.wordsplit import WORD_SPLIT, has_any_word

ALPHABET = "abcxyzАБВжшщΑβγéŁ-_.,'’ \t\n0123\u0301"


def _reference(text: str | None, words: frozenset[str]) -> bool:
    return text is not None and any(w in words for w in WORD_SPLIT.split(text) if w)


def test_has_any_word_equals_the_reference_on_generated_texts() -> None:
    rng = random.Random(5)
    texts: list[str | None] = [None, "", " ", "-"]
    texts += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    vocabulary = {w for t in texts[4:] for w in WORD_SPLIT.split(t) if w}
    words = frozenset(rng.sample(sorted(vocabulary), 40))
    got = has_any_word(pa.chunked_array([texts[:1500], texts[1500:]]), words).to_pylist()
    assert got == [_reference(t, words) for t in texts]
    assert 0 < sum(got) < len(texts)
