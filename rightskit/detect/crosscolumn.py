"""Evidence across the columns of one table, row by row: what one column's values prove about another's.

A national ID encodes its holder's birth date and sex (ЕГН, PESEL, CNP). A date column equal to that birth
date, row after row, is the date of birth whatever its header says (``c03``); a column equal to the encoded
sex is the gender. An e-mail address whose local part is made of the words of another column, row after row
(``ivan.petrov@`` beside "Иван Петров"), confirms both: that column holds people's names, and the addresses
are personal, not role mailboxes. A link that holds the row's user name (``github.com/<login>``) is that
person's URL. A date-only column under a header that says nothing (``c03``, ``date``), spread over
decades, every date 0–110 years back, in a table about people is a probable date of birth. Rows are compared
batch by batch, vectorised; only counts are kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

    from rightskit.detect.classifier import Verdict

_LOOKS_LIKE = 0.5  # share of a batch's non-empty values in a shape before a column is decoded at all
_EQUAL_SHARE = 0.8  # share of rows (where both are known) that must agree
_MIN_ROWS = 5
_DATE_SHAPE = r"[0-9]{1,4}[./\-][0-9]{1,2}[./\-][0-9]{1,4}"  # what the formats below may read, separators apart
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%Y/%m/%d", "%d-%m-%Y", "%Y.%m.%d")
_MALE = {"м", "мъж", "мъжки", "m", "male", "man", "masculin", "männlich", "mężczyzna", "άνδρας"}
_FEMALE = {"ж", "жена", "женски", "f", "w", "female", "woman", "feminin", "weiblich", "kobieta", "γυναίκα"}
_SEX_WORDS = frozenset(_MALE | _FEMALE)
_PLAUSIBILITY_MIN = 50  # decoded values before plausibility is judged
_ONE_DAY_SHARE = 0.5
_ONE_SEX_SHARE = 0.02
_DAYS_CAP = 100_000
_IMPLAUSIBLE_CONFIDENCE = 0.6
_PROBABLE_DOB_SPAN_YEARS = 15  # birth dates spread over decades; event dates (created_at) cluster
_PROBABLE_DOB_CONFIDENCE = 0.55
_CONFIRMED_CONFIDENCE = 0.95
_NAME_MATCH_ROWS = 5_000  # rows per (e-mail, name) pair compared in Python; enough to decide, cheap in --full
_NAME_MATCH_CONFIDENCE = 0.9
_NAME_VARIETY = 0.5  # distinct matching values per matching row before a column becomes PERSON on this alone
_WORDS_CACHE = 65_536  # names and addresses repeat across the pairs of columns compared and across batches
_MIN_NAME_WORD = 3  # "Li" or "de" inside a local part proves nothing
# Shapes of whole values (matched with fullmatch).
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_LINK = re.compile(r"(?i:https?://)\S+")
_HANDLE = re.compile(r"[A-Za-z0-9_.\-]{0,38}[A-Za-z][A-Za-z0-9_.\-]{0,38}")  # a letter in it: no ids, no dates
_NAME_MARKS = "'’.- "  # besides letters, in a written name ("O’Neil", "Jean-Luc", "Smith, J.")
_WITHOUT_MARKS = str.maketrans("", "", _NAME_MARKS)
_LINK_SHARE = 0.5  # a contributor's link is their GitHub page or their own site: half carry the user name


_LONGEST_VALUE = 40  # bytes: "13.05.1979 г." or a CNP with spaces fit many times over


def _decode_ids(values: pa.Array) -> tuple[np.ndarray, np.ndarray, str] | None:
    """Birth dates (datetime64[D], NaT where none) and sexes (1 male, 2 female, 0 unknown) encoded in a
    column of ЕГН (10 digits), PESEL (11) or CNP (13), or None when the column is not such numbers."""
    import numpy as np
    import pyarrow.compute as pc

    from rightskit import textbytes

    text = pc.utf8_trim_whitespace(values)
    present = _non_empty(text)
    if not present:
        return None
    shaped = []
    for width, decode in _ENCODINGS.items():
        rows, digits = textbytes.fixed_digits(text, width)
        if width == 13:  # a CNP's first digit is 1–8
            cnp = (digits[:, 0] >= 1) & (digits[:, 0] <= 8)
            rows, digits = rows[cnp], digits[cnp]
        shaped.append((rows, decode, digits))  # uint8: a pair of digits is at most 99, a century added makes int64
    if sum(len(rows) for rows, _, _ in shaped) < _LOOKS_LIKE * present:
        return None
    year, month, day = (np.zeros(len(text), np.int64) for _ in range(3))
    sex = np.zeros(len(text), np.int8)
    for rows, decode, digits in shaped:
        year[rows], month[rows], day[rows], sex[rows] = decode(digits)
    valid = (month >= 1) & (month <= 12) & (day >= 1) & (day <= 31)  # 31 February: the 3rd of March, as numpy's
    births = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[D]")
    births[valid] = (_first_of_month(year[valid], month[valid]) + day[valid] - 1).astype("datetime64[D]")
    sex[~valid] = 0
    return births, sex, "id"


Decoded = tuple["np.ndarray", "np.ndarray", "np.ndarray", "np.ndarray"]  # year, month, day, sex


def _egn(d: np.ndarray) -> Decoded:
    """ЕГН: month +20 for the 1800s, +40 for the 2000s; the ninth digit is even for men."""
    import numpy as np

    yy, mm = d[:, 0] * 10 + d[:, 1], d[:, 2] * 10 + d[:, 3]
    year = np.select([mm > 40, mm > 20], [2000, 1800], 1900) + yy
    return year, mm % 20, d[:, 4] * 10 + d[:, 5], np.where(d[:, 8] % 2 == 0, 1, 2)


def _pesel(d: np.ndarray) -> Decoded:
    """PESEL: month +80 for the 1800s, +20 per century from 2000; the tenth digit is even for women."""
    import numpy as np

    yy, mm = d[:, 0] * 10 + d[:, 1], d[:, 2] * 10 + d[:, 3]
    year = np.select([mm > 80, mm > 60, mm > 40, mm > 20], [1800, 2200, 2100, 2000], 1900) + yy
    return year, mm % 20, d[:, 4] * 10 + d[:, 5], np.where(d[:, 9] % 2 == 0, 2, 1)


def _cnp(d: np.ndarray) -> Decoded:
    """CNP: the first digit gives sex and century (1/2 1900s, 3/4 1800s, 5/6 2000s, 7/8 residents)."""
    import numpy as np

    first = d[:, 0]
    year = np.select([first >= 7, first >= 5, first >= 3], [1900, 2000, 1800], 1900) + d[:, 1] * 10 + d[:, 2]
    return year, d[:, 3] * 10 + d[:, 4], d[:, 5] * 10 + d[:, 6], np.where(first % 2 == 1, 1, 2)


_ENCODINGS: dict[int, Callable[[np.ndarray], Decoded]] = {10: _egn, 11: _pesel, 13: _cnp}


def _first_of_month(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    """Days from 1970-01-01 to the first of each month (the proleptic Gregorian calendar, H. Hinnant's
    days_from_civil): integer arithmetic, where numpy's casts between datetime units cost ten times more."""
    y = year - (month <= 2)
    era = y // 400
    of_era = y - era * 400
    of_year = (153 * ((month + 9) % 12) + 2) // 5
    return era * 146_097 + of_era * 365 + of_era // 4 - of_era // 100 + of_year - 719_468


def _non_empty(text: pa.Array) -> int:
    import pyarrow.compute as pc

    return int(pc.sum(pc.greater(pc.binary_length(text), 0)).as_py() or 0)


_PROBE_ROWS = 256  # rows looked at in Python to rule shapes out before any vectorised test
_PROBE_VALUES = 64
_PROBE_SHARE = 0.25  # lenient: the vectorised tests that follow want half of the whole batch


def _probable_kinds(values: pa.Array) -> set[str]:
    """The shapes a column may have, judged in Python from its first non-empty values: each vectorised test
    below compiles its pattern for every column it is asked of, which cost more than the test on small tables."""
    probe = [v.strip() for v in values.slice(0, _PROBE_ROWS).to_pylist() if v and v.strip()][:_PROBE_VALUES]
    if not probe:
        return set()
    needed = _PROBE_SHARE * len(probe)
    return {kind for kind, test in _KIND_TESTS.items() if _at_least(probe, test, needed)}


def _at_least(values: list[str], test: Callable[[str], object], needed: float) -> bool:
    """Whether ``needed`` of the values pass, read only until that is settled either way."""
    passed, left = 0, len(values)
    for v in values:
        left -= 1
        if test(v):
            passed += 1
            if passed >= needed:
                return True
        elif passed + left < needed:
            return False
    return passed >= needed


def _may_hold_ids(values: pa.Array) -> bool:
    """Whether an integer column's first values could pass the probe for IDs (``_probable_kinds``), judged on
    the numbers before any is cast to text: only an ID is written in digits alone."""
    probe = [str(v) for v in values.slice(0, _PROBE_ROWS).to_pylist() if v is not None][:_PROBE_VALUES]
    return bool(probe) and _at_least(probe, _KIND_TESTS["id"], _PROBE_SHARE * len(probe))


def _mostly_long(values: pa.Array) -> bool:
    """Most values are longer than any ID, date or sex is written (from the offsets alone, no text read)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if values.null_count == 0 and pa.types.is_string(values.type):  # the lengths are the offsets' steps
        offsets = np.frombuffer(values.buffers()[1], dtype=np.int32)[values.offset : values.offset + len(values) + 1]
        return int((np.diff(offsets) > _LONGEST_VALUE).sum()) > len(values) / 2
    long = pc.sum(pc.greater(pc.binary_length(values), _LONGEST_VALUE)).as_py() or 0
    return long > len(values) / 2


def _parse_dates(values: pa.Array) -> np.ndarray | None:
    """Dates (datetime64[D], NaT where none) of a column of date-only values, or None."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pc.utf8_trim_whitespace(values)
    if pc.any(pc.match_substring(text, "г")).as_py():  # memchr first: most date columns hold no "г." to cut
        text = pc.replace_substring_regex(text, r"\s*г\.?$", "")
    present = _non_empty(text)
    if not present:
        return None
    shaped = pc.match_substring_regex(text, f"^{_DATE_SHAPE}$")
    if int(pc.sum(shaped).as_py() or 0) < _LOOKS_LIKE * present:
        return None
    # The first format that reads a value gives its date; each next one reads only the values still unread (a
    # column is written one way: six passes over every value had cost a 1M-row scan half a second).
    days = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[D]")
    unread = np.arange(len(text))
    for fmt in _DATE_FORMATS:
        if not len(unread):
            break
        chosen = text if len(unread) == len(text) else text.take(pa.array(unread, pa.int64()))
        attempt = pc.strptime(chosen, format=fmt, unit="s", error_is_null=True)
        read = pc.cast(pc.cast(attempt, pa.timestamp("s")), pa.date32()).to_numpy(zero_copy_only=False)
        days[unread] = read.astype("datetime64[D]")
        unread = unread[np.isnat(days[unread])]
    return days


def _shaped(values: pa.Array, test: Callable[[str], object]) -> list[str | None] | None:
    """The values as Python strings (trimmed; None where not of the shape) when most non-empty ones pass
    ``test``, else None. Python, not RE2: these are at most ``_NAME_MATCH_ROWS`` values, which RE2 would
    spend longer compiling a pattern for than Python spends on them."""
    text = [None if v is None else v.strip() for v in values.to_pylist()]
    present = sum(1 for v in text if v)
    if not present:
        return None
    out: list[str | None] = []
    misses_allowed = present - _LOOKS_LIKE * present  # more misses than this and the share cannot be reached
    misses = 0
    for v in text:
        if v and test(v):
            out.append(v)
            continue
        out.append(None)
        if v:
            misses += 1
            if misses > misses_allowed:
                return None
    return out


def _written_name(value: str) -> bool:
    """A capitalised run of letters, apostrophes, dots, hyphens and spaces, at most one comma ("Family, Given")."""
    head, comma, rest = value.partition(",")
    tail = rest.lstrip(" \t\n\f\r")  # RE2's \s, as the shape was first written
    if unicodedata.category(value[0]) != "Lu" or not _letters_and_marks(head):
        return False
    if not comma:
        return True
    # "Ab, ": the shape's \s* may take nothing and leave the trailing space to its run of letters and spaces
    return _letters_and_marks(tail) if tail else rest.endswith(" ")


def _letters_and_marks(text: str) -> bool:
    letters = text.translate(_WITHOUT_MARKS)
    return not letters or letters.isalpha()


def _encoded_id(value: str) -> bool:
    """An ID whose birth date and sex ``_decode_ids`` reads, its check digit right: a column of phone numbers
    ("0888123456") is ten digits too, and had been decoded batch after batch as ЕГН (75 ms per 200k rows)."""
    check = _id_checks().get(len(value))
    return check is not None and value.isdigit() and check(value)


@lru_cache(maxsize=1)
def _id_checks() -> dict[int, Callable[[str], bool]]:
    """The validators of the encodings ``_ENCODINGS`` reads, by length, as the packs declare them."""
    from rightskit.detect.validators import get_validator

    return {10: get_validator("bg_egn"), 11: get_validator("stdnum:pl.pesel"), 13: get_validator("stdnum:ro.cnp")}


_KIND_TESTS: dict[str, Callable[[str], object]] = {
    "email": _EMAIL.fullmatch,
    "link": _LINK.fullmatch,
    "handle": _HANDLE.fullmatch,
    "name": _written_name,
    "id": lambda v: _encoded_id(v),
    # The shape ``_parse_dates`` wants of half the batch: amounts ("2688.05") had been read for it in every batch
    "date": re.compile(rf"{_DATE_SHAPE}(?:\s*г\.?)?").fullmatch,
    # A sex word itself, not any short word: names and cities had each been counted by value over every batch
    # to be turned down (6 of the 57 ms per 100k realistic rows)
    "sex": lambda v: v.lower() in _SEX_WORDS,
}


@lru_cache(maxsize=_WORDS_CACHE)
def _latin_words(value: str) -> tuple[str, ...]:
    """The words of a name folded to plain Latin letters, as people write them in e-mail addresses."""

    from rightskit.detect.lexicon import tokens

    folded = value
    if not value.isascii():
        folded = unicodedata.normalize("NFKD", value)
        folded = "".join(c for c in folded if not unicodedata.combining(c))
    return tuple(t for t in tokens(folded) if len(t) >= _MIN_NAME_WORD and t.isascii() and t.isalpha())


@lru_cache(maxsize=_WORDS_CACHE)
def _local_part(address: str) -> str:
    local = address.split("@", 1)[0].lower()
    return local if local.isalpha() else "".join(c for c in local if c.isalpha())


def _sexes(values: pa.Array) -> np.ndarray | None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    # Judged on the distinct values first, weighted by their counts: a column of names or cities (which the probe
    # lets through, being words) is a few thousand look-ups, not a pass over every row, before it is turned down.
    counted = pc.value_counts(values)
    distinct, counts = counted.field(0), counted.field(1).to_numpy(zero_copy_only=False)
    folded = pc.utf8_lower(pc.utf8_trim_whitespace(distinct))
    male = pc.fill_null(pc.is_in(folded, value_set=pa.array(sorted(_MALE))), False).to_numpy(zero_copy_only=False)
    female = pc.fill_null(pc.is_in(folded, value_set=pa.array(sorted(_FEMALE))), False).to_numpy(zero_copy_only=False)
    present = int(
        counts[pc.fill_null(pc.greater(pc.utf8_length(folded), 0), False).to_numpy(zero_copy_only=False)].sum()
    )
    if not present or int(counts[male | female].sum()) < _LOOKS_LIKE * present:
        return None
    code = np.where(male, 1, np.where(female, 2, 0)).astype(np.int8)
    return code[pc.index_in(values, value_set=distinct).to_numpy(zero_copy_only=False)]


@dataclass
class DateSpread:
    """What the dates of one column look like, for the probable-date-of-birth rule."""

    dates: int = 0
    present: int = 0
    earliest: np.datetime64 | None = None
    latest: np.datetime64 | None = None


@dataclass
class EncodedFacts:
    """What the values of an ID-shaped column encode, for plausibility: people are born on many days, of both
    sexes; a column of codes that pass the ЕГН check by construction (one day's document numbers) is not."""

    births: int = 0
    men: int = 0
    women: int = 0
    days: Counter = field(default_factory=Counter)

    def implausible(self) -> str | None:
        if self.births < _PLAUSIBILITY_MIN:
            return None
        top = self.days.most_common(1)[0][1] if self.days else 0
        if top > _ONE_DAY_SHARE * self.births:
            return f"{top / self.births:.0%} of the numbers encode the same birth date"
        sexed = self.men + self.women
        if sexed >= _PLAUSIBILITY_MIN and min(self.men, self.women) < _ONE_SEX_SHARE * sexed:
            return "the numbers encode one sex only"
        return None


@dataclass
class CrossColumn:
    """Row-aligned comparisons between the columns of one table, accumulated batch by batch."""

    birth_equal: Counter[tuple[str, str]] = field(default_factory=Counter)  # (date column, id column)
    birth_both: Counter[tuple[str, str]] = field(default_factory=Counter)
    sex_equal: Counter[tuple[str, str]] = field(default_factory=Counter)
    sex_both: Counter[tuple[str, str]] = field(default_factory=Counter)
    spreads: dict[str, DateSpread] = field(default_factory=dict)
    encoded: dict[str, EncodedFacts] = field(default_factory=dict)  # per ID-shaped column
    name_equal: Counter[tuple[str, str]] = field(default_factory=Counter)  # (name column, e-mail column)
    name_both: Counter[tuple[str, str]] = field(default_factory=Counter)
    name_distinct: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # matching values, for variety
    name_rows: int = 0  # rows looked at for e-mail/name pairs: past _NAME_MATCH_ROWS, batches skip the look
    name_hopeless: set[tuple[str, str]] = field(default_factory=set)  # pairs that can no longer agree enough
    rows_seen: int = 0
    rows_expected: int | None = None  # all the rows the pass will see, when known (a sample): none come later
    link_equal: Counter[tuple[str, str]] = field(default_factory=Counter)  # (link column, user-name column)
    link_both: Counter[tuple[str, str]] = field(default_factory=Counter)

    def _compare_names(self, emails: dict[str, list], names: dict[str, list]) -> None:
        future = max(0, _NAME_MATCH_ROWS - self.name_rows)  # rows later batches may still compare
        if self.rows_expected is not None:
            future = min(future, max(0, self.rows_expected - self.rows_seen))
        for email_name, addresses in emails.items():
            locals_ = [None if a is None else _local_part(a) for a in addresses]
            for name, values in names.items():
                pair = (name, email_name)
                if pair in self.name_hopeless:
                    continue
                both, agree = self.name_both[pair], self.name_equal[pair]
                left = len(values) + future
                distinct = self.name_distinct.setdefault(pair, set())
                for local, value in zip(locals_, values, strict=True):
                    left -= 1
                    if local is None or value is None:
                        continue
                    both += 1
                    for word in _latin_words(value):
                        if word in local:
                            agree += 1
                            distinct.add(value)
                            break
                    else:  # every row left agreeing could not lift the share to the bar: decided, stop reading
                        if agree + left < _EQUAL_SHARE * (both + left):
                            self.name_hopeless.add(pair)
                            break
                self.name_both[pair], self.name_equal[pair] = both, agree

    def _compare_links(self, links: dict[str, list], handles: dict[str, list]) -> None:
        for link_name, urls in links.items():
            for name, values in handles.items():
                pair = (link_name, name)
                for url, value in zip(urls, values, strict=True):
                    if url is None or value is None or len(value) < _MIN_NAME_WORD:
                        continue
                    self.link_both[pair] += 1
                    self.link_equal[pair] += value.lower() in url.lower().split("://", 1)[-1]

    def _count_ids(self, name: str, decoded: tuple[np.ndarray, np.ndarray, str]) -> None:
        import numpy as np

        births, sex, _kind = decoded
        facts = self.encoded.setdefault(name, EncodedFacts())
        known = births[~np.isnat(births)]
        facts.births += len(known)
        facts.men += int((sex == 1).sum())
        facts.women += int((sex == 2).sum())
        if len(facts.days) < _DAYS_CAP and len(known):
            # Counted by days since 1970 in one bincount (a sort of every date had cost more than the decoding)
            days = known.astype(np.int64)
            first = int(days.min())
            counts = np.bincount(days - first)
            held = np.flatnonzero(counts)
            facts.days.update(dict(zip((held + first).tolist(), counts[held].tolist(), strict=True)))

    def update(self, columns: dict[str, pa.Array]) -> None:
        """One batch: columns of equal length, row i of each from the same record."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        ids, dates, sexes, emails, names, links, handles = {}, {}, {}, {}, {}, {}, {}
        maybe: dict[str, tuple[pa.Array, set[str]]] = {}  # columns that may hold names or user names
        room = max(0, _NAME_MATCH_ROWS - self.name_rows)
        batch_rows = max((len(v) for v in columns.values()), default=0)
        self.name_rows += min(room, batch_rows)
        self.rows_seen += batch_rows
        for name, values in columns.items():
            if not pa.types.is_string(values.type):
                if not (pa.types.is_integer(values.type) or pa.types.is_date(values.type)):
                    continue  # numbers with decimals, lists and records carry no ID or date to compare
                if pa.types.is_integer(values.type) and not _may_hold_ids(values):
                    continue  # amounts and counts: no number of an ID's length among the first values
                values = pc.cast(values, pa.string())
            elif _mostly_long(values):
                continue  # prose: no ID, date or sex to compare, and each pass over it costs its whole size
            kinds = _probable_kinds(values)
            if room and kinds & {"email", "link", "handle", "name"}:
                head = values.slice(0, room)
                addresses = _shaped(head, _EMAIL.fullmatch) if "email" in kinds else None
                if addresses is not None:
                    emails[name] = addresses
                    continue
                urls = _shaped(head, _LINK.fullmatch) if "link" in kinds else None
                if urls is not None:
                    links[name] = urls
                    continue
                # Names and user names are read only when an e-mail or a link column is there to compare them
                # with (below): most tables have neither.
                maybe[name] = (head, kinds)
            decoded = _decode_ids(values) if "id" in kinds else None
            if decoded is not None:
                ids[name] = decoded
                self._count_ids(name, decoded)
                continue
            parsed = _parse_dates(values) if "date" in kinds else None
            if parsed is not None:
                dates[name] = parsed
                continue
            sex = _sexes(values) if "sex" in kinds else None
            if sex is not None:
                sexes[name] = sex
        for name, (head, kinds) in maybe.items() if emails or links else ():
            handle = _shaped(head, _HANDLE.fullmatch) if links and "handle" in kinds else None
            if handle is not None:
                handles[name] = handle
            written = _shaped(head, _written_name) if emails and "name" in kinds else None
            if written is not None:
                names[name] = written
        for name, parsed in dates.items():
            known = ~np.isnat(parsed)
            spread = self.spreads.setdefault(name, DateSpread())
            spread.present += len(parsed)
            spread.dates += int(known.sum())
            if known.any():
                lo, hi = parsed[known].min(), parsed[known].max()
                spread.earliest = lo if spread.earliest is None else min(spread.earliest, lo)
                spread.latest = hi if spread.latest is None else max(spread.latest, hi)
            for id_name, (births, _sex, _kind) in ids.items():
                both = known & ~np.isnat(births)
                self.birth_both[(name, id_name)] += int(both.sum())
                self.birth_equal[(name, id_name)] += int((parsed[both] == births[both]).sum())
        for name, sex in sexes.items():
            for id_name, (_births, encoded, _kind) in ids.items():
                both = (sex > 0) & (encoded > 0)
                self.sex_both[(name, id_name)] += int(both.sum())
                self.sex_equal[(name, id_name)] += int((sex[both] == encoded[both]).sum())
        self._compare_names(emails, names)
        self._compare_links(links, handles)

    def apply(self, per_field: dict[str, list[Verdict]], national: frozenset[str], about_people: bool) -> None:
        """Add what the rows prove to the verdicts: confirmed dates of birth and genders, probable ones."""
        id_columns = {
            name: next(v.entity for v in verdicts if v.entity in national)
            for name, verdicts in per_field.items()
            if any(v.entity in national for v in verdicts)
        }
        for name in list(id_columns):
            why = self.encoded[name].implausible() if name in self.encoded else None
            if why is None:
                continue
            # Kept (a release still drops it), but no longer proof of people, nor of their birth dates.
            for v in per_field[name]:
                if v.entity in national and "name" not in v.method:
                    v.confidence = min(v.confidence, _IMPLAUSIBLE_CONFIDENCE)
                    v.notes.append(f"implausible as personal numbers: {why}")
            del id_columns[name]
        for pairs_equal, pairs_both, entity in (
            (self.birth_equal, self.birth_both, "DATE_OF_BIRTH"),
            (self.sex_equal, self.sex_both, "GENDER"),
        ):
            for (name, id_name), both in pairs_both.items():
                if id_name not in id_columns or both < _MIN_ROWS:
                    continue
                equal = pairs_equal[(name, id_name)]
                if equal < _EQUAL_SHARE * both:
                    continue
                what = "birth date" if entity == "DATE_OF_BIRTH" else "sex"
                note = f"equals the {what} encoded in '{id_name}' ({id_columns[id_name]}) in {equal} of {both} rows"
                _confirm(per_field, name, entity, _CONFIRMED_CONFIDENCE, equal, both, note, repeats=id_name)
        self._apply_names(per_field)
        if not about_people:
            return
        self._apply_links(per_field)
        import numpy as np

        today = np.datetime64("today", "D")
        for name, spread in self.spreads.items():
            if any(v.entity == "DATE_OF_BIRTH" for v in per_field.get(name, [])) or spread.earliest is None:
                continue
            if not _says_nothing(name):
                continue  # "start_date", "Date added": the header says which date it is, and it is no birth
            years = (spread.latest - spread.earliest).astype("timedelta64[D]").astype(int) / 365.25
            oldest = (today - spread.earliest).astype("timedelta64[D]").astype(int) / 365.25
            if (
                spread.dates >= max(_MIN_ROWS, _EQUAL_SHARE * spread.present)
                and years >= _PROBABLE_DOB_SPAN_YEARS
                and oldest <= 110
                and spread.latest <= today
            ):
                note = f"dates over {years:.0f} years, all 0–110 years back, in a table about people"
                _confirm(per_field, name, "DATE_OF_BIRTH", _PROBABLE_DOB_CONFIDENCE, spread.dates, spread.present, note)

    def _apply_links(self, per_field: dict[str, list[Verdict]]) -> None:
        """A link that holds the row's user name (github.com/<login>) points at that person: a personal URL."""
        for (link_name, name), both in self.link_both.items():
            equal = self.link_equal[(link_name, name)]
            if both < _MIN_ROWS or equal < _LINK_SHARE * both:
                continue
            if not any(v.entity == "USERNAME" for v in per_field.get(name, [])):
                continue
            note = f"holds the user name of '{name}' in {equal} of {both} rows: a link to that person"
            _confirm(per_field, link_name, "URL", _NAME_MATCH_CONFIDENCE, equal, both, note)

    def _apply_names(self, per_field: dict[str, list[Verdict]]) -> None:
        for (name, email_name), both in self.name_both.items():
            equal = self.name_equal[(name, email_name)]
            if both < _MIN_ROWS or equal < _EQUAL_SHARE * both:
                continue
            if not any(v.entity == "EMAIL_ADDRESS" for v in per_field.get(email_name, [])):
                continue
            known = any(v.entity == "PERSON" for v in per_field.get(name, []))
            if not known and len(self.name_distinct.get((name, email_name), ())) < _NAME_VARIETY * equal:
                continue  # "Marketing" beside marketing@: a few values over and over are departments, not people
            rows = f"in {equal} of {both} rows"
            _confirm(
                per_field,
                name,
                "PERSON",
                _NAME_MATCH_CONFIDENCE,
                equal,
                both,
                f"its words make the local part of the e-mail address in '{email_name}' {rows}",
            )
            _confirm(
                per_field,
                email_name,
                "EMAIL_ADDRESS",
                _NAME_MATCH_CONFIDENCE,
                equal,
                both,
                f"the local part is made of the name in '{name}' {rows}: a person's address",
            )


_BARE_NAME = re.compile(r"(?:c|col|column|field|f|var|v|x|data|дата|date|datum|fecha|dt|d|колона|поле)?[0-9]*")


def _says_nothing(name: str) -> bool:
    """A header that does not say what its column holds (``c03``, ``column_4``, ``date``)."""
    from rightskit.detect.lexicon import tokens

    return all(_BARE_NAME.fullmatch(t) for t in tokens(name))


def _confirm(
    per_field: dict[str, list[Verdict]],
    name: str,
    entity: str,
    confidence: float,
    agree: int,
    rows: int,
    note: str,
    repeats: str | None = None,
) -> None:
    from rightskit.detect.classifier import Verdict, wilson_lower_bound

    verdicts = per_field.setdefault(name, [])
    existing = next((v for v in verdicts if v.entity == entity), None)
    if existing is not None:
        existing.confidence = max(existing.confidence, confidence)
        existing.method = [*existing.method, "cross_column"]
        existing.notes.append(note)
        existing.repeats = existing.repeats or repeats
        return
    verdicts.insert(
        0,
        Verdict(
            entity=entity,
            confidence=confidence,
            method=["cross_column"],
            matched=rows,
            validated=agree,
            share=agree / rows if rows else 0.0,
            share_lower_bound=wilson_lower_bound(agree, rows),
            notes=[note],
            repeats=repeats,
        ),
    )
