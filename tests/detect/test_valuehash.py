"""Digests of many strings at once (numpy over Arrow's bytes) equal their one-string definition, and the
distinct-value sketch built from them counts exactly below its size and the same whatever the partitions."""

from __future__ import annotations

import random

import numpy as np
import pyarrow as pa
import pytest

from rightskit.detect import valuehash
from rightskit.detect.valuehash import DistinctSketch, digests, reference_digest


def _texts(n: int, seed: int) -> list[str | None]:
    rng = random.Random(seed)
    alphabet = "ab7 щЮ€\u00e9\U0001f600\x00"
    out: list[str | None] = ["", "a", "a\x00", "\x00", None]
    out += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(n)]
    return out


_LONGEST, _PASS = valuehash.CHUNK_BYTES, valuehash.PASS_BYTES


@pytest.mark.parametrize(
    ("chunk", "pass_bytes"), [(_LONGEST, _PASS), (64, _PASS), (7, _PASS), (_LONGEST, 64), (_LONGEST, 7)]
)
def test_many_at_once_equal_one_at_a_time(monkeypatch: pytest.MonkeyPatch, chunk: int, pass_bytes: int) -> None:
    monkeypatch.setattr(valuehash, "PASS_BYTES", pass_bytes)  # passes of a few values, or of one each
    monkeypatch.setattr(valuehash, "CHUNK_BYTES", chunk)  # passes of a few values; values longer than one
    texts = _texts(2_000, seed=1)
    values = pa.array(texts, pa.string())
    expected = [reference_digest(t or "") for t in texts]
    assert digests(values).tolist() == expected
    assert digests(values.slice(37, 900)).tolist() == expected[37:937]
    assert digests(pa.chunked_array([values[:10], values[10:]])).tolist() == expected
    nothing = ["", None, "", "a", "", ""]  # a pass of empty values only, and empty ones before and after
    assert digests(pa.array(nothing, pa.string())).tolist() == [reference_digest(t or "") for t in nothing]


def test_different_values_get_different_digests() -> None:
    values = pa.array([f"{i:08d}" for i in range(200_000)] + ["a", "a ", " a", "ab", "ba"], pa.string())
    assert len(np.unique(digests(values))) == len(values)


def test_the_sketch_counts_exactly_below_its_size_and_estimates_above() -> None:
    small = DistinctSketch()
    small.add(pa.array([f"v{i % 5_000}" for i in range(40_000)], pa.string()))
    assert small.exact and small.count == 5_000
    large = DistinctSketch()
    large.add(pa.array([f"id-{i}" for i in range(300_000)], pa.string()))
    assert not large.exact and abs(large.count - 300_000) < 0.03 * 300_000


def test_the_sketch_is_the_same_whatever_the_partitions() -> None:
    rng = random.Random(4)
    values = [f"value {rng.randint(0, 90_000)}" for _ in range(120_000)]
    whole = DistinctSketch()
    whole.add(pa.array(values, pa.string()))
    parts = []
    for start in range(0, len(values), 17_000):
        part = DistinctSketch()
        part.add(pa.array(values[start : start + 17_000], pa.string()))
        parts.append(part)
    merged = parts[0]
    for part in reversed(parts[1:]):  # any order
        merged = merged.merge(part)
    assert merged.count == whole.count and merged.to_bytes() == whole.to_bytes()
    assert DistinctSketch.from_bytes(merged.to_bytes()).count == whole.count


def test_exactly_as_many_values_as_the_sketch_counts_are_counted_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(valuehash, "SKETCH_SIZE", 500)
    for n, exact in ((499, True), (500, True), (501, False)):
        sketch = DistinctSketch()
        sketch.add(pa.array([f"v{i}" for i in range(n)], pa.string()))
        assert sketch.exact is exact
        assert sketch.count == n if exact else abs(sketch.count - n) < 0.2 * n


def test_a_longer_pass_than_the_tables_were_made_for(monkeypatch: pytest.MonkeyPatch) -> None:
    digests(pa.array(["warm"], pa.string()))
    monkeypatch.setattr(valuehash, "CHUNK_BYTES", valuehash.CHUNK_BYTES * 2)
    text = "a" * (valuehash.CHUNK_BYTES - 3) + "bcd"
    assert digests(pa.array([text], pa.string())).tolist() == [reference_digest(text)]
