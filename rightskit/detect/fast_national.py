"""Vectorised checks of EU national numbers (python-stdnum's ``is_valid``, which stays the reference), over the
values written in a number's plain form: exactly so many ASCII digits, or digits, a sign and letters in their places
(``YYMMDD-NNNN``, ``DDMMYY-NNNC``, ``12345678Z``). Every other value is left undecided.

A column of PESEL numbers is matched by eight patterns of eleven digits (PESEL, AMKA, OIB, Steuer-ID, …) and
python-stdnum spent 5–8 µs on each value for each of them: 2.3 s per 50,000 rows, where numpy spends milliseconds.
``tests/detect/test_fast_validators.py`` holds each equal to python-stdnum on generated and random numbers.
"""

from __future__ import annotations

from functools import cache
from string import ascii_uppercase
from typing import TYPE_CHECKING

from rightskit import textbytes
from rightskit.civil_dates import real_date
from rightskit.detect.fast_validators import (
    _and_then,
    _ascii_without,
    _digits,
    _digits_written,
    _luhn,
    _number,
    _ordinal,
    _today,
    _undecided,
    _verdict,
    _weighted,
)

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa


def _mod_11_10(d: np.ndarray) -> np.ndarray:
    """ISO 7064 Mod 11,10 over every digit (python-stdnum's ``iso7064.mod_11_10.checksum``): each step a look-up of
    the next state by the state and the digit."""
    import numpy as np

    step = _mod_11_10_step()
    check = np.full(len(d), 5, dtype=np.int64)
    for i in range(d.shape[1]):
        check = step[check * 10 + d[:, i]]  # one flat look-up: numpy's two-index one cost half as much again
    return check


@cache
def _mod_11_10_step() -> np.ndarray:
    """The next state by ``state * 10 + digit``."""
    import numpy as np

    state, digit = np.meshgrid(np.arange(10), np.arange(10), indexing="ij")
    return (((np.where(state == 0, 10, state) * 2) % 11 + digit) % 10).ravel()


def pl_pesel(values: pa.Array) -> np.ndarray:
    rows, d = _digits(values, 11)
    check = (10 - _weighted(d, (1, 3, 7, 9, 1, 3, 7, 9, 1, 3))) % 10
    return _verdict(len(values), rows, _and_then(check == d[:, 10], d, _pesel_born))


def _pesel_born(d: np.ndarray) -> np.ndarray:
    import numpy as np

    month = _number(d, 2, 4)
    year = _number(d, 0, 2) + np.array([1900, 2000, 2100, 2200, 1800])[month // 20]
    return real_date(year, month % 20, _number(d, 4, 6))


@cache
def _romanian_counties() -> np.ndarray:
    """The county codes python-stdnum's ``ro.cnp`` knows, asked of it (digits 8–9 of a CNP)."""
    import numpy as np
    from stdnum.exceptions import ValidationError
    from stdnum.ro import cnp

    def known(code: int) -> bool:
        try:
            cnp.get_county(f"0000000{code:02d}0000")
        except ValidationError:
            return False
        return True

    return np.array([code for code in range(100) if known(code)], dtype=np.int64)


def ro_cnp(values: pa.Array) -> np.ndarray:
    import numpy as np

    rows, d = _digits(values, 13)
    check = _weighted(d, (2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9)) % 11
    valid = (d[:, 0] != 0) & (np.where(check == 10, 1, check) == d[:, 12])
    return _verdict(len(values), rows, _and_then(valid, d, _cnp_born_in_a_county))


def _cnp_born_in_a_county(d: np.ndarray) -> np.ndarray:
    import numpy as np

    first = d[:, 0]
    year = np.select([first <= 2, first <= 4, first <= 6], [1900, 1800, 2000], 1900) + _number(d, 1, 3)
    return real_date(year, _number(d, 3, 5), _number(d, 5, 7)) & np.isin(_number(d, 7, 9), _romanian_counties())


def si_emso(values: pa.Array) -> np.ndarray:
    rows, d = _digits(values, 13)
    year = _number(d, 4, 7)
    year = year + 1000 + 1000 * (year < 800)
    check = -_weighted(d, (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)) % 11 % 10
    valid = real_date(year, _number(d, 2, 4), _number(d, 0, 2)) & (check == d[:, 12])
    return _verdict(len(values), rows, valid)


def hr_oib(values: pa.Array) -> np.ndarray:
    rows, d = _digits(values, 11)
    return _verdict(len(values), rows, _mod_11_10(d) == 1)


def de_idnr(values: pa.Array) -> np.ndarray:
    import numpy as np

    rows, d = _digits(values, 11)
    valid = (d[:, 0] != 0) & (_mod_11_10(d) == 1)
    # In the first ten digits one digit occurs two or three times, every other at most once (counted only where
    # the check digit holds: a tenth of random numbers)
    checked = np.flatnonzero(valid)
    # each number's count of each digit, by one bincount over (number, digit) pairs
    pairs = (np.arange(len(checked))[:, None] * 10 + d[checked, :10]).ravel()
    counts = np.bincount(pairs, minlength=10 * len(checked)).reshape(len(checked), 10)
    valid[checked] = ((counts > 1).sum(axis=1) == 1) & (counts.max(axis=1, initial=0) <= 3)
    return _verdict(len(values), rows, valid)


def gr_amka(values: pa.Array) -> np.ndarray:
    rows, d = _digits(values, 11)
    return _verdict(len(values), rows, _and_then(_luhn(d), d, _amka_dated))


def _amka_dated(d: np.ndarray) -> np.ndarray:
    day, month, year = _number(d, 0, 2), _number(d, 2, 4), 1900 + _number(d, 4, 6)
    return real_date(year, month, day) | real_date(year + 100, month, day)


def _estonian_born(d: np.ndarray) -> np.ndarray:
    """Whether the birth date of an Estonian (or Lithuanian) personal code is a date: the first digit gives the
    century, 1–8 only."""
    first = d[:, 0]
    century = 1800 + 100 * ((first - 1) // 2)
    return (first >= 1) & (first <= 8) & real_date(century + _number(d, 1, 3), _number(d, 3, 5), _number(d, 5, 7))


def _estonian_check(d: np.ndarray) -> np.ndarray:
    import numpy as np

    check = _weighted(d, (1, 2, 3, 4, 5, 6, 7, 8, 9, 1)) % 11
    check = np.where(check == 10, _weighted(d, (3, 4, 5, 6, 7, 8, 9, 1, 2, 3)) % 11, check)
    return check % 10 == d[:, 10]


def ee_ik(values: pa.Array) -> np.ndarray:
    rows, d = _digits(values, 11)
    return _verdict(len(values), rows, _and_then(_estonian_check(d), d, _estonian_born))


def lt_asmens(values: pa.Array) -> np.ndarray:
    rows, d = _digits(values, 11)
    # A first digit 9 marks a code whose birth date is not checked
    return _verdict(len(values), rows, _and_then(_estonian_check(d), d, lambda e: (e[:, 0] == 9) | _estonian_born(e)))


def no_fodselsnummer(values: pa.Array) -> np.ndarray:
    rows, d = _digits_written(values, 11, " -:")
    first = (11 - _weighted(d, (3, 7, 6, 1, 8, 9, 4, 5, 2))) % 11  # 10 is no digit: never equal
    second = (11 - _weighted(d, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))) % 11
    return _verdict(len(values), rows, _and_then((first == d[:, 9]) & (second == d[:, 10]), d, _norwegian_born))


def _norwegian_born(d: np.ndarray) -> np.ndarray:
    import numpy as np

    day, month, yy, individual = _number(d, 0, 2), _number(d, 2, 4), _number(d, 4, 6), _number(d, 6, 9)
    day = day - 40 * (day > 40)  # a D-number
    month = month - 40 * (month > 40)  # an H-number
    century = np.select(
        [individual < 500, (individual < 750) & (yy >= 54), yy < 40, individual >= 900], [1900, 1800, 2000, 1900], 0
    )
    year = century + yy
    dated = (_number(d, 0, 2) < 80) & (century > 0) & real_date(year, month, day)
    return dated & (_ordinal(year, month, day) <= _today())


def be_nn(values: pa.Array) -> np.ndarray:
    rows, d = _digits_written(values, 11, " -.")
    body, check = _number(d, 0, 9), _number(d, 9, 11)
    in_1900s = 97 - body % 97 == check
    # The 2000s' form (a 2 before the number) is tried only for years already reached
    in_2000s = (_number(d, 0, 2) + 2000 <= _today() // 10000) & (97 - (2_000_000_000 + body) % 97 == check)
    valid = (body * 100 + check > 0) & (in_1900s | in_2000s) & (_number(d, 2, 4) <= 12)
    return _verdict(len(values), rows, valid)


def _digit_columns(chars: np.ndarray, *columns: int) -> tuple[np.ndarray, np.ndarray]:
    """Which rows hold ASCII digits in ``columns``, and those digits (int64, in the order given)."""
    import numpy as np

    digits = chars[:, list(columns)].astype(np.int64) - 0x30
    return ((digits >= 0) & (digits <= 9)).all(axis=1), digits


def _upper(chars: np.ndarray) -> np.ndarray:
    """ASCII letters in upper case (``str.upper`` on ASCII)."""
    lower = (chars >= ord("a")) & (chars <= ord("z"))
    return chars - 32 * lower.astype(chars.dtype)


def _in(chars: np.ndarray, allowed: str) -> np.ndarray:
    import numpy as np

    return np.isin(chars, np.frombuffer(allowed.encode(), dtype=np.uint8))


def se_personnummer(values: pa.Array) -> np.ndarray:
    """``YYMMDD-NNNN`` (``+`` for the century before: a hundred years and more) and ``YYYYMMDD-NNNN``: the Luhn
    check over the last ten digits, the birth date a date."""
    import numpy as np

    out = _undecided(len(values))
    this_year = _today() // 10000
    for width in (11, 13):
        rows, chars = textbytes.fixed_ascii(values, width)
        sign = chars[:, width - 5]
        digital, d = _digit_columns(chars, *range(width - 5), *range(width - 4, width))
        shaped = digital & _in(sign, "-+")
        rows, d, sign = rows[shaped], d[shaped], sign[shaped]
        if width == 13:
            year = _number(d, 0, 4)
        else:
            yy = _number(d, 0, 2)
            century = this_year // 100 - (yy > this_year % 100) - (sign == ord("+"))
            year = century * 100 + yy
        short = d[:, -10:]
        born = real_date(year, _number(short, 2, 4), _number(short, 4, 6))
        out[rows] = (born & _luhn(short)).astype(np.int8)
    return out


_HETU_CONTROL = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_HETU_CENTURIES = {"+": 1800, **dict.fromkeys("-YXWVU", 1900), **dict.fromkeys("ABCDEF", 2000)}


def fi_hetu(values: pa.Array) -> np.ndarray:
    """``DDMMYYCZZZQ``: a century sign, a date, an individual number 002–899 and the control character of the
    nine digits' remainder by 31. Any other value of eleven ASCII characters is none (python-stdnum's pattern
    wants eleven characters, and stripping could only shorten it)."""
    import numpy as np

    rows, chars = textbytes.fixed_ascii(values, 11)
    chars = _upper(chars)
    digital, d = _digit_columns(chars, 0, 1, 2, 3, 4, 5, 7, 8, 9)
    sign, control = chars[:, 6], chars[:, 10]
    valid = digital & _in(sign, "".join(_HETU_CENTURIES)) & _in(control, _HETU_CONTROL)
    centuries = _table(_HETU_CENTURIES)  # -1 for other bytes, which are no sign: not valid already
    individual = _number(d, 6, 9)
    table = np.frombuffer(_HETU_CONTROL.encode(), dtype=np.uint8)
    valid &= real_date(centuries[sign] + _number(d, 4, 6), _number(d, 2, 4), _number(d, 0, 2))
    valid &= (individual >= 2) & (individual < 900) & (table[_number(d, 0, 9) % 31] == control)
    return _verdict(len(values), rows, valid)


_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def _dni_letter_holds(number: np.ndarray, letter: np.ndarray) -> np.ndarray:
    import numpy as np

    return np.frombuffer(_DNI_LETTERS.encode(), dtype=np.uint8)[number % 23] == letter


def _alphanumeric(values: pa.Array, width: int) -> tuple[np.ndarray, np.ndarray]:
    """The values of ``width`` ASCII letters and digits, in upper case: python-stdnum's ``es`` compaction (spaces
    and dashes out, upper case, stripped) leaves them as they are, so its verdict is read from them alone."""
    rows, chars = textbytes.fixed_ascii(values, width)
    chars = _upper(chars)
    alphanumeric = (((chars >= ord("0")) & (chars <= ord("9"))) | ((chars >= ord("A")) & (chars <= ord("Z")))).all(
        axis=1
    )
    return rows[alphanumeric], chars[alphanumeric]


def es_dni(values: pa.Array) -> np.ndarray:
    """``12345678Z``: eight digits and the letter of their remainder by 23."""
    rows, chars = _alphanumeric(values, 9)
    digital, d = _digit_columns(chars, *range(8))
    return _verdict(len(values), rows, digital & _dni_letter_holds(_number(d, 0, 8), chars[:, 8]))


def es_nie(values: pa.Array) -> np.ndarray:
    """``X1234567L``: X, Y or Z (0, 1, 2) before seven digits, then the DNI letter of all eight."""
    import numpy as np

    rows, chars = _alphanumeric(values, 9)
    digital, d = _digit_columns(chars, *range(1, 8))
    first = chars[:, 0].astype(np.int64) - ord("X")
    valid = digital & _in(chars[:, 0], "XYZ") & _dni_letter_holds(first * 10**7 + _number(d, 0, 7), chars[:, 8])
    return _verdict(len(values), rows, valid)


def _table(pairs: dict[str, int]) -> np.ndarray:
    """A lookup from a byte to a number, -1 for bytes not in ``pairs``."""
    import numpy as np

    table = np.full(256, -1, dtype=np.int64)
    for char, number in pairs.items():
        table[ord(char)] = number
    return table


def fr_nir(values: pa.Array) -> np.ndarray:
    """``1 85 05 78 006 084 36``: with spaces and dots out (python-stdnum's compaction), fifteen digits, or 2A / 2B
    (Corsica, counted as 19 / 18) for the department, the last two 97 less the first thirteen's remainder by 97."""
    import numpy as np

    out = _undecided(len(values))
    plain, compacted = _ascii_without(values, "[ .]+")
    rows, chars = _alphanumeric(compacted, 15)
    digital, d = _digit_columns(chars, *range(5), *range(7, 15))
    department = chars[:, 5:7]
    corsica = (department[:, 0] == ord("2")) & _in(department[:, 1], "AB")
    counted, departments = _digit_columns(chars, 5, 6)
    departments = np.where(corsica, 19 - (department[:, 1] == ord("B")), _number(departments, 0, 2))
    first = (_number(d, 0, 5) * 100 + departments) * 10**6 + _number(d, 5, 11)
    valid = digital & (counted | corsica) & (97 - first % 97 == _number(d, 11, 13))
    out[plain[rows]] = valid.astype(np.int8)
    return out


_CF_ODD_VALUES = (1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23)


@cache
def _codice_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """python-stdnum's ``it.codicefiscale`` tables as byte lookups: the date digits (letters stand in for digits
    on clashes), the months' letters, the values of the characters at even and at odd places."""
    digits = "0123456789"
    return (
        _table({**{c: n for n, c in enumerate(digits)}, **{c: n for n, c in enumerate("LMNPQRSTUV")}}),
        _table({c: n + 1 for n, c in enumerate("ABCDEHLMPRST")}),
        _table({**{c: n for n, c in enumerate(digits)}, **{c: n for n, c in enumerate(ascii_uppercase)}}),
        _table(
            {
                **dict(zip(digits, _CF_ODD_VALUES[:10], strict=True)),
                **dict(zip(ascii_uppercase, _CF_ODD_VALUES, strict=True)),
            }
        ),
    )


def it_codicefiscale(values: pa.Array) -> np.ndarray:
    """The sixteen characters of a codice fiscale: letters and (possibly substituted) digits in their places, a
    birth date (the day plus 40 for women, the year from 1920 on), the check letter of the first fifteen."""
    date_digits, months, even, odd = _codice_tables()
    rows, chars = _alphanumeric(values, 16)
    letter = (chars >= ord("A")) & (chars <= ord("Z"))
    digit = date_digits[chars]
    shaped = letter[:, [0, 1, 2, 3, 4, 5, 11]].all(axis=1) & (digit[:, [6, 7, 9, 10, 12, 13, 14]] >= 0).all(axis=1)
    month = months[chars[:, 8]]
    year = 1900 + digit[:, 6] * 10 + digit[:, 7]
    year = year + 100 * (year < 1920)
    born = real_date(year, month, (digit[:, 9] * 10 + digit[:, 10]) % 40)
    check = (odd[chars[:, 0:15:2]].sum(axis=1) + even[chars[:, 1:15:2]].sum(axis=1)) % 26
    valid = shaped & born & (check + ord("A") == chars[:, 15])
    return _verdict(len(values), rows, valid)


_PPS_LETTERS = "WABCDEFGHIJKLMNOPQRSTUV"


def ie_pps(values: pa.Array) -> np.ndarray:
    """Seven digits, a check letter, and in the 2013 form a last letter A, B or H that the check counts (other
    last letters W, T, X are not counted)."""
    import numpy as np

    out = _undecided(len(values))
    letters = _table({c: n for n, c in enumerate(_PPS_LETTERS)})
    for width in (8, 9):
        rows, chars = _alphanumeric(values, width)
        digital, d = _digit_columns(chars, *range(7))
        check = chars[:, 7]
        shaped = digital  # the check letter is compared below: one of A–W or none
        counted = np.zeros(len(rows), dtype=np.int64)
        if width == 9:
            last = chars[:, 8]
            shaped &= _in(last, "ABHWTX")
            counted = np.where(_in(last, "ABH"), letters[last], 0)
        expected = np.frombuffer(_PPS_LETTERS.encode(), dtype=np.uint8)[
            (_weighted(d, (8, 7, 6, 5, 4, 3, 2)) + 9 * counted) % 23
        ]
        out[rows] = (shaped & (expected == check)).astype(np.int8)
    return out


def pt_cc(values: pa.Array) -> np.ndarray:
    """``00000000 0 ZZ4``: with spaces out, nine digits, two letters or digits and a check digit over the eleven
    before it (letters count 10–35; every other one from the right doubled, less 9 above 9)."""
    import numpy as np

    out = _undecided(len(values))
    plain, compacted = _ascii_without(values, " +")
    rows, chars = _alphanumeric(compacted, 12)
    digital, d = _digit_columns(chars, *range(9), 11)
    worth = np.where(chars[:, :11] <= ord("9"), chars[:, :11].astype(np.int64) - 0x30, chars[:, :11] - (ord("A") - 10))
    # Luhn's rule over the letters' worth and the check digit (python-stdnum's own loop is Luhn's, with letters)
    out[plain[rows]] = (digital & _luhn(np.column_stack([worth, d[:, 9]]))).astype(np.int8)
    return out
