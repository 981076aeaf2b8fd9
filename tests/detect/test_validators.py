"""Parametrised tables: valid, invalid and tricky values per validator."""

from __future__ import annotations

import pytest

from rightskit.detect import validators as v

CASES = [
    # --- e-mail
    ("email", "ivan.petrov@abv.bg", True),
    ("email", "a+b@sub.example.eu", True),
    ("email", "no-at-sign.bg", False),
    ("email", "a..b@example.com", False),
    ("email", "user@localhost", False),
    # --- IBAN (mod-97)
    ("iban", "BG80BNBG96611020345678", True),
    ("iban", "BG80 BNBG 9661 1020 3456 78", True),
    ("iban", "BG81BNBG96611020345678", False),
    ("iban", "DE89370400440532013000", True),
    # --- ЕГН: checksum, date, not in the future, not 1–13 April 1916
    ("bg_egn", "7501010010", True),
    ("bg_egn", "7501010011", False),
    ("bg_egn", "7513010010", False),  # month 13
    ("bg_egn", "9941010013", False),  # 2099: in the future
    ("bg_egn", "1604050001", False),  # 5 April 1916 never existed in Bulgaria
    # --- ЛНЧ
    ("bg_lnch", "1001000004", True),
    ("bg_lnch", "1001000005", False),
    # --- payment cards (Luhn + issuer)
    ("credit_card", "4111 1111 1111 1111", True),
    ("credit_card", "5500-0000-0000-0004", True),
    ("credit_card", "4111111111111112", False),
    ("credit_card", "0000000000000000", False),
    ("credit_card", "9111111111111119", False),  # no issuer starts with 9
    # --- phones, as people write them
    ("phone", "0888 123 456", True),
    ("phone", "+359 88 812 3456", True),
    ("phone", "+359888123456", True),
    ("phone", "(2009-2014", False),  # a span of years, not Sofia 02 009 2014
    ("phone", "(1998 / 2003)", False),
    ("phone", "(02) 981 23 45", True),
    ("phone", "0049 30 901820", True),
    ("phone", "8881234567", False),  # bare digits: serials, amounts, ЕГН
    ("phone", "7501010010", False),
    ("phone", "0000000", False),
    # --- IP
    ("ipv4", "192.168.0.1", True),
    ("ipv4", "256.1.1.1", False),
    ("ipv6", "2001:db8::1", True),
    ("ipv6", "12:30", False),
    # --- plates
    ("bg_plate", "СА 1234 ВХ", True),
    ("bg_plate", "CA1234BX", True),
    ("bg_plate", "ZZ 1234 ВХ", False),
    # --- coordinates, dates, postcodes
    ("coordinate", "42.697708", True),
    ("coordinate", "42.6977, 23.3219", True),
    ("coordinate", "242.6977, 23.3219", False),
    ("birth_date", "17.05.1980", True),
    ("birth_date", "1980-05-17", True),
    ("birth_date", "31.02.1980", False),
    ("birth_date", "01.01.2999", False),
    ("bg_postcode", "1000", True),
    ("bg_postcode", "0999", False),
    # --- person names: morphology, no name list
    ("person_name", "Иван Петров", True),
    ("person_name", "МАРИЯ ИВАНОВА", True),
    ("person_name", "Maria Ivanova", True),
    ("person_name", "Стара Загора", False),
    ("person_name", "Велико Търново", False),
    ("person_name", "single", False),
]


@pytest.mark.parametrize(("validator", "text", "expected"), CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_validator(validator: str, text: str, expected: bool) -> None:
    assert v.get_validator(validator)(text) is expected


def test_stdnum_validator_by_name() -> None:
    assert v.get_validator("stdnum:ro.cnp")("1800101221144") is True
    assert v.get_validator("stdnum:ro.cnp")("1800101221145") is False


@pytest.mark.parametrize(
    ("address", "names_person"),
    [
        ("ivan.petrov@abv.bg", True),
        ("Maria_Schmidt2@amt.de", True),
        ("j.smith@example.org", True),  # an initial and a family name
        ("katarina77@example.hr", True),  # a given name alone
        ("info@amt.de", False),
        ("poststelle.bonn@bund.de", False),
        ("ito.sotangrmun@gov.np", False),  # an office and a place
        ("ggb3@ypes.gr", False),  # an acronym
        ("x.y@example.org", False),
        ("service@example.de", False),
    ],
)
def test_email_names_person(address: str, names_person: bool) -> None:
    assert v.email_names_person(address) is names_person
