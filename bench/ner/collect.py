"""Lay out the older BSNLP shared-task topics (2017/2019: asia_bibi, brexit, nord_stream, ryanair), Bulgarian part,
in the layout of ``corpus-dev/text-bsnlp`` so that its ``score.py --data DIR`` and ``train.py`` read them.

Source: a git snapshot of ``UL-FRI-Zitnik/BSNLP-2021-Shared-Task`` (which redistributes the BSNLP data under
``data/datasets/bsnlp``), pinned by commit. The texts stay outside the repository.

Usage: python bench/ner/collect.py GIT_DIR OUT_DIR [--commit SHA]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
from pathlib import Path

REPO = "UL-FRI-Zitnik/BSNLP-2021-Shared-Task"
COMMIT = "5163242f"
TOPICS = ("asia_bibi", "brexit", "nord_stream", "ryanair")
ROOT = "data/datasets/bsnlp"


def _git(git_dir: Path, *args: str) -> bytes:
    return subprocess.run(["git", "--git-dir", str(git_dir), *args], check=True, capture_output=True).stdout


def _stem(name: str) -> str:
    for suffix in (".out", ".txt"):
        name = name.removesuffix(suffix)
    return name


def collect(git_dir: Path, out: Path, commit: str) -> dict:
    listing = _git(git_dir, "ls-tree", "-r", "--name-only", commit, ROOT).decode().splitlines()
    documents = []
    for topic in TOPICS:
        raw = {_stem(p.rsplit("/", 1)[1]): p for p in listing if p.startswith(f"{ROOT}/{topic}/raw/bg/")}
        ann = {_stem(p.rsplit("/", 1)[1]): p for p in listing if p.startswith(f"{ROOT}/{topic}/annotated/bg/")}
        for stem in sorted(raw.keys() & ann.keys()):
            entry = {"topic": topic, "doc": stem, "repo": REPO, "commit": commit}
            for kind, src in (("raw", raw[stem]), ("annotated", ann[stem])):
                data = _git(git_dir, "show", f"{commit}:{src}")
                dest = Path(topic) / kind / (stem + (".txt" if kind == "raw" else ".out"))
                (out / dest).parent.mkdir(parents=True, exist_ok=True)
                (out / dest).write_bytes(data)
                entry |= {kind: str(dest), f"{kind}_src": src, f"{kind}_sha256": hashlib.sha256(data).hexdigest()}
            documents.append(entry)
    manifest = {"source": REPO, "commit": commit, "topics": list(TOPICS), "documents": documents}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("git_dir", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--commit", default=COMMIT)
    args = parser.parse_args()
    commit = _git(args.git_dir, "rev-parse", args.commit).decode().strip()
    manifest = collect(args.git_dir, args.out, commit)
    print(f"{len(manifest['documents'])} documents at {commit} -> {args.out}")


if __name__ == "__main__":
    main()
