from __future__ import annotations

import pytest

from rightskit.detect.detector import builtin_lexicon
from rightskit.detect.lexicon import tokens

NAMES = [
    ("email", {"EMAIL_ADDRESS"}),
    ("customerEmailAddress", {"EMAIL_ADDRESS"}),
    ("ip_address", {"IP_ADDRESS"}),
    ("home_address", {"STREET_ADDRESS"}),
    ("dateOfBirth", {"DATE_OF_BIRTH"}),
    ("Дата на раждане", {"DATE_OF_BIRTH"}),
    ("data_na_razhdane", {"DATE_OF_BIRTH"}),
    ("ЕГН", {"BG_EGN"}),
    ("egn", {"BG_EGN"}),
    ("Име и фамилия", {"PERSON"}),
    ("Телефон", {"PHONE_NUMBER"}),
    ("пол", {"GENDER"}),
    ("диагноза", {"HEALTH"}),
    ("съдимост", {"CRIMINAL_OFFENCE"}),
    ("national_identity", {"ETHNIC_ORIGIN"}),  # the census "národnosť": an ethnic self-identification
    ("Národnosť", {"ETHNIC_ORIGIN"}),
    ("password_hash", {"PASSWORD"}),
    ("passport_no", {"BG_PASSPORT"}),
    # A building is a place: the names inside ("Carl Elliott Building") are the building's (a real register's
    # false PERSON column; bench/registers us_district_offices).
    ("building", {"LOCATION"}),
    ("Сграда", {"LOCATION"}),
    ("youtube_channel", {"USERNAME"}),  # a person's channel or handle on a platform
    ("tiktok", {"USERNAME"}),
    ("filename", set()),
    ("hostname", set()),
    ("notes", set()),
]


@pytest.mark.parametrize(("name", "entities"), NAMES)
def test_hints(name: str, entities: set[str]) -> None:
    found = {h.entity for h in builtin_lexicon().hints(name) if not h.not_personal}
    assert found == entities


def test_not_personal_words() -> None:
    hints = builtin_lexicon().hints("sensor_serial_number")
    assert hints and all(h.not_personal for h in hints)


def test_tokens_transliterate() -> None:
    assert tokens("трите_имена") == ["trite", "imena"]
    assert tokens("camelCaseName") == ["camel", "case", "name"]


def _hints_by_search(lex, name: str) -> list:
    """The reference: every term searched for in the name in turn, longest first, the first to claim
    characters keeping them."""
    from rightskit.detect.lexicon import _tokens

    marked = _tokens(name)
    compact = "".join(t for t, _ in marked)
    occurrences = []
    for rank, term in enumerate(lex._terms):
        i = compact.find(term.compact)
        while i != -1 and compact:
            occurrences.append((rank, i, term))
            i = compact.find(term.compact, i + 1)
    return lex._claim(marked, occurrences) if marked else []


def test_hints_by_prefix_index_equal_searching_every_term() -> None:
    """Names glued, spaced, camel-cased and Cyrillic from the lexicon's own terms and common key words: the
    prefix index finds exactly what searching for each term finds."""
    import random

    lex = builtin_lexicon()
    terms = [t.term for t in lex._terms]
    rng = random.Random(11)
    for _ in range(5_000):
        parts = [
            rng.choice([*terms, "id", "x", "user", "name", "date", "Ime", "адрес", "e"])
            for _ in range(rng.randint(1, 4))
        ]
        name = rng.choice(["_", " ", "", "-", "."]).join(parts)
        if rng.random() < 0.3:
            name = name.title().replace(" ", "")
        assert lex.hints(name) == _hints_by_search(lex, name), name
