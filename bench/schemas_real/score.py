"""Column-level score of `rightskit scan --format json` on the real schema set (issue 18), against hand labels.

Run (after `materialise.py`):
    cd /work/devsets/schemas_real
    PYTHONPATH=<tree> python -m rightskit scan . --format json -o /tmp/schemas_real.json
    python <tree>/bench/schemas_real/score.py /tmp/schemas_real.json [--split dev|holdout|all] [--show N]

The matching rules are those of the shared development corpus's scorer (`corpus-dev/schemas/score.py`), ported
so the project reads nothing under /work/shared: a finding belongs to a label file when its path ends with the
label's `source_file`; a labelled column is hit by a finding whose normalised field equals the column or ends
with "." + column, on the labelled table (schema prefixes such as `public.` allowed); `ambiguous` columns are left
out of precision and recall and counted apart; findings on columns no label lists are counted, not scored.
Errors are listed only for the `dev` split unless `--show-holdout` (the holdout split is scored, not inspected).
Output holds table and column names, entity types and categories, never a value.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).parent

CAT_ALIASES = {
    "financial": "sensitive_financial",
    "special": "special_category",
    "direct": "direct_identifier",
    "quasi": "quasi_identifier",
    "pseudonymous": "pseudonymous_identifier",
}


def norm(s: object) -> str:
    """A field path as the labels spell it: lower case, no quotes or brackets, dots."""
    text = str(s or "").strip().lower()
    text = re.sub(r"[\"`]", "", text)
    text = text.replace("[]", "").replace("[", "").replace("]", "").replace("/", ".")
    text = re.sub(r"^#root\.?", "", text).replace("properties.", "")
    return text.strip(".")


def norm_path(p: object) -> str:
    return str(p or "").replace("\\", "/").lstrip("./")


def category(c: object) -> str:
    text = str(c or "").lower()
    return CAT_ALIASES.get(text, text or "?")


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def object_matches(label_obj: str, finding_obj: str, other_objs: set[str]) -> bool:
    lo, fo = label_obj.lower(), str(finding_obj or "").strip().lower()
    if lo == "#root":
        return fo not in other_objs
    return fo == lo or fo.endswith("." + lo)


def field_matches(col: str, fld: str, positive: bool) -> bool:
    if fld == col or fld.endswith("." + col):
        return True
    return positive and (fld.startswith(col + ".") or ("." + col + ".") in ("." + fld))


def load_labels(split: str) -> list[dict]:
    manifest = yaml.safe_load((HERE / "manifest.yaml").read_text(encoding="utf-8"))["files"]
    splits = {f"{e['id']}.{e['ext']}": e["split"] for e in manifest}
    placeholders = {f"{e['id']}.{e['ext']}": e.get("placeholders") or {} for e in manifest}
    labels = []
    for path in sorted((HERE / "labels").glob("*.yaml")):
        lab = yaml.safe_load(path.read_text(encoding="utf-8"))
        if lab["source_file"] not in splits:
            print(f"note: {path.name} has no manifest entry yet, not scored", file=sys.stderr)
            continue
        lab["split"] = splits[lab["source_file"]]
        lab["placeholders"] = placeholders[lab["source_file"]]
        if split in ("all", lab["split"]):
            labels.append(lab)
    return labels


class Tally:
    """Counts over labelled columns: per split, per label category (recall), per scanner category (precision)."""

    def __init__(self) -> None:
        self.split = defaultdict(lambda: [0, 0, 0])  # tp, fp, fn
        self.recall = defaultdict(lambda: [0, 0])  # label category of `yes` columns: tp, fn
        self.precision = defaultdict(lambda: [0, 0])  # scanner category of the matching finding: tp, fp
        self.ambiguous = [0, 0]  # flagged, total
        self.unmatched = 0
        self.lines: list[str] = []


def _filled(name: str, placeholders: dict[str, str]) -> str:
    """A table name with the file's templating placeholders (``%TABLE_PREFIX%``) as the labels spell them."""
    for placeholder, value in placeholders.items():
        name = name.replace(placeholder, value)
    return name


def score_file(lab: dict, findings: list[dict], tally: Tally, show: int, inspect: bool) -> None:
    objs = lab.get("tables") or {}
    several = len(objs) > 1
    names = {o.lower() for o in objs}
    got = [(f, _filled(str(f.get("object") or ""), lab["placeholders"]), norm(f.get("field"))) for f in findings]
    used: set[int] = set()
    miss, alarms = [], []
    counts = tally.split[lab["split"]]
    before = list(counts)
    for obj, cols in objs.items():
        others = names - {obj.lower()}
        for col, label in (cols or {}).items():
            personal = str(label.get("personal"))
            positive = personal == "yes"
            c = norm(col)
            hits = [
                i
                for i, (_, fo, fld) in enumerate(got)
                if field_matches(c, fld, positive) and (not several or object_matches(obj, fo, others))
            ]
            used.update(hits)
            if personal == "ambiguous":
                tally.ambiguous[0] += bool(hits)
                tally.ambiguous[1] += 1
                continue
            found = category(got[hits[0]][0].get("category")) if hits else None
            if positive and hits:
                counts[0] += 1
                tally.recall[label["category"]][0] += 1
                tally.precision[found][0] += 1
            elif positive:
                counts[2] += 1
                tally.recall[label["category"]][1] += 1
                miss.append(f"{obj}.{col} [{label['category']}/{label.get('pii_type')}]")
            elif hits:
                counts[1] += 1
                tally.precision[found][1] += 1
                alarms.append(f"{obj}.{col} <- {got[hits[0]][0].get('entity_type')}/{found}")
    unmatched = len(got) - len(used)
    tally.unmatched += unmatched
    tp, fp, fn = (a - b for a, b in zip(counts, before, strict=True))
    line = f"{lab['split']:8} {Path(lab['source_file']).name}: tp {tp} missed {fn} false alarms {fp}"
    line += f" unmatched findings {unmatched}"
    if inspect:
        line += f"\n    missed: {miss[:show]}" if miss else ""
        line += f"\n    false alarms: {alarms[:show]}" if alarms else ""
    tally.lines.append(line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("findings", type=Path, help="output of `rightskit scan --format json`")
    parser.add_argument("--split", choices=("dev", "holdout", "all"), default="all")
    parser.add_argument("--show", type=int, default=12, help="misses / false alarms listed per dev file")
    parser.add_argument("--show-holdout", action="store_true", help="list holdout errors too (not when tuning)")
    args = parser.parse_args()

    doc = json.loads(args.findings.read_text(encoding="utf-8"))
    findings = doc.get("findings", []) if isinstance(doc, dict) else doc
    labels = load_labels(args.split)
    sources = [norm_path(lab["source_file"]) for lab in labels]
    by_source: dict[str, list[dict]] = defaultdict(list)
    for f in findings:
        path = norm_path(f.get("path"))
        for src in sources:
            if path == src or path.endswith("/" + src):
                by_source[src].append(f)
                break

    tally = Tally()
    for lab, src in zip(labels, sources, strict=True):
        inspect = lab["split"] == "dev" or args.show_holdout
        score_file(lab, by_source.get(src, []), tally, args.show, inspect)

    print("== per file")
    print("\n".join(tally.lines))
    print("== per category (recall by the label's category of `yes` columns; precision by the scanner's category)")
    for cat in sorted(set(tally.recall) | set(tally.precision), key=str):
        tp_r, fn_r = tally.recall.get(cat, [0, 0])
        tp_p, fp_p = tally.precision.get(cat, [0, 0])
        r = f"{tp_r / (tp_r + fn_r):.3f}" if tp_r + fn_r else "-"
        p = f"{tp_p / (tp_p + fp_p):.3f}" if tp_p + fp_p else "-"
        print(f"  {cat}: recall={r} (tp={tp_r} fn={fn_r})  precision={p} (tp={tp_p} fp={fp_p})")
    print(f"  ambiguous columns flagged (not scored): {tally.ambiguous[0]}/{tally.ambiguous[1]}")
    print(f"  findings on labelled files matching no labelled column (not scored): {tally.unmatched}")
    total = [0, 0, 0]
    for split, (tp, fp, fn) in sorted(tally.split.items()):
        p, r, f1 = prf(tp, fp, fn)
        print(f"{split}: precision={p:.3f} recall={r:.3f} f1={f1:.3f} tp={tp} fp={fp} fn={fn}")
        total = [a + b for a, b in zip(total, (tp, fp, fn), strict=True)]
    p, r, f1 = prf(*total)
    print(f"schemas_real ({args.split}): precision={p:.3f} recall={r:.3f} f1={f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
