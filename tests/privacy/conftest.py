from __future__ import annotations

import csv
from pathlib import Path

import pytest

ADULT = Path(__file__).parents[1] / "fixtures" / "adult"
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


@pytest.fixture(scope="session")
def adult() -> dict[str, list[str]]:
    with (ADULT / "adult.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    return {h: [r[i] for r in rows[1:]] for i, h in enumerate(rows[0])}


@pytest.fixture(scope="session")
def adult_hierarchies():
    from rightskit.privacy.hierarchy import load_arx_csv

    return {q: load_arx_csv(ADULT / f"adult_hierarchy_{q}.csv", name=q) for q in ADULT_QI}
