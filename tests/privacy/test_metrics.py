"""Metrics cross-checked against an independent implementation (pandas groupby, written separately)."""

from __future__ import annotations

import math
import random

import pandas as pd
import pytest

from rightskit.privacy.metrics import risk
from tests.privacy.conftest import ADULT_QI


def reference(df: pd.DataFrame, quasi: list[str], sensitive: str | None, k: int) -> dict:
    sizes = df.groupby(quasi, dropna=False).size()
    out = {
        "classes": len(sizes),
        "min_class_size": int(sizes.min()),
        "sample_uniques": int((sizes == 1).sum()),
        "records_below_k": int(sizes[sizes < k].sum()),
        "prosecutor_risk_max": 1 / sizes.min(),
        "marketer_risk": len(sizes) / len(df),
    }
    if sensitive:
        overall = df[sensitive].value_counts(normalize=True)
        l_distinct, l_entropy, t_max = math.inf, math.inf, 0.0
        for _, g in df.groupby(quasi, dropna=False):
            dist = g[sensitive].value_counts(normalize=True)
            l_distinct = min(l_distinct, len(dist))
            l_entropy = min(l_entropy, 2 ** -sum(p * math.log2(p) for p in dist))
            t_max = max(t_max, 0.5 * sum(abs(dist.get(v, 0.0) - q) for v, q in overall.items()))
        out.update(l_distinct=l_distinct, l_entropy=l_entropy, t_closeness=t_max)
    return out


def _synthetic(seed: int, n: int) -> pd.DataFrame:
    rng = random.Random(seed)
    return pd.DataFrame({
        "district": [rng.choice(["Средец", "Лозенец", "Люлин", "Младост", "Искър"]) for _ in range(n)],
        "age_band": [rng.choice(["0-17", "18-34", "35-64", "65+"]) for _ in range(n)],
        "sex": [rng.choice(["м", "ж"]) for _ in range(n)],
        "benefit": [rng.choice(["A", "B", "C", "D"]) for _ in range(n)],
    })  # fmt: skip


DATASETS = [
    ("adult-9", lambda adult: pd.DataFrame(adult), ADULT_QI, "occupation"),
    ("adult-3", lambda adult: pd.DataFrame(adult), ["sex", "race", "education"], "salary-class"),
    ("synthetic-small", lambda _a: _synthetic(1, 300), ["district", "age_band", "sex"], "benefit"),
    ("synthetic-large", lambda _a: _synthetic(2, 20_000), ["district", "age_band"], "benefit"),
]


@pytest.mark.parametrize(("name", "make", "quasi", "sensitive"), DATASETS, ids=[d[0] for d in DATASETS])
def test_metrics_match_reference(adult, name, make, quasi, sensitive) -> None:
    df = make(adult)
    ours = risk({c: df[c].tolist() for c in df.columns}, quasi, k=5, sensitive=[sensitive])
    ref = reference(df, quasi, sensitive, k=5)
    assert ours.classes == ref["classes"]
    assert ours.min_class_size == ref["min_class_size"]
    assert ours.sample_uniques == ref["sample_uniques"]
    assert ours.records_below_k == ref["records_below_k"]
    assert ours.prosecutor_risk_max == pytest.approx(ref["prosecutor_risk_max"], abs=1e-6)
    assert ours.marketer_risk == pytest.approx(ref["marketer_risk"], abs=1e-6)
    [s] = ours.sensitive
    assert s.l_distinct == ref["l_distinct"]
    assert s.l_entropy == pytest.approx(ref["l_entropy"], abs=1e-5)
    assert s.t_distance == "equal"
    assert s.t_closeness == pytest.approx(ref["t_closeness"], abs=1e-5)


def test_adult_published_profile(adult) -> None:
    m = risk(adult, ADULT_QI, k=5)
    assert m.classes == 19_502
    assert m.sample_unique_share == pytest.approx(0.514, abs=5e-4)
    assert m.records_below_k / m.records == pytest.approx(0.778, abs=5e-4)
    assert m.marketer_risk == pytest.approx(0.647, abs=5e-4)


def test_ordered_distance_for_numbers() -> None:
    # Two classes: {1,1} and {3,3}; overall {1:.5, 3:.5} over the sorted values [1, 3] → EMD 0.5 each.
    m = risk({"q": ["a", "a", "b", "b"], "s": ["1", "1", "3", "3"]}, ["q"], k=2, sensitive=["s"])
    assert m.sensitive[0].t_distance == "ordered"
    assert m.sensitive[0].t_closeness == pytest.approx(0.5)


def test_missing_values_are_a_category_of_their_own() -> None:
    m = risk({"q": ["a", None, None, "a"]}, ["q"], k=2)
    assert m.classes == 2 and m.min_class_size == 2
