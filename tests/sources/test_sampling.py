from __future__ import annotations

import pyarrow as pa

from rightskit.sources.sampling import sample_rows


def _batches(n: int, size: int = 1000):
    for start in range(0, n, size):
        yield pa.record_batch([pa.array(range(start, min(n, start + size)))], names=["i"])


def _ids(sample) -> list[int]:
    return [v for b in sample.batches for v in b.column(0).to_pylist()]


def test_sample_size_bound_and_count() -> None:
    sample = sample_rows(_batches(50_000), 500, seed=3)
    assert sample.rows == 500 and sample.rows_seen == 50_000
    assert len(set(_ids(sample))) == 500


def test_sample_is_reproducible_and_seed_dependent() -> None:
    a = _ids(sample_rows(_batches(20_000), 300, seed=1))
    b = _ids(sample_rows(_batches(20_000), 300, seed=1))
    c = _ids(sample_rows(_batches(20_000), 300, seed=2))
    assert a == b and a != c


def test_sample_spans_the_whole_input_in_order() -> None:
    ids = _ids(sample_rows(_batches(100_000), 1000, seed=0))
    assert ids == sorted(ids)
    quarters = [sum(1 for i in ids if q * 25_000 <= i < (q + 1) * 25_000) for q in range(4)]
    assert all(200 <= q <= 300 for q in quarters), quarters


def test_small_input_is_kept_whole() -> None:
    sample = sample_rows(_batches(40, size=7), 100, seed=0)
    assert _ids(sample) == list(range(40))
