"""The search returns the same optimum as checking every node, on random tables and constraints."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from rightskit.privacy.encode import encode_attribute
from rightskit.privacy.hierarchy import Hierarchy, age_bands
from rightskit.privacy.search import Constraints, LatticeSearch, optimal_generalisation


def _table(seed: int, n: int = 600):
    rng = random.Random(seed)
    cols = {
        "age": [str(rng.randint(18, 90)) for _ in range(n)],
        "zip": [str(rng.choice([1000, 1113, 1124, 1407, 1612, 1700, 4000, 9000])) for _ in range(n)],
        "sex": [rng.choice("MF") for _ in range(n)],
        "diag": [rng.choice(["J45", "E11", "I10", "K21", "M54"]) for _ in range(n)],
    }
    zip_h = Hierarchy("zip", 4, {z: [z[:2] + "**", z[:1] + "***", "*"] for z in set(cols["zip"])})
    sex_h = Hierarchy("sex", 2, {"M": ["*"], "F": ["*"]})
    hierarchies = {"age": age_bands(), "zip": zip_h, "sex": sex_h}
    attrs = [encode_attribute(q, cols[q], hierarchies[q]) for q in ("age", "zip", "sex")]
    return cols, attrs


def _brute_force(attrs, c: Constraints, sensitive):
    search = LatticeSearch(attrs, c, sensitive)
    best = None
    for levels in itertools.product(*(range(a.height) for a in attrs)):
        j = int(np.ravel_multi_index(levels, search.heights))
        ev = search.check(j)
        key = (round(float(search.loss[j]), 6), levels)
        if ev.private and (best is None or key < best):
            best = key
    return best


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(
    "constraints",
    [
        Constraints(k=3),
        Constraints(k=5, max_suppression=0.02),
        Constraints(k=10, max_suppression=0.1),
        Constraints(k=2, l_distinct=2),
        Constraints(k=3, l_entropy=1.8, max_suppression=0.05),
        Constraints(k=2, t=0.3, max_suppression=0.05),
    ],
    ids=["k3", "k5-s2", "k10-s10", "l2", "entropy", "t"],
)
def test_search_equals_exhaustive(seed: int, constraints: Constraints) -> None:
    cols, attrs = _table(seed)
    sensitive = {"diag": cols["diag"]} if constraints.l_distinct or constraints.l_entropy or constraints.t else None
    expected = _brute_force(attrs, constraints, sensitive)
    result = optimal_generalisation(attrs, constraints, sensitive)
    if expected is None:
        assert not result.satisfied and result.best_achievable
    else:
        assert result.satisfied
        assert tuple(result.levels.values()) == expected[1]
        assert result.nue == pytest.approx(expected[0], abs=1e-3)


def test_impossible_constraints_report_the_best_achievable() -> None:
    _cols, attrs = _table(4, n=30)
    result = optimal_generalisation(attrs, Constraints(k=50))
    assert not result.satisfied
    assert "k = 30 without suppression" in result.best_achievable
