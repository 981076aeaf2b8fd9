"""News articles per second through ``rightskit.analyze_text`` (rules and the bundled tagger), on 1 and 2 processes.

Usage: python bench/ner/speed.py DATA_DIR [--topics covid-19,us_election_2020] [--repeat 3]
DATA_DIR is laid out as ``corpus-dev/text-bsnlp`` (``manifest.json``, ``<topic>/raw``); the title and body of each
article are read, as its ``score.py`` reads them.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import time
from pathlib import Path


def articles(data: Path, topics: set[str]) -> list[str]:
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    out = []
    for d in manifest["documents"]:
        if d["topic"] in topics:
            raw = (data / d["raw"]).read_text(encoding="utf-8-sig").replace("\r\n", "\n")
            out.append(raw.split("\n", 4)[4] if raw.count("\n") >= 4 else "")
    return out


def _analyse(texts: list[str]) -> int:
    from rightskit import analyze_text

    return sum(len(analyze_text(t)) for t in texts)


def _warm() -> None:
    from rightskit import analyze_text

    analyze_text("Вчера Доналд Тръмп пристигна в Лондон.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--topics", default="covid-19,us_election_2020")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = articles(args.data, set(args.topics.split(",")))
    for processes in (1, 2):
        with multiprocessing.get_context("fork").Pool(processes, initializer=_warm) as pool:
            pool.map(_analyse, [texts[:2]] * processes)  # every worker loaded before the clock starts
            best = float("inf")
            for _ in range(args.repeat):
                start = time.perf_counter()
                pool.map(_analyse, [texts[i::processes] for i in range(processes)])
                best = min(best, time.perf_counter() - start)
        print(f"{processes} process(es): {len(texts)} articles in {best:.2f} s = {len(texts) / best:.0f} articles/s")


if __name__ == "__main__":
    main()
