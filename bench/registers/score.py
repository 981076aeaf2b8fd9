"""Column-level score of rightskit scan on real public registers (issue 16), against hand labels.

Run: PYTHONPATH=/work/main /work/main/.venv/bin/python bench/registers/score.py /work/devsets/registers
     [--full] [--min-confidence X] [--show-holdout] [--json]
The data is not in the repository: `materialise.py` writes it (from local git mirrors) into the directory.
A column counts as personal when its label names any entity type; it is detected when it has at least one finding
(at or above --min-confidence). The entity type is right when the finding with the highest confidence names one of
the label's types. Columns labelled `ambiguous` are left out of precision and recall (counted apart). Errors are
printed per file for the `dev` split only unless --show-holdout: the holdout split is scored, not inspected.
Output holds field names, entity types and evidence words, never a value.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))  # bench/evaluate.py: the project's own column scoring, reused

from evaluate import Score as ColumnScore  # noqa: E402

SPLITS = ("dev", "holdout")


@dataclass
class Score(ColumnScore):
    """bench/evaluate.py's column counts, plus the ambiguous columns, error lines and error kinds."""

    ambiguous: int = 0
    ambiguous_found: int = 0
    errors: list[str] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)  # "FP GEO_COORDINATE" -> columns

    def add(self, other: Score) -> None:
        super().add(other)
        self.kinds.update(other.kinds)
        self.ambiguous += other.ambiguous
        self.ambiguous_found += other.ambiguous_found

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def type_accuracy(self) -> float:
        return self.type_ok / self.tp if self.tp else 1.0

    def figures(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "type_accuracy": round(self.type_accuracy, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "ambiguous": self.ambiguous,
            "ambiguous_with_findings": self.ambiguous_found,
        }


def load_manifest() -> list[dict]:
    return yaml.safe_load((HERE / "manifest.yaml").read_text(encoding="utf-8"))["files"]


def load_labels(file_id: str) -> dict[tuple[str | None, str], object]:
    """(object, field) -> a list of entity types, "none", or ("ambiguous", reason, types that are wrong anyway)."""
    raw = yaml.safe_load((HERE / "labels" / f"{file_id}.yaml").read_text(encoding="utf-8"))
    tables = raw.get("objects") or {None: raw.get("fields") or {}}
    labels: dict[tuple[str | None, str], object] = {}
    for obj, fields in tables.items():
        for name, truth in fields.items():
            labels[(obj, str(name))] = _truth(truth)
    return labels


def _truth(raw: object) -> object:
    if isinstance(raw, dict) and "ambiguous" in raw:  # `not:` lists types that are wrong there all the same
        return ("ambiguous", str(raw["ambiguous"]), frozenset(raw.get("not", ())))
    if raw in (None, "none"):
        return "none"
    return [raw] if isinstance(raw, str) else list(raw)


def _describe(finding) -> str:
    """Entity type, confidence and the evidence words behind it; never a value."""
    ev = finding.evidence
    parts = [f"{finding.entity_type} {finding.confidence:.2f}", "+".join(ev.method)]
    if ev.name_hints:
        parts.append("hints=" + ",".join(ev.name_hints))
    if ev.recognizers:
        parts.append("rec=" + ",".join(f"{r.recognizer}:{r.validated}/{r.matched}" for r in ev.recognizers))
    if ev.non_empty:
        parts.append(f"share={ev.share:.2f} of {ev.non_empty}")
    if ev.in_text:
        parts.append("in_text")
    return " ".join(parts)


def score_file(entry: dict, findings: list, min_confidence: float) -> Score:
    labels = load_labels(entry["id"])
    single_table = all(obj is None for obj, _ in labels)
    by_field: dict[tuple[str | None, str], list] = {}
    for f in findings:
        if f.confidence >= min_confidence:
            key = (None if single_table else f.object, f.field)
            by_field.setdefault(key, []).append(f)
    score = Score()
    for key, truth in labels.items():
        found = sorted(by_field.pop(key, []), key=lambda f: -f.confidence)
        name = key[1] if key[0] is None else f"{key[0]}#{key[1]}"
        if isinstance(truth, tuple):
            score.ambiguous += 1
            score.ambiguous_found += bool(found)
            wrong = [f for f in found if f.entity_type in truth[2]]
            if wrong:
                score.fp += 1
                score.kinds.update(f"FP {f.entity_type}" for f in wrong)
                score.errors.append(f"FP {name} (ambiguous, but never these): " + "; ".join(map(_describe, wrong)))
        elif truth == "none":
            if found:
                score.fp += 1
                score.kinds.update(f"FP {f.entity_type}" for f in found)
                score.errors.append(f"FP {name}: " + "; ".join(_describe(f) for f in found))
        elif found:
            score.tp += 1
            if found[0].entity_type in truth:
                score.type_ok += 1
            else:
                score.kinds[f"TYPE {found[0].entity_type}"] += 1
                score.errors.append(f"TYPE {name}: want {'/'.join(truth)}, got " + _describe(found[0]))
        else:
            score.fn += 1
            score.kinds[f"FN {truth[0]}"] += 1
            score.errors.append(f"FN {name}: want {'/'.join(truth)}")
    for (obj, fname), found in by_field.items():  # a field the labels do not list: count it, and say so
        score.fp += 1
        score.kinds.update(f"FP {f.entity_type}" for f in found)
        name = fname if obj is None else f"{obj}#{fname}"
        score.errors.append(f"FP {name} (UNLABELLED): " + "; ".join(_describe(f) for f in found))
    return score


def evaluate(directory: Path, full: bool = False, min_confidence: float = 0.0) -> dict:
    from rightskit import scan

    entries = [e for e in load_manifest() if (directory / f"{e['id']}.{e['ext']}").is_file()]
    missing = [e["id"] for e in load_manifest() if e not in entries]
    paths = [str(directory / f"{e['id']}.{e['ext']}") for e in entries]
    started = time.perf_counter()
    result = scan(paths, full=full)
    elapsed = time.perf_counter() - started
    per_path: dict[str, list] = {}
    for f in result.findings:
        per_path.setdefault(Path(f.path).name, []).append(f)
    files, totals = {}, {s: Score() for s in (*SPLITS, "all")}
    lookalike_findings = lookalike_columns = 0
    for e in entries:
        findings = per_path.get(f"{e['id']}.{e['ext']}", [])
        s = score_file(e, findings, min_confidence)
        totals[e["split"]].add(s)
        totals["all"].add(s)
        if e.get("lookalike"):  # an ambiguous column of a look-alike (a stray named mailbox) counts only its `not:`
            ambiguous = {
                name: truth[2] for (_, name), truth in load_labels(e["id"]).items() if isinstance(truth, tuple)
            }
            kept = [f for f in findings if f.confidence >= min_confidence
                    and (f.field not in ambiguous or f.entity_type in ambiguous[f.field])]  # fmt: skip
            lookalike_findings += len(kept)
            lookalike_columns += len({(f.object, f.field) for f in kept})
        files[e["id"]] = {"split": e["split"], "lookalike": bool(e.get("lookalike")), **s.figures(),
                          "errors": s.errors}  # fmt: skip
    return {
        "directory": str(directory),
        "mode": "full" if full else "sample",
        "min_confidence": min_confidence,
        "seconds": round(elapsed, 1),
        "files": files,
        "splits": {k: v.figures() for k, v in totals.items()},
        "error_kinds": {k: dict(v.kinds.most_common()) for k, v in totals.items()},
        "lookalike_files": sum(1 for e in entries if e.get("lookalike")),
        "lookalike_findings": lookalike_findings,
        "lookalike_columns_with_findings": lookalike_columns,
        "missing_files": missing,
        "scan_errors": [e for s in result.sources for e in s.errors],
    }


def render(report: dict, show_holdout: bool) -> str:
    lines = [f"{report['directory']} ({report['mode']} mode, {report['seconds']} s)",
             f"{'file':32} {'split':7} {'prec':>6} {'recall':>6} {'type':>6}  tp  fp  fn  amb"]  # fmt: skip
    for name, s in report["files"].items():
        tag = "*" if s["lookalike"] else " "
        lines.append(f"{name:31}{tag} {s['split']:7} {s['precision']:6.3f} {s['recall']:6.3f} "
                     f"{s['type_accuracy']:6.3f} {s['tp']:3} {s['fp']:3} {s['fn']:3} {s['ambiguous']:4}")  # fmt: skip
        if s["split"] == "dev" or show_holdout:
            lines.extend(f"    {err}" for err in s["errors"])
        elif s["errors"]:
            lines.append(f"    ({len(s['errors'])} errors, holdout: not shown)")
    lines.append("")
    for split, s in report["splits"].items():
        lines.append(f"{split.upper():8} precision {s['precision']:.3f}  recall {s['recall']:.3f}  F1 {s['f1']:.3f}  "
                     f"type accuracy {s['type_accuracy']:.3f}  (tp {s['tp']}, fp {s['fp']}, fn {s['fn']}; "
                     f"{s['ambiguous']} ambiguous columns, {s['ambiguous_with_findings']} with findings)")  # fmt: skip
    for split in ("dev", "all") if show_holdout else ("dev",):
        kinds = ", ".join(f"{k} {n}" for k, n in report["error_kinds"][split].items())
        lines.append(f"{split} errors by entity type (columns; an FP column counts each type found): {kinds}")
    lines.append(f"findings on the {report['lookalike_files']} look-alike files (*): {report['lookalike_findings']} "
                 f"findings on {report['lookalike_columns_with_findings']} columns")  # fmt: skip
    if report["missing_files"]:
        lines.append(f"not in the directory (run materialise.py): {', '.join(report['missing_files'])}")
    lines.extend(f"scan error: {e}" for e in report["scan_errors"])
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", nargs="?", type=Path, default=Path("/work/devsets/registers"))
    parser.add_argument("--full", action="store_true", help="examine every value (default: rightskit's sample)")
    parser.add_argument("--min-confidence", type=float, default=0.0)
    parser.add_argument("--show-holdout", action="store_true", help="also print the holdout files' errors")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not args.dir.is_dir():
        print(f"{args.dir} is absent: nothing to score (build it with bench/registers/materialise.py)")
        return 0
    report = evaluate(args.dir, full=args.full, min_confidence=args.min_confidence)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(render(report, args.show_holdout))
    return 0


if __name__ == "__main__":
    sys.exit(main())
