"""A recognizer's ``validated_pattern`` pre-filters free text in place of its pattern: every match the validator
accepts must match it in full, or a text holding one would not be searched (issue 20: prose is searched for phone
numbers where one may stand, not in every reference number, and for ЕГН where a birth date is written)."""

from __future__ import annotations

import random
import re

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from rightskit.detect.detector import default_detector
from rightskit.detect.recognizer import prefilter_words

_VALIDATED = [r for r in default_detector().recognizers if r.spec.validated_pattern]


def _phone_numbers(rng: random.Random) -> list[str]:
    """Phone numbers of every region, written as people write them, and near misses of them."""
    import phonenumbers
    from phonenumbers import PhoneNumberFormat

    out = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        number = phonenumbers.example_number(region)
        if number is None:
            continue
        for fmt in (PhoneNumberFormat.E164, PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.NATIONAL):
            written = phonenumbers.format_number(number, fmt)
            out += [written, "00" + written[1:] if written.startswith("+") else written]
            out.append(re.sub(r"[0-9]", lambda m: rng.choice("0123456789"), written, count=3))
    return out


def _egns(rng: random.Random) -> list[str]:
    """ЕГН of every century they encode, with near misses: other months and days, other check digits."""
    import datetime as dt

    from stdnum.bg import egn

    out = []
    for _ in range(3000):
        born = dt.date(rng.randint(1800, 2025), rng.randint(1, 12), rng.randint(1, 28))
        month = born.month + (40 if born.year >= 2000 else 20 if born.year < 1900 else 0)
        body = f"{born.year % 100:02d}{month:02d}{born.day:02d}{rng.randint(0, 999):03d}"
        out.append(body + egn.calc_check_digit(body))
        out.append(
            f"{rng.randint(0, 99):02d}{rng.randint(0, 99):02d}{rng.randint(0, 39):02d}{rng.randint(0, 9999):04d}"
        )
    return out


_CANDIDATES = {"phone": _phone_numbers, "bg_egn": _egns}


def test_the_recognizers_that_declare_one_have_their_candidates_here() -> None:
    assert sorted(r.name for r in _VALIDATED) == sorted(_CANDIDATES)


def test_every_value_the_validator_accepts_matches_the_validated_pattern() -> None:
    rng = random.Random(20)
    for rec in _VALIDATED:
        whole, validated = re.compile(rec.spec.pattern), re.compile(rec.spec.validated_pattern)
        candidates = [m.group(0) for text in _CANDIDATES[rec.name](rng) for m in whole.finditer(text)]
        accepted = [c for c in candidates if rec.is_valid(c)]
        assert len(accepted) > 300, rec.name
        assert [c for c in accepted if not validated.fullmatch(c)] == [], rec.name


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_drawn_matches_the_validator_accepts_match_the_validated_pattern(data: st.DataObject) -> None:
    rec = data.draw(st.sampled_from(_VALIDATED))
    body = data.draw(st.sampled_from(["", "+", "00", "(", "0", "+359 ", "0 ", "1", "4", "8"]))
    drawn = body + data.draw(st.from_regex(rec.spec.pattern, fullmatch=True).filter(lambda t: t.isascii()))
    match = re.compile(rec.spec.pattern).fullmatch(drawn)
    if match is not None and rec.is_valid(drawn):
        assert re.fullmatch(rec.spec.validated_pattern, drawn), drawn


def test_prose_searched_by_the_validated_pattern_gives_the_spans_of_all_prose() -> None:
    """The texts the narrower pre-filter leaves out hold no span the recognizer finds in them all."""
    rng = random.Random(21)
    numbers = [n for make in _CANDIDATES.values() for n in make(rng)]
    prose = ["ref 1304179", "(ref 88)", "call", "тел.", "ЕГН", "at 10:30", "order 4412-1189", "12.05.2024", "x"]
    texts = [
        " ".join(rng.choice(prose + numbers if rng.random() < 0.3 else prose) for _ in range(rng.randint(1, 6)))
        for _ in range(6000)
    ]
    values = pa.array(texts, pa.string())
    words_of = prefilter_words(values, default_detector().recognizers)
    for rec in _VALIDATED:
        selected = rec.prefilter(values, words_of).to_pylist()
        spans = rec.find_spans_many(texts)
        assert sum(map(bool, spans)) > 200, rec.name
        assert [t for t, s, keep in zip(texts, spans, selected, strict=True) if s and not keep] == [], rec.name
        assert sum(selected) < len(texts) * 0.9  # the reference numbers alone were left out
