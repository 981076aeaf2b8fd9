"""A regex over an Arrow string array, by whichever engine costs less.

RE2 (``pyarrow.compute``) compiles its pattern on every call: for the Unicode classes of the e-mail, name and
address patterns that is milliseconds, paid per column and per batch, while a sample's column holds a few
hundred distinct values. Up to ``PYTHON_UP_TO`` values Python's ``re`` may run a pattern compiled once instead —
where the two engines agree on it (no ``\\d``, ``\\w``, ``\\s``, ``\\b`` or ``\\p{..}``, whose meanings differ,
and ``$`` read as the end of the text, as RE2 reads it).

Which engine is cheaper depends on the pattern and the text: RE2 compiles a name pattern in 0.4 ms and scans
45 KB of register text in 0.2 ms where ``re`` needs 3–6 ms; it compiles the e-mail pattern in 3 ms where ``re``
is done in 0.3. So each pattern's costs are learnt as the scan goes — Python's time per byte, RE2's compilation
— and each call takes the engine predicted to cost less. The answer is the same either way (held by tests).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from time import perf_counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

PYTHON_UP_TO = 1024  # measured: Python's loop wins below about a thousand values, RE2 above (bench/RESULTS.md)
PYTHON_BYTES_UP_TO = 64 << 10  # and on short values only: over prose re backtracks where RE2 runs linear
_PATTERN_UP_TO = 1000  # characters: a long alternation (titles and roles of every language) is RE2's strength
# What RE2 reads as the text itself where Python's parser reads a repeat: an open or zero-padded count ("{,4}",
# "{05}"). The structure readers below say nothing of such a pattern.
_LITERAL_BRACES = re.compile(r"\{,|\{0[0-9]|\{[0-9]+,0[0-9]")
# Read differently by the engines: classes (\d, \w, \s: Unicode in re, ASCII in RE2), \b, \p; and RE2's own
# syntax that re reads otherwise, a POSIX class ("[[:digit:]]", a set of characters to re) and those counts.
_ENGINE_SPECIFIC = re.compile(r"\\[dDwWsSbBpP]|\[:|" + _LITERAL_BRACES.pattern)


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


def min_digits(pattern: str) -> int:
    """The fewest ASCII digits a match of ``pattern`` holds (``min_chars``): a text with fewer need not be searched
    for it (an IBAN needs a dozen, a reference number in prose has a few)."""
    return min_chars(pattern, "digit")


@lru_cache(maxsize=4096)
def min_chars(pattern: str, kind: str) -> int:
    """The fewest characters of the class ``kind`` (``textbytes.COUNTED``: ASCII digits, characters outside ASCII)
    a match of ``pattern`` holds, read from the pattern's structure (Python's parser, RE2's own escapes rewritten by
    ``_counting_form``; a pattern the two would read otherwise, such as RE2's literal braces, is said to need none).
    Under a case-blind flag a character outside ASCII counts only where no ASCII letter is its other case in either
    engine (``FOLDS_TO_ASCII``: RE2 folds "ſ" to "s" and "K" to the Kelvin sign); Cyrillic keywords still count."""
    from rightskit.textbytes import COUNTED

    parsed = _structure(_counting_form(pattern))
    if parsed is None:
        return 0
    ranges, non_ascii = COUNTED[kind]

    def inside(lo: int, hi: int) -> bool:
        return (non_ascii and lo >= 0x80) or any(a <= lo <= hi <= b for a, b in ranges)

    def caseless(lo: int, hi: int) -> bool:
        return inside(lo, hi) and not any(lo <= c <= hi for c in FOLDS_TO_ASCII)

    return _fewest(parsed, _Counting(inside, caseless, kind == "digit"), bool(parsed.state.flags & re.IGNORECASE))


# The characters outside ASCII that a case-blind search may match with an ASCII letter, or an ASCII letter with
# them: RE2's folding ("ſ" and "s", the Kelvin sign and "k") and Python's ("İ", "ı" and "i"). Held to both engines,
# over every code point, by a test.
FOLDS_TO_ASCII = frozenset({0x130, 0x131, 0x17F, 0x212A})


# RE2's own escapes, as Python's parser reads them for counting: a Unicode class (\\pL, \\p{Lu}, \\P{Z}) as one
# character that is no digit and no character outside ASCII (so it counts for nothing, in a class or alone), RE2's
# \\x{10FFFF} as Python's \\U0010FFFF, its \\z as \\Z. Every other escape stays as written.
_RE2_ESCAPE = re.compile(r"\\(?:[pP](?:\{[^}]*\}|[A-Za-z])|x\{([0-9A-Fa-f]{1,6})\}|z)|\\.", re.DOTALL)


def _counting_form(pattern: str) -> str:
    """``pattern`` with RE2's own escapes in a form Python's parser reads (``_RE2_ESCAPE``): what a match must hold
    of a counted class reads the same (the keyword patterns of the release's recall name Unicode spaces as \\p{Z})."""

    def rewritten(m: re.Match[str]) -> str:
        escape = m.group(0)
        if escape[1] in "pP":
            return "\\x00"
        if m.group(1) is not None:
            return f"\\U{int(m.group(1), 16):08x}"
        return "\\Z" if escape == "\\z" else escape

    return _RE2_ESCAPE.sub(rewritten, pattern)


@dataclass(frozen=True)
class _Counting:
    """What ``min_chars`` counts: characters inside the class, and under a case-blind flag; digits: RE2's ``\\d``."""

    inside: Callable[[int, int], bool]
    caseless: Callable[[int, int], bool]
    digits: bool


def _fewest(items: Any, counting: _Counting, blind: bool) -> int:
    """A sequence's items add up: a character or a class inside the counted one is one (``caseless`` where case is
    ignored), a repeat its least count times its item's, a group its content's, an alternative its least branch's;
    anything else (an assertion, a class that holds other characters) none."""
    from re import _constants as c

    inside = counting.caseless if blind else counting.inside
    fewest = 0
    for op, av in items:
        if (op is c.LITERAL and inside(av, av)) or (op is c.IN and _class_inside(av, inside, counting.digits)):
            fewest += 1
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            fewest += av[0] * _fewest(av[2], counting, blind)
        elif op is c.SUBPATTERN:  # (group, flags added, flags removed, content)
            inner = (blind or bool(av[1] & re.IGNORECASE)) and not av[2] & re.IGNORECASE
            fewest += _fewest(av[3], counting, inner)
        elif op is c.ATOMIC_GROUP:
            fewest += _fewest(av, counting, blind)
        elif op is c.BRANCH:
            fewest += min(_fewest(branch, counting, blind) for branch in av[1])
    return fewest


def _class_inside(members: Any, inside: Callable[[int, int], bool], digits: bool) -> bool:
    from re import _constants as c

    def held(op: Any, av: Any) -> bool:
        if op is c.LITERAL:
            return inside(av, av)
        if op is c.RANGE:
            return inside(*av)
        return digits and op is c.CATEGORY and av is c.CATEGORY_DIGIT  # RE2's \d is ASCII

    return bool(members) and all(held(op, av) for op, av in members)


@lru_cache(maxsize=1024)
def within_ascii_word(pattern: str) -> bool:
    """Whether every character a match of ``pattern`` holds is an ASCII letter or digit, so that a match inside a
    text lies inside one of its words (``wordsplit``'s cut); read from the pattern's structure (Python's parser):
    an anchor, an assertion, a flag, a pattern that matches the empty string (a text without words holds that
    match) or anything else this reader does not know says no."""
    parsed = _structure(pattern)
    if parsed is None or parsed.state.flags & ~re.UNICODE or parsed.getwidth()[0] == 0:
        return False  # a global flag: (?i) is where Python's re, which may search a few rows, and RE2 differ
    return _alnum_only(parsed)


def _structure(pattern: str) -> Any:
    """``pattern`` as Python's parser reads it, or None where it does not, or reads it otherwise than RE2."""
    from re import _parser

    if _LITERAL_BRACES.search(pattern):
        return None
    try:
        return _parser.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return None


_ALNUM_RANGES = ((48, 57), (65, 90), (97, 122))


def _alnum_only(items: Any) -> bool:
    from re import _constants as c

    def alnum(lo: int, hi: int) -> bool:
        return any(a <= lo <= hi <= b for a, b in _ALNUM_RANGES)

    for op, av in items:
        if op is c.LITERAL:
            ok = alnum(av, av)
        elif op is c.IN:
            ok = bool(av) and all(
                (kind is c.LITERAL and alnum(member, member)) or (kind is c.RANGE and alnum(*member))
                for kind, member in av
            )
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            ok = _alnum_only(av[2])
        elif op is c.SUBPATTERN:
            ok = not av[1] and not av[2] and _alnum_only(av[3])  # a flag: where the engines may differ
        elif op is c.ATOMIC_GROUP:
            ok = _alnum_only(av)
        elif op is c.BRANCH:
            ok = all(_alnum_only(branch) for branch in av[1])
        else:
            ok = False
        if not ok:
            return False
    return True


_LENGTHS_UP_TO = 64


@lru_cache(maxsize=1024)
def match_lengths(pattern: str) -> frozenset[int] | None:
    """Every length (in characters) a whole match of ``pattern`` can have, read from its structure (Python's
    parser), or None where this reader does not know or a match may be longer than 64."""
    parsed = _structure(pattern)
    return None if parsed is None else _lengths(parsed)


def _lengths(items: Any) -> frozenset[int] | None:
    from re import _constants as c

    total = frozenset({0})
    for op, av in items:
        if op in (c.LITERAL, c.NOT_LITERAL, c.IN, c.ANY):
            part: frozenset[int] | None = frozenset({1})
        elif op is c.AT:
            continue
        elif op is c.SUBPATTERN:
            part = _lengths(av[3])
        elif op is c.BRANCH:
            branches = [_lengths(b) for b in av[1]]
            part = None if any(b is None for b in branches) else frozenset().union(*branches)  # type: ignore[arg-type]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            once = _lengths(av[2])
            if once is None or av[1] > _LENGTHS_UP_TO:
                return None
            part, run = frozenset({0}) if av[0] == 0 else frozenset(), frozenset({0})
            for k in range(1, av[1] + 1):
                run = frozenset(a + b for a in run for b in once)
                if max(run, default=0) > _LENGTHS_UP_TO:
                    return None
                if k >= av[0]:
                    part |= run
        else:
            return None
        if part is None:
            return None
        total = frozenset(a + b for a in total for b in part)
        if max(total, default=0) > _LENGTHS_UP_TO:
            return None
    return total


@lru_cache(maxsize=1024)
def digits_alike(pattern: str) -> bool:
    """Whether ``pattern`` treats every ASCII digit alike (no digit written out, no class holding some digits but
    not all): then on a string of digits only, whether it matches depends on the string's length alone. Read
    from the pattern's structure (Python's parser); a pattern only RE2 reads is said not to."""
    parsed = _structure(pattern)
    return parsed is not None and _alike(parsed)


def _alike(items: Any) -> bool:
    from re import _constants as c

    for op, av in items:
        if op in (c.LITERAL, c.NOT_LITERAL):
            if 48 <= av <= 57:
                return False
        elif op is c.IN:
            if len(_class_digits(av)) not in (0, 10):
                return False
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            if not _alike(av[2]):
                return False
        elif op is c.SUBPATTERN:
            if not _alike(av[3]):
                return False
        elif op is c.BRANCH:
            if not all(_alike(branch) for branch in av[1]):
                return False
        elif op in (c.ASSERT, c.ASSERT_NOT):
            if not _alike(av[1]):
                return False
        elif op is c.ATOMIC_GROUP:
            if not _alike(av):
                return False
        elif op not in (c.ANY, c.AT):
            return False  # what this reader does not know is not said to be alike
    return True


def _class_digits(members: Any) -> set[int]:
    """The ASCII digits a character class holds."""
    from re import _constants as c

    every = set(range(48, 58))
    held: set[int] = set()
    negated = False
    for op, av in members:
        if op is c.NEGATE:
            negated = True
        elif op is c.LITERAL:
            held |= {av} & every
        elif op is c.RANGE:
            held |= set(range(av[0], av[1] + 1)) & every
        elif op is c.CATEGORY:
            if av in (c.CATEGORY_DIGIT, c.CATEGORY_WORD, c.CATEGORY_NOT_SPACE):
                held |= every
            elif av not in (c.CATEGORY_NOT_DIGIT, c.CATEGORY_NOT_WORD, c.CATEGORY_SPACE):
                return {48}  # unknown: some digits, so not alike
        else:
            return {48}
    return every - held if negated else held


def small(values: pa.Array) -> bool:
    """Few and short enough values for Python's re to beat RE2's compilation."""
    return len(values) <= PYTHON_UP_TO and values.nbytes <= PYTHON_BYTES_UP_TO


def python_mask(values: pa.Array, compiled: re.Pattern[str]) -> np.ndarray:
    """Which values ``compiled`` matches somewhere (null: no), by Python's re."""
    import numpy as np

    search = compiled.search
    return np.fromiter(
        (v is not None and search(v) is not None for v in values.to_pylist()), dtype=bool, count=len(values)
    )


def re2_mask(values: pa.Array, pattern: str, ignore_case: bool = False) -> np.ndarray:
    """Which values ``pattern`` matches somewhere (null: no), by RE2."""
    import pyarrow.compute as pc

    hit = pc.match_substring_regex(values, pattern, ignore_case=ignore_case)
    return pc.fill_null(hit, False).to_numpy(zero_copy_only=False)


def re2_mask_gated(
    values: pa.Array, pattern: str, digit_counts: np.ndarray | None, non_ascii_counts: np.ndarray | None = None
) -> np.ndarray:
    """``re2_mask`` searching only the values holding as many ASCII digits and as many characters outside ASCII as
    a match needs (``min_chars``; ``digit_counts``, ``non_ascii_counts``: each value's, from
    ``textbytes.class_counts``; None: not gated by that class)."""
    import numpy as np
    import pyarrow as pa

    gates = []
    for counts, kind in ((digit_counts, "digit"), (non_ascii_counts, "non_ascii")):
        need = min_chars(pattern, kind) if counts is not None else 0
        if need:
            gates.append(counts >= need)
    if not gates:
        return re2_mask(values, pattern)
    rows = np.flatnonzero(np.logical_and.reduce(gates))
    mask = np.zeros(len(values), dtype=bool)
    if len(rows):
        mask[rows] = re2_mask(values.take(pa.array(rows, pa.int64())), pattern)
    return mask


_RE2_SECONDS_PER_BYTE = 2e-9  # RE2's scan is linear and fast next to its compilation; a fixed rate is enough
_FIND_OUT_ABOVE = 5e-4  # seconds: a pattern that costs Python this much a call is tried once on RE2


@dataclass
class PatternCost:
    """What one pattern has cost each engine so far in this process."""

    python_per_byte: float | None = None
    re2_fixed: float | None = None  # compilation and call, paid on every call

    def prefers_python(self, size: int) -> bool:
        if self.python_per_byte is None:
            return True
        python = self.python_per_byte * size
        if self.re2_fixed is None:
            return python < _FIND_OUT_ABOVE
        return python < self.re2_fixed + _RE2_SECONDS_PER_BYTE * size

    def ran_python(self, seconds: float, size: int) -> None:
        rate = seconds / size
        self.python_per_byte = rate if self.python_per_byte is None else (self.python_per_byte + rate) / 2

    def ran_re2(self, seconds: float, size: int) -> None:
        fixed = max(0.0, seconds - _RE2_SECONDS_PER_BYTE * size)
        self.re2_fixed = fixed if self.re2_fixed is None else min(self.re2_fixed, fixed)  # noise only adds


_COSTS: dict[tuple[str, bool], PatternCost] = {}


def regex_mask(values: pa.Array, pattern: str, ignore_case: bool = False) -> np.ndarray:
    """Which values ``pattern`` matches somewhere (null: no), as a boolean numpy array, by the engine that
    has cost this pattern less on text of this size."""
    compiled = python_pattern(pattern, ignore_case) if small(values) else None
    if compiled is None:
        return re2_mask(values, pattern, ignore_case)
    cost = _COSTS.setdefault((pattern, ignore_case), PatternCost())
    size = max(1, values.nbytes)
    start = perf_counter()
    if cost.prefers_python(size):
        mask = python_mask(values, compiled)
        cost.ran_python(perf_counter() - start, size)
    else:
        mask = re2_mask(values, pattern, ignore_case)
        cost.ran_re2(perf_counter() - start, size)
    return mask
