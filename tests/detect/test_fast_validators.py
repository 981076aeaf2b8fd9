"""The vectorised validators agree with the Python ones (the reference) wherever they decide."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pytest
from stdnum import iban as std_iban
from stdnum.bg import egn as std_egn
from stdnum.bg import pnf as std_pnf

from rightskit.detect.batch_validators import get_batch_validator
from rightskit.detect.fast_validators import INVALID, UNDECIDED, VALID
from rightskit.detect.validators import get_validator


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _any_case(rng: random.Random, number: str) -> str:
    """A fifth of the numbers in lower case (python-stdnum reads them upper-cased)."""
    return number.lower() if rng.random() < 0.2 else number


def _dates(rng: random.Random) -> tuple[int, int, int]:
    return rng.randint(1890, 2035), rng.randint(0, 13), rng.randint(0, 32)


def egn_like(rng: random.Random) -> list[str]:
    out = [_digits(rng, 10) for _ in range(3000)]
    for _ in range(3000):
        year, month, day = _dates(rng)
        offset = 40 if year >= 2000 else 20 if year < 1900 else 0
        body = f"{year % 100:02d}{month + offset:02d}{day:02d}{_digits(rng, 3)}"
        out.append(body + rng.choice([std_egn.calc_check_digit(body), _digits(rng, 1)]))
        out.append(body + std_pnf.calc_check_digit(body))
    out += ["1604051234", "1604101230", "1604141236", "9912319999", "0000000000", "12345 6789", "123456789"]
    return out


def cpr_like(rng: random.Random) -> list[str]:
    """Danish CPR numbers (DDMMYY and four digits): every seventh digit, the years about the century's edges
    (36/37, 57/58) and today's, days and months in range and out."""
    out = egn_like(rng)
    for _ in range(4000):
        _year, month, day = _dates(rng)
        yy = rng.choice([36, 37, 57, 58, 0, 99, rng.randint(0, 99), dt.date.today().year % 100])
        out.append(f"{day:02d}{month:02d}{yy:02d}{rng.randint(0, 9)}{_digits(rng, 3)}")
    return out


def cz_like(rng: random.Random) -> list[str]:
    out = egn_like(rng)
    for _ in range(2000):
        year, month, day = _dates(rng)
        month += rng.choice([0, 20, 50, 70])
        out.append(f"{year % 100:02d}{month:02d}{day:02d}{_digits(rng, 3)}")
        body = f"{year % 100:02d}{month:02d}{day:02d}{_digits(rng, 3)}"
        out.append(body + str(int(body) % 11 % 10))
    return [*out, "7103192745", "710319/2745", "5306211234"]


def nine_digits(rng: random.Random) -> list[str]:
    """Nine- and thirteen-digit numbers, a share with a right BSN or EIK check digit, and what is near them."""
    from stdnum.bg import vat as std_vat
    from stdnum.nl import bsn as std_bsn

    out = []
    for _ in range(3000):
        body = _digits(rng, 8)
        out.append(body + _digits(rng, 1))
        out.append(body + std_vat.calc_check_digit_legal(body))
        out.append(body + str(next((c for c in range(10) if std_bsn.checksum(body + str(c)) == 0), 0)))
        out.append(_digits(rng, 13))
    return [*out, "000000000", "111222333", "12345678", "1234567890", "12345 6789", "BG175074752"]


def phone_like(rng: random.Random) -> list[str]:
    out = []
    for _ in range(6000):
        prefix = rng.choice(["+359", "+359 ", "00359", "00359 ", "0", "0", "", "+44 ", "00", "+3590", "(0", "0 "])
        first = rng.choice("123456789" if rng.random() < 0.9 else "0")
        body = first + _digits(rng, rng.randint(4, 11))
        sep = rng.choice(["", " ", "-", "/", "."])
        if sep and len(body) > 4:
            cut = rng.randint(1, len(body) - 1)
            body = body[:cut] + sep + body[cut:]
        out.append(prefix + body)
    for mobile in ("87", "88", "89", "98", "43", "99"):
        out += [f"0{mobile}{_digits(rng, 7)}" for _ in range(200)]
        out += [f"+359 {mobile} {_digits(rng, 3)} {_digits(rng, 4)}" for _ in range(200)]
    # Other countries' numbers: calling codes of one region and of several, none at all, a "0" after the code
    for _ in range(4000):
        code = rng.choice(["44", "49", "420", "421", "422", "43", "45", "46", "47", "48", "41", "1", "7", "33", "39"])
        code = rng.choice([code, code, "90", "353", "380", "800", "882", "30", "40", "3", "5", "9", "999", "0"])
        prefix = rng.choice(["+", "00", "+ ", "00 ", "+0", "000"])
        body = rng.choice("123456789" if rng.random() < 0.8 else "0") + _digits(rng, rng.randint(5, 11))
        sep = rng.choice(["", " ", " ", "-", "/", "."])
        if sep and len(code) > 1 and rng.random() < 0.2:
            code = code[0] + sep + code[1:]  # a separator inside the calling code
        out.append(prefix + code + sep + body)
    return [*out, "0800 12345", "00800 1234567", "+359 2 987 6543", "02 987 6543", "070012345", "090123456"]


def iban_like(rng: random.Random) -> list[str]:
    out = []
    templates = {
        "BG": lambda: "BNBG" + _digits(rng, 6) + _digits(rng, 8),
        "DE": lambda: _digits(rng, 18),
        "FR": lambda: _digits(rng, 10) + "".join(rng.choice("ABCDEFG0123456789") for _ in range(11)) + _digits(rng, 2),
        "ES": lambda: _digits(rng, 20),
        "NL": lambda: "ABNA" + _digits(rng, 10),
        "GB": lambda: "NWBK" + _digits(rng, 14),
        "BE": lambda: _digits(rng, 12),
        "XX": lambda: _digits(rng, 16),
        # the check digits hold over a BBAN longer than the country's: a match that swallowed the next word
        "RO": lambda: "MWSU" + _digits(rng, 16) + rng.choice(["PASS", "PORT", "", "NIF1"]),
        "BG ": lambda: "BNBG" + _digits(rng, 14) + rng.choice(["ABCD", "12", ""]),
    }
    for _ in range(4000):
        cc = rng.choice(list(templates))
        bban = templates[cc]()
        cc = cc.strip()
        check = std_iban.calc_check_digits(cc + "00" + bban) if rng.random() < 0.7 else _digits(rng, 2)
        number = cc + check + bban
        if rng.random() < 0.1:  # one digit changed
            i = rng.randrange(4, len(number))
            number = number[:i] + str((int(number[i]) + 1) % 10 if number[i].isdigit() else 0) + number[i + 1 :]
        if rng.random() < 0.5:
            number = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
        out.append(number)
    return [*out, "BG80 BNBG 9661 1020 3456 78", "BG80BNBG96611020345678", "bg80bnbg96611020345678"]


def date_like(rng: random.Random) -> list[str]:
    out = []
    for _ in range(6000):
        year, month, day = _dates(rng)
        form = rng.choice(["{y}-{m:02d}-{d:02d}", "{y}-{m}-{d}", "{d:02d}.{m:02d}.{y}", "{d}/{m}/{y}", "{d}-{m}-{y}"])
        text = form.format(y=year, m=month, d=day)
        text += rng.choice(["", "", " 12:30", "T08:15:00", " г.", "г.", "."])
        out.append(text)
    return [*out, "2024-02-29", "2023-02-29", "1900-01-01", "1899-12-31", "01.02/2000", "0000-01-01"]


def email_like(rng: random.Random) -> list[str]:
    locals_ = ["ivan", "i.petrov", ".ivan", "ivan.", "i..p", "a+b", "x" * 65, "мария"]
    domains = ["example.bg", "mail.example.com", "-bad.bg", "x.y", "sofia.bg", "a..b.bg", "ex-ample.eu"]
    return [f"{rng.choice(locals_)}@{rng.choice(domains)}" for _ in range(3000)] + ["no-at-sign.bg"]


def postcode_like(rng: random.Random) -> list[str]:
    return [_digits(rng, 4) for _ in range(2000)] + ["1000", "9999", "0999"]


def address_like(rng: random.Random) -> list[str]:
    parts = ["ул. Шипка", "бул. Витоша", "№ 12", "бл. 5", "12", "ж.к. Люлин", "ет. ٣", "Ⅻ"]
    return [" ".join(rng.sample(parts, rng.randint(1, 3))) for _ in range(2000)]


def _dated(rng: random.Random, day_first: bool = False) -> str:
    """Six digits of a date (year, month, day; or day, month, year), a share of them no date at all."""
    year, month, day = _dates(rng)
    month += rng.choice([0, 0, 0, 20, 40, 60, 80])
    parts = (day, month % 100, year % 100) if day_first else (year % 100, month % 100, day)
    return "".join(f"{p:02d}" for p in parts)


def eleven_digits(rng: random.Random) -> list[str]:
    """Eleven-digit numbers: random ones, and a share right for each country's check (PESEL, OIB, Steuer-ID, AMKA,
    isikukood / asmens kodas, fødselsnummer, numéro national), with dates in their places and off them."""
    from stdnum import luhn
    from stdnum.ee import ik
    from stdnum.iso7064 import mod_11_10
    from stdnum.no import fodselsnummer
    from stdnum.pl import pesel

    out = [_digits(rng, 11) for _ in range(2000)]
    for _ in range(700):
        body = _dated(rng) + _digits(rng, 4)
        out.append(body + pesel.calc_check_digit(body))
        body = _digits(rng, 10)
        out.append(body + mod_11_10.calc_check_digit(body))
        distinct = rng.sample("0123456789", 9)
        ten = distinct + [rng.choice(distinct)] * rng.choice([1, 1, 2, 3])
        body = "".join(rng.sample(ten, len(ten)))[:10]
        out.append(body + mod_11_10.calc_check_digit(body))
        body = _dated(rng, day_first=True) + _digits(rng, 4)
        out.append(body + luhn.calc_check_digit(body))
        body = rng.choice("0123456789") + _dated(rng) + _digits(rng, 3)
        out.append(body + ik.calc_check_digit(body + "0"))
        day = rng.choice([rng.randint(1, 31), rng.randint(41, 71), rng.randint(80, 99)])
        month = rng.choice([rng.randint(1, 12), rng.randint(41, 52), rng.randint(0, 99)])
        body = f"{day:02d}{month:02d}{_digits(rng, 5)}"
        first = fodselsnummer.calc_check_digit1(body)
        out.append(body + first + fodselsnummer.calc_check_digit2(body + first) if len(first) == 1 else body + "00")
        body = _dated(rng) + _digits(rng, 3)
        out.append(body + f"{97 - int(rng.choice(['', '2']) + body) % 97:02d}")
    return [
        *out,
        "00000000000",
        "00000000097",
        "99999999999",
        "12345678903",
        "02070803628",
        "1234567890",
        "12 3456 7890",
    ]


def thirteen_digits(rng: random.Random) -> list[str]:
    """Thirteen-digit numbers: random ones, CNPs (their counties and check) and EMŠOs, right and wrong."""
    from stdnum.ro import cnp
    from stdnum.si import emso

    out = [_digits(rng, 13) for _ in range(2000)]
    for _ in range(1500):
        body = rng.choice("0123456789") + _dated(rng) + f"{rng.choice([rng.randint(1, 52), rng.randint(0, 99)]):02d}"
        body += _digits(rng, 3)
        out.append(body + rng.choice([cnp.calc_check_digit(body), _digits(rng, 1)]))
        body = _dated(rng, day_first=True)[:4] + rng.choice(["9", "0", "8"]) + _digits(rng, 7)
        out.append(body + rng.choice([emso.calc_check_digit(body), _digits(rng, 1)]))
    # 29 February of 1800 and 2800 (year digits 800: the 1800s, a year not leap), 1900 and 2000
    out += [body + emso.calc_check_digit(body) for body in ("290280050500", "290290050500", "290200050500")]
    return [*out, "1960229123455", "5000229123450", "0000000000000", "123456789012"]


def card_like(rng: random.Random) -> list[str]:
    """Card-shaped numbers of 12–20 digits, written plainly, in groups or with letters, of issuers and of none."""
    from stdnum import luhn

    out = []
    for _ in range(5000):
        prefix = rng.choice(["4", "51", "55", "2221", "2720", "2721", "34", "37", "6011", "65", "644", "36", "300",
                             "3528", "3589", "50", "6304", "676770", "1", "9", "0", "7"])  # fmt: skip
        body = prefix + _digits(rng, rng.randint(12, 19) - len(prefix))
        number = body + rng.choice([luhn.calc_check_digit(body), _digits(rng, 1)])
        if rng.random() < 0.4:
            sep = rng.choice([" ", "-", "  ", ".", "/"])
            number = sep.join(number[i : i + 4] for i in range(0, len(number), 4))
        if rng.random() < 0.03:
            number = rng.choice(["x", "No ", "(", "٣"]) + number
        out.append(number)
    # one digit over and over passes Luhn at some lengths: no card number for all that
    return [*out, "4111111111111111", "4111 1111 1111 1111", "44444444444444444", "6666666666666", "0000000000000000"]


def ipv4_like(rng: random.Random) -> list[str]:
    def octet() -> str:
        return rng.choice(
            [str(rng.randint(0, 255))] * 8 + [str(rng.randint(0, 999)), f"0{rng.randint(0, 99)}", "", "٣"]
        )

    out = [".".join(octet() for _ in range(rng.choice([4, 4, 4, 3, 5]))) for _ in range(4000)]
    return [*out, "1.2.3.4", "255.255.255.255", "256.1.1.1", "01.2.3.4", " 1.2.3.4", "1.2.3.4\n", "1.2.3.4/24"]


def swedish_like(rng: random.Random) -> list[str]:
    """Swedish personnummer (``YYMMDD-NNNN``, ``+`` for a century before, ``YYYYMMDD-NNNN``), right and wrong,
    around this year's two digits, and a few other separators."""
    from stdnum import luhn

    now = dt.date.today().year % 100
    out = []
    for _ in range(4000):
        year, month, day = _dates(rng)
        yy = rng.choice([year % 100, now, (now + 1) % 100, (now - 1) % 100])
        body = f"{yy:02d}{month:02d}{day:02d}{_digits(rng, 3)}"
        number = body + rng.choice([luhn.calc_check_digit(body), _digits(rng, 1)])
        sign = rng.choice("-+" * 20 + ":x")
        out.append(rng.choice([number[:6] + sign + number[6:], f"{year // 100:02d}{number[:6]}{sign}{number[6:]}"]))
    # 29 February of the year 00: 2000 with a dash (a leap year), 1900 with a plus (none)
    leap = [f"000229{sign}{n}{luhn.calc_check_digit('000229' + n)}" for sign in "-+" for n in ("123", "456", "780")]
    return [*out, *leap, "670923-8148", "19670923-8148", "670923+8148", "6709238148", "00000000-0000"]


def finnish_like(rng: random.Random) -> list[str]:
    """Finnish HETU (``DDMMYYCZZZQ``, any case), right and wrong: every century sign, individual numbers at the
    edges of their range."""
    from stdnum.fi import hetu

    out = []
    for _ in range(4000):
        year, month, day = _dates(rng)
        individual = rng.choice([0, 1, 2, 899, 900, 999, rng.randint(0, 999)])
        nine = f"{day:02d}{month:02d}{year % 100:02d}{individual:03d}"
        control = rng.choice([hetu._calc_checksum(nine), rng.choice("0123456789ABCDEFGHIJKLMNPRSTUVWXYZ")])
        number = nine[:6] + rng.choice("+-ABCDEFYXWVUGZ") + nine[6:] + control
        out.append(_any_case(rng, number))
    return [*out, "131052-308T", "131052A308T", "311299A0020", "131052-308"]


def dni_like(rng: random.Random) -> list[str]:
    """DNI numbers (``12345678Z``), the letter right or wrong, in either case."""
    from stdnum.es import dni

    out = []
    for _ in range(4000):
        body = _digits(rng, 8)
        number = body + rng.choice([dni.calc_check_digit(body), rng.choice("ABCTRWZ0 -")])
        if rng.random() < 0.1:  # a letter among the digits: no DNI, whatever the last letter
            i = rng.randrange(8)
            number = number[:i] + rng.choice("ABXZ") + number[i + 1 :]
        out.append(_any_case(rng, number))
    return [*out, "12345678Z", "12345678z", "1234567-Z", "12345678 ", "X1234567L"]


def nie_like(rng: random.Random) -> list[str]:
    """NIE numbers (``X1234567L``), the first letter and the last right or wrong, in either case."""
    from stdnum.es import nie

    out = []
    for _ in range(4000):
        body = rng.choice("XYZXYZA0") + _digits(rng, 7)
        letter = nie.calc_check_digit(body) if body[0] in "XYZ" else "T"
        number = body + rng.choice([letter, rng.choice("ABCTRWZ0 -")])
        out.append(_any_case(rng, number))
    return [*out, "X1234567L", "x1234567l", "X-1234567L", "12345678Z"]


def nir_like(rng: random.Random) -> list[str]:
    """French NIRs: Corsican departments (2A, 2B) among the numbered ones, written plainly or in groups, the key
    right or wrong."""
    from stdnum.fr import nir

    out = []
    for _ in range(4000):
        department = rng.choice([_digits(rng, 2), "2A", "2B", "2a", "2C", "3A"])
        body = rng.choice("12") + _digits(rng, 4) + department + _digits(rng, 6)
        key = (
            nir.calc_check_digits(body.upper()) if department.upper() in ("2A", "2B") or department.isdigit() else "00"
        )
        number = body + rng.choice([key, _digits(rng, 2)])
        if rng.random() < 0.4:
            cuts = (1, 3, 5, 7, 10, 13)
            separator = rng.choice([" ", " ", "."])
            number = separator.join(number[a:b] for a, b in zip((0, *cuts), (*cuts, 15), strict=True))
        out.append(number)
    return [*out, "1 85 05 78 006 084 36", "185057800608436", "2850578006084 3", "185.05.78.006.084.36"]


def codice_like(rng: random.Random) -> list[str]:
    """Codici fiscali: letters standing for digits, women's days (plus 40), the check letter right or wrong."""
    from stdnum.it import codicefiscale

    def date_digit() -> str:
        return rng.choice("0123456789" * 3 + "LMNPQRSTUV")

    out = []
    for _ in range(4000):
        name = "".join(rng.choice("BCDFGHLMNPRSTVZAEIOUX") for _ in range(6))
        day = rng.choice([rng.randint(1, 31), rng.randint(41, 71), 0, 32])
        body = (name + date_digit() + date_digit() + rng.choice("ABCDEHLMPRSTFZ") + f"{day:02d}"
                + rng.choice("ABDEFGHLMZ") + date_digit() + date_digit() + date_digit())  # fmt: skip
        number = body + rng.choice([codicefiscale.calc_check_digit(body), rng.choice("ABCXYZ")])
        out.append(_any_case(rng, number))
    return [*out, "RCCMNL83S18D969H", "RCCMNL83S58D969D", "MRTMTT91D08F205J", "RCCMNL83S18D96"]


def pps_like(rng: random.Random) -> list[str]:
    """Irish PPS numbers: the old form and the 2013 one, whose last letter (A, B or H) the check counts."""
    from stdnum.ie import vat

    out = []
    for _ in range(4000):
        digits = _digits(rng, 7)
        last = rng.choice(["", "", "A", "B", "H", "W", "T", "X", "Y"])
        check = vat.calc_check_digit(digits + (last if last in ("A", "B", "H") else ""))
        number = digits + rng.choice([check, rng.choice("ABWXYZ")]) + last
        out.append(_any_case(rng, number))
    return [*out, "6433435F", "6433435FT", "6433435OA", "6433435", "6433435F W"]


def ipv6_like(rng: random.Random) -> list[str]:
    """IPv6 addresses in full, shortened (``::``), with an IPv4 tail or a zone; groups too long or not hex."""
    out = []
    for _ in range(4000):
        groups = [f"{rng.randint(0, 65535):0{rng.choice([1, 2, 4])}x}" for _ in range(rng.choice([8, 8, 8, 7, 9]))]
        if rng.random() < 0.1:
            groups[rng.randrange(len(groups))] = rng.choice(["12345", "g1", "", "FFFF", "0000"])
        text = ":".join(groups)
        if rng.random() < 0.5:  # a run of groups (perhaps none, perhaps two runs) shortened to "::"
            start = rng.randrange(len(groups) + 1)
            end = rng.randint(start, min(len(groups), start + rng.choice([0, 1, 2, 3, 7, 8])))
            text = ":".join(groups[:start]) + "::" + ":".join(groups[end:])
            if rng.random() < 0.05:
                text = text.replace(":", "::", 1) if rng.random() < 0.5 else text + "::1"
        if rng.random() < 0.1:
            text = rng.choice(["::1", "fe80::1%eth0", "::ffff:192.0.2.1", "2001:db8::", text.upper(), f" {text}"])
        out.append(text)
    return [*out, "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "12:30", "::", ":::", "1::2::3", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", ":1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:"]  # fmt: skip


def coordinate_like(rng: random.Random) -> list[str]:
    """Latitudes, longitudes and pairs near and past their ranges' edges, other separators and number forms."""

    def number() -> str:
        value = rng.choice([rng.uniform(-200, 200), rng.uniform(-95, 95), 90.0, -90.0, 180.0, 180.00001, -180.0])
        return f"{value:.{rng.randint(4, 8)}f}"

    out = []
    for _ in range(4000):
        separator = rng.choice([", ", ",", ";", " ; ", " ,  ", ",\t", " "])
        out.append(rng.choice([number(), number() + separator + number()]))
    return [*out, "42.6977, 23.3219", "90.00001, 0.0000", "1e5", "+42.6977", "042.6977", "1234.5678"]


def plate_like(rng: random.Random) -> list[str]:
    """Plates in Cyrillic, in Latin look-alikes and mixed, known and unknown areas, lower case and other spacing."""
    out = []
    for _ in range(4000):
        area = rng.choice(["СА", "CA", "СA", "С", "C", "ВТ", "BT", "PB", "РВ", "ЕН", "EH", "ЯА", "QA", "СЯ", "ХХ", "А"])
        series = rng.choice(["АВ", "AB", "X", "ТТ", "KX", "ЯЯ"])
        plate = area + rng.choice(["", " "]) + _digits(rng, 4) + rng.choice(["", " "]) + series
        out.append(plate.lower() if rng.random() < 0.05 else plate)
    return [*out, "СА 1234 АВ", "CA1234AB", "  CA1234AB ", "CA 12345 AB", "В1234ВВ", "CA1234ABC", "СА 1234 АВ 5"]


def place_like(rng: random.Random) -> list[str]:
    """Known place names and made-up ones, in any case, their spaces doubled or turned into tabs or file separators,
    padded; some with letters outside ASCII and Cyrillic ("ß", Greek, a dotted İ, a no-break space), which the fast
    path leaves to Python."""
    from rightskit.detect.places import place_names

    known = list(place_names())
    syllables = ["so", "fi", "pl", "ov", "di", "ва", "рна", "бур", "гас", "ta", "ro", "ne"]
    out = []
    for _ in range(3000):
        name = (
            rng.choice(known)
            if rng.random() < 0.5
            else " ".join(
                "".join(rng.choice(syllables) for _ in range(rng.randint(1, 3))).capitalize()
                for _ in range(rng.randint(1, 3))
            )
        )
        name = rng.choice([name, name.upper(), name.lower(), name.swapcase()])
        name = name.replace(" ", rng.choice([" ", "  ", "\t", "\x1c", " \n"]))
        out.append(rng.choice(["", " ", "\t"]) + name + rng.choice(["", " ", "\r\n"]))
    return [*out, "Straße", "İstanbul", "Αθήνα", "Sofia\u00a0City", "", "x"]


def full_name_like(rng: random.Random) -> list[str]:
    """Full names as registers write them (Faker's lists of eight locales, independent of the lexicons): given and
    family, family first, three words, in capitals, with a particle or a title, a firm's legal form after them; and
    places, streets and firms written like names."""
    from faker import Faker

    fakers = [Faker(locale) for locale in ("bg_BG", "en_GB", "de_DE", "it_IT", "pl_PL", "nl_NL", "tr_TR", "el_GR")]
    for k, faker in enumerate(fakers):
        faker.seed_instance(rng.randint(0, 10**6) + k)
    out = []
    for _ in range(4000):
        faker = rng.choice(fakers)
        given, family = faker.first_name(), faker.last_name()
        name = rng.choice([f"{given} {family}", f"{family} {given}", f"{given} {faker.first_name()} {family}",
                           f"{given} {family.upper()}", f"{given} van {family}", f"Dr {given} {family}",
                           f"{given} {family} Ltd", f"{given} {family} Oy", faker.city(), faker.street_name(),
                           faker.company(), f"{given} {faker.city()}", f"San {family}", f"Gorna {given}",
                           f"{given} {family}ovo", f"{given} {family}ево"])  # fmt: skip
        out.append(name)
    written = ["Stara Zagora", "Veliko Tarnovo", "Ivan Petrov", "Петров Иван", "Тилиана Бобева", "Main Street"]
    places = ["Coral Springs", "Santa Cruz", "Горна Малина", "Георги Добрево", "Maple Grove", "Kings Lynn"]
    return [*out, *written, *places, "Света Петрова", "Malka Cohen", "Ste Jones", "Марсел Прево", "Jean Provo"]


def test_the_place_check_reads_only_characters_that_python_folds_as_arrow_lowers_them() -> None:
    """Every character of the class the vectorised place check reads: Python's case folding is Arrow's lower case,
    one for one, and none but ASCII's is white space to Python; just outside it, "ß", "İ", "ŉ" and "ſ" fold otherwise."""
    import pyarrow.compute as pc

    from rightskit.detect.fast_validators import _FOLDED_AS_LOWERED

    every = [chr(c) for c in range(0x500)]
    inside = np.array(every, dtype=object)[_mask_of(every, f"^[{_FOLDED_AS_LOWERED}]$")].tolist()
    assert len(inside) > 550
    lowered = pc.utf8_lower(pa.array(inside, pa.string())).to_pylist()
    assert [c for c, low in zip(inside, lowered, strict=True) if c.casefold() != low] == []
    assert [c for c in inside if c.isspace() and not c.isascii()] == []
    outside = set(every) - set(inside)
    assert {"ß", "İ", "ŉ", "ſ"} <= outside
    folded = pc.utf8_lower(pa.array(list("ßİŉſ"))).to_pylist()
    assert all(c.casefold() != low for c, low in zip("ßİŉſ", folded, strict=True))


def _mask_of(values: list[str], pattern: str) -> np.ndarray:
    import pyarrow.compute as pc

    return pc.match_substring_regex(pa.array(values, pa.string()), pattern).to_numpy(zero_copy_only=False)


def citizen_card_like(rng: random.Random) -> list[str]:
    """Portuguese citizen card numbers, grouped or not, the letters in either case, the check digit right or
    wrong."""
    from stdnum.pt import cc

    out = []
    for _ in range(4000):
        body = _digits(rng, 9) + "".join(rng.choice("ABCXYZ0123456789") for _ in range(2))
        number = body + rng.choice([cc.calc_check_digit(body), _digits(rng, 1)])
        if rng.random() < 0.4:
            number = f"{number[:8]} {number[8]} {number[9:]}"
        out.append(_any_case(rng, number))
    return [*out, "00000000 0 ZZ4", "000000000ZZ4", "00000000 0 ZZ5", "0000000-0ZZ4"]


def separated(generate: Callable[[random.Random], list[str]], separators: str) -> Callable[[random.Random], list[str]]:
    """``generate``'s numbers, half of them written with ``separators`` between their digits (one or two, anywhere),
    and a few with a character no compaction drops."""

    def written(rng: random.Random) -> list[str]:
        out = []
        for value in generate(rng):
            if rng.random() < 0.5:
                for _ in range(rng.choice([1, 1, 2])):
                    i = rng.randrange(len(value) + 1)
                    value = value[:i] + rng.choice(separators) + value[i:]
            if rng.random() < 0.02:
                value = value[:4] + rng.choice("_,٣") + value[4:]
            out.append(value)
        return out

    written.__name__ = f"{generate.__name__}_separated"
    return written


CASES: list[tuple[str, Callable[[random.Random], list[str]], float]] = [
    # (validator, candidate generator, least share of candidates the fast path must decide)
    ("bg_egn", egn_like, 0.99),
    ("bg_lnch", egn_like, 0.99),
    ("stdnum:cz.rc", separated(cz_like, " /"), 0.97),
    ("stdnum:dk.cpr", separated(cpr_like, " -"), 0.97),
    ("stdnum:at.vnr", separated(egn_like, " "), 0.97),
    ("stdnum:nl.bsn", nine_digits, 0.99),
    ("stdnum:bg.vat", nine_digits, 0.99),
    ("phone", phone_like, 0.6),
    ("iban", iban_like, 0.5),
    ("birth_date", date_like, 0.7),
    ("email", email_like, 1.0),
    ("bg_postcode", postcode_like, 0.85),
    ("street_address", address_like, 0.4),
    ("credit_card", card_like, 0.99),
    ("ipv4", ipv4_like, 0.99),
    ("stdnum:pl.pesel", eleven_digits, 0.99),
    ("stdnum:hr.oib", eleven_digits, 0.99),
    ("stdnum:de.idnr", eleven_digits, 0.99),
    ("stdnum:gr.amka", eleven_digits, 0.99),
    ("stdnum:ee.ik", eleven_digits, 0.99),
    ("stdnum:lt.asmens", eleven_digits, 0.99),
    ("stdnum:no.fodselsnummer", separated(eleven_digits, " -:"), 0.97),
    ("stdnum:be.nn", separated(eleven_digits, " -."), 0.97),
    ("stdnum:ro.cnp", thirteen_digits, 0.99),
    ("stdnum:si.emso", thirteen_digits, 0.99),
    ("stdnum:se.personnummer", swedish_like, 0.95),
    ("stdnum:fi.hetu", finnish_like, 0.99),
    ("stdnum:es.dni", dni_like, 0.85),
    ("stdnum:es.nie", nie_like, 0.85),
    ("stdnum:fr.nir", nir_like, 0.99),
    ("stdnum:it.codicefiscale", codice_like, 0.99),
    ("stdnum:ie.pps", pps_like, 0.99),
    ("stdnum:pt.cc", citizen_card_like, 0.99),
    ("ipv6", ipv6_like, 0.5),
    ("coordinate", coordinate_like, 0.8),
    ("bg_plate", plate_like, 0.55),
    ("place", place_like, 0.9),
    ("person_name", full_name_like, 0.1),
]


@pytest.mark.parametrize(("name", "generate", "least_decided"), CASES, ids=[c[0] for c in CASES])
def test_fast_validator_agrees_with_the_reference(name: str, generate, least_decided: float) -> None:
    options = {"phone_regions": ["BG"]}
    fast = get_batch_validator(name, options)
    assert fast is not None
    reference = get_validator(name, options)
    values = generate(random.Random(11))
    verdicts = fast(pa.array(values, pa.string()))
    assert verdicts.dtype == np.int8 and len(verdicts) == len(values)
    decided = verdicts != UNDECIDED
    assert decided.mean() >= least_decided
    disagree = [
        (v, int(f)) for v, f in zip(values, verdicts, strict=True) if f != UNDECIDED and (f == VALID) != reference(v)
    ]
    assert disagree == []
    # Both outcomes occur, so agreement is not a constant answer.
    assert (verdicts == VALID).any()
    assert name in ("bg_postcode", "street_address", "ipv6", "person_name") or (verdicts == INVALID).any()


def _check_digits_of(name: str) -> Callable[[str], str]:
    """python-stdnum's check digits for a body of digits, by validator name."""
    from stdnum import luhn
    from stdnum.bg import egn
    from stdnum.ee import ik
    from stdnum.no import fodselsnummer
    from stdnum.pl import pesel
    from stdnum.ro import cnp

    return {
        "bg_egn": egn.calc_check_digit,
        "stdnum:pl.pesel": pesel.calc_check_digit,
        "stdnum:ro.cnp": cnp.calc_check_digit,
        "stdnum:gr.amka": luhn.calc_check_digit,
        "stdnum:ee.ik": ik.calc_check_digit,
        "stdnum:lt.asmens": ik.calc_check_digit,
        "stdnum:cz.rc": lambda body: str(int(body) % 11 % 10),  # python-stdnum's rule, which it does not expose
        "stdnum:no.fodselsnummer": lambda body: (
            (first := fodselsnummer.calc_check_digit1(body)) + fodselsnummer.calc_check_digit2(body + first)
        ),
    }[name]


@pytest.mark.parametrize(
    ("name", "body"),
    [("bg_egn", 9), ("stdnum:pl.pesel", 10), ("stdnum:ro.cnp", 12), ("stdnum:gr.amka", 10), ("stdnum:ee.ik", 10),
     ("stdnum:lt.asmens", 10), ("stdnum:no.fodselsnummer", 9), ("stdnum:cz.rc", 9)],
)  # fmt: skip
def test_numbers_whose_check_digits_hold_are_still_asked_their_birth_date(name: str, body: int) -> None:
    """Bodies of random digits with the right check digits: the checks read a birth date only where the check digits
    hold, and here they hold for every number, so every date is read, most of them impossible."""
    fast = get_batch_validator(name)
    reference = get_validator(name)
    assert fast is not None
    rng = random.Random(61)
    check_digits = _check_digits_of(name)
    values = []
    for _ in range(2000):
        digits = _digits(rng, body)
        number = digits + check_digits(digits)  # a Norwegian check of 10 makes one digit too many: left out
        if len(number) == body + (2 if name == "stdnum:no.fodselsnummer" else 1):
            values.append(number)
    verdicts = fast(pa.array(values, pa.string()))
    assert [(v, int(f)) for v, f in zip(values, verdicts, strict=True) if (f == VALID) != reference(v)] == []
    assert (verdicts == VALID).any() and (verdicts == INVALID).mean() > 0.3


def test_most_plain_full_names_are_named_without_python() -> None:
    """Given and family names of English, Bulgarian and Italian registers, two or three words, every one distinct:
    most are decided from what their words are, each word asked once, and each so decided is a name to the
    reference."""
    from faker import Faker

    names: set[str] = set()
    for k, locale in enumerate(("en_GB", "bg_BG", "it_IT")):
        faker = Faker(locale)
        faker.seed_instance(71 + k)
        while len(names) < 3000 * (k + 1):
            given, family = faker.first_name(), faker.last_name()
            names.add(f"{given} {family}" if len(names) % 3 else f"{given} {faker.first_name()} {family}")
    values = sorted(names)
    fast = get_batch_validator("person_name")
    reference = get_validator("person_name")
    assert fast is not None
    verdicts = fast(pa.array(values, pa.string()))
    assert [v for v, f in zip(values, verdicts, strict=True) if f == VALID and not reference(v)] == []
    assert (verdicts == VALID).mean() > 0.6
    # Each road of the name score: a given name and a known part, a surname's ending before a given name, an unlisted
    # given name before Bulgarian surnames; a place is none
    written = ["Ivan Petrov", "Kostov Maria", "Тилиана Бобева", "Stara Zagora", "Dr Ivan", "Hans-Peter Schmidt"]
    assert fast(pa.array(written, pa.string())).tolist() == [VALID, VALID, VALID, UNDECIDED, UNDECIDED, VALID]
    assert [reference(v) for v in written] == [True, True, True, False, True, True]
    # A place by its first word, its last word or as a whole (``_names_a_place``) is left to the reference, which
    # reads no name in it
    places = ["Saint Maria", "Горна Мария", "Иван Петрово", "Maple Grove"]
    assert fast(pa.array(places, pa.string())).tolist() == [UNDECIDED] * 4
    assert [reference(v) for v in places] == [False] * 4


def test_phone_with_several_regions_leaves_national_numbers_it_rejects_to_the_next_region() -> None:
    fast = get_batch_validator("phone", {"phone_regions": ["BG", "RO"]})
    assert fast is not None
    verdicts = fast(pa.array(["0881234567", "0212345678", "+359881234567", "+40212345678", "+40 2123"]))
    # A number after "+" has its country in it, whichever region comes first: Romania's patterns decide it
    assert verdicts.tolist() == [VALID, UNDECIDED, VALID, VALID, INVALID]


def test_other_countries_numbers_are_decided_by_their_own_patterns_only_where_the_parse_is_plain() -> None:
    """A calling code gets the verdict of its region ("+49", "0040") or of the one of its regions that claims the
    number ("+44": GB, GG, IM or JE); a "0" after the code, a "+0" and the non-geographic "+800" stay
    libphonenumber's; digits that no calling code starts are no number."""
    fast = get_batch_validator("phone", {"phone_regions": ["BG"]})
    assert fast is not None
    values = ["+49 30 901820", "0049 30 901820", "+49 301", "+44 20 7946 0958", "+49 030 901820", "+0 30 901820",
              "+800 1234 5678", "+422 1234567", "0042210999"]  # fmt: skip
    verdicts = fast(pa.array(values))
    assert verdicts.tolist() == [VALID, VALID, INVALID, VALID, UNDECIDED, UNDECIDED, UNDECIDED, INVALID, INVALID]
    reference = get_validator("phone", {"phone_regions": ["BG"]})
    assert [reference(v) for v in values] == [True, True, False, True, True, False, True, False, False]


_ABROAD_REGIONS = [
    "AT",
    "BE",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
    "GB",
    "US",
    "RU",
    "TR",
    "CH",
    "NO",
    "RS",
    "UA",
    "MK",
    "AL",
]


def abroad_like(rng: random.Random, per_region: int) -> list[str]:
    """Other countries' numbers as people write them: each region's example numbers of every type with their last
    digits drawn anew, some a digit longer or shorter, some starting with the national prefix after the code ("+36
    06 …", "+370 8 …", "+352 15…"), after "+" or "00", grouped or not."""
    import phonenumbers

    out = []
    for region in _ABROAD_REGIONS:
        code = str(phonenumbers.country_code_for_region(region))
        examples = [
            phonenumbers.national_significant_number(n)
            for t in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE,
                      phonenumbers.PhoneNumberType.TOLL_FREE, phonenumbers.PhoneNumberType.VOIP)
            if (n := phonenumbers.example_number_for_type(region, t)) is not None
        ]  # fmt: skip
        for _ in range(per_region):
            nsn = rng.choice(examples)
            nsn = nsn[: max(1, len(nsn) - 4)] + _digits(rng, rng.choice([3, 4, 4, 4, 5]))
            if rng.random() < 0.08:
                nsn = rng.choice(["06", "8", "0", "15", "150", "1511", "9"]) + nsn[1:]
            prefix = rng.choice(["+", "+", "00", "+ "]) + code
            sep = rng.choice(["", " ", "-"])
            body = " ".join([nsn[:3], nsn[3:]]) if sep == " " else nsn
            out.append(prefix + sep + body)
    return out


def _phones_judged_alike(values: list[str], regions: tuple[str, ...] = ("BG",)) -> np.ndarray:
    """The phone check's verdicts on ``values`` all at once, held equal to its verdicts fifty at a time (each calling
    code's numbers below ``_ABROAD_IN_RE2_FROM``: Python's ``re`` one by one) and to libphonenumber's wherever they
    decide."""
    fast = get_batch_validator("phone", {"phone_regions": list(regions)})
    assert fast is not None
    reference = get_validator("phone", {"phone_regions": list(regions)})
    together = fast(pa.array(values, pa.string()))
    one_by_one = np.concatenate([fast(pa.array(values[i : i + 50], pa.string())) for i in range(0, len(values), 50)])
    assert together.tolist() == one_by_one.tolist()
    disagree = [
        (v, int(f)) for v, f in zip(values, together, strict=True) if f != UNDECIDED and (f == VALID) != reference(v)
    ]
    assert disagree == []
    return together


def test_other_countries_numbers_are_decided_alike_one_by_one_and_many_together() -> None:
    """Each calling code's numbers checked by RE2 all at once (from ``_ABROAD_IN_RE2_FROM`` of them) agree with
    the same check one number at a time, and with libphonenumber wherever they decide; a national prefix that
    libphonenumber may strip ("06" in Hungary, "8" in Lithuania, "15…" in Luxembourg) leaves the number to it; a "0"
    after the code that no such prefix takes (Italy's fixed lines) is decided."""
    from rightskit.detect.fast_validators import _ABROAD_IN_RE2_FROM

    fast = get_batch_validator("phone", {"phone_regions": ["BG"]})
    assert fast is not None
    reference = get_validator("phone", {"phone_regions": ["BG"]})
    per_region = _ABROAD_IN_RE2_FROM + 50
    values = abroad_like(random.Random(29), per_region)
    together = _phones_judged_alike(values)
    by_region = together.reshape(len(_ABROAD_REGIONS), per_region)
    decided = dict(zip(_ABROAD_REGIONS, (by_region != UNDECIDED).mean(axis=1).tolist(), strict=True))
    prefixed = {"LT": "8", "RU": "8"}  # toll-free numbers
    assert all(share > 0.9 for region, share in decided.items() if region not in prefixed), decided
    assert all(decided[region] > 0.5 for region in prefixed), decided
    # Calling codes of several regions: the one whose leading digits or patterns claim a number judges it
    claimed = ["+1 242 357 1234", "+1 212 555 0123", "+358 18 12345", "+358 40 1234567", "+39 312 345 6789",
               "+44 7624 123456", "+44 7911 123456", "+7 701 123 4567", "+7 912 345 6789", "+47 79 12 34 56",
               "+1 242 057 1234", "+358 18 1", "+44 7624 12345"]  # fmt: skip
    verdicts = fast(pa.array(claimed * _ABROAD_IN_RE2_FROM, pa.string()))[: len(claimed)]
    assert [int(v) for v in verdicts] == [VALID if reference(n) else INVALID for n in claimed]
    assert verdicts.tolist() == fast(pa.array(claimed, pa.string())).tolist()
    assert (together == VALID).mean() > 0.3 and (together == INVALID).mean() > 0.05


def test_a_zero_after_every_calling_code_gets_libphonenumbers_verdict() -> None:
    """A "0" after the calling code: libphonenumber strips it where it is the national prefix for parsing (such a
    number stays libphonenumber's), and keeps it as an Italian leading zero where nothing takes it ("+39 06 …",
    "+30 0…"). Numbers of every calling code, from its regions' examples or drawn, all start so; Italy's and
    Greece's are enough to be checked by RE2 together."""
    import phonenumbers

    from rightskit.detect.fast_validators import _ABROAD_IN_RE2_FROM

    rng = random.Random(37)
    values = []
    for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items():
        if regions[0] == phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY:
            continue
        examples = [
            phonenumbers.national_significant_number(n)
            for r in regions
            for t in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)
            if (n := phonenumbers.example_number_for_type(r, t)) is not None
        ]
        for _ in range(_ABROAD_IN_RE2_FROM + 50 if code in (30, 39) else 60):
            if examples and rng.random() < 0.6:
                nsn = rng.choice(examples)
                nsn = nsn[:-3] + _digits(rng, rng.choice([2, 3, 3, 4]))
                nsn = nsn if nsn.startswith("0") else "0" + nsn[rng.choice([0, 1]) :]
            else:
                nsn = "0" + _digits(rng, rng.randint(3, 13))
            values.append(rng.choice(["+", "00", "+ "]) + str(code) + rng.choice(["", " "]) + nsn)
    together = _phones_judged_alike(values)
    italian = [v for v, f in zip(values, together, strict=True) if v.replace(" ", "").lstrip("+0").startswith("3906")]
    assert italian and all(f != UNDECIDED for v, f in zip(values, together, strict=True) if v in italian)
    assert (together != UNDECIDED).mean() > 0.4 and (together == VALID).sum() > 100


def test_numbers_of_every_calling_code_shared_by_regions_get_libphonenumbers_verdict() -> None:
    """Every calling code of several regions ("+1", "+7", "+44", "+47", "+358", …): numbers of each region's types,
    their last digits drawn anew, judged as libphonenumber judges them, by RE2 over a code's numbers together and
    one by one alike."""
    import phonenumbers

    from rightskit.detect.fast_validators import _ABROAD_IN_RE2_FROM

    rng = random.Random(31)
    types = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)
    values = []
    for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items():
        if len(regions) < 2 or regions[0] == phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY:
            continue
        examples = [
            phonenumbers.national_significant_number(n)
            for r in regions
            for t in types
            if (n := phonenumbers.example_number_for_type(r, t)) is not None
        ]
        for _ in range(_ABROAD_IN_RE2_FROM):
            nsn = rng.choice(examples)
            values.append(f"+{code} {nsn[:-3]}{_digits(rng, rng.choice([2, 3, 3, 3, 4]))}")
    together = _phones_judged_alike(values)
    assert (together != UNDECIDED).mean() > 0.8
    assert (together == VALID).mean() > 0.3 and (together == INVALID).mean() > 0.05


def test_a_numbering_plan_re2_cannot_read_is_checked_one_number_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Should a region's metadata hold a pattern RE2 refuses (a back-reference), its numbers are judged by Python's
    ``re`` one by one, with the verdicts RE2 would have given."""
    from rightskit.detect import fast_validators

    fast = get_batch_validator("phone", {"phone_regions": ["BG"]})
    assert fast is not None
    numbers = [f"+49 30 {_digits(random.Random(k), 6)}" for k in range(fast_validators._ABROAD_IN_RE2_FROM * 2)]
    numbers += ["+49 301", "+49 30 0"] * fast_validators._ABROAD_IN_RE2_FROM
    expected = fast(pa.array(numbers, pa.string())).tolist()
    original = fast_validators._national_parts
    unreadable = (r"^(\d)\1$", {})  # a back-reference: RE2 refuses it
    monkeypatch.setattr(fast_validators, "_national_parts", lambda r: unreadable if r == "DE" else original(r))
    assert fast(pa.array(numbers, pa.string())).tolist() == expected
    assert VALID in expected and INVALID in expected


def test_regions_whose_numbers_the_fast_path_cannot_parse_get_none() -> None:
    """A national prefix that libphonenumber rewrites (Guernsey's and Jersey's "([0-24-8]\\d{5})$|0" into "1481…")
    or a prefix for dialling abroad other than "00" (the United States' "011") leaves the home region's numbers to
    libphonenumber."""
    for region in ("GG", "JE", "IM", "US", "CA", "AR"):
        assert get_batch_validator("phone", {"phone_regions": [region]}) is None, region


def test_every_region_the_fast_path_takes_judges_as_libphonenumber_judges() -> None:
    """Each region whose numbers the fast path reads, as the home region: its own numbers and others' after "+",
    "00" or "0", and runs of digits after what some regions dial abroad with ("000", "001", "009", "01", "09":
    Hong Kong's "001…", Mexico's "09…" and Cape Verde's "0…" are numbers abroad there). Regions whose international
    prefix is not read as "00" (Israel's "012…" too) are left to libphonenumber."""
    import phonenumbers

    from rightskit.detect import fast_validators

    rng = random.Random(47)
    regions = [r for r in sorted(phonenumbers.SUPPORTED_REGIONS) if fast_validators.phone((r,)) is not None]
    assert len(regions) > 150 and {"BG", "IT", "FI", "DE"} <= set(regions)
    assert not {"HK", "MX", "CV", "KE", "IL"} & set(regions)
    types = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)
    disagree = []
    for home in regions:
        fast = get_batch_validator("phone", {"phone_regions": [home]})
        reference = get_validator("phone", {"phone_regions": [home]})
        assert fast is not None
        values = []
        for region in (home, home, rng.choice(regions)):
            examples = [phonenumbers.national_significant_number(n) for t in types
                        if (n := phonenumbers.example_number_for_type(region, t)) is not None]  # fmt: skip
            code = str(phonenumbers.country_code_for_region(region))
            for nsn in (rng.choice(examples)[:-3] + _digits(rng, 3) for _ in range(4)) if examples else ():
                values += [f"+{code} {nsn}", f"00{code}{nsn}", f"0{nsn}"]
        values += [rng.choice(["0", "00", "000", "001", "009", "01", "09"]) + _digits(rng, rng.randint(6, 12))
                   for _ in range(12)]  # fmt: skip
        verdicts = fast(pa.array(values, pa.string()))
        disagree += [
            (home, v) for v, f in zip(values, verdicts, strict=True) if f != UNDECIDED and (f == VALID) != reference(v)
        ]
    assert disagree == []


@pytest.mark.parametrize("region", ["HU", "LT", "LU", "GB", "CN", "LI", "FO", "CR"])
def test_the_national_prefix_is_taken_off_as_libphonenumbers_parse_takes_it_off(region: str) -> None:
    """Runs of digits that start with the region's national prefix for parsing or not, of every length: the digits
    ``_prefix_taken_off`` takes off are those libphonenumber's parse takes off (the prefix kept where the digits
    are a number of the region and what is left is not, or where what is left has a length the region has no
    number of, or dials only locally)."""
    import phonenumbers
    from phonenumbers import PhoneMetadata

    from rightskit.detect.fast_validators import _prefix_taken_off

    md = PhoneMetadata.metadata_for_region(region)
    code = str(md.country_code)
    rng = random.Random(53)
    starts = ["0", "06", "8", "180020", "1001", "15001", "15112", "11234", "1790", "19000", "101", "3", "6", "2", ""]
    digits, expected = [], []
    while len(digits) < 1500:
        number = rng.choice(starts) + _digits(rng, rng.randint(2, 13))
        if number.startswith(code) or not 2 <= len(number) <= 17:
            continue  # libphonenumber may read the region's calling code there
        try:
            parsed = phonenumbers.parse(number, region, keep_raw_input=True)
        except phonenumbers.NumberParseException:
            continue
        if parsed.country_code_source != phonenumbers.CountryCodeSource.FROM_DEFAULT_COUNTRY:
            continue
        digits.append(number)
        expected.append(len(number) - len(phonenumbers.national_significant_number(parsed)))
    taken = _prefix_taken_off(pa.array(digits, pa.string()), region)
    assert taken.tolist() == expected
    assert 0 < sum(1 for t in expected if t) < len(expected)


def _written_at_home_and_abroad(rng: random.Random, regions: list[str], per_region: int, odd: list[str]) -> list[str]:
    """Numbers of each of ``regions`` (their example numbers, the last digits drawn anew) after "+", "00" or a "0"
    (a "0" after the code too), with a space or not, or standing alone; and runs of digits after ``odd`` starts."""
    import phonenumbers

    types = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)
    values = []
    for region in regions:
        examples = [phonenumbers.national_significant_number(n) for t in types
                    if (n := phonenumbers.example_number_for_type(region, t)) is not None]  # fmt: skip
        code = str(phonenumbers.country_code_for_region(region))
        for _ in range(per_region):
            nsn = rng.choice(examples)
            nsn = nsn[:-4] + _digits(rng, rng.choice([3, 4, 4, 5]))
            form = rng.random()
            if form < 0.3:
                values.append(rng.choice(["+", "+ ", "00", "00 "]) + code + rng.choice(["", " ", "-", "0", " 0"]) + nsn)
            elif form < 0.7:
                values.append(nsn if nsn.startswith("0") else "0" + nsn)
            elif form < 0.8:
                values.append(nsn)
            else:
                values.append(rng.choice(odd) + _digits(rng, rng.randint(4, 14)))
    return values


def _bracketed(rng: random.Random, number: str) -> str:
    """``number`` with a pair of brackets round a run of it, or one opening it, or one bracket anywhere."""
    i = rng.randint(0, len(number))
    j = rng.randint(i, len(number))
    kind = rng.random()
    if kind < 0.6:
        return f"{number[:i]}({number[i:j]}){number[j:]}"
    return "(" + number if kind < 0.8 else number[:i] + rng.choice("()") + number[i:]


@pytest.mark.parametrize("regions", [["BG"], ["DE"], ["HU"], ["IT"], ["GB"], ["BG", "IT"], ["HU", "IT"]])
def test_numbers_written_with_brackets_are_judged_as_libphonenumber_judges(regions: list[str]) -> None:
    """ "(02) 987 65 43", "0888 (123) 456", "(+359) 88 …", "(06 1) 234 5678": libphonenumber drops brackets as it
    drops the other separators. A number that opens with a bracket and then "00" or a digit other than "0", or that
    the reference would read as years ("(2019-2020)"), stays libphonenumber's."""
    rng = random.Random(59)
    homes_and_others = [regions[0]] * 4 + ["IT", "BG", "DE", "GB", "HU"]
    values = _written_at_home_and_abroad(rng, homes_and_others, 80, ["0", "+", "00", "1", "2019-", "01.02."])
    values = [v[:3] + " " + v[3:] if rng.random() < 0.3 else v for v in values]
    values = [_bracketed(rng, v) if rng.random() < 0.7 else v for v in values]
    values += ["(2019-2020)", "(02) 987 65 43", "()", "(0)", "0888 (123) 456"]
    together = _phones_judged_alike(values, tuple(regions))
    with_brackets = np.array(["(" in v or ")" in v for v in values])
    assert (together[with_brackets] != UNDECIDED).mean() > 0.25 and (together[with_brackets] == VALID).sum() > 20
    if regions == ["BG"]:
        fast = get_batch_validator("phone", {"phone_regions": regions})
        assert fast is not None
        written = ["( 02) 987 65 43", "888 (123) 456", "(888) 123 456", "(00359) 88 123 4567", "(0888) 123 456"]
        written += ["(02.12.2024)", "02.12.2024"]  # a date to the reference only without its brackets
        assert fast(pa.array(written, pa.string())).tolist() == [
            VALID, INVALID, UNDECIDED, UNDECIDED, VALID, VALID, INVALID
        ]  # fmt: skip


def test_a_trunk_zero_that_begins_a_number_of_the_region_is_left_to_libphonenumber() -> None:
    """Rwanda's numbers "06…" are valid with their "0": libphonenumber keeps a "0" that makes the number the region's
    when the number without it is not, so taking it off as a trunk prefix would call them invalid."""
    fast = get_batch_validator("phone", {"phone_regions": ["RW"]})
    reference = get_validator("phone", {"phone_regions": ["RW"]})
    assert fast is not None
    numbers = ["06112321", "0612345678", "0788123456", "0250123456"] * 80
    verdicts = fast(pa.array(numbers, pa.string()))
    assert reference("06112321") and verdicts[0] != INVALID
    assert [n for n, v in zip(numbers, verdicts, strict=True) if v != UNDECIDED and (v == VALID) != reference(n)] == []
    assert VALID in verdicts


def _separated(rng: random.Random, number: str) -> str:
    return "".join(c + (rng.choice([" ", "-", "/", "."]) if rng.random() < 0.2 else "") for c in number)


_HOME_REGIONS = [["IT"], ["ES"], ["PL"], ["GR"], ["NO"], ["VA"], ["FI"], ["AX"], ["HU"], ["LT"], ["LU"], ["GB"],
                 ["IT", "BG"], ["BG", "IT"], ["FI", "BG"], ["HU", "BG"]]  # fmt: skip


@pytest.mark.parametrize("regions", _HOME_REGIONS)
def test_home_regions_without_a_national_prefix_or_sharing_a_code_are_judged_as_libphonenumber_judges(
    regions: list[str],
) -> None:
    """Italy, Spain, Poland, Greece, Norway, the Vatican: no national prefix, so a number written at home is its
    national significant number whole ("06 …": Rome's zero is the number's). A code shared by regions ("+39": Italy
    and the Vatican; "+47": Norway and Svalbard; "+358": Finland, whose trunk "0" is taken off, and Åland) judges a
    number by the region that claims it. Hungary's "06", Lithuania's "8" or "0", Luxembourg's carrier codes and the
    United Kingdom's "0" or "180020" are taken off as libphonenumber takes them off. Numbers of home and
    abroad, after "+", "00" or "0", separators anywhere ("0 0 39 …" is "0039 …"), all at once, fifty at a time and
    one by one through libphonenumber, alike."""
    rng = random.Random(43)
    homes_and_others = [regions[0]] * 4 + ["IT", "VA", "AX", "BG", "DE", "GB", "HU"]
    values = [_separated(rng, v) for v in _written_at_home_and_abroad(rng, homes_and_others, 120, ["0", "+", "00"])]
    together = _phones_judged_alike(values, tuple(regions))
    assert (together != UNDECIDED).mean() > 0.35 and (together == VALID).mean() > 0.08


def test_values_of_exactly_so_many_digits_read_from_the_bytes_are_those_re2_finds() -> None:
    """``_digits`` reads the bytes rather than passing ``^[0-9]{n}$`` over the values: the same rows and digits,
    with multi-byte digits of the same byte length, nulls and arrays sliced out of others."""
    import pyarrow.compute as pc

    from rightskit.detect.fast_validators import _digits

    rng = random.Random(7)
    values: list[str | None] = [None, "", "0123456789", "012345678٣", "١٢٣٤٥", "12345 6789", "x123456789"]
    values += [
        None
        if rng.random() < 0.05
        else "".join(rng.choice("0123456789" * 8 + "٣ a/") for _ in range(rng.randint(4, 11)))
        for _ in range(5000)
    ]
    whole = pa.array(values, pa.string())
    for array in (whole, whole.slice(1), whole.slice(777, 2000)):
        for width in (5, 9, 10):
            rows, digits = _digits(array, width)
            expected = pc.fill_null(pc.match_substring_regex(array, f"^[0-9]{{{width}}}$"), False)
            assert rows.tolist() == np.flatnonzero(expected.to_numpy(zero_copy_only=False)).tolist()
            assert len(rows) > 0
            assert ["".join(map(str, d)) for d in digits.tolist()] == [array[int(i)].as_py() for i in rows]


def test_the_iban_remainder_is_the_big_integer_remainder_with_letters_in_the_same_or_in_other_places() -> None:
    """``_mod97`` against Python's integers, for a block of one country's shape (one row of powers for all) and
    for a block whose letters stand in different places."""
    from rightskit.detect.fast_validators import _mod97

    rng = random.Random(97)
    alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    same = [
        "BG" + _digits(rng, 2) + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4)) + _digits(rng, 14)
        for _ in range(500)
    ]
    mixed = ["".join(rng.choice(alnum) for _ in range(22)) for _ in range(500)]
    for block in (same, mixed):
        chars = np.frombuffer("".join(block).encode(), dtype=np.uint8).reshape(len(block), 22)
        expected = [int("".join(str(int(c, 36)) for c in v[4:] + v[:4])) % 97 for v in block]
        assert _mod97(chars).tolist() == expected
        assert len(set(expected)) > 50


def test_validators_asked_of_one_array_in_turn_answer_as_each_alone() -> None:
    """The profile hands the national-number validators of an ЕГН or phone column one array: its digits, read once
    per width and held read-only, give each the verdicts it gives a fresh copy; another array is read anew."""
    from rightskit.detect import fast_validators

    names = ["bg_egn", "bg_lnch", "stdnum:cz.rc", "stdnum:dk.cpr", "stdnum:at.vnr", "stdnum:nl.bsn", "stdnum:bg.vat"]
    names += [name for name, generate, _ in CASES if generate in (eleven_digits, thirteen_digits)]
    checks = [get_batch_validator(name) for name in names]
    values = egn_like(random.Random(31)) + nine_digits(random.Random(32))
    values += eleven_digits(random.Random(33)) + thirteen_digits(random.Random(34))
    shared = pa.array(values, pa.string())
    alone = [check(pa.array(values, pa.string())).tolist() for check in checks]
    assert [check(shared).tolist() for check in checks] == alone
    rows, digits = fast_validators._digits(shared, 10)
    with pytest.raises(ValueError):
        digits[0, 0] = 1
    other = pa.array(values[::-1], pa.string())
    assert fast_validators._digits(other, 10)[0].tolist() != rows.tolist()
    # A field's validation over, the profile lets go of the array and its digits
    from rightskit.detect.detector import default_detector
    from rightskit.scanning import new_profile

    new_profile(default_detector()).update(shared)
    assert getattr(fast_validators._LAST_DIGITS, "held", None) is None


@pytest.mark.parametrize(("name", "generate"), [(c[0], c[1]) for c in CASES], ids=[c[0] for c in CASES])
def test_fast_validator_reads_slices_nulls_and_large_strings_as_plain_arrays(name: str, generate) -> None:
    """The same verdicts for values inside a slice of a larger array, beside nulls, and as ``large_string``; a null
    is never valid; an empty array gives none."""
    fast = get_batch_validator(name, {"phone_regions": ["BG"]})
    assert fast is not None
    values = generate(random.Random(5))[:600]
    plain = fast(pa.array(values, pa.string()))
    with_nulls = [v for value in values for v in (value, None)]
    padded = pa.array(["x", *with_nulls, "y"], pa.string()).slice(1, len(with_nulls))
    for array in (padded, padded.cast(pa.large_string())):
        verdicts = fast(array)
        assert verdicts[0::2].tolist() == plain.tolist()
        assert not (verdicts[1::2] == VALID).any()
    assert len(fast(pa.array([], pa.string()))) == 0
