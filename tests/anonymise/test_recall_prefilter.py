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
_ADDRESS = ["бл.", "блок", "ап.", "ул.", "Улица", "бул.", "ж.к.", "жк", "кв."]
_FILLER = ["", " ", ": ", ", ", "\n", " за връзка ", "№", " (мобилен) ", "Иван", "x", "-", "  ", "„Витоша“ "]
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
