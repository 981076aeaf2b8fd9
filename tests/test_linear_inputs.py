"""Inputs built to make searches quadratic (issue 22) give the same answers as ordinary ones; how long they take
is measured in bench/hostile_time.py, not here."""

from __future__ import annotations

import random

from rightskit.detect.intervals import DisjointSpans
from rightskit.detect.names.finder import _without_overlaps, find_person_spans
from rightskit.detect.text import find_entities
from rightskit.schemas.sqltext import _without_unclosed_delimiters, render_dbt


def test_interval_bookkeeping_equals_the_pairwise_reference() -> None:
    rng = random.Random(3)
    for _ in range(300):
        spans = []
        for _ in range(rng.randint(0, 30)):
            start = rng.randint(0, 200)
            spans.append((start, start + rng.randint(1, 15), rng.random(), "lexicon"))
        kept: list = []
        for span in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
            if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
                kept.append(span)
        assert _without_overlaps(spans) == sorted(kept)
        taken = sorted((s, e) for s, e, *_ in _without_overlaps(spans))
        kept_spans = DisjointSpans(taken)
        for start in range(0, 220, 7):
            brute = any(s < start + 3 and start < e for s, e in taken)
            assert kept_spans.overlaps(start, start + 3) == brute


def test_long_runs_of_capitalised_words_and_hyphens_still_give_the_names() -> None:
    filler = "Ab-" * 3000 + " " + "Иван " * 2000
    text = f"{filler}. Сигнал от Мария Петрова, имейл maria@example.bg."
    spans = [(s.entity, text[s.start : s.end]) for s in find_entities(text) if s.start > len(filler)]
    assert ("PERSON", "Мария Петрова") in spans and ("EMAIL_ADDRESS", "maria@example.bg") in spans
    assert len(find_person_spans("Иван " * 500)) >= 1


def test_an_address_after_a_long_run_of_local_part_characters_is_found_whole() -> None:
    text = "1-" * 5000 + "1 ivan@abv.bg"
    assert [text[s.start : s.end] for s in find_entities(text) if s.entity == "EMAIL_ADDRESS"] == ["ivan@abv.bg"]


def test_unclosed_jinja_openers_are_broken_apart_and_closed_ones_kept() -> None:
    text = "select {{ ref('a') }} from x {% if y %}1{% endif %}\n" + "{{ x " * 10 + "{% z " * 3 + "{# c"
    cleaned = _without_unclosed_delimiters(text)
    assert cleaned.startswith("select {{ ref('a') }} from x {% if y %}1{% endif %}\n")
    tail = cleaned.split("\n", 1)[1]
    assert "{{" not in tail and "{%" not in tail and "{#" not in tail
    assert cleaned.count("\n") == text.count("\n")
    assert "a" in render_dbt("select * from {{ ref('a') }} {{ x")
