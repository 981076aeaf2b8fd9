"""Disjoint spans kept in order: whether a new one overlaps any kept, in log time (a text of ten thousand
names is no reason to be quadratic)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


class DisjointSpans:
    """[start, end) intervals that do not overlap one another, sorted by start."""

    def __init__(self, spans: list[tuple[int, int]] | None = None) -> None:
        self._spans: list[tuple[int, int]] = sorted(spans or [])
        self._starts = [s for s, _ in self._spans]

    def overlaps(self, start: int, end: int) -> bool:
        at = bisect_right(self._starts, start)
        return (at > 0 and self._spans[at - 1][1] > start) or (at < len(self._spans) and self._spans[at][0] < end)

    def add(self, start: int, end: int) -> None:
        """Keep [start, end); the caller has checked that it overlaps none."""
        at = bisect_right(self._starts, start)
        self._spans.insert(at, (start, end))
        self._starts.insert(at, start)


def longest_first(items: Iterable[T], bounds: Callable[[T], tuple[int, int]]) -> list[T]:
    """The items whose [start, end) overlaps none kept before, the longest considered first (then the earliest)."""
    taken = DisjointSpans()
    out: list[T] = []
    for item in sorted(items, key=lambda x: (-(bounds(x)[1] - bounds(x)[0]), bounds(x)[0])):
        start, end = bounds(item)
        if not taken.overlaps(start, end):
            taken.add(start, end)
            out.append(item)
    return out
