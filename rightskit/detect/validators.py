"""Named validators: the exact checks run on pattern candidates only.

Checksums come from maintained libraries (python-stdnum, phonenumbers); this module only adds the
plausibility checks those libraries leave out (an ЕГН birth date in the future, phone numbers written
without any trunk or international prefix). Each validator takes the matched text and returns a bool.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from collections.abc import Callable
from functools import cache

Validator = Callable[[str], bool]

_DIGITS = re.compile(r"\D")
# A calendar date as people write one (07.08.2021, 7/8/21, 2021-08-07): never a phone number, whatever
# libphonenumber would make of its digits. Shared with the vectorised phone check (RE2 syntax).
DATE_SHAPE = r"^\s*(?:[0-9]{1,2}([./\-])[0-9]{1,2}[./\-](?:[0-9]{2}|[0-9]{4})|[0-9]{4}-[0-9]{2}-[0-9]{2})\s*$"
_DATE = re.compile(DATE_SHAPE)
# Letters of addresses as people write them (RFC 6531): Latin with diacritics, Greek and Cyrillic local parts and
# domains ("иван.петров@пример.бг"). One source for the Python check here, the RE2 check in fast_validators and
# the pack's pattern (generic.yaml), which spells the same ranges.
_EMAIL_LETTERS = "A-Za-z0-9À-ÖØ-öø-ɏΆ-ώЀ-ӿ"
EMAIL_SHAPE = (
    rf"^(?P<local>[{_EMAIL_LETTERS}._%+\-]{{1,64}})@(?P<domain>(?:[{_EMAIL_LETTERS}](?:[{_EMAIL_LETTERS}\-]{{0,61}}"
    rf"[{_EMAIL_LETTERS}])?\.)+[A-Za-zΆ-ώЀ-ӿ]{{2,24}})$"
)
_EMAIL = re.compile(EMAIL_SHAPE)


def email(text: str) -> bool:
    """An RFC 5321-shaped address with a letter-only TLD; no suffix-list download (cf. tldextract)."""
    m = _EMAIL.match(text)
    if not m:
        return False
    local = m.group("local")
    return not (local.startswith(".") or local.endswith(".") or ".." in local)


def iban(text: str) -> bool:
    """Country format and mod-97 (python-stdnum)."""
    from stdnum import iban as _iban

    return bool(_iban.is_valid(text))


def bg_egn(text: str) -> bool:
    """ЕГН checksum and date (python-stdnum) plus a birth date not in the future and not in 1–13 April 1916."""
    from stdnum.bg import egn

    number = _DIGITS.sub("", text)
    if not egn.is_valid(number):
        return False
    birth = egn.get_birth_date(number)
    if birth > dt.date.today():
        return False
    # Bulgaria switched to the Gregorian calendar in 1916: 1–13 April 1916 never existed there.
    return not (birth.year == 1916 and birth.month == 4 and birth.day <= 13)


def bg_lnch(text: str) -> bool:
    """ЛНЧ weighted mod-10 checksum (python-stdnum ``bg.pnf``)."""
    from stdnum.bg import pnf

    return bool(pnf.is_valid(_DIGITS.sub("", text)))


CARD_PREFIXES = (
    ("4",),  # Visa
    tuple(str(p) for p in range(51, 56)) + tuple(str(p) for p in range(2221, 2721)),  # Mastercard
    ("34", "37"),  # American Express
    ("6011", "65", *(str(p) for p in range(644, 650))),  # Discover
    ("36", "38", "300", "301", "302", "303", "304", "305"),  # Diners
    tuple(str(p) for p in range(3528, 3590)),  # JCB
    ("50", "56", "57", "58", "6304", "6759", "676770", "676774"),  # Maestro
)


def credit_card(text: str) -> bool:
    """Luhn (python-stdnum), issuer range and length; rejects one repeated digit."""
    from stdnum import luhn

    number = _DIGITS.sub("", text)
    if not 13 <= len(number) <= 19 or len(set(number)) == 1:
        return False
    if not any(number.startswith(p) for group in CARD_PREFIXES for p in group):
        return False
    return bool(luhn.is_valid(number))


# "(2009-2014", "(1998/2003)": a span of years in brackets reads as a Sofia number 02 009 2014.
_YEARS = re.compile(r"^\(?\s*(?:1[89]|20)[0-9]{2}\s*[-–/]\s*(?:1[89]|20)[0-9]{2}\s*\)?$")


def phone(text: str, regions: tuple[str, ...] = ("BG",)) -> bool:
    """A valid number for its region (phonenumbers), written the way people write phone numbers.

    A bare run of digits with no trunk ``0`` and no ``+``/``00`` prefix is not accepted: that is how
    serial numbers, amounts and ЕГН look, and it is where other scanners cry wolf.
    """
    import phonenumbers

    stripped = text.strip()
    if not (stripped.startswith(("+", "00", "0", "("))) or _DATE.match(stripped) or _YEARS.match(stripped):
        return False
    digits = _DIGITS.sub("", stripped)
    if not 7 <= len(digits) <= 15:
        return False
    if stripped.startswith("00"):
        stripped = "+" + stripped[2:]
    for region in regions if not stripped.startswith("+") else regions[:1]:
        try:
            number = phonenumbers.parse(stripped, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return True
    return False


def ipv4(text: str) -> bool:
    """A dotted-quad IPv4 address without leading zeros."""
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return True


def ipv6(text: str) -> bool:
    """An IPv6 address with at least two colons (so that times like 12:30 never pass)."""
    if text.count(":") < 2:
        return False
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


# Bulgarian registration areas (Cyrillic letters that have Latin look-alikes are used on plates).
_PLATE_AREAS = frozenset(
    [
        "А",
        "В",
        "ВН",
        "ВР",
        "ВТ",
        "Е",
        "ЕВ",
        "ЕН",
        "К",
        "КН",
        "М",
        "Н",
        "ОВ",
        "Р",
        "РА",
        "РВ",
        "РК",
        "РР",
        "С",
        "СА",
        "СВ",
        "СН",
        "СМ",
        "СО",
        "СС",
        "СТ",
        "Т",
        "ТХ",
        "Х",
        "У",
    ]
)
_LATIN_TO_CYRILLIC = str.maketrans("ABEKMHOPCTYX", "АВЕКМНОРСТУХ")
_PLATE = re.compile(r"^([^\d\s]{1,2}) ?(\d{4}) ?([^\d\s]{1,2})$")


@cache
def plate_area_spellings() -> frozenset[str]:
    """Every way the known area codes can be written in the letters plates use: Cyrillic, or a Latin look-alike
    for any of their letters ("СА", "CA", "СA", "CА")."""
    from itertools import product

    latin = {cyrillic: plain for plain, cyrillic in zip("ABEKMHOPCTYX", "АВЕКМНОРСТУХ", strict=True)}
    return frozenset(
        "".join(spelling) for area in _PLATE_AREAS for spelling in product(*((c, latin.get(c, c)) for c in area))
    )


def bg_plate(text: str) -> bool:
    """A Bulgarian plate: a known area code, four digits, a one- or two-letter series."""
    m = _PLATE.match(text.strip().upper().translate(_LATIN_TO_CYRILLIC))
    return bool(m) and m.group(1) in _PLATE_AREAS


def coordinate(text: str) -> bool:
    """A latitude or longitude (or a pair) in range, with at least four decimals."""
    parts = re.split(r"\s*[,;]\s*", text.strip())
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        return False
    if len(numbers) == 2:
        return -90 <= numbers[0] <= 90 and -180 <= numbers[1] <= 180
    return len(numbers) == 1 and -180 <= numbers[0] <= 180


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y")


def parse_date(text: str) -> dt.date | None:
    """Parse the date part of ISO and Bulgarian/European day-first writings."""
    head = re.split(r"[ T]", text.strip(), maxsplit=1)[0].rstrip("г.").strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(head, fmt).date()
        except ValueError:
            continue
    return None


def birth_date(text: str) -> bool:
    """A real date between 1900 and today."""
    date = parse_date(text)
    return date is not None and dt.date(1900, 1, 1) <= date <= dt.date.today()


def place(text: str) -> bool:
    """A known settlement, Sofia district or neighbourhood, or EU city (places.yaml)."""
    from rightskit.detect.places import is_place

    return is_place(text)


_HOUSE_NUMBER = re.compile(r"\d")


def street_address(text: str) -> bool:
    """A street address names a house or block number: a street alone is a place, not an address."""
    return bool(_HOUSE_NUMBER.search(text)) and any(ch.isalpha() for ch in text)


def person_name(text: str) -> bool:
    """Two or three capitalised words: a known first name, or a Bulgarian surname form (names/finder.py)."""
    from rightskit.detect.names.finder import is_person_name

    return is_person_name(text)


def bg_postcode(text: str) -> bool:
    """A Bulgarian postcode: four digits, 1000–9999."""
    return text.isdigit() and len(text) == 4 and 1000 <= int(text) <= 9999


def stdnum_validator(module: str) -> Validator:
    """A validator from any python-stdnum module, e.g. ``ro.cnp`` (for custom YAML recognizers)."""
    import importlib

    if not re.fullmatch(r"[a-z_]+(?:\.[a-z_]+)*", module):
        raise ValueError(f"not a python-stdnum module name: '{module}'")
    try:
        mod = importlib.import_module(f"stdnum.{module}")
    except ImportError:
        raise ValueError(f"python-stdnum has no module '{module}'") from None
    return lambda text: bool(mod.is_valid(text))


VALIDATORS: dict[str, Validator] = {
    "email": email,
    "iban": iban,
    "bg_egn": bg_egn,
    "bg_lnch": bg_lnch,
    "credit_card": credit_card,
    "phone": phone,
    "ipv4": ipv4,
    "ipv6": ipv6,
    "bg_plate": bg_plate,
    "coordinate": coordinate,
    "birth_date": birth_date,
    "bg_postcode": bg_postcode,
    "person_name": person_name,
    "place": place,
    "street_address": street_address,
}


_LOCAL_WORDS = re.compile(r"[._\-+]+")


def email_names_person(text: str) -> bool:
    """Whether an e-mail address's local part is a person's name: given.family (``ivan.petrov``,
    ``Jan_Novak2``), an initial and a family name (``j.smith``), or a given name alone (``maria77``) — and not
    a mailbox named after an office, a role, a place or an acronym (``info``, ``poststelle``, ``ito.sotang``)."""
    from rightskit.detect.names.lexicon import first_names, last_names

    local = text.split("@", 1)[0].casefold()
    words = [w.rstrip("0123456789") for w in _LOCAL_WORDS.split(local)]
    words = [w for w in words if w]
    if len(words) == 1:
        return len(words[0]) >= 4 and words[0] in first_names()
    if len(words) < 2 or not words[1].isalpha():
        return False
    first, second = words[0], words[1]
    if len(first) == 1:
        return second in last_names()
    return len(first) >= 3 and len(second) >= 2 and first in first_names()


PERSON_CHECKS: dict[str, Validator] = {"email_names_person": email_names_person}


def get_validator(name: str, options: dict | None = None) -> Validator:
    """Resolve a validator name: a built-in, or ``stdnum:<module>``; ``options`` tune some (phone regions)."""
    if name.startswith("stdnum:"):
        return stdnum_validator(name.split(":", 1)[1])
    if name == "phone" and options and options.get("phone_regions"):
        regions = tuple(r.upper() for r in options["phone_regions"])
        return lambda text: phone(text, regions)
    try:
        return VALIDATORS[name]
    except KeyError:
        raise ValueError(
            f"unknown validator '{name}' (built-in: {', '.join(sorted(VALIDATORS))}, or stdnum:<module>)"
        ) from None
