"""A recognizer's literal gates its pattern text by text: a text without it is never put to the pattern; a deny
list (searched ignoring case, its entries free of the literal) is never gated."""

from __future__ import annotations

import pyarrow as pa

from rightskit.detect.recognizer import Recognizer
from rightskit.models.detection import RecognizerSpec


def test_a_literal_gates_its_pattern_text_by_text() -> None:
    rec = Recognizer(RecognizerSpec(name="acme", entity="ACME_ID", pattern="ACME-[0-9]{4}", literal="ACME-"))
    values = pa.array(["ref ACME-1234 x", "no id here", "ACME-5678", None, "acme-9999"], pa.string())
    assert rec.prefilter(values).to_pylist() == [True, False, True, False, False]


def test_a_deny_list_is_never_gated_by_the_literal() -> None:
    spec = RecognizerSpec(
        name="acme", entity="ACME_ID", pattern="ACME-[0-9]{4}", literal="ACME-", deny_list=["ACME-0000", "Jane Roe"]
    )
    values = pa.array(["ref acme-1234 x", "ref ACME-5678", "Jane Roe wrote", "JANE ROE", "nothing"], pa.string())
    assert Recognizer(spec).prefilter(values).to_pylist() == [True, True, True, True, False]
