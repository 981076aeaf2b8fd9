"""Encoding a column's generalised labels: the distinct labels in order, and each label's place among them."""

from __future__ import annotations

import random

import numpy as np

from rightskit.privacy.encode import _sorted_codes


def test_labels_are_coded_as_numpy_codes_them() -> None:
    """Arrow's hashing gives ``np.unique``'s order and inverse: Cyrillic, accents, symbols beyond the BMP, the
    empty label and the top, many repeated."""
    rng = random.Random(45)
    alphabet = "az09*-. АЯяёÀé𝔸\U0001f600"
    labels = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4))) for _ in range(3000)]
    labels += ["*"] * 500 + [""] * 20
    rng.shuffle(labels)
    distinct, inverse = np.unique(np.asarray(labels, dtype=object).astype(str), return_inverse=True)
    ours, codes = _sorted_codes(labels)
    assert ours == distinct.tolist()
    assert codes.tolist() == inverse.tolist()
    assert [ours[c] for c in codes] == labels


def test_a_label_arrow_cannot_hold_is_coded_by_numpy() -> None:
    labels = ["b", "a\ud800", "a", "b"]  # a lone surrogate
    ours, codes = _sorted_codes(labels)
    assert [ours[c] for c in codes] == labels
