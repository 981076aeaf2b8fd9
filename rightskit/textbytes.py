"""A text array's bytes as numpy views of its Arrow buffers: read where numpy over the bytes beats a kernel call
per value (a CSV line per row, digits at fixed places, words of ASCII prose)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa


def offsets(values: pa.Array) -> np.ndarray:
    """A text or binary array's value offsets, as a numpy view of its buffer (its own slice of it)."""
    import numpy as np

    return np.frombuffer(values.buffers()[1], dtype=np.int32)[values.offset : values.offset + len(values) + 1]


def offsets_and_bytes(values: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """A text array's value offsets and the bytes they index (from ``offsets[0]``), as numpy views."""
    import numpy as np

    at = offsets(values)
    buffer = values.buffers()[2]
    data = np.frombuffer(buffer, dtype=np.uint8)[at[0] : at[-1]] if buffer is not None else np.zeros(0, np.uint8)
    return at, data
