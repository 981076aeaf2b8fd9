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
