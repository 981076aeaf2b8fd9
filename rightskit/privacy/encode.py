"""Integer encoding of quasi-identifiers and their generalisation levels, for vectorised counting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rightskit.errors import ConfigError
from rightskit.masking import distinct_shapes
from rightskit.privacy.hierarchy import Hierarchy

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa


@dataclass
class Attribute:
    """One quasi-identifier: record codes at level 0 and, per level, the map to generalised codes."""

    name: str
    codes: np.ndarray  # per record, int64 code of the original value
    values: list[str]  # code -> original value
    maps: list[np.ndarray]  # per level: original code -> generalised code
    labels: list[list[str]]  # per level: generalised code -> label
    counts: list[np.ndarray]  # per level: generalised code -> records (over all input records)
    level_loss: np.ndarray  # per level: Σ over records of -log2(count(original) / count(generalised))
    record_log_gen: list[np.ndarray]  # per level: original code -> log2(count of its generalised value)

    @property
    def height(self) -> int:
        return len(self.maps)


def as_strings(values: Sequence | object) -> list[str]:
    """Values as strings; missing values become the empty string (a category of their own)."""
    if hasattr(values, "to_pylist"):
        values = values.to_pylist()  # type: ignore[union-attr]
    return ["" if v is None else str(v) for v in values]  # type: ignore[union-attr]


def encode_attribute(name: str, values: Sequence[str] | Any, hierarchy: Hierarchy | None) -> Attribute:
    """Encode one column; without a hierarchy it has level 0 only."""
    import numpy as np

    if hasattr(values, "type"):  # an Arrow array: sorted distinct values and codes in C++
        import pyarrow as pa
        import pyarrow.compute as pc

        values_list, codes = _coded(pc.cast(values, pa.string()).fill_null(""))
    else:
        distinct, codes = np.unique(np.asarray(values, dtype=object).astype(str), return_inverse=True)
        values_list = distinct.tolist()
    orig_counts = np.bincount(codes, minlength=len(values_list))
    n = len(codes)
    height = hierarchy.height if hierarchy else 1
    if hierarchy:
        missing = hierarchy.missing(values_list)
        if missing:
            raise ConfigError(
                f"{len(missing)} value(s) of column '{name}' are not in hierarchy '{hierarchy.name}' "
                f"(shapes: {', '.join(distinct_shapes(missing))})"
            )
    maps, labels, counts, level_loss, log_gen = [], [], [], [], []
    log_orig = np.log2(orig_counts)
    generalised = hierarchy.labels_by_level(values_list) if hierarchy else []
    for level in range(height):
        if level == 0:
            level_map = np.arange(len(values_list))
            level_labels = values_list
        else:
            gen = generalised[level - 1]
            level_labels, level_map = _sorted_codes(gen)
        gen_counts = np.bincount(level_map[codes], minlength=len(level_labels)) if n else np.zeros(0, int)
        per_code_log_gen = np.log2(gen_counts[level_map]) if n else np.zeros(0)
        maps.append(level_map)
        labels.append(level_labels)
        counts.append(gen_counts)
        log_gen.append(per_code_log_gen)
        level_loss.append(float(np.sum(orig_counts * (per_code_log_gen - log_orig))) if n else 0.0)
    return Attribute(name, codes, values_list, maps, labels, counts, np.asarray(level_loss), log_gen)


def _sorted_codes(labels: list[str]) -> tuple[list[str], np.ndarray]:
    """The distinct labels in code-point order, and each label's place among them (``np.unique`` with
    ``return_inverse``, by Arrow's hashing: a level of 1M distinct coordinates had cost numpy's sort 0.2 s)."""
    import numpy as np
    import pyarrow as pa

    try:
        array = pa.array(labels, pa.string())
    except (UnicodeEncodeError, pa.ArrowException):  # a lone surrogate: numpy compares code points all the same
        distinct, inverse = np.unique(np.asarray(labels, dtype=object).astype(str), return_inverse=True)
        return distinct.tolist(), inverse
    return _coded(array)


def _coded(array: pa.Array | pa.ChunkedArray) -> tuple[list[str], np.ndarray]:
    """An Arrow text column's distinct values, sorted, and each value's place among them: hashed in C++."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    distinct = pc.unique(array)
    distinct = distinct.take(pc.array_sort_indices(distinct))  # UTF-8 bytes sort as code points do
    codes = pc.index_in(array, value_set=distinct)
    if isinstance(codes, pa.ChunkedArray):
        codes = codes.combine_chunks()
    return distinct.to_pylist(), codes.to_numpy(zero_copy_only=False).astype(np.int64)


def group(keys: list[np.ndarray], radices: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Equivalence classes of records by several code columns: (class per record, class sizes)."""
    import numpy as np

    n = len(keys[0]) if keys else 0
    if not keys:
        return np.zeros(n, dtype=np.int64), np.asarray([n])
    combined = keys[0].astype(np.int64)
    span = radices[0]
    for codes, radix in zip(keys[1:], radices[1:], strict=True):
        if span * radix >= 2**62:
            # Re-number before the mixed-radix key would overflow.
            _, combined = np.unique(combined, return_inverse=True)
            span = int(combined.max()) + 1 if n else 1
        combined = combined * radix + codes
        span *= radix
    if span <= max(4 * n, 1 << 16):
        # Small key space: counting sort beats sorting.
        full = np.bincount(combined, minlength=span)
        present = full > 0
        remap = np.cumsum(present) - 1
        inverse = remap[combined]
        return inverse, full[present]
    _, inverse, sizes = np.unique(combined, return_inverse=True, return_counts=True)
    return inverse, sizes
