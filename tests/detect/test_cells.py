"""The gate and the tree of alternations find exactly what each recognizer's own pattern finds."""

from __future__ import annotations

import random

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from rightskit.detect.cells import _PYTHON_UP_TO, _TREE_FROM, CellMatcher
from rightskit.detect.detector import build_detector, default_detector
from rightskit.models.config import DetectionSettings
from rightskit.models.detection import RecognizerSpec

SEEDS = [
    "0881234567", "+359 88 123 4567", "8001011234", "BG80 BNBG 9661 1020 3456 78", "ivan@example.bg",
    "2024-01-05 12:30", "05.01.1980", "1000", "СА 1234 ВХ", "ул. Шипка 12", "Иван Петров", "192.168.0.1",
    "42.6977, 23.3219", "4111 1111 1111 1111", "710319/2745", "RSSMRA85T10A562S", "12345678Z", "hello world",
    "", "Sofia", "Люлин", "fe80::1", "12:30", "AB1234567", "123456789",
]  # fmt: skip


def _values(seed: int) -> list[str]:
    rng = random.Random(seed)
    out = list(SEEDS)
    for _ in range(6000):
        base = rng.choice(SEEDS)
        if base and rng.random() < 0.7:  # mutate a character: near misses of every form
            i = rng.randrange(len(base))
            base = base[:i] + rng.choice("0123456789 .-/+AБzя@") + base[i + 1 :]
        out.append(base)
    return out


def _one_by_one(matcher: CellMatcher, distinct: pa.Array) -> dict[int, list[int]]:
    out = {}
    for i, rec in enumerate(matcher.recognizers):
        if not rec.cells_enabled:
            continue
        if rec.spec.deny_list and not rec.spec.pattern:
            hit = pc.is_in(pc.utf8_lower(distinct), value_set=pa.array(sorted(rec._deny)))
        else:
            hit = pc.match_substring_regex(distinct, rec._anchored, ignore_case=bool(rec.spec.deny_list))
        rows = np.flatnonzero(hit.to_numpy(zero_copy_only=False)).tolist()
        if rows:
            out[i] = rows
    return out


def _check(matcher: CellMatcher, values: list[str]) -> None:
    assert len(set(values)) >= _TREE_FROM
    _check_distinct(matcher, values)  # thousands of distinct values: the gate and the tree
    _check_distinct(matcher, values[:1500])  # about a thousand: RE2, one pattern at a time
    _check_distinct(matcher, values[:300])  # a few hundred: Python's patterns behind their alternation
    _check_distinct(matcher, values[:60], least=5)  # a few dozen: the same


def _check_distinct(matcher: CellMatcher, values: list[str], least: int = 10) -> None:
    counted = pc.value_counts(pa.array(values, pa.string()))
    distinct, counts = counted.field(0), counted.field(1).to_numpy()
    assert (len(distinct) > _PYTHON_UP_TO) == (len(values) > 1000)  # each size takes the path it says
    found = matcher.candidates(distinct, counts)
    assert {i: rows.tolist() for i, rows in found.matches.items()} == _one_by_one(matcher, distinct)
    assert len(found.matches) >= least  # the values exercise many recognizers, not a trivial agreement


def test_tree_matches_every_recognizer_run_alone() -> None:
    matcher = CellMatcher(default_detector().recognizers)
    for seed in range(3):
        _check(matcher, _values(seed))


def test_deny_lists_with_and_without_a_pattern() -> None:
    settings = DetectionSettings(
        recognizers=[
            RecognizerSpec(name="staff_codes", entity="PERSON", deny_list=["Иван Петров", "sofia"]),
            RecognizerSpec(name="badge", entity="PERSON", pattern=r"B-\d{4}", deny_list=["hello world"]),
        ]
    )
    matcher = CellMatcher(build_detector(settings).recognizers)
    _check(matcher, [*_values(5), "B-1234", "HELLO WORLD", "SOFIA"])


def test_values_of_digits_only_decided_by_length_match_as_each_pattern_alone() -> None:
    """Thousands of values of ASCII digits only take the length path for the patterns that treat every digit
    alike (``regexmask.digits_alike``); mixed with other values, its rows merge in order with the tree's."""
    from rightskit.detect.regexmask import digits_alike

    assert digits_alike("[0-9]{10}") and digits_alike(r"\d{6}/?\d{3,4}") and digits_alike("[A-Z]{2}[0-9]{7}|.")
    assert not digits_alike("[1-9][0-9]{3}") and not digits_alike("(?:00|\\+)[0-9]+") and not digits_alike("[^0-5]")
    assert not digits_alike(r"\pL[0-9]")  # a pattern only RE2 reads is never said to be alike
    matcher = CellMatcher(default_detector().recognizers)
    assert any(digits_alike(matcher._pattern((i,))) for i in matcher._patterned)
    assert not all(digits_alike(matcher._pattern((i,))) for i in matcher._patterned)  # "00", "[1-9]": the tree
    rng = random.Random(4)
    digits = ["".join(rng.choice("0123456789") for _ in range(rng.choice([1, 3, 4, 6, 8, 9, 10, 11, 13, 16, 19, 25])))
              for _ in range(6000)]  # fmt: skip
    digits += ["0" * n for n in range(1, 22)] + ["1000", "0999", "00359881234567"]
    values = digits + _values(7)
    rng.shuffle(values)
    counted = pc.value_counts(pa.array(values, pa.string()))
    distinct, counts = counted.field(0), counted.field(1).to_numpy()
    assert pc.sum(pc.match_substring_regex(distinct, "^[0-9]+$")).as_py() >= _TREE_FROM
    found = matcher.candidates(distinct, counts)
    assert {i: rows.tolist() for i, rows in found.matches.items()} == _one_by_one(matcher, distinct)
    assert len(found.matches) >= 10


def test_the_recognizers_a_field_matched_before_tried_first_give_the_tree_s_answer() -> None:
    """A field's batch tries the recognizers its last batch matched alone, then the others' gate and tree: any
    guess, right, wrong or empty, with values of digits among the others' or not, gives what each pattern alone
    gives."""
    from rightskit.detect.cells import _LIKELY_UP_TO

    matcher = CellMatcher(default_detector().recognizers)
    rng = random.Random(11)
    digits = ["".join(rng.choice("0123456789") for _ in range(rng.choice([4, 9, 10, 11, 13]))) for _ in range(4000)]
    for values in (_values(8), _values(9) + digits, digits, [f"person{i}@example.org" for i in range(3000)]):
        counted = pc.value_counts(pa.array(values, pa.string()))
        distinct, counts = counted.field(0), counted.field(1).to_numpy()
        expected = _one_by_one(matcher, distinct)
        guesses = [frozenset(), frozenset(expected), frozenset(list(expected)[:1]), frozenset(matcher._patterned[:3])]
        guesses += [frozenset(matcher._patterned[-_LIKELY_UP_TO:]), frozenset([*list(expected)[:2], *guesses[3]])]
        for likely in guesses:
            assert len(likely) <= _LIKELY_UP_TO or likely == frozenset(expected)
            found = matcher.candidates(distinct, counts, likely)
            assert {i: rows.tolist() for i, rows in found.matches.items()} == expected, sorted(likely)
            assert list(found.matches) == sorted(expected)  # the recognizers' order: a tie goes the same way


def test_digit_values_by_length_read_a_pattern_as_re2_does() -> None:
    """Custom patterns that Python's re and RE2 read differently ('{,4}', POSIX classes): the length samples are
    tried by RE2, as every value is."""
    settings = DetectionSettings(
        recognizers=[
            RecognizerSpec(name="posix_nine", entity="NATIONAL_ID", pattern="[[:digit:]]{9}"),
            RecognizerSpec(name="open_repeat", entity="NATIONAL_ID", pattern="[0-9]{,4}"),
        ]
    )
    matcher = CellMatcher(build_detector(settings).recognizers)
    values = [str(100_000_000 + 7 * i) for i in range(2100)] + [str(i) for i in range(1000, 3200)]
    counted = pc.value_counts(pa.array(values, pa.string()))
    distinct, counts = counted.field(0), counted.field(1).to_numpy()
    found = matcher.candidates(distinct, counts)
    assert {i: rows.tolist() for i, rows in found.matches.items()} == _one_by_one(matcher, distinct)
    posix = next(i for i, r in enumerate(matcher.recognizers) if r.name == "posix_nine")
    assert len(found.matches[posix]) == 2100


def test_a_few_values_read_a_pattern_as_re2_does() -> None:
    """A sample's few hundred values take Python's patterns: a POSIX class or an open repeat, which re reads
    otherwise ('[[:digit:]]' a set of characters, '{,4}' zero to four), is left to RE2 there too."""
    settings = DetectionSettings(
        recognizers=[
            RecognizerSpec(name="posix_nine", entity="NATIONAL_ID", pattern="[[:digit:]]{9}"),
            RecognizerSpec(name="open_repeat", entity="NATIONAL_ID", pattern="[0-9]{,4}"),
        ]
    )
    matcher = CellMatcher(build_detector(settings).recognizers)
    values = [str(100_000_000 + 7 * i) for i in range(100)] + [str(i) for i in range(1000, 1100)] + ["{,4}", "0{,4}"]
    for size in (len(values), 40):  # behind the alternation of Python's patterns, and without it
        counted = pc.value_counts(pa.array(values[-size:], pa.string()))
        distinct, counts = counted.field(0), counted.field(1).to_numpy()
        assert len(distinct) <= _PYTHON_UP_TO
        found = matcher.candidates(distinct, counts)
        assert {i: rows.tolist() for i, rows in found.matches.items()} == _one_by_one(matcher, distinct)
    posix = next(i for i, r in enumerate(matcher.recognizers) if r.name == "posix_nine")
    assert len(matcher.candidates(*_counted(values)).matches[posix]) == 100


def _counted(values: list[str]) -> tuple[pa.Array, np.ndarray]:
    counted = pc.value_counts(pa.array(values, pa.string()))
    return counted.field(0), counted.field(1).to_numpy()


def test_a_fields_first_batch_guesses_from_its_first_values_and_gives_the_tree_s_answer() -> None:
    """With nothing known of a field, what its first few hundred values match is tried first: the same answer as
    each pattern alone, whether the guess holds every recognizer the batch matches or misses those that come later."""
    from rightskit.detect.cells import _PYTHON_UP_TO, _TREE_FROM

    matcher = CellMatcher(default_detector().recognizers)
    mixed = _values(12)
    for values in ([f"user{i}@example.org" for i in range(1000)] + mixed, mixed):
        counted = pc.value_counts(pa.array(values, pa.string()))
        distinct, counts = counted.field(0), counted.field(1).to_numpy()
        assert len(distinct) >= _TREE_FROM
        expected = _one_by_one(matcher, distinct)
        guess = matcher.candidates(distinct.slice(0, _PYTHON_UP_TO), counts[:_PYTHON_UP_TO]).matches
        assert set(guess) < set(expected)  # the first values do not show every recognizer the batch matches
        found = matcher.candidates(distinct, counts)
        assert {i: rows.tolist() for i, rows in found.matches.items()} == expected
