"""Seeded synthetic personal data for evaluation and benchmarks.

Independent of rightskit's detectors: names come from Faker's locales, identifiers are built digit by digit
with python-stdnum computing only the check digits, and nothing here reads rightskit's lexicons.
"""

from __future__ import annotations

import datetime as dt
import random

from faker import Faker
from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.bg import egn as std_egn
from stdnum.bg import pnf as std_pnf

SOFIA_DISTRICTS = ["Средец", "Красно село", "Възраждане", "Оборище", "Сердика", "Подуяне", "Слатина",
                   "Изгрев", "Лозенец", "Триадица", "Красна поляна", "Илинден", "Надежда", "Искър",
                   "Младост", "Студентски", "Витоша", "Овча купел", "Люлин", "Връбница", "Нови Искър",
                   "Кремиковци", "Панчарево", "Банкя"]  # fmt: skip
STREETS = ["Цар Симеон", "Граф Игнатиев", "Шипка", "Оборище", "Раковски", "Пиротска", "Околовръстен път",
           "Солунска", "Алабин", "Московска", "Тинтява", "Юрий Венелин", "Витошка", "Шишман", "Опълченска"]  # fmt: skip


_LATIN = dict(zip("абвгдежзийклмнопрстуфхцчшщъьюя",
                  ["a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t",
                   "u", "f", "h", "ts", "ch", "sh", "sht", "a", "y", "yu", "ya"], strict=True))  # fmt: skip


def latin(text: str) -> str:
    """Bulgarian streamlined transliteration, written here (independent of rightskit's own)."""
    out = []
    for ch in text:
        low = ch.lower()
        t = _LATIN.get(low, ch)
        out.append(t.capitalize() if ch != low and t else t)
    return "".join(out)


class Synth:
    """All generators share one seeded RNG, so a file's content depends only on the seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.bg = Faker("bg_BG")
        self.bg.seed_instance(seed)
        self.en = Faker("en_GB")
        self.en.seed_instance(seed + 1)
        self.de = Faker("de_DE")
        self.de.seed_instance(seed + 2)

    def birth_date(self) -> dt.date:
        return dt.date(1940, 1, 1) + dt.timedelta(days=self.rng.randint(0, 365 * 65))

    def egn(self, born: dt.date | None = None) -> str:
        born = born or self.birth_date()
        month = born.month + (40 if born.year >= 2000 else 0)
        base = f"{born.year % 100:02d}{month:02d}{born.day:02d}{self.rng.randint(0, 999):03d}"
        return base + std_egn.calc_check_digit(base)

    def lnch(self) -> str:
        while True:
            base = "".join(str(self.rng.randint(0, 9)) for _ in range(9))
            for d in "0123456789":
                if std_pnf.is_valid(base + d):
                    return base + d

    def bg_iban(self) -> str:
        bban = "".join(self.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4))
        bban += "".join(str(self.rng.randint(0, 9)) for _ in range(4)) + "10"  # branch, account type
        bban += "".join(str(self.rng.randint(0, 9)) for _ in range(8))
        check = std_iban.calc_check_digits("BG00" + bban)
        return f"BG{check}{bban}"

    def card(self) -> str:
        base = self.rng.choice(["4", "51", "52", "53", "54", "55"])
        base += "".join(str(self.rng.randint(0, 9)) for _ in range(15 - len(base)))
        return base + luhn.calc_check_digit(base)

    def bg_mobile(self, style: int | None = None) -> str:
        prefix = self.rng.choice(["87", "88", "89", "98"])
        rest = f"{self.rng.randint(0, 9_999_999):07d}"
        style = self.rng.randint(0, 3) if style is None else style
        if style == 0:
            return f"0{prefix}{rest[0]} {rest[1:4]} {rest[4:]}"
        if style == 1:
            return f"+359 {prefix} {rest[:3]} {rest[3:]}"
        if style == 2:
            return f"+359{prefix}{rest}"
        return f"0{prefix}{rest}"

    def sofia_landline(self) -> str:
        rest = f"{self.rng.randint(9_000_000, 9_899_999)}"
        return f"(02) {rest[:3]} {rest[3:5]} {rest[5:]}"

    def bg_name(self) -> str:
        first = self.bg.first_name().capitalize()
        last = self.bg.last_name().capitalize()
        return f"{first} {last}"

    def bg_address(self) -> str:
        street = self.rng.choice(STREETS)
        kind = self.rng.choice(["ул.", "бул.", "ж.к."])
        if kind == "ж.к.":
            return f"ж.к. {self.rng.choice(['Младост', 'Люлин', 'Надежда'])} {self.rng.randint(1, 4)}, бл. {self.rng.randint(1, 450)}, вх. {self.rng.choice('АБВГ')}, ет. {self.rng.randint(1, 12)}, ап. {self.rng.randint(1, 90)}"
        return f"{kind} „{street}“ № {self.rng.randint(1, 180)}"

    def email(self, name_hint: str | None = None) -> str:
        user = self.en.user_name()
        domain = self.rng.choice(["abv.bg", "mail.bg", "gmail.com", "yahoo.com", "sofia.bg", "example.eu"])
        return f"{user}{self.rng.randint(1, 99)}@{domain}"

    def plate(self) -> str:
        letters = "АВЕКМНОРСТУХ"
        area = self.rng.choice(["СА", "С", "СВ", "СН", "В", "А", "РВ", "ВТ"])
        return f"{area} {self.rng.randint(1000, 9999)} {self.rng.choice(letters)}{self.rng.choice(letters)}"

    def ipv4(self) -> str:
        return self.en.ipv4_public()

    def serial10(self) -> str:
        return str(self.rng.randint(1_000_000_000, 9_999_999_999))


class EuSynth(Synth):
    """EU identifiers, built digit by digit; python-stdnum computes only the check digits."""

    def digits(self, n: int) -> str:
        return "".join(str(self.rng.randint(0, 9)) for _ in range(n))

    def pesel(self) -> str:
        from stdnum.pl import pesel

        born = self.birth_date()
        month = born.month + (20 if born.year >= 2000 else 0)
        base = f"{born.year % 100:02d}{month:02d}{born.day:02d}{self.digits(4)}"
        return base + pesel.calc_check_digit(base)

    def cnp(self) -> str:
        from stdnum.ro import cnp

        born = self.birth_date()
        first = self.rng.choice("12") if born.year < 2000 else self.rng.choice("56")
        base = (
            f"{first}{born.year % 100:02d}{born.month:02d}{born.day:02d}{self.rng.randint(1, 46):02d}{self.digits(3)}"
        )
        return base + cnp.calc_check_digit(base)

    def codice_fiscale(self) -> str:
        from stdnum.it import codicefiscale

        letters = "BCDFGHLMNPRSTVZ"
        months = "ABCDEHLMPRST"
        born = self.birth_date()
        day = born.day + self.rng.choice([0, 40])
        base = (
            "".join(self.rng.choice(letters) for _ in range(6))
            + f"{born.year % 100:02d}{months[born.month - 1]}{day:02d}"
            + self.rng.choice("ABCDEFGHILM")
            + f"{self.rng.randint(1, 999):03d}"
        )
        return base + codicefiscale.calc_check_digit(base)

    def dni(self) -> str:
        from stdnum.es import dni

        base = self.digits(8)
        return base + dni.calc_check_digit(base)

    def nie(self) -> str:
        from stdnum.es import nie

        base = self.rng.choice("XYZ") + self.digits(7)
        return base + nie.calc_check_digit(base)

    def nir(self) -> str:
        from stdnum.fr import nir

        born = self.birth_date()
        base = f"{self.rng.choice('12')}{born.year % 100:02d}{born.month:02d}{self.rng.randint(1, 95):02d}{self.digits(3)}{self.digits(3)}"
        return base + nir.calc_check_digits(base)

    def de_tax_id(self) -> str:
        from stdnum.de import idnr

        while True:
            candidate = str(self.rng.randint(1, 9)) + self.digits(10)
            if idnr.is_valid(candidate):
                return candidate

    def amka(self) -> str:
        from stdnum import luhn

        born = self.birth_date()
        base = f"{born.day:02d}{born.month:02d}{born.year % 100:02d}{self.digits(4)}"
        return base + luhn.calc_check_digit(base)

    def bg_company_eik(self) -> str:
        from stdnum.bg import vat

        while True:
            candidate = str(self.rng.randint(1, 2)) + self.digits(8)
            if vat.is_valid(candidate):
                return candidate

    def ean13(self) -> str:
        from stdnum import ean

        base = self.rng.choice(["380", "400", "590", "800"]) + self.digits(9)
        return base + ean.calc_check_digit(base)

    def de_phone(self) -> str:
        return f"+49 {self.rng.choice(['151', '160', '170', '176'])} {self.digits(7)}"

    def fr_phone(self) -> str:
        return f"+33 {self.rng.choice('67')} {self.digits(2)} {self.digits(2)} {self.digits(2)} {self.digits(2)}"
