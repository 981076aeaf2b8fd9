"""Value operators against their references."""

from __future__ import annotations

import random

import phonenumbers
import pytest

from rightskit.anonymise.operators import normalise


def _writings(rng: random.Random) -> list[str]:
    digits = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(rng.choice([6, 7, 8, 9, 10])))
    prefix = rng.choice(["0", "+359", "00359", "359", "+359 ", "0 ", "+44 ", ""])
    sep = rng.choice(["", " ", "-", " - ", "  "])
    parts = [digits[:3], digits[3:6], digits[6:]]
    return [prefix + sep.join(p for p in parts if p), prefix + digits, f"({prefix}{digits[:2]}) {digits[2:]}"]


@pytest.mark.parametrize("seed", range(5))
def test_phone_numbers_normalise_as_phonenumbers_formats_them(seed: int) -> None:
    """The fast path for Bulgarian numbers gives phonenumbers' E.164 form; every other writing goes to it."""
    rng = random.Random(seed)
    for _ in range(2000):
        for value in _writings(rng):
            try:
                expected = phonenumbers.format_number(
                    phonenumbers.parse(value.strip(), "BG"), phonenumbers.PhoneNumberFormat.E164
                )
            except phonenumbers.NumberParseException:
                continue
            assert normalise(value, "PHONE_NUMBER") == expected, value
