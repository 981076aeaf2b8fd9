"""The line of each property of a JSON or YAML schema document, found in its text (the parsers keep no positions).

A property ``a.b`` of definition ``Person`` is the first key ``a`` inside the block of the key ``Person``, then the
first key ``b`` inside the block of that ``a``. A property reached through a ``$ref`` is declared elsewhere: its
line is that of the property that refers to it. An operation (``GET /users/{id}``) is anchored at its path and
method keys.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_JSON_TOKEN = re.compile(r'"((?:[^"\\\n]|\\.)*)"(\s*:)?|[{}\[\]]')
_YAML_KEY = re.compile(
    r"""^([ \t]*(?:-[ \t]+)?)(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#"'\-?:][^:#\n]*?))[ \t]*:(?=[ \t]|$)""", re.M
)
_OPERATION = re.compile(r"^(GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS|TRACE) (\S+)")


class KeyIndex:
    """Every key of a document's text with its nesting depth (brace depth in JSON, indentation in YAML)."""

    def __init__(self, text: str, yaml: bool) -> None:
        self._offsets: list[int] = []
        self._depths: list[int] = []
        self._names: list[str] = []
        if yaml:
            for m in _YAML_KEY.finditer(text):
                self._add(m.start(), len(m.group(1)), m.group(2) or m.group(3) or m.group(4))
        else:
            depth = 0
            for m in _JSON_TOKEN.finditer(text):
                token = m.group(0)
                if token in "{[":
                    depth += 1
                elif token in "}]":
                    depth -= 1
                elif m.group(2):
                    self._add(m.start(), depth, m.group(1))
        self._by_name: dict[str, list[int]] = {}
        for i, name in enumerate(self._names):
            self._by_name.setdefault(name, []).append(i)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._ends: dict[int, int] = {}

    def _add(self, offset: int, depth: int, name: str) -> None:
        self._offsets.append(offset)
        self._depths.append(depth)
        self._names.append(name)

    def _block_end(self, i: int) -> int:
        """The index of the first key after key i that is not nested in it."""
        if i in self._ends:
            return self._ends[i]
        j = i + 1
        while j < len(self._depths) and self._depths[j] > self._depths[i]:
            j += 1
        self._ends[i] = j
        return j

    def _find(self, name: str, after: int, before: int | None = None) -> int | None:
        found = self._by_name.get(name, [])
        k = bisect_right(found, after)
        if k < len(found) and (before is None or found[k] < before):
            return found[k]
        return None

    def field_line(self, obj: str, path: str) -> int | None:
        """The line of property ``path`` of definition (or operation) ``obj``; None when it cannot be told."""
        op = _OPERATION.match(obj)
        i = -1
        for anchor in [op.group(2), op.group(1).lower()] if op else [obj]:
            found = self._find(anchor, i)
            if found is not None:
                i = found
        for segment in (s for s in re.split(r"\.|\[\]|\{\}", path) if s):
            if segment == "$self":
                break
            found = self._find(segment, i, self._block_end(i) if i >= 0 else None)
            if found is None:
                # Declared in a referenced type: the line of the property that refers to it (if one was found).
                break
            i = found
        return bisect_right(self._line_starts, self._offsets[i]) if i >= 0 else None
