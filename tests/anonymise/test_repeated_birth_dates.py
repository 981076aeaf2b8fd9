"""A date column that repeats the birth date an ЕГН encodes is dropped with the ЕГН (issue 19): kept, even
generalised, it gives back what dropping the ID took away; exact, it makes every row unique (k = 1)."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from stdnum.bg import egn

from rightskit.api import anonymise, make_plan
from tests.helpers import write_csv


def _register(tmp_path: Path, rows: int = 400) -> Path:
    rng = random.Random(29)
    out = []
    for _ in range(rows):
        born = dt.date(rng.randint(1935, 2006), rng.randint(1, 12), rng.randint(1, 28))
        body = f"{born.year % 100:02d}{born.month + (40 if born.year >= 2000 else 0):02d}{born.day:02d}"
        body += f"{rng.randint(0, 999):03d}"
        district = rng.choice(["Лозенец", "Младост", "Люлин", "Витоша", "Надежда"])
        out.append([body + egn.calc_check_digit(body), district, born.strftime("%d.%m.%Y"), str(rng.randint(1, 40))])
    return write_csv(tmp_path / "register.csv", ["c01", "c02", "c03", "c04"], out)


def test_a_headerless_birth_date_equal_to_the_egn_s_is_dropped_with_it(tmp_path: Path) -> None:
    src = _register(tmp_path)
    plan = {fp.field: fp for fp in make_plan([str(src)]).inputs[str(src)]}
    assert plan["c01"].action == "drop" and plan["c01"].role == "direct_identifier"
    assert plan["c03"].action == "drop" and plan["c03"].entity == "DATE_OF_BIRTH"
    assert plan["c03"].reason == "repeats the birth date encoded in 'c01', which is removed"

    anonymise([str(src)], str(tmp_path / "release"))
    with (tmp_path / "release" / "register.csv").open(encoding="utf-8", newline="") as fh:
        released = list(csv.DictReader(fh))
    assert released and "c03" not in released[0] and "c01" not in released[0]


def test_a_steward_who_names_the_date_a_quasi_identifier_gets_it_generalised(tmp_path: Path) -> None:
    src = _register(tmp_path)
    plan = {fp.field: fp for fp in make_plan([str(src)], quasi=["c02", "c03"]).inputs[str(src)]}
    assert plan["c03"].action == "generalise"
