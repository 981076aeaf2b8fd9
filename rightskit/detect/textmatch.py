"""Every match of a pattern inside many texts, as Python's ``finditer`` finds them, with RE2 saying where to look.

Python's ``re`` tries a text pattern at every position of every text (a phone number's pattern: 8 µs for a
comment of 150 characters). RE2 over the whole column finds, text by text, the leftmost place where a looser form
of the pattern matches (the same body, its boundaries consumed rather than looked around); Python's pattern is
then tried there alone, anchored, and one character on (past the boundary RE2 consumed). No match of Python's can
start before that place, so the match it finds there is the one ``finditer`` finds next; RE2 looks again from its
end, in the texts that had one. Where Python finds none there (a boundary RE2 reads in ASCII and Python in
Unicode), or after a few rounds, Python's ``finditer`` goes on from there: the answer is always Python's
(``tests/detect/test_textmatch.py``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from time import perf_counter
from typing import TYPE_CHECKING

from rightskit import textbytes

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

Match = tuple[int, int, str]  # start, end (Python string positions) and the text matched

# Below this many texts RE2's compilation per round costs more than Python's search saves.
_RE2_FROM = 256
# Rounds of RE2 (a text with a dozen phone numbers is finished by Python's finditer).
_ROUNDS = 6


def finditer_many(texts: list[str], compiled: re.Pattern[str], looser: str | None) -> list[list[Match]]:
    """For each text, ``[(m.start(), m.end(), m.group(0)) for m in compiled.finditer(text)]``. ``looser``: an
    RE2 pattern that matches, starting at or one character before any position where ``compiled`` matches, at
    least what it matches there (None: Python alone). Which way is cheaper depends on the pattern (RE2 takes 4 ms
    to compile the e-mail pattern, Python tries the phone pattern at every character): each pattern's cost per
    text is learnt both ways, then the cheaper is taken."""
    if looser is None or len(texts) < _RE2_FROM:
        return [_python(compiled, t, 0) for t in texts]
    cost = _COSTS.setdefault(looser, _Cost())
    if cost.guided is not None and cost.python is None and len(texts) >= _LEARN_FROM:
        # Python's cost is learnt on the first few texts (a batch of 50,000 texts that the guided way searches at
        # a third of Python's cost had been searched in Python once, to learn that), the rest guided.
        return _python_timed(texts[:_LEARN_TEXTS], compiled, cost) + _guided_timed(
            texts[_LEARN_TEXTS:], compiled, looser, cost
        )
    if cost.guided is None or (cost.python is not None and cost.guided <= cost.python):
        return _guided_timed(texts, compiled, looser, cost)
    return _python_timed(texts, compiled, cost)


# Texts Python's cost is learnt on, where the guided way's is known and this many more remain for it.
_LEARN_TEXTS = 512
_LEARN_FROM = _LEARN_TEXTS + _RE2_FROM


def _guided_timed(texts: list[str], compiled: re.Pattern[str], looser: str, cost: _Cost) -> list[list[Match]]:
    started = perf_counter()
    found = finditer_guided(texts, compiled, looser)
    cost.guided = _learnt(cost.guided, (perf_counter() - started) / len(texts))
    return found


def _python_timed(texts: list[str], compiled: re.Pattern[str], cost: _Cost) -> list[list[Match]]:
    started = perf_counter()
    found = [_python(compiled, t, 0) for t in texts]
    cost.python = _learnt(cost.python, (perf_counter() - started) / len(texts))
    return found


def finditer_guided(texts: list[str], compiled: re.Pattern[str], looser: str) -> list[list[Match]]:
    """``finditer_many`` the RE2 way, however many texts."""
    import pyarrow as pa

    try:
        values = pa.array(texts, pa.string())
    except (UnicodeEncodeError, pa.ArrowException):  # a lone surrogate: Arrow holds only UTF-8
        return [_python(compiled, t, 0) for t in texts]
    return _guided(texts, values, compiled, looser)


@dataclass
class _Cost:
    """Seconds per text each way, as measured so far in this process (None: not tried yet)."""

    python: float | None = None
    guided: float | None = None


_COSTS: dict[str, _Cost] = {}


def _learnt(known: float | None, measured: float) -> float:
    return measured if known is None else (known + measured) / 2


def looser_pattern(body: str, before: str, after: str) -> str:
    """``looser``'s form for a pattern ``body`` between boundaries written as RE2 consumes them (empty: none)."""
    return f"{before}(?:{body}){after}"


def _python(compiled: re.Pattern[str], text: str, pos: int) -> list[Match]:
    return [(m.start(), m.end(), m.group(0)) for m in compiled.finditer(text, pos)]


def _guided(texts: list[str], values: pa.Array, compiled: re.Pattern[str], looser: str) -> list[list[Match]]:
    import numpy as np
    import pyarrow.compute as pc

    out: list[list[Match]] = [[] for _ in texts]
    offsets = textbytes.offsets(values)
    # A text all in ASCII: its byte offsets are its string positions
    ascii_text = (np.diff(offsets) == np.fromiter(map(len, texts), np.int64, len(texts))).tolist()
    rows = np.arange(len(texts))
    skipped = np.zeros(len(texts), dtype=np.int64)  # bytes of each text before the part RE2 searches
    searched: pa.Array = values
    for _ in range(_ROUNDS):
        starts = pc.find_substring_regex(searched, looser).to_numpy(zero_copy_only=False)
        hit = starts >= 0
        rows, starts = rows[hit], skipped[hit] + starts[hit]
        if not len(rows):
            return out
        ends = np.zeros(len(rows), dtype=np.int64)
        for k, (row, start) in enumerate(zip(rows.tolist(), starts.tolist(), strict=True)):
            text = texts[row]
            at = start if ascii_text[row] else _position(text, start)
            # The looser pattern's match starts with the boundary it consumed, or without one.
            m = compiled.match(text, at) or compiled.match(text, at + 1)
            if m is not None and m.end() > m.start():
                out[row].append((m.start(), m.end(), m.group(0)))
                ends[k] = m.end() if ascii_text[row] else len(text[: m.end()].encode())
            else:  # the engines read a boundary differently here, or the match is empty: Python goes on alone
                out[row].extend(_python(compiled, text, at))
                ends[k] = -1
        rows, skipped = rows[ends >= 0], ends[ends >= 0]
        if not len(rows):
            return out
        searched = _tails(values, offsets, rows, skipped)
    for row, start in zip(rows.tolist(), skipped.tolist(), strict=True):
        text = texts[row]
        out[row].extend(_python(compiled, text, start if ascii_text[row] else _position(text, start)))
    return out


def _position(text: str, byte: int) -> int:
    """A byte offset into ``text``'s UTF-8 (at a character's start) as a position in the string."""
    return len(text.encode()[:byte].decode())


def _tails(values: pa.Array, offsets: np.ndarray, rows: np.ndarray, skipped: np.ndarray) -> pa.Array:
    """``values[rows]``, each without its first ``skipped`` bytes, as one new array."""
    import numpy as np
    import pyarrow as pa

    _, data = textbytes.offsets_and_bytes(values)
    starts = offsets[rows].astype(np.int64) - offsets[0] + skipped
    lengths = offsets[rows + 1].astype(np.int64) - offsets[0] - starts
    bounds = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lengths, out=bounds[1:])
    picked = np.repeat(starts - bounds[:-1], lengths) + np.arange(bounds[-1])
    return pa.StringArray.from_buffers(
        len(rows), pa.py_buffer(bounds.astype(np.int32)), pa.py_buffer(data[picked].tobytes())
    )


def reads_alike(body: str) -> bool:
    """Whether RE2 reads ``body`` as Python's re does at every position (no ``\\d``, ``\\w``, ``\\s``, ``\\b``
    or ``\\p``, and no ``$``, which re also matches before a final line break)."""
    from re import _parser

    from rightskit.detect.regexmask import python_pattern

    if python_pattern(body) is None:
        return False
    try:
        return not _ends_text(_parser.parse(body))
    except (re.error, RecursionError, OverflowError):
        return False


def _ends_text(items: object) -> bool:
    from re import _constants as c
    from re import _parser

    if isinstance(items, _parser.SubPattern):
        return any(_ends_text(item) for item in items)
    if isinstance(items, tuple | list):
        if len(items) == 2 and items[0] is c.AT:
            return items[1] in (c.AT_END, c.AT_END_LINE)
        return any(_ends_text(item) for item in items)
    return False
