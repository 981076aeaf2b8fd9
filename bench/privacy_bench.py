"""Privacy benchmarks: ARX's Adult anchors and a 1,000,000-row synthetic register with 5 quasi-identifiers.

Run: python bench/privacy_bench.py [ROWS]
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

import numpy as np

from rightskit.privacy import hierarchy as h
from rightskit.privacy.encode import encode_attribute
from rightskit.privacy.search import Constraints, optimal_generalisation

ADULT = Path(__file__).parents[1] / "tests" / "fixtures" / "adult"
ADULT_QI = [
    "sex",
    "age",
    "race",
    "marital-status",
    "education",
    "native-country",
    "workclass",
    "occupation",
    "salary-class",
]
DISTRICTS = ["Средец", "Красно село", "Възраждане", "Оборище", "Сердика", "Подуяне", "Слатина", "Изгрев", "Лозенец",
             "Триадица", "Красна поляна", "Илинден", "Надежда", "Искър", "Младост", "Студентски", "Витоша",
             "Овча купел", "Люлин", "Връбница", "Нови Искър", "Кремиковци", "Панчарево", "Банкя"]  # fmt: skip


def adult() -> None:
    with (ADULT / "adult.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    cols = {q: [r[i] for r in rows[1:]] for i, q in enumerate(rows[0])}
    start = time.perf_counter()
    attrs = [encode_attribute(q, cols[q], h.load_arx_csv(ADULT / f"adult_hierarchy_{q}.csv", name=q)) for q in ADULT_QI]
    encode = time.perf_counter() - start
    for suppression in (0.0, 0.04):
        r = optimal_generalisation(attrs, Constraints(k=5, max_suppression=suppression))
        print(
            f"Adult 9 QIs k=5 suppression {suppression:.0%}: NUE {r.nue:,.4f} at {list(r.levels.values())}, "
            f"{r.suppressed} suppressed, {r.nodes_checked}/{r.nodes_total} nodes checked, search {r.seconds:.2f} s "
            f"(+ {encode:.2f} s encoding)"
        )


def register(rows: int) -> None:
    rng = np.random.default_rng(11)
    cols = {
        "age": rng.integers(0, 100, rows).astype(str).tolist(),
        "sex": rng.choice(["м", "ж"], rows).tolist(),
        "district": rng.choice(DISTRICTS, rows).tolist(),
        "postcode": (1000 + rng.integers(0, 800, rows)).astype(str).tolist(),
        "nationality": rng.choice(["BG", "BG", "BG", "BG", "RO", "DE", "GR", "UA", "TR", "SY"], rows).tolist(),
    }
    sector = {d: ("център" if i < 5 else "север" if i < 12 else "юг") for i, d in enumerate(DISTRICTS)}
    hierarchies = {
        "age": h.age_bands(),
        "sex": h.Hierarchy("sex", 2, {"м": ["*"], "ж": ["*"]}),
        "district": h.from_mapping("district", [sector]),
        "postcode": h.bg_postcodes(),
        "nationality": h.from_mapping("nationality", [{c: "BG" if c == "BG" else ("EU" if c in ("RO", "DE", "GR") else "non-EU") for c in ["BG", "RO", "DE", "GR", "UA", "TR", "SY"]}]),
    }  # fmt: skip
    start = time.perf_counter()
    attrs = [encode_attribute(q, cols[q], hierarchies[q]) for q in cols]
    encode = time.perf_counter() - start
    for k, suppression in ((5, 0.0), (10, 0.01)):
        r = optimal_generalisation(attrs, Constraints(k=k, max_suppression=suppression))
        print(
            f"register {rows:,} rows, 5 QIs, k={k}, suppression {suppression:.0%}: levels {list(r.levels.values())}, "
            f"NUE {r.nue_normalised:.1%} of full, {r.suppressed} suppressed, {r.nodes_checked}/{r.nodes_total} nodes, "
            f"search {r.seconds:.2f} s (+ {encode:.2f} s encoding)"
        )


if __name__ == "__main__":
    adult()
    register(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
