"""Vectorised validators: the checks of ``validators.py`` over a whole Arrow array of candidates at once.

A full scan meets hundreds of thousands of distinct candidates per column; one Python call each
(python-stdnum, phonenumbers) costs 10–70 µs, numpy over the same digits costs nanoseconds. Each
function here returns an int8 verdict per value: ``VALID``, ``INVALID`` or ``UNDECIDED``. A value the
fast path does not cover (another separator, another country's IBAN module, a phone number of another
country) stays undecided and goes to the Python validator, which remains the reference:
``tests/detect/test_fast_validators.py`` holds the two equal on generated and random candidates.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from rightskit import textbytes
from rightskit.civil_dates import real_date

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

VALID, INVALID, UNDECIDED = 1, 0, -1

BatchValidator = Callable[["pa.Array"], "np.ndarray"]


def _undecided(n: int) -> np.ndarray:
    import numpy as np

    return np.full(n, UNDECIDED, dtype=np.int8)


def _char_matrix(values: pa.Array, rows: np.ndarray, width: int) -> np.ndarray:
    """The bytes of ``values[rows]`` (all exactly ``width`` bytes long) as an (n, width) uint8 matrix."""
    import numpy as np
    import pyarrow as pa

    chosen = values.take(pa.array(rows, pa.int64()))
    if len(chosen) == 0:
        return np.zeros((0, width), dtype=np.uint8)
    offsets = np.frombuffer(chosen.buffers()[1], dtype=np.int32)[chosen.offset : chosen.offset + 1]
    data = np.frombuffer(chosen.buffers()[2], dtype=np.uint8)
    start = int(offsets[0])
    return data[start : start + len(chosen) * width].reshape(len(chosen), width)


def _mask(values: pa.Array, pattern: str) -> np.ndarray:
    """Which values ``pattern`` matches (a null: none)."""
    import pyarrow.compute as pc

    return pc.fill_null(pc.match_substring_regex(values, pattern), False).to_numpy(zero_copy_only=False)


def _digits(values: pa.Array, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the values that are exactly ``width`` ASCII digits, and those digits as an int64 matrix (read
    only). The national-number validators of a column of ЕГН or phone numbers ask it of one array in turn (the
    profile hands them one, ``profile._match_cells``): it is read once per array and width, on each thread."""
    import numpy as np

    held = getattr(_LAST_DIGITS, "held", None)
    if held is None or held[0] is not values:
        held = _LAST_DIGITS.held = (values, {})
    found = held[1].get(width)
    if found is None:
        rows, digits = textbytes.fixed_digits(values, width)
        digits = digits.astype(np.int64)
        rows.flags.writeable = digits.flags.writeable = False  # shared by the validators that ask next
        found = held[1][width] = (rows, digits)
    return found


_LAST_DIGITS = threading.local()  # the last array asked about on this thread (held, so its identity stays its own)


def forget_digits() -> None:
    """Let go of the digits ``_digits`` holds for this thread (a field's validation is over)."""
    _LAST_DIGITS.held = None


def _digits_written(values: pa.Array, width: int, separators: str) -> tuple[np.ndarray, np.ndarray]:
    """``_digits`` of the values that are ``width`` ASCII digits once the ``separators`` a number's compaction
    drops are dropped ("010203-1234" as python-stdnum's ``dk.cpr`` reads it): the plain ones first."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    rows, digits = _digits(values, width)
    written = np.flatnonzero(textbytes.holding(values, separators.encode("ascii")))
    if not len(written):
        return rows, digits
    separated = "[" + re.escape(separators) + "]"
    compacted = pc.replace_substring_regex(values.take(pa.array(written, pa.int64())), separated, "")
    more, more_digits = textbytes.fixed_digits(compacted, width)
    return np.concatenate([rows, written[more]]), np.concatenate([digits, more_digits.astype(np.int64)])


def _ascii_without(values: pa.Array, dropped: str) -> tuple[np.ndarray, pa.Array]:
    """The positions of the values written in ASCII, and those values with what ``dropped`` matches taken out (the
    separators a number's compaction drops: python-stdnum's ``clean``, which maps other characters first)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    rows = np.flatnonzero(pc.fill_null(pc.string_is_ascii(values), False).to_numpy(zero_copy_only=False))
    return rows, pc.replace_substring_regex(values.take(pa.array(rows, pa.int64())), dropped, "")


def _number(d: np.ndarray, start: int, stop: int) -> np.ndarray:
    out = d[:, start]
    for i in range(start + 1, stop):
        out = out * 10 + d[:, i]
    return out


def _weighted(d: np.ndarray, weights: tuple[int, ...]) -> np.ndarray:
    import numpy as np

    return d[:, : len(weights)] @ np.array(weights, dtype=np.int64)


def _luhn(d: np.ndarray) -> np.ndarray:
    """Whether each row of digits passes the Luhn check (python-stdnum's ``luhn``)."""
    backwards = d[:, ::-1]
    doubled = backwards[:, 1::2] * 2
    return (backwards[:, ::2].sum(axis=1) + (doubled - 9 * (doubled > 9)).sum(axis=1)) % 10 == 0


def _ordinal(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    return year * 10000 + month * 100 + day


def _today() -> int:
    t = dt.date.today()
    return t.year * 10000 + t.month * 100 + t.day


def _and_then(valid: np.ndarray, d: np.ndarray, more: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """``valid`` where ``more`` holds too, ``more`` asked only of the rows of ``d`` still valid when they are few: a
    birth date is read for the tenth of another country's numbers whose check digit holds, not for every value of a
    column eleven-digit patterns all match (a column of PESEL is checked by eight)."""
    import numpy as np

    kept = np.flatnonzero(valid)
    if 2 * len(kept) > len(valid):
        return valid & more(d)  # most rows: narrowing would copy them for nothing
    if len(kept):
        valid[kept] = more(d[kept])
    return valid


def _verdict(n: int, rows: np.ndarray, valid: np.ndarray) -> np.ndarray:
    import numpy as np

    out = _undecided(n)
    out[rows] = np.where(valid, VALID, INVALID)
    return out


def bg_egn(values: pa.Array) -> np.ndarray:
    rows, d = _digits(values, 10)
    valid = _weighted(d, (2, 4, 8, 5, 10, 9, 7, 3, 6)) % 11 % 10 == d[:, 9]
    return _verdict(len(values), rows, _and_then(valid, d, _egn_born))


def _egn_born(d: np.ndarray) -> np.ndarray:
    year, month, day = 1900 + _number(d, 0, 2), _number(d, 2, 4), _number(d, 4, 6)
    later, earlier = month > 40, (month > 20) & (month <= 40)
    year = year + 100 * later - 100 * earlier
    month = month - 40 * later - 20 * earlier
    born = _ordinal(year, month, day)
    return real_date(year, month, day) & (born <= _today()) & ~((born >= 19160401) & (born <= 19160413))


def bg_lnch(values: pa.Array) -> np.ndarray:
    rows, d = _digits(values, 10)
    valid = _weighted(d, (21, 19, 17, 13, 11, 9, 7, 3, 1)) % 10 == d[:, 9]
    return _verdict(len(values), rows, valid)


def cz_rc(values: pa.Array) -> np.ndarray:
    out = _undecided(len(values))
    for width in (9, 10):
        rows, d = _digits_written(values, width, " /")
        if width == 9:
            valid = _czech_born(d, before_1954=True)
        else:
            remainder = _number(d, 0, 9) % 11  # the first nine digits read as one number: nine digits fit
            valid = _and_then(remainder % 10 == d[:, 9], d, lambda e: _czech_born(e, before_1954=False))
        out[rows] = valid.astype("int8")
    return out


def _czech_born(d: np.ndarray, *, before_1954: bool) -> np.ndarray:
    """A birth number's date: nine digits were issued until 1953, ten from 1954 (YYMMDD, months +50 for women, +20
    once a day's numbers ran out)."""
    year, month, day = 1900 + _number(d, 0, 2), _number(d, 2, 4) % 50 % 20, _number(d, 4, 6)
    if before_1954:
        year = year - 100 * (year >= 1980)
        return (year <= 1953) & real_date(year, month, day)
    return real_date(year + 100 * (year < 1954), month, day)


@cache
def _cpr_centuries() -> np.ndarray:
    """A CPR's century by its seventh digit, and whether its year (two digits) is from 37 and from 58 on."""
    import numpy as np

    table = np.full((10, 2, 2), 2000, dtype=np.int64)
    table[:4] = 1900
    table[[4, 9], 1] = 1900
    table[5:9, :, 1] = 1800
    return table


def dk_cpr(values: pa.Array) -> np.ndarray:
    import numpy as np

    rows, d = _digits_written(values, 10, " -")
    day, month, yy, seventh = _number(d, 0, 2), _number(d, 2, 4), _number(d, 4, 6), d[:, 6]
    year = _cpr_centuries()[seventh, (yy >= 37).view(np.uint8), (yy >= 58).view(np.uint8)] + yy
    valid = real_date(year, month, day) & (_ordinal(year, month, day) <= _today())
    return _verdict(len(values), rows, valid)


def at_vnr(values: pa.Array) -> np.ndarray:
    rows, d = _digits_written(values, 10, " ")
    valid = (d[:, 0] != 0) & (_weighted(d, (3, 7, 9, 0, 5, 8, 4, 2, 1, 6)) % 11 == d[:, 3])
    return _verdict(len(values), rows, valid)


def nl_bsn(values: pa.Array) -> np.ndarray:
    rows, d = _digits(values, 9)
    valid = (_weighted(d, (9, 8, 7, 6, 5, 4, 3, 2)) - d[:, 8]) % 11 == 0
    out = _verdict(len(values), rows, valid & (_number(d, 0, 9) > 0))
    out[_mask(values, "^[0-9]{10,}$")] = INVALID  # too long for python-stdnum, which pads only shorter ones
    return out


def bg_vat(values: pa.Array) -> np.ndarray:
    """The 9-digit EIK of a legal entity (python-stdnum's ``bg.vat``; the 10-digit forms stay with it) and
    13-digit numbers, which it never accepts (a branch's EIK is not a VAT number)."""
    import numpy as np

    rows, d = _digits(values, 9)
    check = _weighted(d, (1, 2, 3, 4, 5, 6, 7, 8)) % 11
    check = np.where(check == 10, _weighted(d, (3, 4, 5, 6, 7, 8, 9, 10)) % 11, check)
    out = _verdict(len(values), rows, check % 10 == d[:, 8])
    out[_mask(values, "^[0-9]{13}$")] = INVALID
    return out


def bg_postcode(values: pa.Array) -> np.ndarray:
    import numpy as np

    return np.where(_mask(values, "^[1-9][0-9]{3}$"), VALID, UNDECIDED).astype(np.int8)


def email(values: pa.Array) -> np.ndarray:
    import numpy as np

    from rightskit.detect.regexmask import regex_mask
    from rightskit.detect.validators import EMAIL_SHAPE

    # The shape's bounded Unicode classes cost RE2 ~3 ms to compile, more than Python spends on a sample.
    valid = regex_mask(values, EMAIL_SHAPE) & ~_mask(values, r"^\.|\.@|\.\..*@")
    return np.where(valid, VALID, INVALID).astype(np.int8)


def street_address(values: pa.Array) -> np.ndarray:
    import numpy as np

    # RE2's classes are narrower than Python's str.isdigit/isalpha: only a positive answer is certain.
    sure = _mask(values, "[0-9]") & _mask(values, r"\pL")
    return np.where(sure, VALID, UNDECIDED).astype(np.int8)


def person_name(values: pa.Array) -> np.ndarray:
    """``names.finder.is_person_name`` where it is sure to say yes: a value of two or three capitalised words of ASCII
    or Cyrillic letters (``PLAIN_NAME``), no place, whose words read as ``_name_score`` reads a name, from what each
    word is (``name_word_traits``, asked once per distinct word of the column: the words repeat where the names do
    not). Every other value stays undecided, for the reference: a column of 100k distinct full names had asked
    Python 16 µs a value."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from rightskit.detect.names.finder import PLAIN_NAME, WordTraits, name_word_traits
    from rightskit.detect.places import folded_multiword_places

    out = _undecided(len(values))
    rows = np.flatnonzero(_mask(values, PLAIN_NAME))
    if not len(rows):
        return out
    names = values.take(pa.array(rows, pa.int64()))
    words = pc.split_pattern(names, " ")
    three = pc.equal(pc.list_value_length(words), 3).to_numpy(zero_copy_only=False)
    columns = [pc.list_element(words, 0), pc.list_element(words, 1), pc.list_element(words.filter(pa.array(three)), 2)]
    distinct = pc.unique(pa.concat_arrays(columns))
    traits = np.array([name_word_traits(w) for w in distinct.to_pylist()], dtype=bool)
    first, second = (traits[pc.index_in(c, value_set=distinct).to_numpy()] for c in columns[:2])
    third = np.ones_like(second)  # a two-word value: every "all of the later words" holds of its third
    third[three] = traits[pc.index_in(columns[2], value_set=distinct).to_numpy()]
    last = np.where(three[:, None], third, second)
    at = {name: k for k, name in enumerate(WordTraits._fields)}

    def of(word: np.ndarray, trait: str) -> np.ndarray:
        return word[:, at[trait]]

    # is_person_name: no particle, the words' shape, no title first, no legal form last; _name_score: no place, role
    # or street word, the value no place (``_names_a_place``: by its first or last word, or as a whole)
    ruled_in = of(first, "plain") & of(second, "plain") & of(third, "plain") & ~of(first, "title")
    ruled_in &= ~of(last, "legal_form") & (place(names) == INVALID)
    ruled_in &= ~(of(first, "place_first") & ~(of(first, "known") & of(second, "surname_only")))
    ruled_in &= ~of(last, "place_last")
    ruled_in &= ~pc.is_in(pc.utf8_lower(names), value_set=folded_multiword_places()).to_numpy(zero_copy_only=False)
    given = of(first, "first")
    # a given name, then known parts or a single word that is no place
    named = given & ((of(second, "known") & of(third, "known")) | (~three & ~of(second, "place")))
    named |= of(first, "surname_form") & of(second, "first")  # "Петров Иван": a surname's ending, a given name
    # an unlisted given name before Bulgarian surnames ("Тилиана Бобева")
    named |= (
        ~of(first, "not_first") & of(first, "long") & of(second, "bulgarian_surname") & of(third, "bulgarian_surname")
    )
    out[rows[ruled_in & named]] = VALID
    return out


# The characters Python's case folding turns into what Arrow's lower case makes of them, one for one (a test reads
# every one): ASCII, Latin-1 and Latin Extended-A but "ß", "İ", "ŉ" and "ſ", and Cyrillic. None of them but ASCII's
# is white space to Python.
_FOLDED_AS_LOWERED = "\\x00-\\x7f\\x{c0}-\\x{de}\\x{e0}-\\x{12f}\\x{131}-\\x{148}\\x{14a}-\\x{17e}\\x{400}-\\x{4ff}"
# What Python's str.split() reads as white space among ASCII characters, in a class both engines read alike
_ASCII_SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "


def place(values: pa.Array) -> np.ndarray:
    """``places.is_place``: the value, its runs of white space made one space, case-folded, is a known place name.
    Decided for values of ASCII, Latin-1, Latin Extended-A and Cyrillic characters whose case folding in Python is
    Arrow's lower case (``_FOLDED_AS_LOWERED``; not "ß", which Python folds to "ss", "İ", "ŉ" or "ſ"); any other value
    stays undecided (Python reads more characters as white space). A column of names, which the place pattern
    matches, had asked Python once per distinct name."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from rightskit.detect.places import folded_place_names

    out = _undecided(len(values))
    readable = np.flatnonzero(_mask(values, f"^[{_FOLDED_AS_LOWERED}]*$"))
    if not len(readable):
        return out
    written = values.take(pa.array(readable, pa.int64()))
    spaced = pc.utf8_trim(written, _ASCII_SPACE)
    # Runs of white space made one space only where a value has one other than a single space (RE2's replacement
    # over every value had cost 23 ms per 100k names)
    odd = textbytes.holding(spaced, _ASCII_SPACE[:-1].encode()) | pc.match_substring(spaced, "  ").to_numpy(
        zero_copy_only=False
    )
    if odd.any():
        one_space = pc.replace_substring_regex(spaced.filter(pa.array(odd)), f"[{re.escape(_ASCII_SPACE)}]+", " ")
        spaced = pc.replace_with_mask(spaced, pa.array(odd), one_space)
    known = pc.is_in(pc.utf8_lower(spaced), value_set=folded_place_names()).to_numpy(zero_copy_only=False)
    out[readable] = np.where(known, VALID, INVALID)
    return out


_ISO_DATE = r"^(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})(?:[ T].*)?$"
_DAY_FIRST = r"^(?P<d>[0-9]{1,2})SEP(?P<m>[0-9]{1,2})SEP(?P<y>[0-9]{4})(?:[ T].*)?$"


def birth_date(values: pa.Array) -> np.ndarray:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    out = _undecided(len(values))
    for pattern in [_ISO_DATE] + [_DAY_FIRST.replace("SEP", sep) for sep in (r"\.", "/", "-")]:
        left = np.flatnonzero(out == UNDECIDED)
        if len(left) == 0:
            break
        rows = left[_mask(values.take(left), pattern)]
        if len(rows) == 0:
            continue
        parts = pc.extract_regex(values.take(rows), pattern)
        year, month, day = (pc.cast(parts.field(g), pa.int64()).to_numpy() for g in "ymd")
        born = _ordinal(year, month, day)
        valid = real_date(year, month, day) & (born >= 19000101) & (born <= _today())
        out[rows] = valid.astype(np.int8)
    return out


_LETTER_VALUE = 55  # ord("A") - 10: IBAN letters count as 10..35


def iban(values: pa.Array) -> np.ndarray:
    import numpy as np
    import pyarrow.compute as pc

    compact = pc.replace_substring(values, " ", "")
    out = _undecided(len(values))
    shaped = _mask(compact, "^[A-Z]{2}[0-9]{2}[A-Z0-9]+$")
    lengths = pc.utf8_length(compact).to_numpy(zero_copy_only=False)
    structures = _iban_structures()
    for width in np.unique(lengths[shaped]):
        rows = np.flatnonzero(shaped & (lengths == width))
        chars = _char_matrix(compact, rows, int(width))
        remainder = np.concatenate([_mod97(chars[at : at + _IBAN_SLICE]) for at in range(0, len(rows), _IBAN_SLICE)])
        verdict = np.where(remainder == 1, VALID, INVALID).astype(np.int8)
        countries = chars[:, 0].astype(np.int64) * 256 + chars[:, 1]
        for code in np.unique(countries[verdict == VALID]):
            cc = chr(code // 256) + chr(code % 256)
            in_country = verdict == VALID
            in_country &= countries == code
            known = structures.get(cc)
            if known is None:
                verdict[in_country] = INVALID
                continue
            pattern, has_module = known
            if has_module:
                verdict[in_country] = UNDECIDED
                continue
            where = np.flatnonzero(in_country)
            bban = pc.utf8_slice_codeunits(compact.take(rows[where]), 4)
            verdict[where] = np.where(_mask(bban, pattern), VALID, INVALID)
        out[rows] = verdict
    return out


_IBAN_SLICE = 1 << 15  # rows at a time: a few small temporaries of (rows, width), not of every IBAN at once


def _mod97(chars: np.ndarray) -> np.ndarray:
    """The remainder mod 97 of each IBAN of an (n, width) byte matrix (upper-case letters and digits), read as
    ISO 13616 reads it: the first four characters moved to the end, each letter two digits (A = 10 … Z = 35).
    Each character's value times 10 to the power of the digits after it (mod 97, from a table), summed: a few
    passes over the matrix, where a pass per column took 38 ms per 100k IBANs. Where every IBAN has its letters
    in the same places (one country's), the powers are one row for all: a matrix-vector product."""
    import numpy as np

    rearranged = np.concatenate([chars[:, 4:], chars[:, :4]], axis=1)
    letter = rearranged >= 65
    value = rearranged.astype(np.int32)
    value -= np.where(letter, _LETTER_VALUE, 48).astype(np.int32)
    powers = _powers_of_ten_mod_97()
    if len(letter) and (letter == letter[0]).all():
        return (value @ powers[_digits_after(letter[0])]) % 97
    return (value * powers[_digits_after(letter)]).sum(axis=1) % 97


def _digits_after(letter: np.ndarray) -> np.ndarray:
    """How many digits stand after each character (letters count two), along the last axis."""
    import numpy as np

    width = letter.astype(np.int16) + 1
    return np.cumsum(width[..., ::-1], axis=-1, dtype=np.int16)[..., ::-1] - width


@cache
def _powers_of_ten_mod_97() -> np.ndarray:
    """10**e % 97 for every count of digits after a character of an IBAN (34 characters, two digits at most)."""
    import numpy as np

    return np.array([pow(10, e, 97) for e in range(70)], dtype=np.int32)


@cache
def _iban_structures() -> dict[str, tuple[str, bool]]:
    """Country → (BBAN pattern, whether python-stdnum has a country module with further checks)."""
    import re
    from importlib.resources import files

    from stdnum import iban as std_iban

    classes = {"n": "[0-9]", "a": "[A-Z]", "c": "[A-Za-z0-9]"}
    out = {}
    for _length, cc, _value, props, _children in std_iban._ibandb.prefixes:
        structure = props.get("bban")
        if not structure:
            continue
        body = re.sub(r"([1-9][0-9]*)!([nac])", lambda m: f"{classes[m.group(2)]}{{{m.group(1)}}}", structure)
        # Looked up as a file: finding the module's spec imports its country package, 145 modules in all (40 ms).
        has_module = files("stdnum").joinpath(cc.lower(), "iban.py").is_file()
        out[cc] = (f"^{body}$", has_module)  # the whole BBAN, as stdnum: a longer one is no IBAN
    return out


_PHONE_TYPES = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
    "fixed_line",
    "mobile",
)


def _home_reading(md: Any) -> str | None:
    """How the fast path reads a number a region's people write at home: "trunk" (a plain "0" taken off, the code
    the region's alone or its regions' plan read), "whole" (no national prefix: ``_keeps_every_digit``), "prefix"
    (another national prefix for parsing, taken off as libphonenumber takes it off: ``_prefix_taken_off``), or None
    (the prefix is rewritten, or the code's plan is not read)."""
    if md.national_prefix == "0" and _parses_plainly(md):
        return "trunk"
    if _keeps_every_digit(md):
        return "whole"
    if md.national_prefix_for_parsing and not md.national_prefix_transform_rule:
        return "prefix" if _abroad_plan(md.country_code) is not None else None
    return None


@cache
def _dials_abroad_with_00(idd: str | None) -> bool:
    """Whether a region's international prefix reads as the fast path reads it: "00" and a calling code after it,
    never "0" and a digit. Hong Kong's "001…", Mexico's "09…", Israel's "012…" and Cape Verde's "0…" are numbers
    abroad there, and libphonenumber reads them so (its ``_parse_prefix_as_idd`` matches the prefix)."""
    if not idd:
        return False
    pattern = re.compile(idd)
    # International prefixes are at most five digits long: every start of four digits after "0" is tried
    for start in range(1000, 10_000):
        after_00 = pattern.match(f"00{start}5678")
        if pattern.match(f"0{start}5678") or after_00 is None or after_00.end() != 2:
            return False
    return True


def _keeps_every_digit(md: Any) -> bool:
    """Whether a region has no national prefix to take off (Italy, Spain, Poland, Greece, Norway, …): libphonenumber
    reads a number written at home as its national significant number whole, a leading zero kept ("06 …" in Rome),
    and judges it as it judges the code's numbers from abroad (``_national_verdicts``: the region of a shared code
    that claims it, Italy or the Vatican)."""
    return (
        md.national_prefix is None
        and md.national_prefix_for_parsing is None
        and not md.national_prefix_transform_rule
        and _abroad_plan(md.country_code) is not None
    )


def _parses_plainly(md: Any) -> bool:
    """Whether a region's numbers after its calling code parse as the fast path reads them: no national prefix is
    taken off but a "0", none is rewritten, and the code is that region's alone or its regions' plan is read
    (``_abroad_plan``: Finland and Åland share "+358")."""
    if md.national_prefix_for_parsing not in (None, "0") or md.national_prefix_transform_rule:
        return False
    return not _shared(md.country_code) or _abroad_plan(md.country_code) is not None


def _shared(country: int) -> bool:
    import phonenumbers

    return len(phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(country, ())) > 1


def phone(regions: tuple[str, ...]) -> BatchValidator | None:
    """The phone check for the first region's own numbers, or None when its metadata needs the slow path."""
    from phonenumbers import PhoneMetadata

    md = PhoneMetadata.metadata_for_region(regions[0])
    if md is None or not _dials_abroad_with_00(md.international_prefix):
        return None
    reading = _home_reading(md)
    if reading is None:
        return None
    country, claimed = md.country_code, reading != "trunk" or _shared(md.country_code)
    return lambda values: _phone(values, regions, country, reading=reading, claimed=claimed)


@cache
def _valid_national(region: str) -> tuple[str, dict[int, str]]:
    """A region's valid national significant numbers as libphonenumber's ``_number_type_helper`` reads its
    metadata: the general pattern, and per possible length the alternation of the number types' patterns."""
    from phonenumbers import PhoneMetadata

    md = PhoneMetadata.metadata_for_region(region)
    general = md.general_desc
    by_length: dict[int, list[str]] = {}
    for t in _PHONE_TYPES:
        if t == "mobile" and md.same_mobile_and_fixed_line_pattern:
            continue  # a number not fixed-line is then not asked about mobile patterns
        d = getattr(md, t, None)
        if d is None or d.national_number_pattern is None:
            continue
        for n in d.possible_length or general.possible_length or ():
            if n > 0:
                by_length.setdefault(n, []).append(f"(?:{d.national_number_pattern})")
    general_lengths = set(general.possible_length or ())
    return (
        general.national_number_pattern,
        {n: "|".join(p) for n, p in by_length.items() if not general_lengths or n in general_lengths},
    )


@cache
def _national_parts(region: str) -> tuple[str, dict[int, str]]:
    """``_valid_national`` as anchored RE2 patterns (the BG metadata's hold no look-ahead)."""
    general, by_length = _valid_national(region)
    return f"^(?:{general})$", {n: f"^(?:{p})$" for n, p in by_length.items()}


@dataclass(frozen=True)
class _Plan:
    """A calling code's numbering plan, as far as the fast path reads it: its regions in libphonenumber's order, each
    with the leading digits that claim a number for it (None: a number its patterns call valid is its), and the main
    region's national prefix for parsing, which libphonenumber may strip from a number it starts (such a number
    stays libphonenumber's)."""

    regions: tuple[tuple[str, str | None], ...]
    prefix: str | None


@cache
def _abroad_plan(country: int) -> _Plan | None:
    """The plan of ``country`` when the metadata of each of its regions says the lengths and the main region's
    rewrites no number; else None ("+800": no region)."""
    import phonenumbers
    from phonenumbers import PhoneMetadata

    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(country, ())
    if not regions or regions[0] == phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY:
        return None
    main = PhoneMetadata.metadata_for_region(regions[0])
    if main is None or main.national_prefix_transform_rule:
        return None
    plans = []
    for region in regions:
        md = PhoneMetadata.metadata_for_region(region)
        if md is None:
            continue  # libphonenumber passes over a region it has no metadata for
        if not md.general_desc.possible_length:
            return None  # lengths unsaid: each type's pattern alone would decide, which _valid_national does not read
        plans.append((region, md.leading_digits or None))
    return _Plan(tuple(plans), main.national_prefix_for_parsing or None)


@cache
def _abroad_check(country: int) -> Callable[[str], int] | None:
    """The verdict on a national significant number of ``country`` (``_abroad_plan``), one number at a time: Python's
    ``re`` on the metadata's patterns, as libphonenumber itself reads them, without its parse around them. The first
    region that claims the number (by its leading digits, or by calling it valid) judges it; none: INVALID.
    UNDECIDED for a number the national prefix starts, which libphonenumber may strip. A "0" that no national prefix
    for parsing takes (Italy's fixed lines: "+39 06 …") stays the number's first digit for libphonenumber, which
    keeps it as an Italian leading zero and judges the number with it, as the patterns here do."""
    plan = _abroad_plan(country)
    if plan is None:
        return None
    prefix = re.compile(plan.prefix) if plan.prefix else None
    regions = [(_python_national(region), re.compile(leading) if leading else None) for region, leading in plan.regions]

    def verdict(nsn: str) -> int:
        if not nsn or (prefix is not None and prefix.match(nsn)):
            return UNDECIDED
        for valid, leading in regions:
            if leading is not None:
                if leading.match(nsn):
                    return VALID if valid(nsn) else INVALID
            elif valid(nsn):
                return VALID
        return INVALID

    return verdict


def _python_national(region: str) -> Callable[[str], bool]:
    """Whether a national significant number is valid in ``region`` (``_valid_national``), by Python's ``re``."""
    general, by_length = _valid_national(region)
    whole = re.compile(general)
    typed: dict[int, re.Pattern[str]] = {}  # compiled when a number of that length is first asked about: a worker
    # meets a few lengths of a few dozen countries (the first 100k ЕГН: 28-38 -> 17-18 ms)

    def valid(nsn: str) -> bool:
        pattern = by_length.get(len(nsn))
        if pattern is None or not whole.fullmatch(nsn):
            return False
        compiled = typed.get(len(nsn))
        if compiled is None:
            compiled = typed[len(nsn)] = re.compile(pattern)
        return compiled.fullmatch(nsn) is not None

    return valid


_ABROAD_IN_RE2_FROM = 256  # numbers of one calling code from which its patterns search them all at once in RE2


def _abroad(numbers: pa.Array, idd_is_00: bool) -> np.ndarray:
    """The verdicts on the digits after "+" or "00" of numbers that are not the home region's: VALID or INVALID where
    ``_abroad_check`` knows the country, INVALID when no calling code starts them (``idd_is_00``: the home region's
    international prefix, which libphonenumber tries next, cannot start such digits), else UNDECIDED (a "0" after
    the "+": libphonenumber's retries). The calling code is read from the first digits of them all; a country's
    many numbers are checked by RE2 together (a column of EU phone numbers had cost 2.6 µs a number in Python)."""
    import numpy as np
    import phonenumbers
    import pyarrow as pa

    numbers = textbytes.plain_strings(numbers)
    out = _undecided(len(numbers))
    open_ = textbytes.starts_with(numbers, b"123456789")
    code = np.zeros(len(numbers), dtype=np.int64)
    known = np.fromiter(phonenumbers.COUNTRY_CODE_TO_REGION_CODE, dtype=np.int64)
    for width in (1, 2, 3):  # the shortest calling code that starts the number, as libphonenumber reads it
        rows, lead = textbytes.leading_bytes(numbers, width)
        value = _number(lead.astype(np.int64) - ord("0"), 0, width)
        found = open_[rows] & (code[rows] == 0) & np.isin(value, known)
        code[rows[found]] = value[found]
    if idd_is_00:
        out[open_ & (code == 0)] = INVALID
    for country in np.unique(code[code > 0]).tolist():
        rows = np.flatnonzero(code == country)
        nsn = _drop_prefix(numbers.take(pa.array(rows, pa.int64())), np.full(len(rows), len(str(country))))
        out[rows] = _national_verdicts(nsn, country)
    return out


def _national_verdicts(nsn: pa.Array, country: int) -> np.ndarray:
    """``_abroad_check``'s verdicts on national significant numbers of ``country``: by RE2 over them all where they
    are many and the metadata's patterns compile in RE2, else one by one."""
    import numpy as np
    import pyarrow as pa

    check = _abroad_check(country)
    if check is None:
        return _undecided(len(nsn))
    if len(nsn) < _ABROAD_IN_RE2_FROM:
        return np.array([check(n) for n in nsn.to_pylist()], dtype=np.int8)
    plan = _abroad_plan(country)
    assert plan is not None  # a check is made only for a plan
    try:
        undecided = ~textbytes.starts_with(nsn, b"0123456789")  # an empty number
        if plan.prefix:
            undecided |= _mask(nsn, f"^(?:{plan.prefix})")
        verdict = np.full(len(nsn), INVALID, dtype=np.int8)
        unclaimed = np.ones(len(nsn), dtype=bool)
        for region, leading in plan.regions:
            valid = _valid_in(nsn, region)
            claimed = unclaimed & (_mask(nsn, f"^(?:{leading})") if leading else valid)
            verdict[claimed] = np.where(valid[claimed], VALID, INVALID)
            unclaimed &= ~claimed
    except pa.ArrowInvalid:  # a pattern RE2 cannot read
        return np.array([check(n) for n in nsn.to_pylist()], dtype=np.int8)
    return np.where(undecided, UNDECIDED, verdict).astype(np.int8)


def _valid_in(nsn: pa.Array, region: str) -> np.ndarray:
    """Which national significant numbers are valid in ``region`` (``_national_parts``, in RE2)."""
    import numpy as np

    general, by_length = _national_parts(region)
    lengths = np.diff(textbytes.offsets(nsn))
    typed = np.zeros(len(nsn), dtype=bool)
    for n, pattern in by_length.items():
        at = lengths == n
        if at.any():
            typed |= at & _mask(nsn, pattern)
    return typed & _mask(nsn, general)


def _phone(
    values: pa.Array, regions: tuple[str, ...], country: int, *, reading: str = "trunk", claimed: bool = False
) -> np.ndarray:
    """``reading``: how a number written at home loses its national prefix (``_home_reading``). ``claimed``: the
    region of the code that claims a number judges it (``_national_verdicts``), not the first region's patterns
    alone (a code of several regions, or a reading other than the trunk "0")."""
    import numpy as np
    import pyarrow as pa

    from rightskit.detect.validators import DATE_SHAPE

    out = _undecided(len(values))
    # A value that starts with a digit other than "0" (ЕГН, amounts, dates) is no phone number to the reference,
    # whatever follows, by its first byte: the tests below run only on the others (a column of ЕГН: 6 % of its
    # values). Only numbers written with digits, plain separators and brackets are decided here.
    out[textbytes.starts_with(values, b"123456789")] = INVALID
    rest = np.flatnonzero(out == UNDECIDED)
    others = values if len(rest) == len(values) else values.take(pa.array(rest, pa.int64()))
    plain = rest[_mask(others, r"^[+0][0-9 \-/.]*$")]
    written = values.take(pa.array(plain, pa.int64()))
    dates = _mask(written, DATE_SHAPE)
    bracketed, bare = _without_brackets(values, out)
    if len(bracketed):  # never a date to the reference, which reads the brackets too
        plain = np.concatenate([plain, bracketed])
        written = pa.concat_arrays([written, bare])
        dates = np.concatenate([dates, np.zeros(len(bracketed), dtype=bool)])
    values = written
    verdict = _undecided(len(values))
    verdict[dates] = INVALID
    digits = textbytes.ascii_digits(values)
    count = np.diff(textbytes.offsets(digits))
    verdict[(count < 7) | (count > 15)] = INVALID
    # The rest only for the numbers still undecided: a column of national IDs is mostly decided by now.
    left = pa.array(np.flatnonzero(verdict == UNDECIDED), pa.int64())
    values, digits = values.take(left), digits.take(left)
    cc = str(country)
    idd = _mask(values, r"^00")
    trunk = _mask(values, r"^0[ \-/.]*[1-9]")  # not "0 0 …": libphonenumber reads "00" there, separators apart
    decided = _undecided(len(values))
    # Calling codes are a prefix code: no other starts as the home one does. Where "0" is a national prefix, a "0"
    # after the code is left to libphonenumber, which may take it off.
    whole = reading == "whole"
    international = _mask(values, rf"^(?:\+|00){cc}" if whole else rf"^(?:\+|00){cc}[ \-/.]*[1-9]")
    # The national significant number: the digits after "+359", "00359" or the trunk "0" (every digit where the
    # "0" is the number's own, after the national prefix where libphonenumber takes it off)
    national: int | np.ndarray = 0 if whole else 1
    if reading == "prefix":
        try:
            national = _prefix_taken_off(digits, regions[0])
        except pa.ArrowInvalid:  # a pattern RE2 cannot read: numbers written at home stay libphonenumber's
            trunk[:] = False
    elif not whole:
        # libphonenumber keeps the "0" of a number that is the region's with it and not without it (Rwanda's
        # "06…"): such a number is left to it. Only a number of a length the region's pattern matches can be one.
        from rightskit.detect.regexmask import match_lengths

        lengths = match_lengths(_valid_national(regions[0])[0])
        kept = np.flatnonzero(
            trunk if lengths is None else trunk & np.isin(np.diff(textbytes.offsets(digits)), list(lengths))
        )
        if len(kept):
            trunk[kept[_mask(digits.take(pa.array(kept, pa.int64())), _national_parts(regions[0])[0])]] = False
    nsn = _drop_prefix(digits, np.where(idd, len(cc) + 2, np.where(international, len(cc), national)))
    if claimed:
        verdicts = _national_verdicts(nsn, country)
        decided[international] = verdicts[international]
        valid, invalid = verdicts == VALID, verdicts == INVALID
    else:
        valid = _valid_in(nsn, regions[0])
        invalid = ~valid
        decided[international] = np.where(valid[international], VALID, INVALID)
    decided[trunk & valid] = VALID
    if len(regions) == 1:  # with more regions, the next one may still accept it
        decided[trunk & invalid] = INVALID
    # Another country's number ("+44 …", "0049 …", or the "00…" of an ЕГН born in 2000): a few per column of
    # national numbers, each read in Python here, where libphonenumber's whole parse cost 16 µs
    abroad = np.flatnonzero((decided == UNDECIDED) & (idd | _mask(values, r"^\+")))
    if len(abroad):
        from phonenumbers import PhoneMetadata

        idd_is_00 = PhoneMetadata.metadata_for_region(regions[0]).international_prefix == "00"
        numbers = _drop_prefix(digits.take(pa.array(abroad, pa.int64())), np.where(idd[abroad], 2, 0))
        decided[abroad] = _abroad(numbers, idd_is_00)
    verdict[left.to_numpy()] = decided
    out[plain] = verdict
    return out


def _without_brackets(values: pa.Array, out: np.ndarray) -> tuple[np.ndarray, pa.Array]:
    """The rows of numbers written with brackets ("(02) 987 65 43", "0888 (123) 456", "(+359) 88 …") that read as
    plain numbers once the brackets and what leads before the first digit or "+" are dropped, as libphonenumber drops
    them, and those numbers. One that opens with no bracket and starts with neither "+" nor "0" is no phone number to
    the reference (INVALID in ``out``); one that opens with a bracket and then "00" or a digit other than "0" stays
    the reference's (libphonenumber may read the region's calling code or its prefix for dialling abroad there)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    rows = np.flatnonzero(textbytes.holding(values, b"()"))
    if len(rows):
        rows = rows[_mask(values.take(pa.array(rows, pa.int64())), r"^[0-9+(][0-9 ()\-/.]*$")]
    if not len(rows):
        return rows, pa.array([], pa.string())
    written = values.take(pa.array(rows, pa.int64()))
    opened = textbytes.starts_with(written, b"(")
    bare = pc.replace_substring_regex(written, r"^[( \-/.]+|[()]", "")
    out[rows[~opened & ~textbytes.starts_with(bare, b"+0")]] = INVALID
    read = np.where(opened, _mask(bare, r"^(?:\+|0[ \-/.]*[1-9])"), textbytes.starts_with(bare, b"+0"))
    return rows[read], bare.filter(pa.array(read))


def _prefix_taken_off(digits: pa.Array, region: str) -> np.ndarray:
    """How many leading digits libphonenumber takes off a number written at home as its national prefix for parsing
    (Hungary's "06", Lithuania's "8" or "0", the United Kingdom's "0" or "180020"): none where the prefix does not
    start the digits, or where they are a number of the region and what is left is not
    (``_maybe_strip_national_prefix_carrier_code``), or where what is left is too short, of a length the region
    has no number of, or of one it dials only locally (``parse``'s length test)."""
    import numpy as np
    import pyarrow.compute as pc
    from phonenumbers import PhoneMetadata

    md = PhoneMetadata.metadata_for_region(region)
    general = _national_parts(region)[0]
    # Arrow names what it extracts: the carrier code's group (Luxembourg's, China's) is read as a plain one
    plain = re.sub(r"(?<!\\)\((?!\?)", "(?:", md.national_prefix_for_parsing)
    found = pc.struct_field(pc.extract_regex(digits, f"^(?P<prefix>{plain})"), [0])
    prefix = pc.fill_null(pc.binary_length(found), 0).to_numpy(zero_copy_only=False).astype(np.int64)
    rest = _drop_prefix(digits, prefix)
    kept_whole = _mask(digits, general) & ~_mask(rest, general)
    length = np.diff(textbytes.offsets(rest))
    possible = sorted(md.general_desc.possible_length)
    fits = (np.isin(length, possible) | (length > possible[-1])) & ~np.isin(
        length, list(md.general_desc.possible_length_local_only or ())
    )
    return np.where((prefix > 0) & ~kept_whole & fits, prefix, 0)


def _drop_prefix(values: pa.Array, skip: np.ndarray) -> pa.Array:
    import pyarrow.compute as pc

    out = values
    for n in set(skip.tolist()):
        out = pc.if_else(skip == n, pc.utf8_slice_codeunits(values, int(n)), out)
    return out


def credit_card(values: pa.Array) -> np.ndarray:
    """Values in ASCII: their digits' count, issuer prefix, Luhn check and variety, as ``validators.credit_card``
    reads them (every character but a digit dropped); a value with other characters stays undecided (Unicode
    digits are digits to Python's ``\\D``)."""
    import numpy as np

    from rightskit.detect.validators import CARD_PREFIXES

    out = _undecided(len(values))
    ascii_rows, number = _ascii_without(values, "[^0-9]+")
    out[ascii_rows] = INVALID
    for width in range(13, 20):
        rows, d = textbytes.fixed_digits(number, width)
        if not len(rows):
            continue
        d = d.astype(np.int64)
        issued = np.zeros(len(rows), dtype=bool)
        for size, prefixes in _card_prefixes(CARD_PREFIXES).items():
            issued |= np.isin(_number(d, 0, size), prefixes)
        varied = (d != d[:, :1]).any(axis=1)
        out[ascii_rows[rows]] = np.where(issued & varied & _luhn(d), VALID, INVALID)
    return out


@cache
def _card_prefixes(groups: tuple[tuple[str, ...], ...]) -> dict[int, np.ndarray]:
    """The issuers' prefixes as numbers, by their length."""
    import numpy as np

    by_size: dict[int, list[int]] = {}
    for prefix in (p for group in groups for p in group):
        by_size.setdefault(len(prefix), []).append(int(prefix))
    return {size: np.array(sorted(found), dtype=np.int64) for size, found in by_size.items()}


_IPV4_OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"


def ipv4(values: pa.Array) -> np.ndarray:
    """Python's ``ipaddress`` reads a string as four dot-separated decimal octets, ASCII digits without leading
    zeros, up to 255 each, and nothing else: exactly this pattern."""
    import numpy as np

    verdict = np.where(_mask(values, f"^(?:{_IPV4_OCTET}\\.){{3}}{_IPV4_OCTET}$"), VALID, INVALID).astype(np.int8)
    verdict[values.is_null().to_numpy(zero_copy_only=False)] = UNDECIDED
    return verdict


_HEXTET = "[0-9A-Fa-f]{1,4}"
# Eight groups, or fewer with one "::" standing for at least one (RFC 4291 2.2; what ``ipaddress`` reads)
_IPV6 = (
    "^(?:"
    + "|".join(
        [f"(?:{_HEXTET}:){{7}}{_HEXTET}", f"(?:{_HEXTET}:){{1,7}}:", f":(?::{_HEXTET}){{1,7}}", "::"]
        + [f"(?:{_HEXTET}:){{1,{k}}}(?::{_HEXTET}){{1,{7 - k}}}" for k in range(1, 7)]
    )
    + ")$"
)


def ipv6(values: pa.Array) -> np.ndarray:
    """Eight groups of one to four hex digits, or fewer with one ``::`` standing for the rest: an address to Python's
    ``ipaddress``. An IPv4 tail or a zone (``%eth0``) stays with it."""
    import numpy as np

    return np.where(_mask(values, _IPV6), VALID, UNDECIDED).astype(np.int8)


_DECIMAL = r"-?[0-9]{1,3}\.[0-9]+"
_COORDINATES = f"^(?P<first>{_DECIMAL})(?: *[,;] *(?P<second>{_DECIMAL}))?$"


def coordinate(values: pa.Array) -> np.ndarray:
    """A plain decimal, or two separated by a comma or a semicolon and spaces: read by Arrow (correctly rounded,
    as ``float``) and held to the latitude's and longitude's ranges. Other forms stay with the reference."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    out = _undecided(len(values))
    rows = np.flatnonzero(_mask(values, _COORDINATES))
    if not len(rows):
        return out
    parts = pc.extract_regex(values.take(pa.array(rows, pa.int64())), _COORDINATES)
    first = pc.cast(parts.field("first"), pa.float64()).to_numpy(zero_copy_only=False)
    paired = pc.greater(pc.binary_length(parts.field("second")), 0).to_numpy(zero_copy_only=False)
    second = pc.cast(pc.if_else(paired, parts.field("second"), "0"), pa.float64()).to_numpy(zero_copy_only=False)
    single = (first >= -180) & (first <= 180)
    pair = (first >= -90) & (first <= 90) & (second >= -180) & (second <= 180)
    out[rows] = np.where(paired, pair, single).astype(np.int8)
    return out


_PLATE_LETTERS = "АВЕКМНОРСТУХABEKMHOPCTYX"


def bg_plate(values: pa.Array) -> np.ndarray:
    """Plates written in the letters Bulgarian plates use (Cyrillic or their Latin look-alikes), four digits
    between: the area code, either spelling, among the known ones. Other writings stay with the reference."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from rightskit.detect.validators import plate_area_spellings

    out = _undecided(len(values))
    letters = f"[{_PLATE_LETTERS}]{{1,2}}"
    pattern = f"^(?P<area>{letters}) ?[0-9]{{4}} ?{letters}$"
    rows = np.flatnonzero(_mask(values, pattern))
    if len(rows):
        area = pc.extract_regex(values.take(pa.array(rows, pa.int64())), pattern).field("area")
        known = pc.is_in(area, value_set=pa.array(sorted(plate_area_spellings()), pa.string()))
        out[rows] = known.to_numpy(zero_copy_only=False).astype(np.int8)
    return out
