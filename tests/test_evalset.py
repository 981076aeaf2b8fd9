"""The evaluation set stays above the bar: column precision and recall ≥ 0.97, entity types ≥ 0.95,
nothing on the look-alike files, and high-confidence findings right at least 97 % of the time."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).parents[1] / "bench"


def test_evaluation_set() -> None:
    sys.path.insert(0, str(BENCH))
    try:
        from evaluate import evaluate
    finally:
        sys.path.remove(str(BENCH))
    report = evaluate()
    overall = report["overall"]
    assert report["errors"] == []
    assert overall["precision"] >= 0.97, report["files"]
    assert overall["recall"] >= 0.97, report["files"]
    assert overall["type_accuracy"] >= 0.95, report["files"]
    assert report["lookalike_findings"] == 0
    assert len(report["files"]) >= 12
    high = report["calibration"][0]
    assert high["level"].startswith("high") and high["findings"] >= 30
    assert high["precision"] >= 0.97
