"""Whole commands on real data, timed, and what each ended in: the release of every real register and of BSNLP's
Bulgarian news articles, and the names in those articles found by the library.

Run: PYTHONPATH=. python bench/real_runs.py [--registers /work/devsets/registers]
     [--bsnlp ../shared/corpus-dev/text-bsnlp] [--key-file KEY] [--json OUT]
Each file is released by `rightskit anonymise` in its own process (the default plan), as a steward would run it:
"released", "refused" (exit 1: the audit or k refused it, nothing written), or "failed" (any other exit, a traceback,
or no end within the time limit: a hang), with the audit's counts by entity where it refused. The registers are
materialised by `bench/registers/materialise.py`; BSNLP's articles (CC BY-SA, `../shared/corpus-dev`) are read where
they lie and written, one per row, into a CSV in a temporary folder. Output: timings, exit codes and counts, never a
value.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT_SECONDS = 300


def release(path: Path, out: Path, key_file: Path | None) -> dict:
    """One file released in its own process: seconds, exit code and how it ended."""
    command = [sys.executable, "-m", "rightskit", "anonymise", str(path), "-o", str(out)]
    command += ["--key-file", str(key_file)] if key_file else []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=LIMIT_SECONDS, env=env)
    except subprocess.TimeoutExpired:
        return {"file": path.name, "seconds": LIMIT_SECONDS, "code": None, "ended": "failed (no end: a hang?)"}
    seconds = round(time.perf_counter() - started, 2)
    ended = {0: "released", 1: "refused"}.get(run.returncode, "failed")
    if "Traceback" in run.stderr:
        ended = "failed"
    outcome = {"file": path.name, "seconds": seconds, "code": run.returncode, "ended": ended}
    audit = _AUDIT_COUNTS.search(run.stderr)
    if audit:  # what the audit refused, by entity: counts, never a value
        outcome["audit"] = {"values": int(audit["values"]), "by_entity": audit["by_entity"]}
    return outcome


_AUDIT_COUNTS = re.compile(r"found (?P<values>\d+) identifying value\(s\) in the output \((?P<by_entity>[^)]*)\)")


def bsnlp_csv(folder: Path, into: Path) -> Path:
    """BSNLP's raw articles, one per row."""
    path = into / "bsnlp_articles.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "article"])
        for i, article in enumerate(sorted(folder.glob("*/raw/*.txt"))):
            writer.writerow([i, article.read_text(encoding="utf-8")])
    return path


def names_in_articles(folder: Path) -> dict:
    """Every entity in BSNLP's articles found by the library (rules and the names model), best of three."""
    from rightskit.detect.detector import default_detector
    from rightskit.detect.names import finder
    from rightskit.detect.text import find_entities_many

    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*/raw/*.txt"))]
    detector = default_detector()
    find_entities_many(texts[:3], detector)  # the model and the lists loaded
    best, spans = float("inf"), 0
    for _ in range(3):
        finder._remembered_person_spans.cache_clear()
        started = time.process_time()
        found = find_entities_many(texts, detector)
        best = min(best, time.process_time() - started)
        spans = sum(map(len, found))
    chars = sum(map(len, texts))
    return {"articles": len(texts), "chars": chars, "cpu_seconds": round(best, 2), "spans": spans}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registers", type=Path, default=Path("/work/devsets/registers"))
    parser.add_argument("--bsnlp", type=Path, default=ROOT.parent / "shared" / "corpus-dev" / "text-bsnlp")
    parser.add_argument("--key-file", type=Path)
    parser.add_argument("--json", type=Path, help="write the results here too")
    args = parser.parse_args()
    results: dict = {"registers": [], "bsnlp": None}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.registers.is_dir():
            for path in sorted(
                p for p in args.registers.iterdir() if p.suffix in (".csv", ".json", ".geojson", ".xlsx")
            ):
                results["registers"].append(release(path, work / f"{path.name}.out", args.key_file))
                print(json.dumps(results["registers"][-1]), flush=True)
        if args.bsnlp.is_dir():
            articles = bsnlp_csv(args.bsnlp, work)
            results["bsnlp"] = {
                "release": release(articles, work / "bsnlp.out", args.key_file),
                "names": names_in_articles(args.bsnlp),
            }
            print(json.dumps(results["bsnlp"]), flush=True)
    ended: dict[str, int] = {}
    for r in results["registers"]:
        ended[r["ended"]] = ended.get(r["ended"], 0) + 1
    total = round(sum(r["seconds"] for r in results["registers"]), 1)
    flagged = sum(r["audit"]["values"] for r in results["registers"] if "audit" in r)
    print(
        f"registers: {len(results['registers'])} files, {ended}, {total} s in all; the audit flagged {flagged} values"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
