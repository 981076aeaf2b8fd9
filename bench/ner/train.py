"""Train the Bulgarian name tagger (``rightskit/detect/names/ner_bg.crfsuite``) and measure it.

Data: folders in the layout of ``corpus-dev/text-bsnlp`` (``manifest.json``, ``<topic>/raw``, ``<topic>/annotated``),
e.g. the older BSNLP topics laid out by ``bench/ner/collect.py``. BSNLP annotates each distinct form per document
without offsets: every whole-word occurrence of a form is labelled, the longer forms first. Person forms in lower
case (group nouns, "британците") are left unlabelled: they are not personal data.

Features come from the rules as they stand (the model never sees its own output), so retrain after the rules change.

Usage:
  python bench/ner/train.py DATA_DIR --topics a,b,c [--out MODEL] [--eval-topics d] [--c1 X --c2 Y]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from rightskit.detect.names import tagger  # noqa: E402

TYPES = ("PER", "LOC", "ORG", "EVT", "PRO")


def load(data: Path, topics: set[str]) -> list[dict]:
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    seen: set[str] = set()
    docs = []
    for d in manifest["documents"]:
        if d["topic"] not in topics:
            continue
        raw = (data / d["raw"]).read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        text = raw.split("\n", 4)[4] if raw.count("\n") >= 4 else ""
        if text in seen:
            continue
        seen.add(text)
        forms: list[tuple[str, str]] = []
        for line in (data / d["annotated"]).read_text(encoding="utf-8-sig").splitlines()[1:]:
            f = line.split("\t")
            if len(f) >= 3 and f[0].strip() and f[2].strip().upper() in TYPES:
                forms.append((f[0].strip(), f[2].strip().upper()))
        docs.append({"topic": d["topic"], "doc": d["doc"], "text": text, "forms": forms})
    return docs


def gold_spans(text: str, forms: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Every whole-word occurrence of each form, the longest forms first, none overlapping."""
    taken: list[tuple[int, int, str]] = []
    for form, kind in sorted(set(forms), key=lambda f: (-len(f[0]), f)):
        if kind == "PER" and form[:1].islower():
            continue
        body = r"\s+".join(re.escape(p) for p in form.split())
        for m in re.finditer(rf"(?<!\w){body}(?!\w)", text):
            if not any(s < m.end() and m.start() < e for s, e, _ in taken):
                taken.append((m.start(), m.end(), kind))
    return sorted(taken)


def labels_for(tokens: list[tagger.Token], spans: list[tuple[int, int, str]]) -> list[str]:
    labels = ["O"] * len(tokens)
    for start, end, kind in spans:
        inside = [i for i, t in enumerate(tokens) if t.start >= start and t.end <= end]
        for n, i in enumerate(inside):
            labels[i] = ("B-" if n == 0 else "I-") + kind
    return labels


def rule_spans(text: str) -> list[tuple[int, int, str, str | None]]:
    from rightskit.detect.text import find_entities

    return [(s.start, s.end, s.entity, s.evidence) for s in find_entities(text, use_name_model=False)]


def featurise(docs: list[dict]) -> list[tuple[list[list[str]], list[str], list[tagger.Token], dict]]:
    out = []
    for d in docs:
        tokens = tagger.tokens_of(d["text"])
        if not tokens:
            continue
        rules = rule_spans(d["text"])
        out.append(
            (
                tagger.features(d["text"], tokens, rules),
                labels_for(tokens, gold_spans(d["text"], d["forms"])),
                tokens,
                d,
            )
        )
    return out


def train(rows, out: Path, c1: float, c2: float, iterations: int, minfreq: int) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for feats, labels, _tokens, _d in rows:
        trainer.append(feats, labels)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": iterations,
            "feature.minfreq": minfreq,
            "feature.possible_transitions": True,
        }
    )
    trainer.train(str(out))


def token_scores(rows, model: Path) -> dict[str, float]:
    """Span-level P/R/F1 of PER against the projected gold, per token run (a quick check, not the BSNLP scorer)."""
    import pycrfsuite

    t = pycrfsuite.Tagger()
    t.open(str(model))
    tp = fp = fn = 0
    for feats, labels, tokens, _d in rows:
        pred = t.tag(feats)
        ps = {(s, e) for s, e, k, _ in tagger.spans_from_labels(tokens, pred, [1.0] * len(pred)) if k == "PER"}
        gs = {(s, e) for s, e, k, _ in tagger.spans_from_labels(tokens, labels, [1.0] * len(labels)) if k == "PER"}
        tp += len(ps & gs)
        fp += len(ps - gs)
        fn += len(gs - ps)
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / max(p + r, 1e-9), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, nargs="+")
    parser.add_argument("--topics", required=True)
    parser.add_argument("--eval-topics", default="")
    parser.add_argument("--out", type=Path, default=ROOT / "rightskit/detect/names" / tagger.MODEL_FILE)
    parser.add_argument("--c1", type=float, default=0.1)
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--minfreq", type=int, default=1)
    args = parser.parse_args()
    topics = set(args.topics.split(","))
    docs = [d for data in args.data for d in load(data, topics)]
    t0 = time.time()
    rows = featurise(docs)
    print(
        f"{len(rows)} documents, {sum(len(r[1]) for r in rows)} tokens, labels "
        f"{dict(Counter(lab for r in rows for lab in r[1] if lab != 'O'))}; features {time.time() - t0:.1f} s"
    )
    t0 = time.time()
    train(rows, args.out, args.c1, args.c2, args.iterations, args.minfreq)
    print(f"trained in {time.time() - t0:.1f} s -> {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    print("train", token_scores(rows, args.out))
    if args.eval_topics:
        held = featurise([d for data in args.data for d in load(data, set(args.eval_topics.split(",")))])
        print("held-out", args.eval_topics, token_scores(held, args.out))


if __name__ == "__main__":
    main()
