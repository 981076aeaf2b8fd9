"""Which recognizers the distinct values of a batch match, in as few RE2 passes as possible.

Forty recognizers are forty passes over every value if each runs alone. Instead one alternation of all
their anchored patterns gates the values (a value no pattern matches is done after one pass), and a
tree of alternations narrows the rest down: a half whose alternation a value does not match is never
tried recognizer by recognizer. A sample's few hundred values take the same road in Python's re, whose patterns
are compiled once per process (RE2 compiles per call). The answer is the same as running every pattern on every
value (held by tests/detect/test_cells.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING

from rightskit import textbytes
from rightskit.detect.recognizer import Recognizer
from rightskit.detect.regexmask import digits_alike, python_pattern

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa


# Up to this many distinct values, Python's precompiled patterns; from _TREE_FROM, the gate and the tree
# (which pay for compiling their large alternations); in between, RE2 one small pattern at a time.
_PYTHON_UP_TO = 512  # measured (bench/RESULTS.md, speed of sample scans): Python wins below ~800 values
_TREE_FROM = 2048
# From this many values the alternation of every pattern is compiled (once per process, ~10 ms) to pass over the
# values that no pattern takes; below it, each pattern on each value costs less than that compilation.
_PYTHON_GATE_FROM = 64
# A field whose values matched recognizers in its last batch tries them alone first when this few of their patterns
# must search its values one by one; more, and the tree costs less than a pass for each. The patterns that treat every
# digit alike are not counted: together they decide a field's values of digits by their lengths, in one pass. A column
# of phone numbers matches six recognizers (the ten-digit national numbers too: the tree had narrowed its "+359 …"
# values through alternations each compiled anew, 64 → 29 ms per 100k realistic phone numbers), one of ЕГН ten and
# one of PESEL eighteen, all but a few decided by length (their tree's passes had cost 47 and 74 ms per 100k values,
# alone first 24 and 40).
_LIKELY_UP_TO = 6


@dataclass(frozen=True, slots=True)
class Candidates:
    """The distinct gated values of a batch, how often each occurs, and which recognizers match which."""

    distinct: pa.Array
    counts: np.ndarray
    matches: dict[int, np.ndarray]  # recognizer position → positions in ``distinct``


def _part(rec: Recognizer) -> str:
    return f"(?i:{rec._search})" if rec.spec.deny_list else f"(?:{rec._search})"


def _anchored(recs: list[Recognizer]) -> str:
    return "^(?:" + "|".join(_part(r) for r in recs) + ")$"


class CellMatcher:
    """The recognizers of one detector, compiled into a gate and a tree of alternations."""

    def __init__(self, recognizers: tuple[Recognizer, ...]) -> None:
        self.recognizers = recognizers
        self._patterned = [i for i, r in enumerate(recognizers) if r.cells_enabled and r.spec.pattern]
        # A deny list without a pattern is a set lookup, not a regex: it runs apart, on the distinct values.
        self._listed = [
            i for i, r in enumerate(recognizers) if r.cells_enabled and r.spec.deny_list and not r.spec.pattern
        ]
        self._patterns: dict[tuple[int, ...], str] = {}

    @cached_property
    def gate(self) -> str | None:
        return _anchored([self.recognizers[i] for i in self._patterned]) if self._patterned else None

    def candidates(self, distinct: pa.Array, counts: np.ndarray, likely: frozenset[int] | None = None) -> Candidates:
        """Match distinct trimmed, non-empty strings (each occurring ``counts`` times) against every recognizer.
        ``likely``: the recognizers the field's values matched in its batch before, tried first (the same
        answer, in fewer passes when a field's values are what they were)."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        matches: dict[int, np.ndarray] = {}
        if likely is None and len(distinct) >= _TREE_FROM:
            # A field's first batch: what its first few hundred values match (Python's precompiled patterns) is
            # guessed likely, and the batch takes the likely-first road, the same answer for any guess. The tree
            # had narrowed 100k e-mail addresses through a dozen alternations, each compiled anew: 134 ms.
            likely = frozenset(self.candidates(distinct.slice(0, _PYTHON_UP_TO), counts[:_PYTHON_UP_TO]).matches)
        if len(distinct) <= _PYTHON_UP_TO:
            # A few hundred values: precompiled Python patterns, no compilation per call at all; one pass of
            # their alternation first, so that a value no pattern takes costs one call, not one per pattern.
            values = distinct.to_pylist()
            gate = self._python_gate if len(values) >= _PYTHON_GATE_FROM else None
            passing = [j for j, v in enumerate(values) if gate.fullmatch(v)] if gate is not None else None
            for i in self._patterned:
                compiled = self._python(i)
                if compiled is None:
                    hit = pc.match_substring_regex(distinct, self._pattern((i,))).to_numpy(zero_copy_only=False)
                    rows = np.flatnonzero(hit)
                else:
                    candidates = range(len(values)) if passing is None else passing
                    rows = np.array([j for j in candidates if compiled.fullmatch(values[j])], dtype=np.int64)
                if len(rows):
                    matches[i] = rows
        elif len(distinct) < _TREE_FROM:
            # RE2 compiles a pattern per call: for a few values, small patterns one by one cost less
            # than compiling the gate and the tree's large alternations (small files, samples).
            for i in self._patterned:
                literal = self.recognizers[i].spec.literal
                rows = None
                if literal is not None:
                    rows = np.flatnonzero(pc.match_substring(distinct, literal).to_numpy(zero_copy_only=False))
                    if not len(rows):
                        continue  # no value holds the '@' every e-mail address has: no pattern to compile
                values = distinct if rows is None else distinct.take(pa.array(rows, pa.int64()))
                hit = pc.match_substring_regex(values, self._pattern((i,))).to_numpy(zero_copy_only=False)
                if hit.any():
                    matches[i] = np.flatnonzero(hit) if rows is None else rows[hit]
        elif likely is not None and self._searched_alone(likely) <= _LIKELY_UP_TO:
            self._likely_first(distinct, likely, matches)
        elif self.gate is not None:
            gated = np.flatnonzero(pc.match_substring_regex(distinct, self.gate).to_numpy(zero_copy_only=False))
            self._narrow_gated(distinct, gated, tuple(self._patterned), matches)
        for i in self._listed:
            deny = pa.array(sorted(self.recognizers[i]._deny), pa.string())
            hit = pc.is_in(pc.utf8_lower(distinct), value_set=deny).to_numpy(zero_copy_only=False)
            if hit.any():
                matches[i] = np.flatnonzero(hit)
        # In the recognizers' order, whichever road found them: a field's verdict on a tie goes to the first
        return Candidates(distinct, counts, dict(sorted(matches.items())))

    def _likely_first(self, distinct: pa.Array, likely: frozenset[int], out: dict[int, np.ndarray]) -> None:
        """The tree's answer with the field's likely recognizers tried alone first: an e-mail column is one pass
        for the e-mail pattern and one for the others' gate, rather than a pass per level of the tree."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        first = [i for i in self._patterned if i in likely]
        others = tuple(i for i in self._patterned if i not in likely)
        alike = tuple(i for i in first if i in self._digits_alike)
        rest = None  # the values the digits-alike patterns still search (None: all)
        if len(alike) > 1:
            # A column of national numbers is likely to match five patterns that treat every digit alike: its values
            # of ASCII digits only are decided by their lengths (``_digits_only``), the patterns search the others
            digits = textbytes.digits_only(distinct)
            if digits.any():
                self._digits_only(distinct, np.flatnonzero(digits), alike, out)
                rest = np.flatnonzero(~digits)
        for i in first:
            searched = rest if i in alike else None
            values = distinct if searched is None else distinct.take(pa.array(searched, pa.int64()))
            if not len(values):
                continue
            hit = np.flatnonzero(pc.match_substring_regex(values, self._pattern((i,))).to_numpy(zero_copy_only=False))
            hit = hit if searched is None else searched[hit]
            if len(hit):
                out[i] = np.sort(np.concatenate([out[i], hit])) if i in out else hit
        if others:
            gated = pc.match_substring_regex(distinct, self._pattern(others)).to_numpy(zero_copy_only=False)
            self._narrow_gated(distinct, np.flatnonzero(gated), others, out)

    def _searched_alone(self, likely: frozenset[int]) -> int:
        """How many of the likely recognizers' patterns ``_likely_first`` passes over the values one by one: those
        that treat every digit alike share one reading of the values' lengths, when there are two or more."""
        first = [i for i in self._patterned if i in likely]
        alike = [i for i in first if i in self._digits_alike]
        return len(first) - (len(alike) if len(alike) > 1 else 0)

    def _narrow_gated(self, distinct: pa.Array, gated: np.ndarray, group: tuple[int, ...], out: dict) -> None:
        """``_narrow`` of the values ``group``'s gate let through; when thousands are ASCII digits only, those by
        ``_digits_only``."""
        import pyarrow as pa

        if not len(gated):
            return
        # Searched among the gated values when they are few, else among all (no copy of most of them)
        few = 2 * len(gated) < len(distinct)
        values = distinct.take(pa.array(gated, pa.int64())) if few else distinct
        digits = textbytes.digits_only(values)
        digits = digits if few else digits[gated]
        if digits.sum() < _TREE_FROM:
            self._narrow(distinct, gated, group, out)
        else:
            self._narrow(distinct, gated[~digits], group, out)
            self._digits_only(distinct, gated[digits], group, out)

    def _narrow(self, distinct: pa.Array, rows: np.ndarray, group: tuple[int, ...], out: dict[int, np.ndarray]) -> None:
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        if len(rows) == 0 or not group:
            return
        values = distinct.take(pa.array(rows, pa.int64()))
        if len(group) == 1:
            hit = pc.match_substring_regex(values, self._pattern(group)).to_numpy(zero_copy_only=False)
            if hit.any():
                out[group[0]] = rows[hit]
            return
        middle = len(group) // 2
        for half in (group[:middle], group[middle:]):
            hit = pc.match_substring_regex(values, self._pattern(half)).to_numpy(zero_copy_only=False)
            if hit.any():
                if len(half) == 1:
                    out[half[0]] = rows[hit]
                else:
                    self._narrow(distinct, rows[np.flatnonzero(hit)], half, out)

    def _digits_only(
        self, distinct: pa.Array, rows: np.ndarray, group: tuple[int, ...], out: dict[int, np.ndarray]
    ) -> None:
        """``_narrow`` for values of ASCII digits only (national numbers, phone numbers, amounts). A pattern that
        treats every digit alike matches such a value by its length alone: RE2 tries it on one string of each
        length present, not on every value. The others narrow as usual. Rows stay in ascending order."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        lengths = pc.utf8_length(distinct.take(pa.array(rows, pa.int64()))).to_numpy(zero_copy_only=False)
        present = np.unique(lengths)
        samples = pa.array(["5" * int(n) for n in present], pa.string())
        found: dict[int, np.ndarray] = {}
        self._narrow(distinct, rows, tuple(i for i in group if i not in self._digits_alike), found)
        for i in (i for i in group if i in self._digits_alike):
            accepted = pc.match_substring_regex(samples, self._pattern((i,))).to_numpy(zero_copy_only=False)
            if accepted.any():
                found[i] = rows[np.isin(lengths, present[accepted])]
        for i, hit in found.items():
            if len(hit):
                out[i] = np.sort(np.concatenate([out[i], hit])) if i in out else hit

    @cached_property
    def _digits_alike(self) -> frozenset[int]:
        """The recognizers whose full-cell pattern treats every ASCII digit alike (``regexmask.digits_alike``)."""
        return frozenset(i for i in self._patterned if digits_alike(self._pattern((i,))))

    @cached_property
    def _python_gate(self) -> re.Pattern[str] | None:
        """The alternation of every full-cell pattern Python reads as RE2 does (None if it does not compile)."""
        parts = [_part(self.recognizers[i]) for i in self._patterned if self._python(i) is not None]
        try:
            return re.compile("|".join(parts)) if parts else None
        except re.error:
            return None

    def _python(self, i: int) -> re.Pattern[str] | None:
        """The recognizer's full-cell pattern for Python's re, or None where re and RE2 could disagree."""
        rec = self.recognizers[i]
        return python_pattern(f"(?:{rec._search})", bool(rec.spec.deny_list))

    def _pattern(self, group: tuple[int, ...]) -> str:
        pattern = self._patterns.get(group)
        if pattern is None:
            pattern = self._patterns[group] = _anchored([self.recognizers[i] for i in group])
        return pattern


@cache
def matcher_for(recognizers: tuple[Recognizer, ...]) -> CellMatcher:
    """One matcher per detector's recognizers (its patterns are built once)."""
    return CellMatcher(recognizers)
