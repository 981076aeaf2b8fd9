"""A regex over an Arrow string array, by whichever engine costs less.

RE2 (``pyarrow.compute``) compiles its pattern on every call: for the Unicode classes of the e-mail, name and
address patterns that is milliseconds, paid per column and per batch, while a sample's column holds a few
hundred distinct values. Up to ``PYTHON_UP_TO`` values Python's ``re`` runs a pattern compiled once instead —
where the two engines agree on it (no ``\\d``, ``\\w``, ``\\s``, ``\\b`` or ``\\p{..}``, whose meanings differ,
and ``$`` read as the end of the text, as RE2 reads it).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

PYTHON_UP_TO = 1024  # measured: Python's loop wins below about a thousand values, RE2 above (bench/RESULTS.md)
PYTHON_BYTES_UP_TO = 64 << 10  # and on short values only: over prose re backtracks where RE2 runs linear
_PATTERN_UP_TO = 1000  # characters: a long alternation (titles and roles of every language) is RE2's strength
_ENGINE_SPECIFIC = re.compile(r"\\[dDwWsSbBpP]")


@lru_cache(maxsize=1024)
def python_pattern(pattern: str, ignore_case: bool = False) -> re.Pattern[str] | None:
    """``pattern`` compiled for Python's re with RE2's meaning, or None where the engines could disagree."""
    if len(pattern) > _PATTERN_UP_TO or _ENGINE_SPECIFIC.search(pattern):
        return None
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"  # re's $ also matches before a final line break; RE2's does not
    try:
        return re.compile(pattern, re.IGNORECASE if ignore_case else 0)
    except re.error:
        return None


def small(values: pa.Array) -> bool:
    """Few and short enough values for Python's re to beat RE2's compilation."""
    return len(values) <= PYTHON_UP_TO and values.nbytes <= PYTHON_BYTES_UP_TO


def regex_mask(values: pa.Array, pattern: str, ignore_case: bool = False) -> np.ndarray:
    """Which values ``pattern`` matches somewhere (null: no), as a boolean numpy array."""
    import numpy as np
    import pyarrow.compute as pc

    if small(values):
        compiled = python_pattern(pattern, ignore_case)
        if compiled is not None:
            search = compiled.search
            return np.fromiter(
                (v is not None and search(v) is not None for v in values.to_pylist()), dtype=bool, count=len(values)
            )
    hit = pc.match_substring_regex(values, pattern, ignore_case=ignore_case)
    return pc.fill_null(hit, False).to_numpy(zero_copy_only=False)
