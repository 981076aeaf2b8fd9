"""Column-level evaluation of schema and SQL scanning on bench/schemas (labels.yaml).

Run: python bench/schema_evaluate.py
Every labelled (file, object, field) counts once: detected when it has a finding; the entity is right when the
most confident finding names one of the acceptable types. Findings on unlabelled fields count as false alarms.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

HERE = Path(__file__).parent / "schemas"


def evaluate() -> dict:
    from rightskit import scan

    labels = yaml.safe_load((HERE / "labels.yaml").read_text(encoding="utf-8"))
    result = scan(str(HERE), exclude=["labels.yaml"])
    prefix = str(HERE).replace("\\", "/") + "/"
    found: dict[tuple[str, str, str], list] = {}
    for f in result.findings:
        key = (f.path.replace("\\", "/").removeprefix(prefix), f.object or "", f.field)
        found.setdefault(key, []).append(f)
    tp = fp = fn = type_ok = 0
    misses, alarms, wrong = [], [], []
    for path, objects in labels.items():
        for obj, fields in objects.items():
            for field, truth in fields.items():
                hits = sorted(found.pop((path, obj, field), []), key=lambda f: -f.confidence)
                if truth and hits:
                    tp += 1
                    if hits[0].entity_type in truth:
                        type_ok += 1
                    else:
                        wrong.append(f"{path} {obj}.{field}: {hits[0].entity_type} (want {truth})")
                elif truth:
                    fn += 1
                    misses.append(f"{path} {obj}.{field}: {truth}")
                elif hits:
                    fp += 1
                    alarms.append(f"{path} {obj}.{field}: {[h.entity_type for h in hits]}")
    for (path, obj, field), hits in found.items():
        fp += 1
        alarms.append(f"{path} {obj}.{field} (unlabelled): {[h.entity_type for h in hits]}")
    facts: dict[str, int] = {}
    for fact in result.facts:
        facts[fact["type"]] = facts.get(fact["type"], 0) + 1
    return {
        "precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
        "recall": round(tp / (tp + fn), 4) if tp + fn else 1.0,
        "type_accuracy": round(type_ok / tp, 4) if tp else 1.0,
        "tp": tp, "fp": fp, "fn": fn,
        "misses": misses, "false_alarms": alarms, "wrong_type": wrong,
        "facts": facts,
        "errors": [e for s in result.sources for e in s.errors],
        "warnings": [f"{s.path}: {w}" for s in result.sources for w in s.warnings],
        "sources": len(result.sources),
    }  # fmt: skip


def main() -> None:
    r = evaluate()
    print(f"schemas and SQL ({r['sources']} sources): precision {r['precision']:.3f}, recall {r['recall']:.3f}, "
          f"entity-type accuracy {r['type_accuracy']:.3f} (tp {r['tp']}, fp {r['fp']}, fn {r['fn']})")  # fmt: skip
    for kind in ("misses", "false_alarms", "wrong_type", "errors", "warnings"):
        for item in r[kind]:
            print(f"  {kind}: {item}")
    print(f"  facts: {r['facts']}")
    sys.exit(0)


if __name__ == "__main__":
    main()
