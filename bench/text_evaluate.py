"""Span-level evaluation on complaint-style texts (bench/texts/complaints.jsonl), and presidio side by side.

Run: python bench/text_evaluate.py [--presidio]
A predicted span matches a gold span of the same type when they overlap with IoU ≥ 0.5. LOCATION predictions
are not scored (places are quasi-identifiers the texts do not label). A look-alike phrase survives when no
predicted PERSON or STREET_ADDRESS span overlaps it.
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).parent
VALIDATED = {"BG_EGN", "BG_LNCH", "PHONE_NUMBER", "EMAIL_ADDRESS", "IBAN_CODE", "CREDIT_CARD"}
UNSCORED = {"LOCATION"}


def load() -> list[dict]:
    return [json.loads(line) for line in (HERE / "texts" / "complaints.jsonl").read_text(encoding="utf-8").splitlines()]


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def score(docs: list[dict], predict) -> dict:
    tp: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    survived = total_lookalikes = 0
    start = time.perf_counter()
    for doc in docs:
        predicted = [p for p in predict(doc["text"], doc["lang"]) if p[2] not in UNSCORED]
        used = set()
        for g in doc["spans"]:
            hit = next(
                (i for i, p in enumerate(predicted)
                 if i not in used and p[2] == g["type"] and _iou((p[0], p[1]), (g["start"], g["end"])) >= 0.5),
                None,
            )  # fmt: skip
            if hit is None:
                fn[g["type"]] += 1
            else:
                used.add(hit)
                tp[g["type"]] += 1
        for i, p in enumerate(predicted):
            if i not in used:
                fp[p[2]] += 1
        for la in doc["lookalikes"]:
            total_lookalikes += 1
            survived += not any(
                p[2] in ("PERSON", "STREET_ADDRESS") and min(p[1], la["end"]) > max(p[0], la["start"])
                for p in predicted
            )
    took = time.perf_counter() - start
    types = sorted(set(tp) | set(fp) | set(fn))
    per_type = {
        t: {"tp": tp[t], "fp": fp[t], "fn": fn[t],
            "precision": round(tp[t] / (tp[t] + fp[t]), 4) if tp[t] + fp[t] else None,
            "recall": round(tp[t] / (tp[t] + fn[t]), 4) if tp[t] + fn[t] else None}
        for t in types
    }  # fmt: skip
    all_tp, all_fp, all_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    v_tp = sum(tp[t] for t in VALIDATED)
    v_fn = sum(fn[t] for t in VALIDATED)
    return {
        "precision": round(all_tp / (all_tp + all_fp), 4) if all_tp + all_fp else 0.0,
        "recall": round(all_tp / (all_tp + all_fn), 4) if all_tp + all_fn else 0.0,
        "validated_recall": round(v_tp / (v_tp + v_fn), 4) if v_tp + v_fn else 0.0,
        "lookalike_survival": round(survived / total_lookalikes, 4) if total_lookalikes else 1.0,
        "per_type": per_type,
        "seconds": round(took, 2),
        "texts": len(docs),
    }


def rightskit_predict(text: str, _lang: str) -> list[tuple[int, int, str]]:
    from rightskit.detect.text import find_entities

    return [(s.start, s.end, s.entity) for s in find_entities(text)]


def presidio_predict():
    sys.path.insert(0, str(HERE))
    from presidio_compare import presidio_analyzer

    analyzer = presidio_analyzer(eu=False)
    return lambda text, _lang: [(r.start, r.end, r.entity_type) for r in analyzer.analyze(text, language="en")]


def report(name: str, result: dict) -> None:
    print(f"{name}: precision {result['precision']:.3f}, recall {result['recall']:.3f}, validated-identifier recall "
          f"{result['validated_recall']:.3f}, look-alikes surviving {result['lookalike_survival']:.3f} "
          f"({result['texts']} texts, {result['seconds']:.2f} s)")  # fmt: skip
    for t, row in result["per_type"].items():
        print(
            f"    {t:16} tp {row['tp']:4} fp {row['fp']:4} fn {row['fn']:4}  precision {row['precision']}  recall {row['recall']}"
        )


def main() -> None:
    docs = load()
    report("rightskit", score(docs, rightskit_predict))
    if "--presidio" in sys.argv:
        report("presidio (predefined recognizers, blank pipeline)", score(docs, presidio_predict()))


if __name__ == "__main__":
    main()
