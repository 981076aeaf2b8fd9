"""Seeded synthetic values for tests (check digits from python-stdnum, never real people)."""

from __future__ import annotations

import random
from pathlib import Path

from stdnum import iban as std_iban
from stdnum.bg import egn as std_egn

FIRST = ["Иван", "Мария", "Георги", "Елена", "Петър", "Десислава", "Николай", "Радост"]
LAST_M = ["Петров", "Иванов", "Георгиев", "Стоянов", "Димитров", "Костадинов"]


class Gen:
    def __init__(self, seed: int = 1) -> None:
        self.rng = random.Random(seed)

    def egn(self) -> str:
        base = f"{self.rng.randint(50, 99):02d}{self.rng.randint(1, 12):02d}{self.rng.randint(1, 28):02d}"
        base += f"{self.rng.randint(0, 999):03d}"
        return base + std_egn.calc_check_digit(base)

    def phone(self) -> str:
        return f"0{self.rng.choice(['87', '88', '89'])}{self.rng.randint(0, 9)} {self.rng.randint(100, 999)} {self.rng.randint(100, 999)}"

    def email(self) -> str:
        return f"user{self.rng.randint(1, 10**6)}@example.bg"

    def name(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST_M)}"

    def iban(self) -> str:
        bban = (
            "ABCD"
            + "".join(str(self.rng.randint(0, 9)) for _ in range(6))
            + "".join(str(self.rng.randint(0, 9)) for _ in range(8))
        )
        return "BG" + std_iban.calc_check_digits("BG00" + bban) + bban

    def serial(self) -> str:
        return str(self.rng.randint(10**9, 10**10 - 1))

    def rows(self, n: int) -> list[dict[str, str]]:
        return [
            {"name": self.name(), "egn": self.egn(), "phone": self.phone(), "email": self.email(),
             "amount": f"{self.rng.uniform(1, 999):.2f}"}
            for _ in range(n)
        ]  # fmt: skip


def raw_values(rows: list[dict[str, str]]) -> list[str]:
    """Every personal value planted in ``rows`` (to assert none leaks into outputs)."""
    return [v for r in rows for k, v in r.items() if k != "amount"]


def label_strings(tree: object) -> set[str]:
    """The literal phrases of a labels tree (placeholders cut out), for tests that look for one language in another."""
    import re

    if isinstance(tree, dict):
        return {leaf for v in tree.values() for leaf in label_strings(v)}
    if isinstance(tree, str):
        return {part.strip() for part in re.split(r"\{[^}]*\}", tree) if len(part.strip()) > 3}
    return set()


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """A CSV file of ``rows`` under ``header`` (UTF-8, the csv module's quoting)."""
    import csv

    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path
