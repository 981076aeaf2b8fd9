"""A text field is PERSON when people's names are a real part of it, not when one text in a hundred quotes a
name: registers of bodies, buildings and software mention people in their titles ("Museum Alexander König")."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from faker import Faker

from rightskit.api import scan

TOPICS = ["road repairs", "waste collection", "street lighting", "a parking permit", "the school timetable",
          "noise after midnight", "a broken bench", "tree pruning"]  # fmt: skip


def _texts(rows: int, with_name: int, with_phone: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    texts = [f"Request {i} about {rng.choice(TOPICS)}, forwarded to the district office." for i in range(rows)]
    for i in rng.sample(range(rows), with_name):
        texts[i] = f"Request about {rng.choice(TOPICS)} from {fake.first_name()} {fake.last_name()}, please reply."
    for i in rng.sample(range(rows), with_phone):
        texts[i] += f" Call back on 0{rng.choice('789')}8{rng.randint(1000000, 9999999)}."
    return texts


def _entities(tmp_path: Path, texts: list[str]) -> set[str]:
    path = tmp_path / "requests.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["ref", "note"])
        writer.writerows([f"R{i}", t] for i, t in enumerate(texts))
    return {f.entity_type for f in scan(path, full=True).findings if f.field == "note"}


def test_a_stray_name_in_a_large_text_field_does_not_name_the_field(tmp_path: Path) -> None:
    assert "PERSON" not in _entities(tmp_path, _texts(1000, with_name=5, with_phone=0, seed=1))


def test_names_in_a_real_share_of_texts_name_the_field(tmp_path: Path) -> None:
    assert "PERSON" in _entities(tmp_path, _texts(1000, with_name=60, with_phone=0, seed=2))
    # In a small field two texts are enough, as before.
    assert "PERSON" in _entities(tmp_path, _texts(40, with_name=2, with_phone=0, seed=3))


def test_checked_identifiers_in_text_need_no_share(tmp_path: Path) -> None:
    assert "PHONE_NUMBER" in _entities(tmp_path, _texts(1000, with_name=0, with_phone=3, seed=4))
