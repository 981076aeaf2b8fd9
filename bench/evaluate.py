"""Column-level evaluation of rightskit scan against the labelled evaluation set.

Run: python bench/evaluate.py [--json]
A field counts as detected when it has at least one finding; the entity type is right when the finding
with the highest confidence names one of the field's acceptable types.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).parent
EVALSET = HERE / "evalset"
LOOKALIKE_FILES = ("lookalikes.csv", "stops.geojson", "lookalike_numbers.csv")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    type_ok: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    wrong_type: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.type_ok += other.type_ok

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def type_accuracy(self) -> float:
        return self.type_ok / self.tp if self.tp else 1.0


def evaluate(min_confidence: float = 0.0) -> dict:
    from rightskit import scan

    labels = yaml.safe_load((EVALSET / "labels.yaml").read_text(encoding="utf-8"))
    result = scan(str(EVALSET), exclude=["*.py", "labels.yaml"])
    by_field: dict[tuple[str, str], list] = {}
    prefix = str(EVALSET).replace("\\", "/") + "/"
    for f in result.findings:
        if f.confidence < min_confidence:
            continue
        name = f.path.replace("\\", "/").removeprefix(prefix)
        key = name if f.object is None else f"{name}#{f.object}"
        by_field.setdefault((key, f.field), []).append(f)
    per_file: dict[str, Score] = {}
    total = Score()
    for key, fields in labels.items():
        score = per_file.setdefault(key, Score())
        for fname, truth in fields.items():
            found = sorted(by_field.pop((key, fname), []), key=lambda f: -f.confidence)
            if truth and found:
                score.tp += 1
                if found[0].entity_type in truth:
                    score.type_ok += 1
                else:
                    score.wrong_type.append(f"{fname}: {found[0].entity_type} (want {truth})")
            elif truth:
                score.fn += 1
                score.misses.append(f"{fname}: {truth}")
            elif found:
                score.fp += 1
                score.false_alarms.append(f"{fname}: {[f.entity_type for f in found]}")
    for (key, fname), found in by_field.items():  # findings on fields the labels do not list
        score = per_file.setdefault(key, Score())
        score.fp += 1
        score.false_alarms.append(f"{fname} (unlabelled): {[f.entity_type for f in found]}")
    for score in per_file.values():
        total.add(score)
    lookalike_findings = sum(per_file[k].fp for k in LOOKALIKE_FILES if k in per_file)
    calibration = _calibration(result.findings, labels, prefix)
    return {
        "files": {
            k: {
                "precision": round(s.precision, 4),
                "recall": round(s.recall, 4),
                "type_accuracy": round(s.type_accuracy, 4),
                "tp": s.tp,
                "fp": s.fp,
                "fn": s.fn,
                "misses": s.misses,
                "false_alarms": s.false_alarms,
                "wrong_type": s.wrong_type,
            }
            for k, s in sorted(per_file.items())
        },
        "overall": {
            "precision": round(total.precision, 4),
            "recall": round(total.recall, 4),
            "type_accuracy": round(total.type_accuracy, 4),
            "tp": total.tp,
            "fp": total.fp,
            "fn": total.fn,
        },
        "lookalike_findings": lookalike_findings,
        "calibration": calibration,
        "errors": [e for s in result.sources for e in s.errors],
    }


BINS = ((0.85, 1.01, "high (>= 0.85)"), (0.75, 0.85, "medium [0.75, 0.85)"), (0.65, 0.75, "low [0.65, 0.75)"),
        (0.0, 0.65, "very low (< 0.65)"))  # fmt: skip


def _calibration(findings: list, labels: dict, prefix: str) -> list[dict]:
    """Per confidence level: findings, and the share that are right (personal field, acceptable entity type)."""
    rows = []
    for low, high, name in BINS:
        inside = [f for f in findings if low <= f.confidence < high]
        right = 0
        for f in inside:
            key = f.path.replace("\\", "/").removeprefix(prefix)
            key = key if f.object is None else f"{key}#{f.object}"
            truth = labels.get(key, {}).get(f.field)
            right += bool(truth) and f.entity_type in truth
        rows.append({"level": name, "findings": len(inside), "correct": right,
                     "precision": round(right / len(inside), 4) if inside else None})  # fmt: skip
    return rows


def main() -> None:
    report = evaluate()
    if "--json" in sys.argv:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    print(f"{'file':36} {'prec':>6} {'recall':>6} {'type':>6}  tp fp fn")
    for name, s in report["files"].items():
        print(
            f"{name:36} {s['precision']:6.3f} {s['recall']:6.3f} {s['type_accuracy']:6.3f} {s['tp']:3} {s['fp']:2} {s['fn']:2}"
        )
        for kind in ("misses", "false_alarms", "wrong_type"):
            for item in s[kind]:
                print(f"    {kind}: {item}")
    o = report["overall"]
    print(
        f"{'OVERALL':36} {o['precision']:6.3f} {o['recall']:6.3f} {o['type_accuracy']:6.3f} {o['tp']:3} {o['fp']:2} {o['fn']:2}"
    )
    print(f"findings on look-alike files: {report['lookalike_findings']}")
    print("calibration (share of findings that are right, by confidence level):")
    for row in report["calibration"]:
        precision = "-" if row["precision"] is None else f"{row['precision']:.3f}"
        print(f"  {row['level']:22} {row['findings']:3} findings, precision {precision}")


if __name__ == "__main__":
    main()
