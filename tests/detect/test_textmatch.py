"""RE2 saying where to look finds, in every text, exactly the matches Python's ``finditer`` finds (issue 20:
vectorised paths held to the reference)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import yaml

from rightskit.detect.detector import default_detector
from rightskit.detect.textmatch import _ROUNDS, finditer_guided, finditer_many, looser_pattern, reads_alike

CASES = yaml.safe_load((Path(__file__).parent / "recognizer_cases.yaml").read_text(encoding="utf-8"))
RECOGNIZERS = {r.name: r for r in default_detector().recognizers if r.spec.in_text and r._finder is None}
# Letters of several scripts, digits of two, joiners: Python reads word boundaries in Unicode, RE2 in ASCII.
AROUND = ["", " ", "Я", "z", "_", "7", ".", "-", "\n", "é", "٣", "(", ",", "ЕГН ", "tel. ", ":", "/"]


def _reference(compiled: re.Pattern[str], texts: list[str]) -> list[list[tuple[int, int, str]]]:
    return [[(m.start(), m.end(), m.group(0)) for m in compiled.finditer(t)] for t in texts]


def _texts(rng: random.Random, values: list[str], count: int) -> list[str]:
    """Prose with 0 to 9 values in it, next to each other or apart, after any of ``AROUND``."""
    words = ["и", "call", "Иван", "note", "№", "ref", "1", "12", "2024", "é", "—"]
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.choice([0, 1, 1, 2, 3, 12])):
            parts += [rng.choice(words) for _ in range(rng.randint(0, 3))]
            parts.append(rng.choice(AROUND) + rng.choice(values) + rng.choice(AROUND))
        parts += [rng.choice(words) for _ in range(rng.randint(0, 3))]
        out.append(rng.choice(["", " ", ", "]).join(parts))
    return out


@pytest.mark.parametrize("name", sorted(RECOGNIZERS))
def test_every_recognizer_s_matches_are_python_s(name: str, monkeypatch) -> None:
    from rightskit.detect import textmatch

    rec = RECOGNIZERS[name]
    table = CASES[name]
    values = [str(v) for v in (*table["valid"], *table["invalid"], *(t["value"] for t in table.get("tricky", [])))]
    texts = _texts(random.Random(name), values, 600)
    assert rec._looser is not None
    expected = _reference(rec._text_re, texts)
    assert finditer_guided(texts, rec._text_re, rec._looser) == expected
    assert sum(map(len, expected)) > 100
    assert max(map(len, expected)) > _ROUNDS  # Python's own search finishes texts with many matches
    # In prose that sets them apart with spaces, RE2 says where to look: Python never searches on its own.
    rng = random.Random(name + " apart")
    apart = [f"Note {rng.choice(values)} and {rng.choice(values)} мнение {rng.choice(values)}" for _ in range(300)]
    searched_by_python = []
    python = textmatch._python
    monkeypatch.setattr(textmatch, "_python", lambda *a: searched_by_python.append(a) or python(*a))
    assert finditer_guided(apart, rec._text_re, rec._looser) == _reference(rec._text_re, apart)
    assert searched_by_python == []


def test_where_the_engines_read_a_boundary_differently_python_s_answer_stands() -> None:
    """RE2 reads a letter of another script as no word character: Python's boundary rejects what RE2 proposes,
    and the matches after it are still found."""
    compiled = re.compile(r"(?<!\w)(?:[0-9]{4})(?!\w)")
    looser = looser_pattern("[0-9]{4}", "(?:^|[^0-9A-Za-z_])", "(?:$|[^0-9A-Za-z_])")
    texts = ["Я1234 5678 и 9012", "1234,5678", "ж1234ж", "0000 1111 2222 3333 4444 5555 6666 7777 8888"] * 100
    assert finditer_guided(texts, compiled, looser) == _reference(compiled, texts)
    assert finditer_guided(texts, compiled, looser)[0] == [(6, 10, "5678"), (13, 17, "9012")]


def test_texts_arrow_cannot_hold_and_few_texts_are_searched_by_python() -> None:
    compiled = re.compile("[0-9]{3}")
    looser = looser_pattern("[0-9]{3}", "", "")
    texts = ["a123\udc80 456", *(["x 789 y"] * 300)]
    assert finditer_guided(texts, compiled, looser) == _reference(compiled, texts)
    assert finditer_many(texts[1:3], compiled, looser) == _reference(compiled, texts[1:3])


def test_an_empty_match_is_found_once_per_place_as_python_finds_it() -> None:
    compiled = re.compile("x*")
    texts = ["axxb", "", "xx", "bb"] * 100
    assert finditer_guided(texts, compiled, looser_pattern("x*", "", "")) == _reference(compiled, texts)


def test_patterns_re2_reads_otherwise_are_left_to_python() -> None:
    assert reads_alike("[0-9]{10}") and reads_alike("[^0-9]+[a-z]")
    assert not reads_alike(r"\d{10}") and not reads_alike(r"\bword") and not reads_alike("(?:a|b$)")


def test_each_pattern_is_searched_the_way_that_has_cost_it_less() -> None:
    """Both ways are tried once and timed; later calls take the cheaper, with the same answer every time."""
    from rightskit.detect import textmatch

    compiled = re.compile(r"(?<![0-9])[0-9]{6}(?![0-9])")
    looser = looser_pattern("[0-9]{6}", "(?:^|[^0-9])", "(?:$|[^0-9])")
    texts = [f"ref {i:06d}, call {i * 7:06d} or x{i}" for i in range(400)]
    for _ in range(4):
        assert finditer_many(texts, compiled, looser) == _reference(compiled, texts)
    cost = textmatch._COSTS[looser]
    assert cost.python is not None and cost.guided is not None


def test_python_s_cost_is_learnt_on_a_few_texts_of_a_large_call(monkeypatch) -> None:
    """Once the guided way's cost is known, a call of thousands of texts times Python's on its first few only and
    searches the rest guided: the same matches, in order."""
    from rightskit.detect import textmatch

    compiled = re.compile(r"(?<![0-9])[0-9]{7}(?![0-9])")
    looser = looser_pattern("[0-9]{7}", "(?:^|[^0-9])", "(?:$|[^0-9])")
    texts = [f"case {i:07d} and {i * 3:07d}, not {i}" for i in range(textmatch._LEARN_FROM + 300)]
    assert finditer_many(texts[:400], compiled, looser) == _reference(compiled, texts[:400])  # guided, learnt
    searched_alone: list[str] = []
    python = textmatch._python

    def counted(pattern: re.Pattern[str], text: str, pos: int) -> list:
        searched_alone.append(text)
        return python(pattern, text, pos)

    monkeypatch.setattr(textmatch, "_python", counted)
    assert finditer_many(texts, compiled, looser) == _reference(compiled, texts)
    assert searched_alone == texts[: textmatch._LEARN_TEXTS]
    assert textmatch._COSTS[looser].python is not None
