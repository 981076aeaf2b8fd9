"""Name lexicons (first names, surnames) and Bulgarian surname morphology."""

from __future__ import annotations

import gzip
import re
import unicodedata
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
    # The Greek names' lookup forms are in the file already (build.py): deriving them here cost a fifth of the load.
    data = files("rightskit.detect.names").joinpath(name).read_bytes()
    return frozenset(gzip.decompress(data).decode("utf-8").split())


GREEK_LETTERS = "\u0370-\u03ff\u1f00-\u1fff"  # Greek and Coptic, Greek Extended: a character class's ranges
_GREEK = re.compile(f"[{GREEK_LETTERS}]")


def greek_key(word: str) -> str:
    """A Greek word without its accents, lower case with one sigma: the lists and the registers write
    "Ανδρέας", "ΑΝΔΡΕΑΣ" and "ανδρεασ" for one name."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def lookup_key(token: str) -> str:
    """The form a token is looked up in the lexicons by."""
    return greek_key(token) if _GREEK.search(token) else token.casefold()


def has_surname_form(token: str) -> bool:
    """A token that ends like a Bulgarian surname and is long enough to be one."""
    return len(token) > 3 and token.casefold().endswith(SURNAME_ENDINGS)
