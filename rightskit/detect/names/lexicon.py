"""Name lexicons (first names, surnames) and Bulgarian surname morphology."""

from __future__ import annotations

import gzip
from functools import cache
from importlib.resources import files

# Bulgarian surname endings (masculine and feminine), Cyrillic and transliterated.
SURNAME_ENDINGS = (
    "ов", "ова", "ев", "ева", "ски", "ска", "цки", "цка", "ин", "ина", "ич", "ян", "иев", "иева",
    "ov", "ova", "ev", "eva", "ski", "ska", "tski", "tska", "in", "ina", "ich", "yan", "iev", "ieva",
)  # fmt: skip


@cache
def first_names() -> frozenset[str]:
    """Lower-cased first names frequent in Bulgaria and Europe (built by names/build.py)."""
    return _load("first_names.txt.gz")


@cache
def last_names() -> frozenset[str]:
    """Lower-cased surnames frequent in Bulgaria and Europe."""
    return _load("last_names.txt.gz")


def _load(name: str) -> frozenset[str]:
    data = files("rightskit.detect.names").joinpath(name).read_bytes()
    return frozenset(gzip.decompress(data).decode("utf-8").split())


def has_surname_form(token: str) -> bool:
    """A token that ends like a Bulgarian surname and is long enough to be one."""
    return len(token) > 3 and token.casefold().endswith(SURNAME_ENDINGS)
