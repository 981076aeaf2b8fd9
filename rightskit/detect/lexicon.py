"""Field-name evidence: which lexicon words appear in a column name or JSON path.

Names are normalised (camelCase and separators split, lower-cased, Cyrillic transliterated) and matched on
their compact form, so ``dateOfBirth``, ``date_of_birth``, ``дата_на_раждане`` and ``datanarazhdane`` meet
the same entry. The longest match wins, so ``ip_address`` is an IP address, not a street address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

HintStrength = Literal["strong", "weak"]

# Bulgarian streamlined transliteration (Закон за транслитерацията, 2009).
_BG_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i", "й": "y",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya",
}  # fmt: skip
_TRANSLIT = str.maketrans(_BG_LATIN)
_CAMEL = re.compile(r"(?<=[a-zа-я0-9])(?=[A-ZА-Я])|(?<=[A-ZА-Я])(?=[A-ZА-Я][a-zа-я]{2})")  # personIDPatient, not IDs
# Digits glued to letters are their own token: parent1firstName, siblingDOB1, phone2, address_line1.
_DIGITS = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
_SPLIT = re.compile(r"[^0-9a-zа-яё\u00c0-\u024f\u0370-\u03ff]+")
# A term this long may begin or end a compound written in Latin letters ("customeremail", "emailaddr"); never
# the middle of a word, nor inside a Bulgarian word ("роден" is not a hint in "НАРОДЕН ПРЕДСТАВИТЕЛ").
_MIN_INNER = 5
_PREFIX = 3


def tokens(name: str) -> list[str]:
    """Lower-case word tokens of a field name or path, transliterated to Latin."""
    return [t for t, _ in _tokens(name)]


def _tokens(name: str) -> list[tuple[str, bool]]:
    """Tokens with whether each was written in Latin letters (where words are glued into compounds)."""
    spaced = _DIGITS.sub(" ", _CAMEL.sub(" ", name))
    parts = [p for p in _SPLIT.split(spaced.lower()) if p]
    return [(p.translate(_TRANSLIT), p.isascii()) for p in parts]


@dataclass(frozen=True, slots=True)
class Hint:
    """One lexicon word found in a name."""

    entity: str
    term: str
    strength: HintStrength
    not_personal: bool = False


@dataclass(frozen=True, slots=True)
class _Term:
    compact: str
    ntokens: int
    term: str
    entity: str
    strength: HintStrength
    not_personal: bool


class Lexicon:
    """Matches names against the lexicon terms."""

    def __init__(self, data: dict) -> None:
        terms: list[_Term] = []
        for entity, levels in data.get("entities", {}).items():
            for strength in ("strong", "weak"):
                for term in levels.get(strength, []) or []:
                    toks = tokens(str(term))
                    if toks:
                        terms.append(_Term("".join(toks), len(toks), str(term), entity, strength, False))
        for term in data.get("not_personal", []) or []:
            toks = tokens(str(term))
            if toks:
                terms.append(_Term("".join(toks), len(toks), str(term), "", "weak", True))
        # Longest first: a longer term claims its characters before a shorter one can.
        self._terms = sorted(terms, key=lambda t: -len(t.compact))
        # Terms by their first characters (up to _PREFIX), with their rank in that order: a name is matched by
        # looking up what starts at each of its positions, not by searching it for each of the ~1,500 terms.
        self._by_prefix: dict[str, list[tuple[int, _Term]]] = {}
        for rank, term in enumerate(self._terms):
            self._by_prefix.setdefault(term.compact[:_PREFIX], []).append((rank, term))
        subjects = data.get("row_subjects") or {}
        self._subjects = (
            Lexicon({"entities": {kind: {"strong": words} for kind, words in subjects.items()}}) if subjects else None
        )

    def row_subject(self, table_names: list[str], field_names: list[str]) -> str | None:
        """Why a table's rows read as places or businesses, or None (people, or nothing said).

        The table's own name decides first (``pharmacies.csv``, ``members`` → people); else two different
        place words among its field names (``year_built``, ``apartment_count``)."""
        subjects = self._subjects
        if subjects is None:
            return None
        for name in table_names:
            found = {h.entity: h.term for h in subjects.hints(name)}
            if "people" in found:
                return None
            if "places" in found:
                return f"the name '{name}' ('{found['places']}')"
        words = sorted({h.term for name in field_names for h in subjects.hints(name) if h.entity == "places"})
        if len(words) >= 2:
            return "the fields " + ", ".join(f"'{w}'" for w in words[:3])
        return None

    def hints(self, name: str) -> list[Hint]:
        """Non-overlapping lexicon matches in ``name``, longest first."""
        marked = _tokens(name)
        if not marked:
            return []
        return self._claim(marked, self._occurrences("".join(t for t, _ in marked)))

    def _occurrences(self, compact: str) -> list[tuple[int, int, _Term]]:
        """(rank, position, term) of every term found in ``compact``, in the order of searching each term in turn,
        longest first: looked up by what starts at each position."""
        occurrences = []
        for i in range(len(compact)):
            for k in range(1, _PREFIX + 1):
                for rank, term in self._by_prefix.get(compact[i : i + k], ()) if i + k <= len(compact) else ():
                    if compact.startswith(term.compact, i):
                        occurrences.append((rank, i, term))
        occurrences.sort(key=lambda o: (o[0], o[1]))
        return occurrences

    @staticmethod
    def _claim(marked: list[tuple[str, bool]], occurrences: list[tuple[int, int, _Term]]) -> list[Hint]:
        """The occurrences that match the name's words, each claiming its characters before the next may."""
        starts, ends, token_of, pos = set(), set(), [], 0
        for n, (t, _latin) in enumerate(marked):
            starts.add(pos)
            pos += len(t)
            ends.add(pos)
            token_of.extend([n] * len(t))
        taken = [False] * pos
        found: list[Hint] = []
        for _rank, i, term in occurrences:
            j = i + len(term.compact)
            # Aligned: the term's words are exactly the name's words (not "ime"+"i" read as "imei").
            aligned = i in starts and j in ends and token_of[j - 1] - token_of[i] + 1 == term.ntokens
            inner = (
                len(term.compact) >= _MIN_INNER
                and token_of[i] == token_of[j - 1]
                and marked[token_of[i]][1]
                and (i in starts or j in ends)
            )
            if (aligned or inner) and not any(taken[i:j]):
                for k in range(i, j):
                    taken[k] = True
                found.append(Hint(term.entity, term.term, term.strength, term.not_personal))
        return found


@cache
def base_lexicon_data() -> dict:
    """The multilingual lexicon shipped with rightskit (field_lexicon.yaml), as data."""
    from importlib.resources import files

    text = files("rightskit.detect").joinpath("field_lexicon.yaml").read_text(encoding="utf-8")
    from rightskit.validation import load_yaml

    return load_yaml(text, "field_lexicon.yaml")
