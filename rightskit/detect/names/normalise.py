"""Latin letters inside Cyrillic words ("Джo Бaйдън" typed with a Latin o and a): read as the Cyrillic letters
they look like, so the lexicons and the surname rules see the word. Offsets do not move (one letter for one)."""

from __future__ import annotations

import re
import string

_LATIN_TO_CYRILLIC = str.maketrans("aeopcxyAEOPCXYBKMHT", "аеорсхуАЕОРСХУВКМНТ")
# A word that mixes both scripts; only such words change, so Latin names and Cyrillic words stay as written.
_MIXED = re.compile(r"\b(?=\w*[а-яА-Я])(?=\w*[a-zA-Z])\w+\b")
_CYRILLIC_RUN = re.compile(r"[а-яА-Я]+")
_LATIN_RUN = re.compile(r"[a-zA-Z]+")
_CYRILLIC = frozenset(map(chr, range(ord("А"), ord("я") + 1)))  # [а-яА-Я]
_LATIN = frozenset(string.ascii_letters)
# Bytes deleted to count a text's ASCII letters in C (``len(text.encode('ascii', 'ignore').translate(None, …))``)
NOT_ASCII_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())


def fold_mixed_script(text: str) -> str:
    """``text`` with the look-alike Latin letters of mostly-Cyrillic words made Cyrillic (same length)."""
    if not _has_both(text):
        return text
    return _MIXED.sub(_fold_word, text)


def _has_both(text: str) -> bool:
    """A Latin letter beside a Cyrillic one: read around the runs of the rarer script, a few per text, where an
    alternation of the two orders tried at every character cost three times as much (and a news article in
    Cyrillic has hundreds of Cyrillic runs, and a few Latin ones if any)."""
    if text.isascii():
        return False
    latin = len(text.encode("ascii", "ignore").translate(None, NOT_ASCII_LETTERS))
    if not latin:
        return False
    runs, other = (_LATIN_RUN, _CYRILLIC) if 2 * latin < len(text) else (_CYRILLIC_RUN, _LATIN)
    for m in runs.finditer(text):
        start, end = m.span()
        if (start and text[start - 1] in other) or (end < len(text) and text[end] in other):
            return True
    return False


def _fold_word(m: re.Match[str]) -> str:
    word = m.group(0)
    cyrillic = sum(1 for c in word if "а" <= c.lower() <= "я")
    latin = sum(1 for c in word if "a" <= c.lower() <= "z")
    return word.translate(_LATIN_TO_CYRILLIC) if cyrillic >= latin else word
