"""The span-level bar on complaint texts: precision and recall ≥ 0.9, validated identifiers ≥ 0.99, look-alikes kept."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).parents[1] / "bench"


def test_text_evaluation() -> None:
    sys.path.insert(0, str(BENCH))
    try:
        from text_evaluate import load, rightskit_predict, score
    finally:
        sys.path.remove(str(BENCH))
    result = score(load(), rightskit_predict)
    assert result["texts"] >= 500
    assert result["precision"] >= 0.9, result["per_type"]
    assert result["recall"] >= 0.9, result["per_type"]
    assert result["validated_recall"] >= 0.99, result["per_type"]
    assert result["lookalike_survival"] >= 0.9
    assert result["per_type"]["PERSON"]["recall"] >= 0.9
