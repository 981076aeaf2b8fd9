"""Latin letters inside Cyrillic words ("Джo Бaйдън" typed with a Latin o and a): read as the Cyrillic letters
they look like, so the lexicons and the surname rules see the word. Offsets do not move (one letter for one)."""

from __future__ import annotations

import re

_LATIN_TO_CYRILLIC = str.maketrans("aeopcxyAEOPCXYBKMHT", "аеорсхуАЕОРСХУВКМНТ")
# A word that mixes both scripts; only such words change, so Latin names and Cyrillic words stay as written.
_MIXED = re.compile(r"\b(?=\w*[а-яА-Я])(?=\w*[a-zA-Z])\w+\b")
_HAS_BOTH = re.compile(r"[a-zA-Z][а-яА-Я]|[а-яА-Я][a-zA-Z]")


def fold_mixed_script(text: str) -> str:
    """``text`` with the look-alike Latin letters of mostly-Cyrillic words made Cyrillic (same length)."""
    if not _HAS_BOTH.search(text):
        return text
    return _MIXED.sub(_fold_word, text)


def _fold_word(m: re.Match[str]) -> str:
    word = m.group(0)
    cyrillic = sum(1 for c in word if "а" <= c.lower() <= "я")
    latin = sum(1 for c in word if "a" <= c.lower() <= "z")
    return word.translate(_LATIN_TO_CYRILLIC) if cyrillic >= latin else word
