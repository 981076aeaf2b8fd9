"""The vectorised word look-up equals the plain Python one (issue 20: vectorised paths held to the reference)."""

from __future__ import annotations

import random

import pyarrow as pa

from rightskit.detect.wordsplit import WORD_SPLIT, has_any_word

ALPHABET = "abcxyzАБВжшщΑβγéŁ-_.,'’ \t\n0123\u0301"


def _reference(text: str | None, words: frozenset[str]) -> bool:
    return text is not None and any(w in words for w in WORD_SPLIT.split(text) if w)


def test_has_any_word_equals_the_reference_on_generated_texts() -> None:
    rng = random.Random(5)
    texts: list[str | None] = [None, "", " ", "-"]
    texts += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    vocabulary = {w for t in texts[4:] for w in WORD_SPLIT.split(t) if w}
    words = frozenset(rng.sample(sorted(vocabulary), 40))
    got = has_any_word(pa.chunked_array([texts[:1500], texts[1500:]]), words).to_pylist()
    assert got == [_reference(t, words) for t in texts]
    assert 0 < sum(got) < len(texts)


def test_words_cut_once_answer_every_list_as_the_reference_does() -> None:
    """One ``TextWords`` per column serves every recognizer: all rows or some, as written or in lower case, on a
    few texts (Python) and on many (Arrow) — always the reference's answer."""
    import numpy as np
    import pyarrow.compute as pc

    from rightskit.detect.wordsplit import TextWords

    rng = random.Random(11)
    alphabet = ALPHABET + "ABCXYZЖШΩÉİ"
    ascii_only = "abcXYZ09_-.,@'` \t\n[]{}"  # numpy cuts texts all in ASCII, RE2 the others: both held here
    for size in (300, 3000):
        texts: list[str | None] = [None, "", "İstanbul Ankara", "Ann", "Bob ", " Cy", "Ann.Bob"]
        texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(size)]
        texts += ["".join(rng.choice(ascii_only) for _ in range(rng.randint(0, 30))) for _ in range(size)]
        lowered = pc.utf8_lower(pa.array(texts, pa.string())).to_pylist()
        vocabulary = sorted({w for t in texts[2:] for w in WORD_SPLIT.split(t) if w})
        words_of = TextWords(pa.array(texts, pa.string()))
        for trial in range(4):
            words = frozenset(rng.sample(vocabulary, 30))
            lower_words = frozenset(w.lower() for w in words)
            rows = np.array(sorted(rng.sample(range(len(texts)), [len(texts) // 2, 20][trial % 2])), dtype=np.int64)
            assert words_of.any_of(words).tolist() == [_reference(t, words) for t in texts]
            assert words_of.any_of(words, rows).tolist() == [_reference(texts[i], words) for i in rows]
            expected = [_reference(lowered[i], lower_words) for i in rows]
            assert words_of.any_of(lower_words, rows, lower=True).tolist() == expected
            assert sum(expected) > 0 or trial % 2


def test_ascii_texts_cut_in_slices_give_the_same_words(monkeypatch) -> None:
    """Texts all in ASCII are cut a slice at a time: words never run across a slice's or a text's edge."""
    from rightskit.detect import wordsplit

    rng = random.Random(3)
    texts = ["".join(rng.choice("ab AB0-") for _ in range(rng.randint(0, 8))) for _ in range(3000)]
    words = frozenset(rng.sample(sorted({w for t in texts for w in WORD_SPLIT.split(t) if w}), 20))
    expected = [_reference(t, words) for t in texts]
    for size in (7, 1 << 15):
        monkeypatch.setattr(wordsplit, "_ASCII_SLICE", size)
        assert wordsplit.TextWords(pa.array(texts, pa.string())).any_of(words).tolist() == expected


def test_ascii_cut_gives_re2s_words_and_their_texts() -> None:
    """The numpy cut of texts all in ASCII gives RE2's split, word for word, each with its text's row (RE2's empty
    pieces at a text's edges aside): texts that end and start in a word, empty texts, texts of one word."""
    import numpy as np

    from rightskit.detect import wordsplit

    rng = random.Random(5)
    texts = ["", "a", "ab", "a b", "b.", ".b", "9", "Z0"]
    texts += ["".join(rng.choice("aZ09 .-_@\t") for _ in range(rng.randint(0, 12))) for _ in range(4000)]
    values = pa.array(texts, pa.string())
    rows = np.arange(len(texts))
    for picked in (rows, rows[1::3]):
        words, parents = wordsplit._ascii_words(values, picked)
        expected_words, expected_parents = wordsplit._words(values, picked)
        nonempty = [i for i, w in enumerate(expected_words.to_pylist()) if w]
        assert words.to_pylist() == [expected_words[i].as_py() for i in nonempty]
        assert parents.tolist() == expected_parents[nonempty].tolist()


def test_the_cut_of_texts_outside_ascii_gives_re2s_words_and_their_texts() -> None:
    """Texts with Cyrillic, accented and astral letters, combining marks, typographic quotes and dashes, digits of
    other scripts and emoji: numpy's cut with RE2 for the odd words gives RE2's split of each text, word for word
    (in another order; RE2's empty pieces aside)."""
    import numpy as np

    from rightskit.detect import wordsplit

    rng = random.Random(7)
    pieces = ["Иван", "Петров", "ул.", "„Витоша“", "—", "й", "\u0301", "é", "ß", "٣", "😀", "𝒜", "\U00011f00", "a", "7",
              " ", ",", "-", "\u00a0", "№", "Ⅻ", "ǅ"]  # fmt: skip
    texts = ["Иван", "„“", "a—b", ""]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 10))) for _ in range(4000)]
    values = pa.array(texts, pa.string())
    rows = np.arange(len(texts))
    for picked in (rows, rows[1::3]):
        words, parents = wordsplit._unicode_words(values, picked)
        expected_words, expected_parents = wordsplit._words(values, picked)
        expected = sorted((int(r), w) for r, w in zip(expected_parents, expected_words.to_pylist(), strict=True) if w)
        assert sorted(zip(parents.tolist(), words.to_pylist(), strict=True)) == expected
        assert len(expected) > 2000


def test_a_search_of_every_text_is_remembered_and_each_caller_gets_its_own_copy(monkeypatch) -> None:
    """The names' pattern asked twice over a column (for the rules, then wide for the tagger) is searched once;
    a caller that changes its mask changes no one else's."""
    from rightskit.detect import wordsplit

    passes: list[str] = []
    searched = wordsplit.regex_mask
    monkeypatch.setattr(
        wordsplit, "regex_mask", lambda values, *args: passes.append(args[0]) or searched(values, *args)
    )
    texts = [f"word {i} Ann Lee" if i % 3 else f"word {i}" for i in range(5000)]
    words_of = wordsplit.TextWords(pa.array(texts, pa.string()))
    first = words_of.search("[A-Z][a-z]+ [A-Z][a-z]+")
    expected = [bool(i % 3) for i in range(len(texts))]
    assert first.tolist() == expected
    first[:] = True
    assert words_of.search("[A-Z][a-z]+ [A-Z][a-z]+").tolist() == expected
    assert passes == ["[A-Z][a-z]+ [A-Z][a-z]+"]


def test_patterns_searched_within_their_digit_group_find_what_each_alone_finds() -> None:
    """A pattern searched only among the texts its group's alternation matches answers as it does alone, over
    every text and over some rows; a case-blind search keeps out of its group."""
    import re

    import numpy as np

    from rightskit.detect.wordsplit import TextWords, digit_groups

    rng = random.Random(8)
    texts = ["".join(rng.choice("0123456789 -+/.abcЖ") for _ in range(rng.randint(0, 24))) for _ in range(4000)]
    patterns = [r"[0-9]{4}", r"\+[0-9]{3}", r"[0-9]{2}/[0-9]{2}", r"[1-9][0-9]{5}", r"[0-9] [0-9]", "a[0-9]b", "Ж9"]
    groups = digit_groups([*patterns, "no digit here"])
    assert "no digit here" not in groups and len(set(groups.values())) == 1
    rows = np.array(sorted(rng.sample(range(len(texts)), 700)), dtype=np.int64)
    grouped, alone = TextWords(pa.array(texts), groups), TextWords(pa.array(texts))
    for pattern in patterns:
        expected = np.array([re.search(pattern, t) is not None for t in texts])
        assert expected.any()
        assert grouped.search(pattern).tolist() == alone.search(pattern).tolist() == expected.tolist()
        within = np.zeros(len(texts), dtype=bool)
        within[rows] = expected[rows]
        assert grouped.search(pattern, rows=rows).tolist() == within.tolist()
    assert grouped.search("A[0-9]B", ignore_case=True).tolist() == [re.search("a[0-9]b", t) is not None for t in texts]


def test_lower_case_look_ups_among_known_words_answer_as_over_every_word() -> None:
    """Told the words it will be asked about, ``TextWords`` looks among their occurrences only: the same answer,
    for lists within the known words and (by the whole cut) for lists that are not."""
    import numpy as np
    import pyarrow.compute as pc

    from rightskit.detect.wordsplit import TextWords

    rng = random.Random(21)
    texts: list[str | None] = [None, "", "Born in ÉVORA", "DOB: 1.2.3", "born"]
    texts += ["".join(rng.choice(ALPHABET + "ABÉЖ") for _ in range(rng.randint(0, 30))) for _ in range(4000)]
    texts += ["".join(rng.choice("abXY09 -.:") for _ in range(rng.randint(0, 30))) for _ in range(4000)]
    values = pa.array(texts, pa.string())
    lowered = pc.utf8_lower(values).to_pylist()
    vocabulary = sorted({w.lower() for t in texts[1:] if t for w in WORD_SPLIT.split(t) if w})
    known = frozenset(rng.sample(vocabulary, 60)) | {"born", "évora", "dob"}
    told, untold = TextWords(values, known=known), TextWords(values)
    lists = [frozenset(rng.sample(sorted(known), k)) for k in (1, 3, 10)] + [frozenset({"born", "dob"})]
    lists.append(frozenset(rng.sample(vocabulary, 5)) | {"born"})  # not all known: looked up over every word
    rows = np.array(sorted(rng.sample(range(len(texts)), 500)), dtype=np.int64)
    for words in lists:
        expected = [_reference(t, words) for t in lowered]
        assert told.any_of(words, lower=True).tolist() == untold.any_of(words, lower=True).tolist() == expected
        assert told.any_of(words, rows, lower=True).tolist() == [expected[i] for i in rows]
        assert any(expected)


def test_large_string_columns_are_cut_as_string_ones() -> None:
    """Arrow's 64-bit-offset strings (Parquet and pandas may give them) are cut into the same words."""
    from rightskit.detect.wordsplit import TextWords

    texts = [f"hello world {i}" if i % 2 else f"bye {i}" for i in range(5000)]
    expected = TextWords(pa.array(texts, pa.string())).any_of(frozenset({"hello"})).tolist()
    assert TextWords(pa.array(texts, pa.large_string())).any_of(frozenset({"hello"})).tolist() == expected
    assert sum(expected) == 2500


def test_digit_counts_are_the_ascii_digits_of_each_text() -> None:
    """Counted over the UTF-8 bytes: other scripts' digits are not ASCII ones; a null holds none; a slice, an
    empty text and texts longer than a counting slice are counted as they stand."""
    import numpy as np

    from rightskit.detect.wordsplit import TextWords
    from rightskit.textbytes import class_counts

    rng = random.Random(5)
    alphabet = "0123456789 ab-Ж٣５\u00e9"
    texts: list[str | None] = [None, "", "0", "٣٣٣", "５5"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    texts += ["7" * 300_000, None, "x1"]
    values = pa.array(texts, pa.string())
    expected = [sum("0" <= ch <= "9" for ch in t) if t else 0 for t in texts]
    assert class_counts(values, "digit").tolist() == expected
    assert class_counts(values.slice(7, 500), "digit").tolist() == expected[7:507]
    assert class_counts(pa.array([None, None], pa.string()), "digit").tolist() == [0, 0]
    assert class_counts(pa.array([], pa.string()), "digit").tolist() == []
    words_of = TextWords(values)
    for at_least in (1, 2, 10):
        rows, taken = words_of.with_digits(at_least)
        assert rows.tolist() == [i for i, n in enumerate(expected) if n >= at_least]
        assert taken.to_pylist() == [texts[i] for i in rows.tolist()]
    assert np.array_equal(words_of.digit_counts(), expected)


def test_a_pattern_inside_words_searched_among_the_words_first_finds_what_a_search_of_the_texts_finds(
    monkeypatch,
) -> None:
    """Once the texts are cut, a pattern whose matches lie inside one word is looked for among the distinct
    words, then in the texts holding such a word: the same answer as searching every text, whatever stands next
    to the match (an underscore, which no word holds, a Cyrillic letter, which one does), over all rows or some."""
    import re

    import numpy as np

    from rightskit.detect.wordsplit import TextWords

    rng = random.Random(13)
    body = "[A-Za-z]{3}[LMNlmn]{2}[A-Z]"
    bounded = f"(?:^|[^0-9A-Za-z_])(?:{body})(?:$|[^0-9A-Za-z_])"
    pieces = ["abcLMZ", "xyzmnQ", "ab", "LMN", "_", "Ж", "-", " ", "é", "1", ",", "ABClmnD"]
    texts: list[str | None] = [None, "", "abcLMZ", "_abcLMZ", "ЖabcLMZ", "abcLMZ_", "xabcLMZ"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 8))) for _ in range(3000)]
    values = pa.array(texts, pa.string())
    rows = np.array(sorted(rng.sample(range(len(texts)), 400)), dtype=np.int64)
    expected = [t is not None and re.search(bounded, t) is not None for t in texts]
    assert 100 < sum(expected) < len(texts) - 100

    looked_up: list[str] = []
    holding = TextWords._rows_holding
    monkeypatch.setattr(TextWords, "_rows_holding", lambda self, p: looked_up.append(p) or holding(self, p))
    plain, cut = TextWords(values), TextWords(values)
    cut.any_of(frozenset({"abc"}))  # the words cut, as the names' look-ups cut them
    assert plain.search(bounded, within_words=body).tolist() == expected and not looked_up
    assert cut.search(bounded, within_words=body).tolist() == expected and looked_up == [body]
    within = [bool(expected[i]) if i in set(rows.tolist()) else False for i in range(len(texts))]
    assert cut.search(bounded, rows=rows, within_words=body).tolist() == within
    # A words' pattern that a text without words holds (it matches the empty string) is not taken: searched as is
    empty = "(?:^|[^0-9A-Za-z_])(?:x?)(?:$|[^0-9A-Za-z_])"
    reference = [t is not None and re.search(empty, t) is not None for t in texts]
    assert cut.search(empty, within_words="x?").tolist() == reference and "" in texts and reference[2] is False


def test_within_ascii_word_reads_the_patterns_structure() -> None:
    from rightskit.detect.regexmask import within_ascii_word

    assert within_ascii_word("[A-Z]{2}[0-9]{7}|[0-9]{9}") and within_ascii_word("(?:[A-Za-z]{6}[0-9LMN]{2})")
    assert not within_ascii_word("[0-9 ]{9}") and not within_ascii_word("[^a]{3}") and not within_ascii_word("a.b")
    assert not within_ascii_word("(?i:kelvin)") and not within_ascii_word("^abc") and not within_ascii_word(r"\d{4}")
    assert not within_ascii_word("a[A-z]b")  # the range holds "_" and "[" between the cases
    # A match may be empty (a text without words holds it); RE2 reads "{,2}" and "{02}" as text; under a global
    # (?i) Python's re, which searches a few rows, folds "İ" where RE2 does not.
    for pattern in ("x?", "a*", "(?:a|)", "a{0}", "", "a{,2}", "a{02}", "(?i)[a-z]{6}"):
        assert not within_ascii_word(pattern), pattern
