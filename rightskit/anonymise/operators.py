"""Operators on single values. Plain unsalted hashes are deliberately absent: ЕГН space is enumerable."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from functools import cache, lru_cache

_DIGITS = re.compile(r"\D")
# A Bulgarian number written with its trunk 0, +359 or 00359 and spaces or dashes: E.164 is +359 and the
# 8 or 9 digits after the prefix, as phonenumbers gives (held equal by a test); anything else goes to phonenumbers.
_BG_NUMBER = re.compile(r"(?:\+359|00359|0)([1-9][0-9]{7,8})")
_SEPARATORS = re.compile(r"[ \-]")


def normalise(value: str, entity: str | None) -> str:
    """One canonical form per person-level value, so 0888 123 456 and +359888123456 give one token."""
    v = value.strip()
    form = _normal_form(entity)
    if form == "phone":
        plain = _BG_NUMBER.fullmatch(_SEPARATORS.sub("", v))
        if plain:  # a phonenumbers parse costs tens of microseconds, and text holds many numbers
            return "+359" + plain.group(1)
        import phonenumbers

        try:
            return phonenumbers.format_number(phonenumbers.parse(v, "BG"), phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException:
            return _DIGITS.sub("", v)
    if form == "compact":
        return re.sub(r"[\s\-]", "", v).upper()
    if form == "casefold":
        return v.casefold()
    return " ".join(v.split()).casefold()


@cache
def _normal_form(entity: str | None) -> str:
    from rightskit.detect.entities import declared_entities, normal_form

    return normal_form(declared_entities().get(entity or ""))


class Tokeniser:
    """HMAC-SHA-256 tokens (128 bits shown), one HMAC per distinct value (bounded cache)."""

    def __init__(self, key: bytes, prefix: str = "") -> None:
        self._key = key
        self._prefix = prefix
        self.token = lru_cache(maxsize=1 << 18)(self._token)

    def _token(self, value: str, entity: str | None) -> str:
        digest = hmac.new(self._key, normalise(value, entity).encode("utf-8"), hashlib.sha256).hexdigest()
        return f"{self._prefix}{digest[:32]}"


def mask(value: str, keep: int = 0) -> str:
    """Every character but the last ``keep`` replaced by *."""
    if keep <= 0:
        return "*" * len(value)
    return "*" * max(0, len(value) - keep) + value[-keep:]


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: str) -> str:
    """A cell a spreadsheet would execute becomes text (OWASP CSV injection)."""
    return "'" + value if value.startswith(_FORMULA) else value


def egn_facts(value: str) -> tuple[str | None, str | None]:
    """(age band, sex) derived from an ЕГН before it is dropped; None when it is not valid."""
    from stdnum.bg import egn

    v = _DIGITS.sub("", value)
    if not egn.is_valid(v):
        return None, None
    born = egn.get_birth_date(v)
    today = dt.date.today()
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    low = (age // 10) * 10
    sex = "ж" if int(v[8]) % 2 else "м"
    return f"{low}-{low + 9}", sex


def shift_date(value: str, key: bytes, subject: str, max_days: int = 180) -> str:
    """A date moved by a per-subject offset (the same person's dates keep their intervals)."""
    from rightskit.detect.validators import parse_date

    d = parse_date(value)
    if d is None:
        return value
    offset = int.from_bytes(hmac.new(key, subject.encode("utf-8"), hashlib.sha256).digest()[:4], "big")
    days = offset % (2 * max_days + 1) - max_days
    return (d + dt.timedelta(days=days)).isoformat()


class Encryptor:
    """Deterministic, reversible encryption (AES-SIV) for internal use; refused by open-data publication."""

    def __init__(self, key: bytes) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESSIV

        self._siv = AESSIV(hashlib.sha512(key).digest())  # 64 bytes: AES-256-SIV

    def encrypt(self, value: str) -> str:
        import base64

        return base64.urlsafe_b64encode(self._siv.encrypt(value.encode("utf-8"), None)).decode().rstrip("=")

    def decrypt(self, token: str) -> str:
        import base64

        return self._siv.decrypt(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)), None).decode("utf-8")
