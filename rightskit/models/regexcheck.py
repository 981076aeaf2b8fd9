"""Patterns people write into configuration and packs are run by Python's backtracking engine, which has no
timeout: a nested unbounded repetition such as ``(a+)+b`` takes exponential time on "aaaa…c". Such patterns are
refused when the file is read, with the reason."""

from __future__ import annotations

import re

try:  # Python 3.11+
    from re import _parser as sre_parse
    from re._constants import MAX_REPEAT, MAXREPEAT, MIN_REPEAT, POSSESSIVE_REPEAT
except ImportError:  # pragma: no cover - older Pythons keep the same module under another name
    import sre_parse  # type: ignore[no-redef]
    from sre_constants import MAX_REPEAT, MAXREPEAT, MIN_REPEAT  # type: ignore[no-redef]

    POSSESSIVE_REPEAT = None

_REPEATS = {MAX_REPEAT, MIN_REPEAT}


def _unbounded_inside(node: object, outer_unbounded: bool) -> bool:
    """Whether a parsed pattern holds an unbounded repetition inside another (walked through groups and branches)."""
    if isinstance(node, sre_parse.SubPattern):
        for op, arg in node:
            if op in _REPEATS:
                _low, high, sub = arg
                unbounded = high == MAXREPEAT
                if (unbounded and outer_unbounded) or _unbounded_inside(sub, outer_unbounded or unbounded):
                    return True
            elif op is not POSSESSIVE_REPEAT and _unbounded_inside(arg, outer_unbounded):
                return True  # possessive repetition does not backtrack; everything else is looked into
        return False
    if isinstance(node, tuple | list):
        return any(_unbounded_inside(part, outer_unbounded) for part in node)
    return False


def check_pattern(pattern: str) -> str:
    """``pattern`` when Python can compile it and it holds no unbounded repetition inside another; else ValueError."""
    try:
        re.compile(pattern)
        parsed = sre_parse.parse(pattern)
    except re.error as exc:
        raise ValueError(f"not a regular expression ({exc.msg} at position {exc.pos})") from None
    if _unbounded_inside(parsed, False):
        raise ValueError(
            "a repetition inside another unbounded one ('(a+)+', '(\\w+\\s?)*') can take exponential time: "
            "bound the inner one ({1,40}) or the outer one"
        )
    return pattern
