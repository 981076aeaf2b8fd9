"""The Python paths for small arrays (regexmask, wordsplit, crosscolumn shapes) answer as RE2 does."""

from __future__ import annotations

import numpy as np
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from rightskit.detect import regexmask
from rightskit.detect.crosscolumn import _written_name
from rightskit.detect.detector import default_detector
from rightskit.detect.recognizer import finder_prefilter
from rightskit.detect.wordsplit import WORD_SEPARATORS, has_any_word

# Letters of the scripts the patterns name, digits, the separators and marks they use, line breaks.
_ALPHABET = st.sampled_from([*"aZé1 9@.-_,'’+()/\n\tАяΩάĀșİß:;", "\u00a0", "ǅ", "\u0301"])
_VALUES = st.lists(st.one_of(st.none(), st.text(_ALPHABET, max_size=30)), min_size=1, max_size=40)


def _patterns() -> list[tuple[str, bool]]:
    recs = default_detector().recognizers
    out = [(r.prefilter_pattern, False) for r in recs if r.prefilter_pattern]
    out += [(f"^(?:{r._search})$", bool(r.spec.deny_list)) for r in recs if r.spec.pattern]
    out.append((finder_prefilter("person_names")[0], False))
    return [(p, i) for p, i in out if p and regexmask.python_pattern(p, i) is not None]


_PATTERNS = _patterns()


def _re2(values: pa.Array, pattern: str, ignore_case: bool) -> list[bool]:
    return pc.fill_null(pc.match_substring_regex(values, pattern, ignore_case=ignore_case), False).to_pylist()


def test_most_patterns_take_the_python_path() -> None:
    assert len(_PATTERNS) >= 30


@settings(max_examples=150, deadline=None)
@given(values=_VALUES, which=st.integers(min_value=0))
def test_python_and_re2_agree_on_every_pattern(values: list[str | None], which: int) -> None:
    pattern, ignore_case = _PATTERNS[which % len(_PATTERNS)]
    array = pa.array(values, pa.string())
    compiled = regexmask.python_pattern(pattern, ignore_case)
    assert compiled is not None
    assert regexmask.python_mask(array, compiled).tolist() == _re2(array, pattern, ignore_case)


def test_each_pattern_runs_on_the_engine_that_has_cost_it_less(monkeypatch) -> None:
    """Learnt per pattern: Python first; a pattern that costs Python much is tried on RE2, and from then on the
    cheaper prediction wins — the answer the same whichever runs."""
    cost = regexmask.PatternCost()
    assert cost.prefers_python(50_000)  # nothing known yet
    cost.ran_python(0.004, 40_000)  # 100 ns a byte: a name pattern over register text
    assert not cost.prefers_python(40_000)  # 4 ms predicted: find out what RE2 costs
    cost.ran_re2(0.0005, 40_000)
    assert not cost.prefers_python(40_000) and cost.prefers_python(2_000)  # 0.2 ms of Python beats 0.42 of RE2
    cheap = regexmask.PatternCost()
    cheap.ran_python(0.0001, 40_000)  # 2.5 ns a byte: an e-mail pattern, which RE2 takes 3 ms to compile
    assert cheap.prefers_python(40_000)

    engines: list[str] = []
    monkeypatch.setattr(regexmask, "_COSTS", {})
    real_python, real_re2 = regexmask.python_mask, regexmask.re2_mask
    monkeypatch.setattr(regexmask, "python_mask", lambda *a: engines.append("python") or real_python(*a))
    monkeypatch.setattr(regexmask, "re2_mask", lambda *a: engines.append("re2") or real_re2(*a))
    texts = pa.array([f"Улица {i} and Jean Dupont, line {i}" * 3 for i in range(300)], pa.string())
    pattern = "[A-ZА-Я][a-zа-я]+ [A-Z][a-z]+"
    answers = [regexmask.regex_mask(texts, pattern).tolist() for _ in range(3)]
    regexmask._COSTS[(pattern, False)].python_per_byte = 1e-6  # as if Python had been slow on it
    answers.append(regexmask.regex_mask(texts, pattern).tolist())
    assert engines[0] == "python" and engines[-1] == "re2"
    assert all(a == _re2(texts, pattern, False) for a in answers)


def test_a_trailing_line_break_is_no_end_of_text() -> None:
    array = pa.array(["1234\n", "1234"])
    assert regexmask.regex_mask(array, "^[0-9]{4}$").tolist() == _re2(array, "^[0-9]{4}$", False) == [False, True]


def test_large_arrays_go_to_re2() -> None:
    many = pa.array(["x"] * (regexmask.PYTHON_UP_TO + 1))
    assert not regexmask.small(many)
    assert regexmask.regex_mask(many, "^x$").all()


@settings(max_examples=150, deadline=None)
@given(values=_VALUES, words=st.frozensets(st.text(_ALPHABET, min_size=1, max_size=4), max_size=6))
def test_word_lookup_agrees_with_the_re2_split(values: list[str | None], words: frozenset[str]) -> None:
    array = pa.array(values, pa.string())
    tokens = pc.split_pattern_regex(array, WORD_SEPARATORS).to_pylist()
    expected = [bool(t) and any(w in words for w in t) for t in tokens]
    assert has_any_word(array, words).to_pylist() == expected


@settings(max_examples=300, deadline=None)
@given(value=st.text(_ALPHABET, min_size=1, max_size=30))
def test_written_name_is_the_re2_name_shape(value: str) -> None:
    shape = r"^\p{Lu}[\p{L}'’.\- ]*(?:,\s*[\p{L}'’.\- ]+)?$"
    expected = pc.match_substring_regex(pa.array([value]), shape)[0].as_py()
    assert _written_name(value) is expected


def test_written_name_edge_cases_agree_with_re2() -> None:
    shape = r"^\p{Lu}[\p{L}'’.\- ]*(?:,\s*[\p{L}'’.\- ]+)?$"
    values = [
        "Ab,\xa0Cd",
        "Ⓐbc",
        "Ab, Cd",
        "Ab,",
        "Ab,\tCd",
        "ǅa",
        "Ab, Cd, Ef",
        "A1",
        "Ïon-Luc O’Neil",
        "Ω, ",
        "Ab,\t ",
        "Ab, \t",
    ]
    expected = pc.match_substring_regex(pa.array(values), shape).to_pylist()
    assert [_written_name(v) for v in values] == expected


# Every pattern a text pre-filter runs that the structure says needs a digit.
_DIGIT_PATTERNS = [
    r.prefilter_pattern
    for r in default_detector().recognizers
    if r.spec.in_text and r.prefilter_pattern and regexmask.min_digits(r.prefilter_pattern)
]


def test_a_pattern_needs_a_digit_as_its_structure_says() -> None:
    assert regexmask.min_digits(r"(?:[0-9]{4}[ \-]?[0-9]{4})")
    assert regexmask.min_digits(r"a(?:1|2)b") and regexmask.min_digits(r"x\d")
    assert not regexmask.min_digits(r"[0-9]?x") and not regexmask.min_digits(r"(?:1|a)")
    assert not regexmask.min_digits(r"[^a]") and regexmask.min_digits(r"\pL[0-9]") == 1  # RE2's \pL read too
    assert len(_DIGIT_PATTERNS) >= 25  # the identifiers, phones, IBANs, cards, dates, postcodes


def test_min_digits_counts_what_every_match_must_hold() -> None:
    assert regexmask.min_digits(r"(?:[0-9]{4}[ \-]?[0-9]{4})") == 8
    assert regexmask.min_digits(r"(?:^|[^0-9])[1-8][0-9]{12}(?:$|[^0-9])") == 13
    assert regexmask.min_digits(r"a(?:12|3)b\d{2,}") == 3  # the shorter branch, the least repeat
    assert regexmask.min_digits(r"[0-9]+x[0-9]*(?:1|a)[A-Z0-9]{4}") == 1  # a mixed class holds none for sure
    assert regexmask.min_digits(r"(?=[0-9]{5})[0-9]") == 1  # a look-ahead consumes nothing of the match
    assert regexmask.min_digits(r"\pL[0-9]{9}") == 9  # RE2's \pL is one letter, no digit
    assert sorted({regexmask.min_digits(p) for p in _DIGIT_PATTERNS})[-1] >= 10  # the long national numbers
    # RE2 reads an open or zero-padded count as text ("7{05}" matches "[0-9]{05}"): nothing is said of it
    for pattern in ("[0-9]{05}", "[0-9]{1,02}", "[0-9]{,5}"):
        assert regexmask.min_digits(pattern) == 0 and not regexmask.digits_alike(pattern), pattern
        assert regexmask.python_pattern(pattern) is None, pattern
    assert pc.match_substring_regex(pa.array(["7{05}"]), "^[0-9]{05}$").to_pylist() == [True]


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_every_text_a_digit_pattern_matches_holds_as_many_digits_as_it_needs(data: st.DataObject) -> None:
    pattern = data.draw(st.sampled_from(_DIGIT_PATTERNS))
    text = data.draw(st.from_regex(pattern, fullmatch=True))
    assert sum("0" <= ch <= "9" for ch in text) >= regexmask.min_digits(pattern) >= 1, (pattern, text)


def test_match_lengths_are_every_length_a_whole_match_can_have() -> None:
    assert regexmask.match_lengths(r"a{2,3}(?:b|cd)?") == {2, 3, 4, 5}
    assert regexmask.match_lengths(r"^00800\d{7}|[2-7]\d{6,7}|2\d{5}$") == {6, 7, 8, 12}
    assert regexmask.match_lengths(r"(?:0|1\d)\d{0,2}") == {1, 2, 3, 4}
    for unbounded in (r"\d+", r"a\d*", r"x{65}", r"(?:\d{30}){3}", "[0-9]{05}"):  # open, too long, or RE2's own
        assert regexmask.match_lengths(unbounded) is None, unbounded


_PHONE_PATTERNS = sorted(
    {
        md.general_desc.national_number_pattern
        for region in phonenumbers.SUPPORTED_REGIONS
        if (md := phonenumbers.PhoneMetadata.metadata_for_region(region)) is not None
    }
)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_whole_match_of_a_phone_pattern_has_one_of_its_lengths(data: st.DataObject) -> None:
    pattern = data.draw(st.sampled_from(_PHONE_PATTERNS))
    lengths = regexmask.match_lengths(pattern)
    assert lengths is not None, pattern
    text = data.draw(st.from_regex(f"(?:{pattern})", fullmatch=True))
    assert len(text) in lengths, (pattern, text)


_LETTERS = st.sampled_from([*"aZé .-_,'’+()/\nАяΩάĀșİß:;@"])


@settings(max_examples=20, deadline=None)
@given(texts=_VALUES, prose=st.lists(st.text(_LETTERS, max_size=30), min_size=1, max_size=20), data=st.data())
def test_searching_only_the_texts_with_a_digit_answers_as_searching_all(
    texts: list[str | None], prose: list[str], data: st.DataObject
) -> None:
    from rightskit.detect.wordsplit import TextWords, digit_groups

    # what each pattern matches, inside prose
    found = [f"{prose[0]} {data.draw(st.from_regex(p, fullmatch=True))} {prose[-1]}" for p in _DIGIT_PATTERNS]
    # past the size where Python's re is used: the gate is taken
    values = pa.array(prose * (1 + 3000 // len(prose)) + texts + found, pa.string())
    alone, grouped = TextWords(values), TextWords(values, digit_groups(_DIGIT_PATTERNS))
    assert len(alone.with_digits()[0]) * 2 <= len(values)
    rows = np.array(sorted(data.draw(st.sets(st.integers(0, len(values) - 1), max_size=200))), dtype=np.int64)
    for pattern in _DIGIT_PATTERNS:
        expected = np.array(_re2(values, pattern, False))
        within = np.zeros(len(values), dtype=bool)
        within[rows] = expected[rows]
        for words_of in (alone, grouped):
            assert words_of.search(pattern).tolist() == expected.tolist(), pattern
            assert words_of.search(pattern, rows=rows).tolist() == within.tolist(), pattern


def test_min_chars_counts_the_characters_outside_ascii_every_match_must_hold() -> None:
    assert regexmask.min_chars(r"(?:ул\.|бул\.) ?[0-9]+", "non_ascii") == 2
    assert regexmask.min_chars(r"[а-яё]{3}x|Ж[^a]Ж", "non_ascii") == 2  # a negated class holds ASCII too
    assert regexmask.min_chars(r"(?:жк|ЖК|kv)\.", "non_ascii") == 0  # one branch needs none
    assert regexmask.min_chars(r"[а-яa]x", "non_ascii") == 0
    # Case-blind: RE2 folds "ſ" to "s" and the Kelvin sign to "k", so a letter outside ASCII may match an ASCII one;
    # a Cyrillic letter's other case is Cyrillic
    assert regexmask.min_chars(r"(?i:ſ)", "non_ascii") == 0 and regexmask.min_chars(r"(?i:[ı-ž]{2})", "non_ascii") == 0
    assert pc.match_substring_regex(pa.array(["s"]), "(?i:ſ)").to_pylist() == [True]
    assert regexmask.min_chars(r"(?i)жк", "non_ascii") == 2 and regexmask.min_chars(r"(?i:[а-я]{3})x", "non_ascii") == 3
    assert regexmask.min_chars(r"(?i)ж(?-i:к)(?i:K)", "non_ascii") == 2  # the Kelvin sign may be a "k"
    assert regexmask.min_chars(r"\pL{3}", "non_ascii") == 0  # RE2's only: nothing said
    assert regexmask.min_chars(r"(?i:a)[0-9]{2}", "digit") == 2  # digits have no case


def test_the_letters_outside_ascii_a_case_blind_search_may_read_as_ascii_are_those_either_engine_folds() -> None:
    """``FOLDS_TO_ASCII`` against RE2 and Python's re over every code point: which match an ASCII character when case
    is ignored, and which ASCII letters match one of them."""
    import re

    points = [c for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000]
    chars = pa.array([chr(c) for c in points], pa.string())
    by_re2 = pc.match_substring_regex(chars, r"(?i)^[\x00-\x7f]$").to_numpy(zero_copy_only=False)
    ascii_class = re.compile(r"[\x00-\x7f]", re.IGNORECASE)
    folding = {c for c, hit in zip(points, by_re2.tolist(), strict=True) if hit or ascii_class.fullmatch(chr(c))}
    assert folding == regexmask.FOLDS_TO_ASCII
    partners = "".join(chr(c) for c in sorted(folding))
    for letter in (chr(c) for c in range(0x80)):
        re2_says = pc.match_substring_regex(pa.array([letter]), f"(?i)^[{partners}]$").to_pylist()[0]
        python_says = re.fullmatch(f"[{partners}]", letter, re.IGNORECASE) is not None
        outside = pc.match_substring_regex(pa.array([letter]), r"(?i)^[\x{80}-\x{10FFFF}]$").to_pylist()[0]
        assert (
            outside <= re2_says
            and (re.fullmatch(r"[\x80-\U0010ffff]", letter, re.IGNORECASE) is not None) <= python_says
        )


_NON_ASCII_PATTERNS = [
    p
    for r in default_detector().recognizers
    for p in (r.text_prefilter_pattern, r.prefilter_pattern)
    if r.spec.in_text and p and regexmask.min_chars(p, "non_ascii")
]


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_every_text_a_cyrillic_pattern_matches_holds_as_many_letters_outside_ascii_as_it_needs(
    data: st.DataObject,
) -> None:
    assert _NON_ASCII_PATTERNS  # the Bulgarian street addresses
    pattern = data.draw(st.sampled_from(_NON_ASCII_PATTERNS))
    text = data.draw(st.from_regex(pattern, fullmatch=True))
    assert pc.match_substring_regex(pa.array([text]), pattern).to_pylist() == [True]
    assert sum(not ch.isascii() for ch in text) >= regexmask.min_chars(pattern, "non_ascii") >= 1, (pattern, text)


def test_searching_only_the_texts_outside_ascii_answers_as_searching_all() -> None:
    """A pattern that needs Cyrillic letters searches only the texts holding as many characters outside ASCII:
    the same answer as RE2 over every text, for all of them or a choice of rows."""
    import random

    from rightskit.detect.wordsplit import TextWords

    rng = random.Random(12)
    pieces = ["ул. Витоша 5", "бул. „Ал. Стамболийски“ №12", "ж.к. Младост, бл. 12", "ул. ", "Витоша", "5", "ж", " ",
              "street 5", "жк Изток", "Street", "ЖК", "кв.", "ſ", "Ж"]  # fmt: skip
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(5000)]
    texts += ["plain English prose, number 5"] * 3000
    values = pa.array(texts, pa.string())
    rows = np.array(sorted(rng.sample(range(len(texts)), 700)), dtype=np.int64)
    words_of = TextWords(values)
    for pattern in _NON_ASCII_PATTERNS:
        expected = np.array(_re2(values, pattern, False))
        assert expected.sum() > 100, pattern
        assert words_of.search(pattern).tolist() == expected.tolist(), pattern
        within = np.zeros(len(values), dtype=bool)
        within[rows] = expected[rows]
        assert words_of.search(pattern, rows=rows).tolist() == within.tolist(), pattern


def test_re2s_own_escapes_are_read_for_counting_as_no_counted_character() -> None:
    """A Unicode class (\\pL, \\p{Z}, \\P{Lu}) counts as one character of no counted class, alone or in a class;
    RE2's \\x{…} is the code point it names; an escaped backslash stays one."""
    assert regexmask.min_digits(r"(?i:тел\.|ул\.)[\s\p{Z}]+[^0-9]*[0-9]") == 1
    assert regexmask.min_digits(r"\p{Nd}{3}[0-9]") == 1  # RE2's \p{Nd} holds digits of every script
    assert regexmask.min_chars(r"[\x{0400}-\x{04FF}]{2}", "non_ascii") == 2
    assert regexmask.min_chars(r"\pL\PL\p{Lu}", "non_ascii") == 0
    assert regexmask.min_digits(r"\\p[0-9]") == 1  # a backslash, then "p", then a digit
    assert regexmask.min_digits(r"\p{L}{05}[0-9]") == 0  # RE2 reads {05} as text: nothing said
    assert regexmask.re2_mask_gated(
        pa.array(["тел. 12", "тел.", None]), r"тел\.[^0-9]*[0-9]", np.array([2, 0, 0])
    ).tolist() == [
        True,
        False,
        False,
    ]
