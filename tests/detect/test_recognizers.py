"""Every recognizer against its table (recognizer_cases.yaml), vectorised and through presidio alike."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest
import yaml

from rightskit.detect.detector import default_detector

CASES = yaml.safe_load((Path(__file__).parent / "recognizer_cases.yaml").read_text(encoding="utf-8"))
RECOGNIZERS = {r.name: r for r in default_detector().recognizers}


def _rows() -> list[tuple[str, str, bool]]:
    rows = []
    for name, table in CASES.items():
        rows += [(name, v, True) for v in table.get("valid", [])]
        rows += [(name, v, False) for v in table.get("invalid", [])]
        rows += [(name, t["value"], t["expected"]) for t in table.get("tricky", [])]
    return rows


@pytest.mark.parametrize(("name", "value", "expected"), _rows(), ids=[f"{r[0]}:{r[1]}" for r in _rows()])
def test_value(name: str, value: str, expected: bool) -> None:
    rec = RECOGNIZERS[name]
    hit = rec.match_cells(pa.array([value]))
    assert (hit.validated == 1) is expected


def test_every_recognizer_has_a_table() -> None:
    missing = sorted(set(RECOGNIZERS) - set(CASES))
    assert missing == []
    thin = [n for n, t in CASES.items() if not t.get("valid") or not t.get("invalid")]
    assert thin == []


def test_presidio_and_vectorised_paths_agree_on_every_valid_value() -> None:
    """One declaration, two engines: each valid value embedded in text is found at the same span by both."""
    from rightskit.detect.presidio_engine import build_analyzer

    analyzer = build_analyzer(languages=("en",))
    for name, table in CASES.items():
        rec = RECOGNIZERS[name]
        if not rec.spec.in_text or rec.spec.strength == "hint":
            continue
        for value in table["valid"]:
            text = f"See: {value} ."
            ours = {(s.start, s.end) for s in rec.find_spans(text)}
            theirs = {(r.start, r.end) for r in analyzer.analyze(text, language="en", entities=[rec.entity])}
            assert (text.index(value), text.index(value) + len(value)) in ours, (name, value)
            assert ours <= theirs, (name, value, ours, theirs)


def test_phone_words_lower_an_egn_without_its_keyword_and_never_remove_one_with_it() -> None:
    egn = RECOGNIZERS["bg_egn"]
    assert [s.entity for s in egn.find_spans("ЕГН 7501010010, моля")] == ["BG_EGN"]
    assert egn.find_spans("тел. 7501010010")[0].score < 0.5
    assert egn.find_spans("ЕГН 7501010010, тел. 0888 123 456")[0].score > 0.8
    assert egn.find_spans("ЕГН 7501010010")[0].score > egn.find_spans("номер 7501010010")[0].score


@pytest.mark.parametrize("name", ["generic", "bg", "eu"])
def test_built_in_packs_hold_to_the_published_pack_schema(name: str) -> None:
    """Commands load the built-in packs without jsonschema: this is where they are held to the schema."""
    import json

    import jsonschema

    from rightskit.detect.pack import builtin_pack_document

    schema = json.loads((Path(__file__).parents[2] / "rightskit/models/schemas/pack-v1.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(builtin_pack_document(name))


def test_a_luhn_valid_run_inside_an_iban_or_an_account_is_no_card() -> None:
    from stdnum import iban, luhn

    card = RECOGNIZERS["credit_card"]
    body = "4111" + "0" * 9
    digits = body + luhn.calc_check_digit(body)  # 14 digits that pass Luhn, as an account number may
    account = "UNCR" + digits
    number = "BG" + iban.calc_check_digits("BG00" + account) + account
    assert card.find_spans(f"Please pay to {number} today.") == []
    assert [s.entity for s in card.find_spans(f"Card {digits} today.")] == ["CREDIT_CARD"]


def test_an_email_after_punctuation_is_found_without_the_punctuation() -> None:
    email = RECOGNIZERS["email"]
    text = "see (note).ivan.petrov1984@abv.bg and .maria@example.eu"
    assert [text[s.start : s.end] for s in email.find_spans(text)] == ["ivan.petrov1984@abv.bg", "maria@example.eu"]


def test_every_shipped_pattern_passes_the_backtracking_check() -> None:
    # builtin_packs() skips the check at run time (context builtin): this test is where it runs for them.
    from rightskit.detect.pack import BUILTIN, builtin_pack_document
    from rightskit.models.regexcheck import check_pattern

    patterns = [
        r["pattern"] for name in BUILTIN for r in builtin_pack_document(name)["recognizers"] if r.get("pattern")
    ]
    assert len(patterns) >= 30
    for pattern in patterns:
        assert check_pattern(pattern) == pattern


def test_a_pre_filter_with_the_recognizer_s_boundaries_passes_every_text_it_finds_a_span_in() -> None:
    """The RE2 pre-filter says a recognizer's boundary with a character class of ASCII word characters: every
    valid value, whatever stands around it (letters of any script, digits, underscores, dots, the text's start
    and end), passes it wherever the recognizer finds a span; and it no longer passes a longer run of digits."""
    from rightskit.detect.wordsplit import TextWords

    around = ["", " ", "Я", "z", "_", "7", ".", "-", "\n", "é", "٣", "(", "ЕГН "]
    checked = 0
    for name, table in CASES.items():
        rec = RECOGNIZERS[name]
        if not rec.spec.in_text or rec.spec.finder or rec.text_prefilter_pattern == rec.prefilter_pattern:
            continue
        said = [f"{rec.spec.context[0]} ", ""] if rec.spec.context else [""]  # a hint needs its word near
        values = [*table["valid"], *table["invalid"]]
        texts = [f"{w}{a}{v}{b}" for v in values for w in said for a in around for b in around]
        passed = rec.prefilter(pa.array(texts, pa.string()), TextWords(pa.array(texts, pa.string()))).to_pylist()
        for text, ok in zip(texts, passed, strict=True):
            if rec.find_spans(text):
                assert ok, (name, text)
                checked += 1
        if rec.spec.boundary == "digits" and (rec.spec.pattern or "").startswith("[0-9]{"):
            longer = pa.array([f"No {table['valid'][0]}99 here" for _ in range(3)], pa.string())
            assert not any(rec.prefilter(longer).to_pylist()), name
    assert checked > 300


def test_a_model_s_recognizer_keeps_its_pre_filter_unbounded() -> None:
    """An NER model's spans do not come from its pattern, which only pre-filters: no boundary is added to it
    ("met Ivan_Petrov today" is the model's to read)."""
    from rightskit.detect.recognizer import Recognizer
    from rightskit.models.detection import RecognizerSpec

    spec = RecognizerSpec(name="ner_person", entity="PERSON", pattern="[A-ZА-Я][a-zа-я]+", strength="format")
    rec = Recognizer.with_finder(spec, lambda text: [])
    assert rec.text_prefilter_pattern == rec.prefilter_pattern
    assert rec.prefilter(pa.array(["met Ivan_Petrov today", "Maria2 wrote", "no capital"])).to_pylist() == [
        True,
        True,
        False,
    ]
    assert RECOGNIZERS["bg_egn"].text_prefilter_pattern != RECOGNIZERS["bg_egn"].prefilter_pattern
