"""The audit's RE2 pre-filter for recall spans lets through every text in which ``recall_spans`` finds one.

The pre-filter decides which texts the audit reads at all: a text it rejects is never searched, so a span it
misses would be published. Texts are generated from the declared words glued, spaced and cased in every way,
with digits near and far, so that a narrower pre-filter fails here first.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rightskit.anonymise.recall import patterns, recall_spans

_KEYWORDS = ["тел.", "Телефон", "GSM", "обадете  се на", "Call me on", "ЕГН", "е.г.н.", "л.к.", "ЛНЧ", "ring"]
_ADDRESS = ["бл.", "блок", "ап.", "ул.", "Улица", "бул.", "ж.к.", "жк", "кв."]
_FILLER = ["", " ", ": ", ", ", "\n", " за връзка ", "№", " (мобилен) ", "Иван", "x", "-", "  ", "„Витоша“ "]
_NUMBERS = ["0888 123 456", "+359 2 987 6543", "7501010010", "12", "5", "4467", "0991-674-556", "163А"]

_pieces = st.sampled_from(_KEYWORDS + _ADDRESS + _FILLER + _NUMBERS)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_pieces, min_size=1, max_size=8))
def test_every_text_with_a_recall_span_passes_the_prefilter(pieces: list[str]) -> None:
    text = "".join(pieces)
    if recall_spans(text):
        assert pc.match_substring_regex(pa.array([text]), patterns().prefilter)[0].as_py(), repr(text)


def test_prose_with_a_phone_word_inside_another_word_is_no_candidate() -> None:
    texts = pa.array(["during the hotel stay (ref 12)", "bring it, see case 77", "телефон: нямам"])
    assert pc.match_substring_regex(texts, patterns().prefilter).to_pylist() == [False, False, False]
