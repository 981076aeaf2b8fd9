"""Many texts at once score their spans as one text at a time does, though RE2 first says which texts may hold a
context or negative word (``Recognizer._may_hold_words``; issue 20: vectorised paths held to the reference).

The texts put each recognizer's own context and negative words (they are what the gate is about) in every case
and folding, inside longer words and at a window's edge, beside values of ``recognizer_cases.yaml``."""

from __future__ import annotations

import random
from pathlib import Path

import pyarrow as pa
import pytest
import yaml

from rightskit.detect.detector import default_detector
from rightskit.detect.recognizer import words_gate
from rightskit.detect.regexmask import re2_mask

CASES = yaml.safe_load((Path(__file__).parent / "recognizer_cases.yaml").read_text(encoding="utf-8"))
WORDED = {
    r.name: r
    for r in default_detector().recognizers
    if r.spec.in_text and r._finder is None and (r.spec.context or r.spec.negative_context) and r.name in CASES
}


def _forms(word: str, rng: random.Random) -> str:
    form = rng.choice([word, word.upper(), word.title(), word.casefold(), word.swapcase()])
    form = form.replace("i", rng.choice("iİı")).replace("I", rng.choice("IİıK")).replace("s", rng.choice("sſ"))
    return form.replace(" ", rng.choice([" ", "\u00a0", "  ", "\n"]))


def _texts(rec, rng: random.Random, count: int) -> list[str]:
    words = [*rec.spec.context, *rec.spec.negative_context]
    values = [str(v) for v in CASES[rec.name]["valid"]]
    filler = ["и", "note", "hotel", "Иван", "ref", "—", "x" * 30]
    out = []
    for _ in range(count):
        parts = [rng.choice(filler) for _ in range(rng.randint(0, 4))]
        if rng.random() < 0.4:  # a word near the value, inside another word, or beyond the window
            word = _forms(rng.choice(words), rng)
            glued = rng.choice(["", "", "", "пре", "x", "_"])
            parts.append(glued + word + rng.choice(["", ":", " ", "ing"]))
            parts += ["y" * rng.choice([0, 5, 36, 38, 40, 60])] if rng.random() < 0.5 else []
        parts.append(rng.choice(values))
        parts += [rng.choice(filler) for _ in range(rng.randint(0, 3))]
        if rng.random() < 0.2:
            parts.append(_forms(rng.choice(words), rng))
        out.append(" ".join(parts))
    return out


@pytest.mark.parametrize("name", sorted(WORDED))
def test_spans_scored_in_many_texts_are_scored_as_in_one(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from rightskit.detect import regexmask

    rec = WORDED[name]
    texts = _texts(rec, random.Random(name), 500)
    one_by_one = [rec.find_spans(t) for t in texts]
    assert rec.find_spans_many(texts) == one_by_one  # the gate searched by Python's re (a few hundred texts)
    monkeypatch.setattr(regexmask, "PYTHON_UP_TO", 0)
    assert rec.find_spans_many(texts) == one_by_one  # and by RE2
    gaps = [s.keyword_gap for spans in one_by_one for s in spans]
    assert any(g is not None for g in gaps) == bool(rec.spec.context)
    if rec.spec.strength != "hint":  # a hint is a span only beside its keyword
        assert any(g is None for g in gaps)


def test_the_gate_takes_every_case_python_folds_alike() -> None:
    gate = words_gate(["Straße", "тел.", "e-mail", "ЕГН", "date of birth", "iban", "mozilla"])
    texts = ["STRASSE 5", "Тел. 0888", "E-MAIL x", "егн", "Date\u00a0of birth", "ſtraſſe", "İBAN: BG80", "ıban"]
    texts += ["MOZİLLA 10.1.2.3", "none here", "dat"]
    assert re2_mask(pa.array(texts), gate, ignore_case=True).tolist() == [True] * 9 + [False, False]
    assert words_gate([]) is None and words_gate([" "]) is None
