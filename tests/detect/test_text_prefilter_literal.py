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


def _required(items) -> set[str]:
    """Characters every match of a parsed pattern holds (a literal in sequence, repeated at least once, or in
    every branch)."""
    from re import _constants as c

    out: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            out.add(chr(av))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            out |= _required(av[2])
        elif op is c.SUBPATTERN:
            out |= _required(av[3])
        elif op is c.BRANCH:
            out |= set.intersection(*(_required(branch) for branch in av[1]))
    return out


def test_every_declared_literal_is_held_by_every_match_of_its_pattern() -> None:
    """A literal that some match lacks would hide that match in text: each declared one is read off the pattern."""
    from re import _parser

    from rightskit.detect.detector import default_detector

    declared = [r for r in default_detector().recognizers if r.spec.literal]
    assert {r.name for r in declared} >= {"email", "ipv6"}
    for rec in declared:
        assert set(rec.spec.literal) <= _required(_parser.parse(rec.spec.pattern)), rec.name
