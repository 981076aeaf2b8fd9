"""Dates in a table about people are quasi-identifiers (issue 19): a registration or visit date, with the rest
of a person's row, singles them out. The default plan generalises them; in a table about no one they stay."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from rightskit.api import make_plan
from tests.helpers import Gen, write_csv


def _dates(rng: random.Random, n: int) -> list[str]:
    return [(dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 700))).isoformat() for _ in range(n)]


def test_an_unclassified_date_in_a_register_of_people_is_generalised(tmp_path: Path) -> None:
    gen, rng = Gen(5), random.Random(5)
    visits = _dates(rng, 300)
    rows = [[gen.name(), gen.egn(), visit, str(rng.randint(1, 5))] for visit in visits]
    src = write_csv(tmp_path / "visits.csv", ["name", "egn", "visited", "room"], rows)
    plan = {fp.field: fp for fp in make_plan([str(src)]).inputs[str(src)]}
    assert plan["visited"].role == "quasi_identifier" and plan["visited"].action == "generalise"
    assert plan["visited"].hierarchy == "builtin:date" and "table about people" in (plan["visited"].reason or "")
    assert "room" not in plan  # a small count: no quasi-identifier by shape


def test_dates_of_a_table_about_no_one_stay_unplanned(tmp_path: Path) -> None:
    rng = random.Random(6)
    rows = [[day, str(rng.randint(0, 40)), rng.choice(["Витоша", "Искър", "Лозен"])] for day in _dates(rng, 300)]
    src = write_csv(tmp_path / "air.csv", ["day", "pm10", "station"], rows)
    assert "day" not in {fp.field for fp in make_plan([str(src)]).inputs.get(str(src), [])}


def test_a_steward_s_own_quasi_identifiers_are_exactly_those(tmp_path: Path) -> None:
    gen, rng = Gen(7), random.Random(7)
    rows = [[gen.name(), visit, rng.choice(["A", "B"])] for visit in _dates(rng, 200)]
    src = write_csv(tmp_path / "visits.csv", ["name", "visited", "ward"], rows)
    plan = make_plan([str(src)], quasi=["ward"]).inputs[str(src)]
    assert [fp.field for fp in plan if fp.role == "quasi_identifier"] == ["ward"]
