"""Place names (places.yaml): LOCATION values, and the test that keeps places from being read as people."""

from __future__ import annotations

from functools import cache

from rightskit.detect.lexicon import tokens


@cache
def place_names() -> tuple[str, ...]:
    """Every place name, as written (Cyrillic ones also transliterated)."""
    from importlib.resources import files

    from rightskit.validation import load_yaml

    data = load_yaml(files("rightskit.detect").joinpath("places.yaml").read_text(encoding="utf-8"), "places.yaml")
    names: list[str] = []
    for group in data.values():
        for name in group:
            names.append(str(name))
            latin = " ".join(t.capitalize() for t in tokens(str(name)))
            if latin.casefold() != str(name).casefold():
                names.append(latin)
    return tuple(dict.fromkeys(names))


@cache
def _folded() -> frozenset[str]:
    return frozenset(n.casefold() for n in place_names())


@cache
def _place_regex():
    import re

    names = sorted(place_names(), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


def find_place_spans(text: str) -> list[tuple[int, int, float]]:
    """Known place names inside a text, as written (capitalised)."""
    return [(m.start(), m.end(), 0.7) for m in _place_regex().finditer(text)]


def place_pattern() -> str:
    """An RE2-compatible alternation of every place name (the pre-filter for text)."""
    import re

    return "|".join(re.escape(n) for n in sorted(place_names(), key=len, reverse=True))


def is_place(text: str) -> bool:
    """Whether ``text`` is exactly a known place name."""
    return " ".join(text.split()).casefold() in _folded()
