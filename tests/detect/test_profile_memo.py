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
