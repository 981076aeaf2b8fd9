"""A recognizer's ``validated_pattern`` pre-filters free text in place of its pattern: every match the validator
accepts must match it in full, or a text holding one would not be searched (issue 20: the phone numbers of prose
searched only where one may stand, not in every reference number)."""

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


def test_the_phone_recognizer_declares_one() -> None:
    assert [r.name for r in _VALIDATED] == ["phone"]


def test_every_number_the_validator_accepts_matches_the_validated_pattern() -> None:
    rng = random.Random(20)
    for rec in _VALIDATED:
        whole, validated = re.compile(rec.spec.pattern), re.compile(rec.spec.validated_pattern)
        candidates = [m.group(0) for text in _phone_numbers(rng) for m in whole.finditer(text)]
        accepted = [c for c in candidates if rec.is_valid(c)]
        assert len(accepted) > 300, rec.name
        assert [c for c in accepted if not validated.fullmatch(c)] == [], rec.name


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_drawn_matches_the_validator_accepts_match_the_validated_pattern(data: st.DataObject) -> None:
    rec = data.draw(st.sampled_from(_VALIDATED))
    body = data.draw(st.sampled_from(["", "+", "00", "(", "0", "+359 ", "0 ", "1"]))
    drawn = body + data.draw(st.from_regex(r"[0-9][0-9 ()\-/.]{5,18}[0-9]", fullmatch=True))
    match = re.compile(rec.spec.pattern).fullmatch(drawn)
    if match is not None and rec.is_valid(drawn):
        assert re.fullmatch(rec.spec.validated_pattern, drawn), drawn


def test_prose_searched_by_the_validated_pattern_gives_the_spans_of_all_prose() -> None:
    """The texts the narrower pre-filter leaves out hold no span the recognizer finds in them all."""
    rng = random.Random(21)
    numbers = _phone_numbers(rng)
    prose = ["ref 1304179", "(ref 88)", "call", "тел.", "at 10:30", "order 4412-1189", "12.05.2024", "x"]
    texts = [
        " ".join(rng.choice(prose + numbers if rng.random() < 0.3 else prose) for _ in range(rng.randint(1, 6)))
        for _ in range(6000)
    ]
    values = pa.array(texts, pa.string())
    words_of = prefilter_words(values, default_detector().recognizers)
    for rec in _VALIDATED:
        selected = rec.prefilter(values, words_of).to_pylist()
        spans = rec.find_spans_many(texts)
        assert sum(map(bool, spans)) > 300, rec.name
        assert [t for t, s, keep in zip(texts, spans, selected, strict=True) if s and not keep] == [], rec.name
        assert sum(selected) < len(texts) * 0.9  # the reference numbers alone were left out
