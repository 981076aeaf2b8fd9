"""PERSON without a model: capitalised words, name lexicons, Bulgarian surname morphology, titles, and the
context that says a name is a place (бул. Христо Ботев, парк Заимов, метростанция Сердика)."""

from __future__ import annotations

import re
from functools import cache

from rightskit.detect.names.lexicon import first_names, has_surname_form, last_names
from rightskit.detect.places import is_place

_UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁЎІЇЄҐ"
_LOWER = "a-zß-öø-ÿа-яёўіїєґ'’"
_TOKEN = f"(?:[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}]?[{_LOWER}]+)?|[{_UPPER}]{{2,}}(?:-[{_UPPER}]{{2,}})?)"
_TITLE = r"(?i:г-н|г-жа|г-ца|гн\.|гжа\.|д-р|проф\.|инж\.|адв\.|mr\.?|mrs\.?|ms\.?|dr\.?|prof\.?|herr|frau)"
# A run of capitalised words (separated by single spaces), optionally after a title.
RUN = re.compile(f"(?:(?P<title>{_TITLE})\\s+)?(?P<name>{_TOKEN}(?: {_TOKEN})*)")
# Words that, just before a name, make it the name of a place or an institution.
_PLACE_BEFORE = re.compile(
    r"(?:ул\.|улица|бул\.|булевард|пл\.|площад|парк|градина|метростанция|метро|м-ст|спирка|кв\.|квартал|"
    r"ж\.к\.|жк|алея|училище|у-ще|СУ|ОУ|ПГ|читалище|болница|УМБАЛ|МБАЛ|паметник|паметника|храм|църква|"
    r"манастир|Св\.|св\.|свети|света|str\.|street|park|station|square|boulevard|blvd\.?|school|church)"
    r"\s*[„\"“«]?\s*$",
    re.IGNORECASE,
)


@cache
def _words() -> dict[str, frozenset[str]]:
    from importlib.resources import files

    from rightskit.validation import load_yaml

    data = load_yaml(files("rightskit.detect.names").joinpath("words.yaml").read_text(encoding="utf-8"), "words.yaml")
    return {key: frozenset(str(w).casefold() for w in words) for key, words in data.items()}


def _place_word(word: str) -> bool:
    return word.casefold().rstrip(".") in _words()["place_words"]


def _not_first(word: str) -> bool:
    return word.casefold() in _words()["not_first"]


def _is_first(token: str) -> bool:
    parts = token.casefold().split("-")
    return not _not_first(parts[0]) and any(p in first_names() for p in parts)


def _is_last(token: str) -> bool:
    return any(has_surname_form(p) or p.casefold() in last_names() for p in token.split("-"))


def is_person_name(text: str) -> bool:
    """A whole value that is a person's name: 2–3 capitalised words that read as a name, or a title and a name."""
    tokens = text.split()
    if tokens and re.fullmatch(_TITLE, tokens[0]):
        return 1 <= len(tokens) - 1 <= 3 and all(re.fullmatch(_TOKEN, t) for t in tokens[1:])
    if not 2 <= len(tokens) <= 3 or not all(re.fullmatch(_TOKEN, t) for t in tokens):
        return False
    if _name_score(tokens) > 0:
        return True
    # Registers also list surname-first or with unknown first names: a Bulgarian surname form decides.
    return any(has_surname_form(t) for t in tokens[1:]) and not is_place(" ".join(tokens))


_TOKEN_RE = re.compile(_TOKEN)


def _known_part(token: str) -> bool:
    return _is_last(token) or _is_first(token)


def _name_score(words: list[str]) -> float:
    """How much a run of 2–3 capitalised words looks like one person's name (0: not a name)."""
    first, rest = words[0], words[1:]
    if any(_place_word(w) for w in words) or is_place(" ".join(words)):
        return 0.0
    if any(w.isupper() for w in words) and (
        any(len(w) < 3 for w in words) or not (_is_first(first) or all(has_surname_form(w) for w in rest))
    ):
        return 0.0  # capitals: "IBAN BG", "НДК", unless it reads as a name ("ИВАН ПЕТРОВ", "ОЛЕК СИМЕОНОВ")
    if _is_first(first):
        if all(_known_part(w) for w in rest):
            surname = any(has_surname_form(w) or w.casefold() in last_names() for w in rest)
            return 0.85 if surname else 0.7
        if len(rest) == 1 and not rest[0].isupper():
            return 0.7  # a known first name and a capitalised word: "Karl-Hans Schuchhardt"
    if has_surname_form(first) and _is_first(rest[0]):
        return 0.75  # "Петров Иван", as registers write names
    if not _not_first(first) and len(first) > 2 and all(has_surname_form(w) for w in rest):
        return 0.7  # an unlisted first name before Bulgarian surname forms: "Тилиана Бобева"
    return 0.0


def find_person_spans(text: str) -> list[tuple[int, int, float]]:
    """(start, end, score) of person names in free text."""
    spans: list[tuple[int, int, float]] = []
    for m in RUN.finditer(text):
        base = m.start("name")
        words = [(base + t.start(), base + t.end(), t.group(0)) for t in _TOKEN_RE.finditer(m.group("name"))]
        if m.group("title") is not None:
            take = words[: 1 + sum(1 for _ in words[1:3])]
            if not _PLACE_BEFORE.search(text[max(0, m.start() - 30) : m.start()]):
                spans.append((m.start(), take[-1][1], 0.85))
            continue
        i = 0
        while i < len(words):
            for size in (3, 2):
                window = words[i : i + size]
                if len(window) < size:
                    continue
                score = _name_score([w[2] for w in window])
                if i + size < len(words) and _place_word(words[i + size][2]):  # "Hristo Botev Boulevard"
                    score = 0.0
                if score and not _PLACE_BEFORE.search(text[max(0, window[0][0] - 30) : window[0][0]]):
                    spans.append((window[0][0], window[-1][1], score))
                    i += size
                    break
            else:
                i += 1
    return spans
