"""The Python paths for small arrays (regexmask, wordsplit, crosscolumn shapes) answer as RE2 does."""

from __future__ import annotations

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
    assert regexmask.regex_mask(array, pattern, ignore_case).tolist() == _re2(array, pattern, ignore_case)


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
    values = ["Ab,\xa0Cd", "Ⓐbc", "Ab, Cd", "Ab,", "Ab,\tCd", "ǅa", "Ab, Cd, Ef", "A1", "Ïon-Luc O’Neil"]
    expected = pc.match_substring_regex(pa.array(values), shape).to_pylist()
    assert [_written_name(v) for v in values] == expected
