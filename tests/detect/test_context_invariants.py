"""Validated identifiers are context-proof: after its own keyword, a checksum-valid identifier is found in any
carrier text, whatever stands near it (property-based, adversarial cross-context fuzzing).

The carriers are built from every recognizer's own context and negative-context words, words that merely
contain them ("hotel", "Телефонка"), generated names, other entities, punctuation and line breaks. Check digits
come from python-stdnum; nothing here is drawn from the detectors' name lists.
"""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum import iban as std_iban
from stdnum import iso7064, luhn
from stdnum.bg import egn, pnf
from stdnum.pl import pesel
from stdnum.ro import cnp

from rightskit.api import analyze_text
from rightskit.detect.detector import default_detector
from rightskit.detect.text import find_entities_many

BATCH = 100  # texts per example: 100 examples x 100 texts = 10,000 texts per run
EXAMPLES = 100


def _num(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=string.digits, min_size=n, max_size=n)


@st.composite
def bg_egn(draw: st.DrawFn) -> str:
    # Born in 1900-1999 (month as is) or 2000-2025 (month + 40): a birth date in the future is no ЕГН.
    century = draw(st.sampled_from([0, 40]))
    year = draw(st.integers(0, 99 if century == 0 else 25))
    month = draw(st.integers(1, 12)) + century
    day = draw(st.integers(1, 28))
    if century == 0 and year == 16 and month == 4 and day <= 13:
        day += 14  # 1-13 April 1916 never existed in Bulgaria (the calendar change): no ЕГН encodes them
    body = f"{year:02d}{month:02d}{day:02d}{draw(_num(3))}"
    return body + egn.calc_check_digit(body)


@st.composite
def bg_lnch(draw: st.DrawFn) -> str:
    body = draw(_num(9))
    return body + pnf.calc_check_digit(body)


@st.composite
def iban(draw: st.DrawFn) -> str:
    country, bban = draw(
        st.sampled_from(
            [
                ("BG", lambda d: "".join(d(st.sampled_from(string.ascii_uppercase)) for _ in range(4)) + d(_num(14))),
                ("DE", lambda d: d(_num(18))),
                ("RO", lambda d: "".join(d(st.sampled_from(string.ascii_uppercase)) for _ in range(4)) + d(_num(16))),
            ]
        )
    )
    body = bban(draw)
    return country + std_iban.calc_check_digits(country + "00" + body) + body


@st.composite
def card(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(["4", "51", "52", "55"]))
    body = prefix + draw(_num(15 - len(prefix)))
    return body + luhn.calc_check_digit(body)


@st.composite
def pl_pesel(draw: st.DrawFn) -> str:
    body = f"{draw(st.integers(0, 99)):02d}{draw(st.integers(1, 12)):02d}{draw(st.integers(1, 28)):02d}{draw(_num(4))}"
    return body + pesel.calc_check_digit(body)


@st.composite
def ro_cnp(draw: st.DrawFn) -> str:
    body = (
        f"{draw(st.integers(1, 6))}{draw(st.integers(0, 99)):02d}{draw(st.integers(1, 12)):02d}"
        f"{draw(st.integers(1, 28)):02d}{draw(st.integers(1, 46)):02d}{draw(st.integers(1, 999)):03d}"
    )
    return body + cnp.calc_check_digit(body)


@st.composite
def hr_oib(draw: st.DrawFn) -> str:
    body = draw(st.sampled_from("123456789")) + draw(_num(9))
    return body + iso7064.mod_11_10.calc_check_digit(body)


# identifier: (its recognizer, a generator of checksum-valid values)
IDENTIFIERS = {
    "BG_EGN": ("bg_egn", bg_egn()),
    "BG_LNCH": ("bg_lnch", bg_lnch()),
    "IBAN_CODE": ("iban", iban()),
    "CREDIT_CARD": ("credit_card", card()),
    "PL_PESEL": ("pl_pesel", pl_pesel()),
    "RO_CNP": ("ro_cnp", ro_cnp()),
    "HR_OIB": ("hr_oib", hr_oib()),
}


def _recognizer(name: str):
    return next(r for r in default_detector().recognizers if r.name == name)


def _all_context_words() -> list[str]:
    words: set[str] = set()
    for rec in default_detector().recognizers:
        words.update(rec.spec.context)
        words.update(rec.spec.negative_context)
    return sorted(words)


CONTEXT_WORDS = _all_context_words()
CYRILLIC = "абвгдежзийклмнопрстуфхцчшщъюя"
LATIN = string.ascii_lowercase


@st.composite
def containing_word(draw: st.DrawFn) -> str:
    """A word that contains a context word without being it: hotel, Телефонка, tellers."""
    word = draw(st.sampled_from(CONTEXT_WORDS)).replace(" ", "")
    letters = CYRILLIC if any(c in CYRILLIC for c in word.lower()) else LATIN
    before = draw(st.text(alphabet=letters, max_size=3))
    after = draw(st.text(alphabet=letters, min_size=0 if before else 1, max_size=4))
    out = before + word + after
    return out.capitalize() if draw(st.booleans()) else out


@st.composite
def name(draw: st.DrawFn) -> str:
    syllables = st.sampled_from(["ра", "до", "ми", "ле", "ка", "ни", "ста", "бо", "ve", "lo", "ra", "ki", "ma"])
    parts = [
        "".join(draw(st.lists(syllables, min_size=2, max_size=3))).capitalize() for _ in range(draw(st.integers(1, 3)))
    ]
    return " ".join(parts)


@st.composite
def other_entity(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["phone", "email", "date", "number", "id"]))
    if kind == "phone":
        return (
            draw(st.sampled_from(["0888", "0878", "02", "+359 88", "0991"])) + " " + draw(_num(3)) + " " + draw(_num(3))
        )
    if kind == "email":
        return (
            draw(st.text(alphabet=LATIN, min_size=2, max_size=8)) + "@" + draw(st.sampled_from(["abv.bg", "mail.com"]))
        )
    if kind == "date":
        return f"{draw(st.integers(1, 28)):02d}.{draw(st.integers(1, 12)):02d}.{draw(st.integers(1950, 2020))}"
    if kind == "number":
        return draw(st.text(alphabet=string.digits, min_size=1, max_size=6))
    return draw(bg_egn())


SEPARATORS = [" ", ", ", ". ", "; ", " - ", "\n", " (", ") ", ": ", " и ", " and ", " / "]


def noise() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(CONTEXT_WORDS),
        st.sampled_from(CONTEXT_WORDS).map(str.upper),
        st.sampled_from(CONTEXT_WORDS).map(lambda w: w + "."),
        containing_word(),
        name(),
        other_entity(),
        st.sampled_from(["", "№", "No.", "#", "—", "…"]),
    )


@st.composite
def carrier(draw: st.DrawFn) -> tuple[str, int, int, str]:
    """A text holding one identifier after one of its own keywords; the identifier's offsets and entity."""
    entity = draw(st.sampled_from(sorted(IDENTIFIERS)))
    rec_name, values = IDENTIFIERS[entity]
    keyword = draw(st.sampled_from(_recognizer(rec_name).spec.context))
    keyword = draw(st.sampled_from([keyword, keyword.upper(), keyword.capitalize()]))
    value = draw(values)
    glue = draw(st.sampled_from([" ", ": ", " № ", " - ", "=", ":\n", " No. ", " "]))

    def side() -> str:
        parts = draw(st.lists(noise(), max_size=4))
        return "".join(p + draw(st.sampled_from(SEPARATORS)) for p in parts)

    before = side()
    after_parts = draw(st.lists(noise(), max_size=4))
    after = "".join(draw(st.sampled_from(SEPARATORS)) + p for p in after_parts)
    head = before + keyword + glue
    return head + value + after, len(head), len(head) + len(value), entity


@settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(st.lists(carrier(), min_size=BATCH, max_size=BATCH))
def test_validated_identifier_after_its_keyword_is_always_found(cases: list[tuple[str, int, int, str]]) -> None:
    found = find_entities_many([text for text, *_ in cases])
    for (text, start, end, entity), spans in zip(cases, found, strict=True):
        hits = [(s.entity, s.start, s.end) for s in spans]
        assert (entity, start, end) in hits, (text, hits)


@pytest.mark.parametrize(
    "text",
    [
        "Иван Петров, ЕГН 7907131538, тел. 0888 123 456",
        "ЕГН 7907131538 и телефон 0888123456",
        "Телефонка Иванова, ЕГН 7907131538",
        "hotel guest, EGN 7907131538",
        "I tell you, EGN: 7907131538",
    ],
)
def test_the_reported_forms_find_the_egn(text: str) -> None:
    spans = [(e.entity_type, text[e.start : e.end]) for e in analyze_text(text)]
    assert ("BG_EGN", "7907131538") in spans


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("hotel 7907131538", True),  # "tel" inside "hotel" is no phone word: an ЕГН at full confidence
        ("тел. 7907131538", True),  # a phone word, no ЕГН keyword: kept, lowered
    ],
)
def test_negative_words_match_whole_words_and_only_lower(text: str, found: bool) -> None:
    spans = {e.entity_type: e.score for e in analyze_text(text)}
    assert ("BG_EGN" in spans) is found
    if "hotel" in text:
        assert spans["BG_EGN"] >= 0.7
    else:
        assert spans["BG_EGN"] < 0.5


def test_a_hint_recognizer_with_a_negative_word_and_no_keyword_is_dropped() -> None:
    # A ЛНЧ without its keyword is a hint; beside "тел." it is not reported at all.
    assert not [e for e in analyze_text("тел. 1001000004") if e.entity_type == "BG_LNCH"]
