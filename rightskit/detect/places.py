"""Place names (places.yaml, written by hand, and places_world.txt.gz, built from CLDR and ISO 3166-2 by
places_build.py): LOCATION values, and the test that keeps places from being read as people, which also knows the
world's multi-word place names (places_multiword.txt.gz, from GeoNames and CLDR)."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from rightskit.detect.lexicon import tokens
from rightskit.detect.wordsplit import WORD_SPLIT

if TYPE_CHECKING:
    import pyarrow as pa


@cache
def place_names() -> tuple[str, ...]:
    """Every place name, as written (Cyrillic ones of places.yaml also transliterated)."""
    import gzip
    from importlib.resources import files

    from rightskit.validation import load_yaml

    here = files("rightskit.detect")
    data = load_yaml(here.joinpath("places.yaml").read_text(encoding="utf-8"), "places.yaml")
    names: list[str] = []
    for group in data.values():
        for name in group:
            names.append(str(name))
            latin = " ".join(t.capitalize() for t in tokens(str(name)))
            if latin.casefold() != str(name).casefold():
                names.append(latin)
    names += gzip.decompress(here.joinpath("places_world.txt.gz").read_bytes()).decode("utf-8").split("\n")
    return tuple(dict.fromkeys(n for n in names if n))


@cache
def _folded() -> frozenset[str]:
    return frozenset(n.casefold() for n in place_names())


@cache
def folded_place_names() -> pa.Array:
    """The place names case-folded, as an Arrow array (``fast_validators.place`` looks values up in it)."""
    import pyarrow as pa

    return pa.array(sorted(_folded()), pa.string())


@cache
def _by_first_word() -> dict[str, tuple[str, ...]]:
    """Place names by their first word, longest first: a text is read word by word, not by one alternation of
    a thousand names."""
    table: dict[str, list[str]] = {}
    for name in place_names():
        table.setdefault(name.split(" ", 1)[0].split("-", 1)[0], []).append(name)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in table.items()}


@cache
def first_words() -> frozenset[str]:
    """The first word of every place name, cut as texts are cut into words (``wordsplit.WORD_SPLIT``): a text
    that holds a place name holds one of them (the pre-filter of text)."""
    return frozenset(next(t for t in WORD_SPLIT.split(key) if t) for key in _by_first_word() if WORD_SPLIT.sub("", key))


_WORD = re.compile(r"(?<![\w-])[^\W\d_][\w'’]*")
_AFTER = re.compile(r"[\w-]")


def find_place_spans(text: str) -> list[tuple[int, int, float]]:
    """Known place names inside a text, as written (capitalised)."""
    table = _by_first_word()
    spans: list[tuple[int, int, float]] = []
    pos = 0
    for m in _WORD.finditer(text):
        if m.start() < pos or not m.group(0)[0].isupper():
            continue
        for name in table.get(m.group(0).split("-", 1)[0], ()):
            end = m.start() + len(name)
            if text.startswith(name, m.start()) and not _AFTER.match(text, end):
                spans.append((m.start(), end, 0.7))
                pos = end
                break
    return spans


@lru_cache(maxsize=65_536)
def is_place(text: str) -> bool:
    """Whether ``text`` is exactly a known place name."""
    return " ".join(text.split()).casefold() in _folded()


@cache
def _folded_multiword() -> frozenset[str]:
    import gzip
    from importlib.resources import files

    text = gzip.decompress(files("rightskit.detect").joinpath("places_multiword.txt.gz").read_bytes()).decode("utf-8")
    return frozenset(n.casefold() for n in text.split("\n") if n)


@cache
def folded_multiword_places() -> pa.Array:
    """``places_multiword.txt.gz`` case-folded, as an Arrow array (``fast_validators.person_name`` looks values up)."""
    import pyarrow as pa

    return pa.array(sorted(_folded_multiword()), pa.string())


def names_a_place(text: str) -> bool:
    """Whether capitalised words are a place's name rather than a person's: a known place (``is_place``) or one of
    the world's multi-word place names ("San Mateo", "Port St. Lucie", "Kings Lynn"). The latter are no LOCATION
    values: a column of them would be reported as places where it had not been. (``names.finder._names_a_place``,
    its one caller, remembers the answers.)"""
    folded = " ".join(text.split()).casefold()
    return folded in _folded() or folded in _folded_multiword()
