from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.helpers import Gen


@pytest.fixture
def gen() -> Gen:
    return Gen(7)


@pytest.fixture
def people_csv(tmp_path: Path, gen: Gen) -> tuple[Path, list[dict[str, str]]]:
    rows = gen.rows(60)
    path = tmp_path / "people.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path, rows
