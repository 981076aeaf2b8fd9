"""The RE2 pre-filters for recall spans let through every text in which ``recall_spans`` finds one: ``keyed``
every text with a phone or personal number after its word, ``addressed`` every text with an address.

The pre-filters decide which texts the audit and the redaction read at all, and which of the checks they run: a
text one rejects is never searched for its spans, so a span it misses would be published. Texts are generated from the declared words glued, spaced and cased in every way,
with digits near and far, so that a narrower pre-filter fails here first.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rightskit.anonymise.recall import patterns, recall_spans

_KEYWORDS = ["тел.", "Телефон", "GSM", "обадете  се на", "Call me on", "ЕГН", "е.г.н.", "л.к.", "ЛНЧ", "ring"]
# where RE2 and Python's re read a keyword differently unless told: a dotted capital I, a no-break space
_KEYWORDS += ["MOBİLE", "лична\u00a0карта", "call\u2003me at"]
_ADDRESS = ["бл.", "блок", "ап.", "ул.", "Улица", "бул.", "ж.к.", "жк", "кв.", "ж. к.", "ж.\u00a0к.", "бл "]
_FILLER = ["", " ", ": ", ", ", "\n", " за връзка ", "№", " (мобилен) ", "Иван", "x", "-", "  ", "„Витоша“ "]
_FILLER += ["\U00011f04"]  # a Kawi letter: a letter to RE2's tables, nothing to Python 3.11's
_NUMBERS = ["0888 123 456", "+359 2 987 6543", "7501010010", "12", "5", "4467", "0991-674-556", "163А"]

_pieces = st.sampled_from(_KEYWORDS + _ADDRESS + _FILLER + _NUMBERS)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_pieces, min_size=1, max_size=8))
def test_every_text_with_a_recall_span_passes_its_prefilter(pieces: list[str]) -> None:
    text = "".join(pieces)
    spans = recall_spans(text)
    keyed, addressed = _matches(patterns().keyed, text), _matches(patterns().addressed, text)
    for span in spans:
        assert addressed if span.entity == "STREET_ADDRESS" else keyed, (repr(text), span)
    assert recall_spans(text, keyed=keyed, addressed=addressed) == spans


def _matches(pattern: str, text: str) -> bool:
    return bool(pc.match_substring_regex(pa.array([text]), pattern)[0].as_py())


def test_prose_with_a_phone_word_inside_another_word_is_no_candidate() -> None:
    texts = pa.array(["during the hotel stay (ref 12)", "bring it, see case 77", "телефон: нямам"])
    for pattern in patterns().prefilters:
        assert pc.match_substring_regex(texts, pattern).to_pylist() == [False, False, False]


def test_many_texts_find_what_one_text_at_a_time_finds() -> None:
    """``recall_spans_many`` runs each text's checks only where its pre-filter matched: the spans are the same."""
    import random

    from rightskit.anonymise.recall import recall_spans_many

    rng = random.Random(19)
    # The keywords are found in many texts at once with RE2 saying where each may start: also the forms where the
    # engines differ (a dotted or dotless i, which Python's blind case takes for "i"; a no-break space inside a
    # phrase, which Python's \s reads as space; a keyword inside another word).
    odd = ["MOBİLE", "mobıle", "TELEFON", "call\u00a0me on", "hotel", "Егн", "ЛИЧНА\u00a0КАРТА", "ſms", "GSM:"]
    pieces = _KEYWORDS + _ADDRESS + _FILLER + _NUMBERS + odd
    texts = ["".join(rng.choice(pieces) for _ in range(6)) for _ in range(2000)]
    many = recall_spans_many(texts)
    for text, found in zip(texts, many, strict=True):
        assert [s for s in found if s.entity != "PERSON"] == recall_spans(text)
    assert sum(1 for found in many if found) > 200


def test_the_keyed_prefilter_takes_a_keyword_after_any_character_pythons_search_does() -> None:
    """Python's keyword search wants no word character before the word (``\\w``, by its own Unicode tables); RE2's
    tables differ (newer letters): over every code point, whatever stands before "тел 0888 123 456" without being a
    word character to Python leaves the text a candidate."""
    import re

    import numpy as np

    word = re.compile(r"\w")
    before = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and not word.match(chr(c))]
    hit = pc.match_substring_regex(pa.array([f"{c}тел 0888 123 456" for c in before]), patterns().keyed)
    missed = np.flatnonzero(~hit.to_numpy(zero_copy_only=False))
    assert len(before) > 900_000 and not len(missed), [hex(ord(before[i])) for i in missed[:5]]


def test_texts_arrow_cannot_hold_are_read_one_at_a_time() -> None:
    from rightskit.anonymise.recall import recall_spans_many

    texts = ["тел 0888123456", "\udcff тел 0888 123 456", "ЕГН 7501010010"]
    assert [[s for s in found if s.entity != "PERSON"] for found in recall_spans_many(texts)] == [
        recall_spans(t) for t in texts
    ]
    assert all(recall_spans_many(texts))


def test_a_complex_written_with_a_space_is_an_address_candidate() -> None:
    for text in ("ж. к. Люлин бл 5", "ж.\u00a0к. Младост, бл 12"):
        assert [s.entity for s in recall_spans(text)] == ["STREET_ADDRESS"]
        assert _matches(patterns().addressed, text), text


def test_the_keyword_prefilters_are_searched_only_in_texts_with_a_digit_and_select_what_all_select() -> None:
    """Each keyword pre-filter wants a number after its word, which its structure says (RE2's \\p{Z} read for it):
    the release and its audit search only the texts holding an ASCII digit, and choose the texts an unfiltered
    search of every text would."""
    import random

    from rightskit.anonymise.recall import person_prefilter, recall_candidates
    from rightskit.detect.regexmask import min_digits

    assert [min_digits(p) for p in patterns().prefilters] == [1, 1]
    rng = random.Random(23)
    digitless = ["٣٣٣ ٣٣٣", "five", "Иван Петров", "ＡＢ１２"]  # digits of other scripts are no ASCII ones
    pieces = _KEYWORDS + _ADDRESS + _FILLER + _NUMBERS + digitless
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(4000)]
    values = pa.array(texts, pa.string())
    everywhere = pc.match_substring_regex(values, person_prefilter())
    for pattern in patterns().prefilters:
        everywhere = pc.or_(everywhere, pc.match_substring_regex(values, pattern))
    assert recall_candidates(values).mask.tolist() == everywhere.to_pylist()
    assert sum(everywhere.to_pylist()) > 500  # chosen, and left out for want of a digit:
    assert sum(not any(c.isascii() and c.isdigit() for c in t) for t in texts) > 300


def test_the_recall_candidates_handed_on_find_what_a_search_of_the_chosen_texts_finds() -> None:
    """What ``recall_candidates`` selected among a column, taken at the rows a release chose, is what it selects
    among those texts alone, and ``recall_spans_many`` given it finds the same spans as searching them again."""
    import random

    import numpy as np

    from rightskit.anonymise.recall import recall_candidates, recall_spans_many

    rng = random.Random(41)
    pieces = _KEYWORDS + _ADDRESS + _FILLER + _NUMBERS + ["Иван Петров", "Mary Ann SMITH JONES", "ж.к. Лагера бл. 3"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(3000)]
    found = recall_candidates(pa.array(texts, pa.string()))
    rows = np.flatnonzero(found.mask | (np.arange(len(texts)) % 7 == 0))
    chosen = [texts[i] for i in rows]
    taken, alone = found.take(rows), recall_candidates(pa.array(chosen, pa.string()))
    for field in ("keyed", "addressed", "named"):
        assert getattr(taken, field).tolist() == getattr(alone, field).tolist(), field
        assert getattr(taken, field).any() and not getattr(taken, field).all(), field
    assert recall_spans_many(chosen, taken) == recall_spans_many(chosen)
    # The character counts the recognizers' pre-filters took, handed on, select the same texts
    from rightskit.detect.text import prefiltered

    counted = prefiltered(pa.array(texts, pa.string())).class_counts
    assert set(counted) == {"digit", "non_ascii"}
    again = recall_candidates(pa.array(texts, pa.string()), counted)
    assert all(getattr(again, f).tolist() == getattr(found, f).tolist() for f in ("keyed", "addressed", "named"))
