"""A text array's bytes as numpy views of its Arrow buffers: read where numpy over the bytes beats a kernel call
per value (a CSV line per row, digits at fixed places, words of ASCII prose, ASCII digits counted or kept). No byte
of a character outside ASCII is an ASCII one in UTF-8, so these read the characters exactly."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa


def offsets(values: pa.Array) -> np.ndarray:
    """A text or binary array's value offsets, as a numpy view of its buffer (its own slice of it); 64-bit for the
    large types."""
    import numpy as np
    import pyarrow as pa

    wide = pa.types.is_large_string(values.type) or pa.types.is_large_binary(values.type)
    at = np.frombuffer(values.buffers()[1], dtype=np.int64 if wide else np.int32)
    return at[values.offset : values.offset + len(values) + 1]


def offsets_and_bytes(values: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """A text array's value offsets and the bytes they index (from ``offsets[0]``), as numpy views."""
    import numpy as np

    at = offsets(values)
    buffer = values.buffers()[2]
    data = np.frombuffer(buffer, dtype=np.uint8)[at[0] : at[-1]] if buffer is not None else np.zeros(0, np.uint8)
    return at, data


def fixed_digits(values: pa.Array, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the values that are exactly ``width`` ASCII digits (a null never is), and their digits as an
    (n, width) uint8 matrix of 0–9: from the bytes of the values of that length, not a pattern's pass over all."""
    import numpy as np

    rows, data = leading_bytes(values, width, exact=True)
    digits = data - np.uint8(0x30)
    exact = (digits < 10).all(axis=1)  # a byte below "0" wraps round above "9"
    return rows[exact], digits[exact]


def fixed_ascii(values: pa.Array, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the values that are exactly ``width`` ASCII characters (a null never is), and their bytes as an
    (n, width) uint8 matrix."""
    rows, data = leading_bytes(values, width, exact=True)
    ascii_only = (data < 0x80).all(axis=1)
    return rows[ascii_only], data[ascii_only]


def leading_bytes(values: pa.Array, width: int, *, exact: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the values of at least ``width`` bytes (``exact``: of exactly ``width``; a null never is), and
    their first ``width`` bytes as an (n, width) uint8 matrix."""
    import numpy as np

    values = plain_strings(values)
    at, data = offsets_and_bytes(values)
    lengths = np.diff(at)
    rows = np.flatnonzero(lengths == width if exact else lengths >= width)
    if values.null_count:
        rows = rows[values.is_valid().to_numpy(zero_copy_only=False)[rows]]
    if not len(rows):
        return rows, np.zeros((0, width), np.uint8)
    # Each value's bytes as a row of a strided view over all of them: one gather, no index per byte
    return rows, np.lib.stride_tricks.sliding_window_view(data, width)[at[rows] - at[0]]


def digits_only(values: pa.Array) -> np.ndarray:
    """Which values are ASCII digits and nothing else (an empty value or a null is not), from the bytes: whether any
    byte of each is no digit, one pass (what RE2's ``^[0-9]+$`` says)."""
    import numpy as np

    def all_digits(data: np.ndarray, starts: np.ndarray) -> np.ndarray:
        other = (data - np.uint8(0x30)) >= 10  # a byte below "0" wraps round above "9"
        return ~np.logical_or.reduceat(other, starts)

    return _each_non_empty(values, all_digits)


def starts_with(values: pa.Array, first: bytes) -> np.ndarray:
    """Which values begin with one of the ASCII bytes ``first`` (an empty value or a null does not): one byte read
    per value, where a pattern's pass pays a call per value even when its first character rules it out."""
    import numpy as np

    table = np.zeros(256, dtype=bool)
    table[list(first)] = True
    return _each_non_empty(values, lambda data, starts: table[data[starts]])


def holding(values: pa.Array, chars: bytes) -> np.ndarray:
    """Which values hold one of the ASCII bytes ``chars`` (an empty value or a null does not): what RE2's search for
    ``[chars]`` says, from the bytes (a pattern's pass over 100k ЕГН cost 11 ms, asked by three validators)."""
    import numpy as np

    table = np.zeros(256, dtype=bool)
    table[list(chars)] = True

    def held(data: np.ndarray, starts: np.ndarray) -> np.ndarray:
        raw = data.tobytes()  # memchr over a copy first: most columns hold none of the bytes asked about
        if not any(bytes((c,)) in raw for c in chars):
            return np.zeros(len(starts), dtype=bool)
        return np.logical_or.reduceat(table[data], starts)

    return _each_non_empty(values, held)


def _each_non_empty(values: pa.Array, decide: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> np.ndarray:
    """Per value, ``decide(bytes, where each non-empty value starts in them)`` for the non-empty values; False for
    an empty value or a null."""
    import numpy as np

    values = plain_strings(values)
    at, data = offsets_and_bytes(values)
    held = np.diff(at) > 0
    if held.any():
        held[held] = decide(data, (at[:-1] - at[0])[held])
    if values.null_count:
        held &= values.is_valid().to_numpy(zero_copy_only=False)
    return held


# Classes of characters each text's UTF-8 bytes count at a glance, by name: ASCII ranges, and whether every
# character outside ASCII is in (each has one lead byte from 0xC0, its other bytes lie in 0x80–0xBF). A pattern's
# structure says how many of a class a match needs (``regexmask.min_chars``): a text with fewer is not searched.
COUNTED: dict[str, tuple[tuple[tuple[int, int], ...], bool]] = {
    "digit": (((0x30, 0x39),), False),
    "non_ascii": ((), True),
}


def class_counts(values: pa.Array, kind: str) -> np.ndarray:
    """How many characters of the class ``kind`` (``COUNTED``) each of a string array's values holds (a null:
    none), by numpy over the UTF-8 bytes; chunked or with 64-bit offsets too."""
    import numpy as np
    import pyarrow.compute as pc

    values = plain_strings(values)
    counts = np.zeros(len(values), dtype=np.int64)
    if not len(values) or values.buffers()[2] is None:
        return counts
    at, data = offsets_and_bytes(values)
    counted = _counted(kind)
    # A slice of bytes at a time: the byte masks stay in the processor's cache.
    positions = [np.flatnonzero(counted(data[k : k + _SLICE])) + k for k in range(0, len(data), _SLICE)]
    if positions:
        counts[:] = np.diff(np.searchsorted(np.concatenate(positions), at - at[0]))
    if values.null_count:
        counts[pc.is_null(values).to_numpy(zero_copy_only=False)] = 0
    return counts


def _counted(kind: str) -> Callable[[np.ndarray], np.ndarray]:
    import numpy as np

    ranges, non_ascii = COUNTED[kind]

    def counted(data: np.ndarray) -> np.ndarray:
        # A byte below ``lo`` wraps round above ``hi``
        masks = [(data - np.uint8(lo)) <= hi - lo for lo, hi in ranges] + ([data >= 0xC0] if non_ascii else [])
        for more in masks[1:]:
            masks[0] |= more
        return masks[0]

    return counted


def ascii_digits(values: pa.Array) -> pa.Array:
    """Each value of a string array with every character but the ASCII digits left out (the values RE2's replacement
    of ``[^0-9]`` by nothing gives, nulls kept; as a 32-bit-offset string array), by Arrow's filter over the bytes
    rather than a regex per value."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    values = plain_strings(values)
    if not len(values) or values.buffers()[2] is None:
        return pc.replace_substring_regex(values, "[^0-9]", "")
    if values.null_count:
        return pc.if_else(pc.is_valid(values), ascii_digits(values.fill_null("")), pa.scalar(None, pa.string()))
    at, data = offsets_and_bytes(values)
    digit = _counted("digit")(data)
    # Each value's new offset is the count of digits before it: found among the digits' positions, not by a running
    # sum over every byte (100k phone numbers 8.5 -> 3.7 ms, 100k comments 147 -> 16 ms)
    new_offsets = np.searchsorted(np.flatnonzero(digit), at - at[0]).astype(np.int32)
    return pa.StringArray.from_buffers(len(values), pa.py_buffer(new_offsets), kept_bytes(data, digit))


def kept_bytes(data: np.ndarray, keep: np.ndarray) -> pa.Buffer:
    """The bytes of ``data`` where ``keep`` holds, as one Arrow buffer: Arrow's filter over a bitmap, twice as fast
    as numpy's boolean index on prose."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    bitmap = pa.py_buffer(np.packbits(keep, bitorder="little"))
    kept = pc.filter(pa.array(data, pa.uint8()), pa.Array.from_buffers(pa.bool_(), len(keep), [None, bitmap]))
    return kept.buffers()[1]


_SLICE = 1 << 18


def plain_strings(values: pa.Array) -> pa.Array:
    """One chunk of 32-bit-offset strings (what the byte readers read)."""
    import pyarrow as pa

    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if not pa.types.is_string(values.type):
        values = values.cast(pa.string())
    return values
