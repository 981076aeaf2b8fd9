"""A field's text memo is bounded, and forgetting it never loses spans."""

from __future__ import annotations

import pyarrow as pa

from rightskit.detect import profile as profile_module
from rightskit.detect.detector import default_detector
from rightskit.scanning import new_profile


def test_spans_are_counted_the_same_when_the_memo_is_cleared(monkeypatch) -> None:
    texts = [f"Обадете се на 0888 123 {i:03d} за справка, благодаря" for i in range(30)]
    batches = [pa.array(texts[:20]), pa.array(texts[10:30]), pa.array(texts)]

    def run() -> tuple[int, int]:
        p = new_profile(default_detector())
        for b in batches:
            p.update(b)
        return p.in_text["PHONE_NUMBER"].cells, len(p.memo.texts)

    remembered, size = run()
    monkeypatch.setattr(profile_module, "_TEXT_MEMO_CAP", 15)
    forgetful, small = run()
    assert remembered == forgetful == 70
    assert size == 30 and small <= 30


def _reference(batches: list[list[str]]) -> dict[str, tuple[int, int, float, list[str], list[str]]]:
    """Each batch's distinct texts in the order Arrow counts them, every in-text recognizer's spans found text by
    text, counted pair by pair and example shapes tried in the order of the texts, then of the recognizers."""
    from rightskit.detect.profile import _EXAMPLE_CAP, _EXAMPLE_TRIES, TextCounts, _add_examples

    recognizers = [r for r in new_profile(default_detector()).recognizers if r.spec.in_text]
    totals: dict[str, TextCounts] = {}
    for batch in batches:
        counted = pa.array(batch, pa.string()).value_counts()
        tries: dict[str, int] = {}
        for text, count in zip(counted.field(0).to_pylist(), counted.field(1).to_pylist(), strict=True):
            for rec in recognizers:
                spans = rec.find_spans(text)
                if not spans:
                    continue
                tc = totals.setdefault(rec.entity, TextCounts())
                tc.cells += count
                tc.spans += len(spans) * count
                tc.best_score = max(tc.best_score, max(s.score for s in spans))
                tc.recognizers.add(rec.name)
                if len(tc.examples) < _EXAMPLE_CAP and tries.get(rec.entity, 0) < _EXAMPLE_TRIES:
                    tries[rec.entity] = tries.get(rec.entity, 0) + 1
                    _add_examples(tc.examples, [text[s.start : s.end] for s in spans])
    return {k: (t.cells, t.spans, t.best_score, sorted(t.recognizers), t.examples) for k, t in totals.items()}


def test_spans_in_text_are_counted_as_text_by_text_and_pair_by_pair(monkeypatch) -> None:
    """Counts, best scores, recognizers, example shapes and the order entities are first met in: a profile that
    counts each recognizer's spans at once (remembering texts, or forgetting them) against the plain loop."""
    import random

    rng = random.Random(20)
    pieces = ["Обадете се на 0888 123 45{}", "пишете на ivo.{}@mail.bg", "IBAN BG80 BNBG 9661 1020 3456 78", "ЕГН 7501010010",
              "сметка RO49 AAAA 1B31 0075 9384 000{}", "звъннете +359 2 987 65{}", "нищо особено", "тел. 088{} 111 222",
              "сървър 10.0.{}.1", "сървър 2001:db8::{}", "адрес ул. Витоша {}", "à 1{} rue de la Paix"]  # fmt: skip

    domains = ["bg", "com", "org", "net", "eu", "de", "ro", "gr", "it", "fr", "uk", "io"]

    def piece() -> str:  # e-mail addresses of a dozen shapes: the first texts tried decide which are examples
        chosen = rng.choice(pieces)
        return chosen.replace("mail.bg", "mail." + rng.choice(domains)) if "ivo" in chosen else chosen

    texts = [
        " и ".join(piece().format(rng.randint(0, 9)) for _ in range(rng.randint(1, 4))) + " днес." for _ in range(400)
    ]
    batches = [rng.choices(texts, k=300) for _ in range(4)]
    expected = _reference(batches)
    assert {"PHONE_NUMBER", "EMAIL_ADDRESS", "IBAN_CODE", "BG_EGN", "IP_ADDRESS", "STREET_ADDRESS"} <= set(expected)
    assert len(expected["EMAIL_ADDRESS"][4]) == 5 and len(expected["IP_ADDRESS"][3]) == 2
    for cap in (profile_module._TEXT_MEMO_CAP, 150):
        monkeypatch.setattr(profile_module, "_TEXT_MEMO_CAP", cap)
        p = new_profile(default_detector())
        for batch in batches:
            p.update(pa.array(batch, pa.string()))
        got = {k: (t.cells, t.spans, t.best_score, sorted(t.recognizers), t.examples) for k, t in p.in_text.items()}
        assert list(got) == list(expected) and got == expected


def test_a_batch_of_distinct_values_is_profiled_as_arrow_counts_it() -> None:
    """Batches whose values each occur once are listed as they stand, told so by their digests; the profile's
    state (counts, validated values, example shapes, the distinct-count sketch) is what counting each batch gives,
    through batches of distinct values, repeated ones, values with spaces around them and missing ones."""
    import random

    rng = random.Random(41)
    once = [f"+359 88{rng.randint(0, 9)} {i:06d}" for i in range(5000)]
    batches = [
        pa.array(once[:2500], pa.string()),
        pa.array([f" {v} " for v in once[:2600]], pa.string()),  # distinct, then trimmed
        pa.array([*once[2500:], None, None], pa.string()),
        pa.array([*(f"ivan.{i}@mail.bg" for i in range(3000)), ""], pa.string()),  # an empty value left out
        pa.array(rng.choices(once, k=3000), pa.string()),  # repeats
    ]

    def profiled(shortcut: bool) -> object:
        p = new_profile(default_detector())
        for batch in batches:
            if not shortcut:
                p.memo.every_value_once = False
            p.update(batch)
        return p.state()

    assert profiled(True) == profiled(False)
    p = new_profile(default_detector())
    for batch in batches[:4]:
        p.update(batch)
        assert p.memo.every_value_once  # each of the first four was listed as it stands
    p = new_profile(default_detector())
    p.update(batches[0])
    assert p.memo.every_value_once and p.distinct == 2500


def test_prose_is_twenty_characters_with_a_space_whatever_the_bytes() -> None:
    """A column of short values is ruled out by its bytes alone; otherwise the characters are counted (Cyrillic
    takes two bytes a letter)."""
    import random

    import numpy as np
    import pyarrow.compute as pc

    rng = random.Random(3)
    short = pa.array(["Ivan", "0888 123", "ж ж", "a b c d e f g h i", None], pa.string())
    assert profile_module._prose(short).tolist() == [False] * 5
    values = pa.array(
        ["".join(rng.choice("ab жЖ€") for _ in range(rng.randint(0, 30))) for _ in range(3000)] + [None], pa.string()
    )
    expected = pc.and_(pc.greater_equal(pc.utf8_length(values), 20), pc.match_substring(values, " "))
    expected = pc.fill_null(expected, False).to_numpy(zero_copy_only=False)
    assert profile_module._prose(values).tolist() == expected.tolist()
    assert expected.any() and not expected.all() and isinstance(expected, np.ndarray)


def test_numbers_are_counted_as_the_pattern_counts_them_over_every_value() -> None:
    """Only values starting with a sign or a digit are searched for numbers: the count is the pattern's over all,
    for columns with none, some or only such values."""
    import random

    import numpy as np
    import pyarrow.compute as pc

    rng = random.Random(11)

    def column(alphabet: str) -> tuple[pa.Array, np.ndarray]:
        values = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(3000)]
        counted = pc.value_counts(pa.array([*values, "", "-", "+1", "1,5", "٣"], pa.string()))
        return counted.field(0), counted.field(1).to_numpy(zero_copy_only=False)

    for alphabet in ("0123456789+-.,a ", "abcЖ ", "0123456789", "-12"):
        distinct, counts = column(alphabet)
        expected = pc.match_substring_regex(distinct, profile_module._NUMERIC).to_numpy(zero_copy_only=False)
        assert profile_module._numeric_count(distinct, counts) == int(counts[expected].sum())
    assert profile_module._numeric_count(pa.array(["Ivan", "ж"], pa.string()), np.array([3, 4])) == 0
