"""Seeded uniform row sampling over a stream of batches, in memory bounded by the sample size.

Every row gets a random key from a generator seeded with ``--seed``; the sample is the ``n`` rows with the
smallest keys (priority sampling). Rows are taken out of each batch as it passes, so a sample is spread over
the whole input, never only its first rows, and the same input and seed give the same sample.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rightskit.sources.base import Batch


@dataclass
class Sample:
    """The sampled rows, in input order, and how many rows were seen."""

    batches: list[Batch]
    rows_seen: int

    @property
    def rows(self) -> int:
        return sum(len(b) for b in self.batches)

    def merged(self) -> list[Batch]:
        """The sample as one batch: detectors then run once per field, not once per sampled slice."""
        from rightskit.sources.batching import merge_batches

        return merge_batches(self.batches)


def sample_rows(batches: Iterable[Batch], n: int, seed: int) -> Sample:
    """Uniform sample of ``n`` rows without replacement."""
    import numpy as np

    rng = np.random.default_rng(seed)
    kept: list[tuple[np.ndarray, Batch]] = []
    kept_rows = 0
    threshold = 1.0
    seen = 0
    for batch in batches:
        size = len(batch)
        if size == 0:
            continue
        seen += size
        keys = rng.random(size)
        chosen = np.flatnonzero(keys < threshold) if kept_rows >= n else np.arange(size)
        if len(chosen) == 0:
            continue
        kept.append((keys[chosen], batch.take(chosen)))
        kept_rows += len(chosen)
        if kept_rows > 2 * n:
            kept, kept_rows, threshold = _prune(kept, n)
    if kept_rows > n:
        kept, kept_rows, threshold = _prune(kept, n)
    return Sample([b for _, b in kept], seen)


def _prune(kept: list, n: int) -> tuple[list, int, float]:
    import numpy as np

    all_keys = np.concatenate([k for k, _ in kept])
    threshold = float(np.partition(all_keys, n - 1)[n - 1]) if len(all_keys) > n else 1.0
    pruned = []
    total = 0
    for keys, batch in kept:
        idx = np.flatnonzero(keys <= threshold)
        if len(idx):
            pruned.append((keys[idx], batch.take(idx) if len(idx) < len(keys) else batch))
            total += len(idx)
    # Keys above the n-th smallest can never come back; raise the bar for later batches.
    return pruned, total, threshold if len(all_keys) > n else 1.0
