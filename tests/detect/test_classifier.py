"""Column verdicts from values, names, types and context — scenarios as data."""

from __future__ import annotations

import random

import pyarrow as pa
import pytest

from rightskit import scan
from rightskit.detect.classifier import wilson_lower_bound
from tests.helpers import Gen


def _verdicts(columns: dict[str, list[str]]) -> dict[str, list[str]]:
    result = scan(pa.table(columns))
    out: dict[str, list[str]] = {name: [] for name in columns}
    for f in result.findings:
        out[f.field].append(f.entity_type)
    return out


def test_values_alone_decide_for_strong_checks() -> None:
    g = Gen(1)
    cols = {"c1": [g.email() for _ in range(200)], "c2": [g.iban() for _ in range(200)]}
    assert _verdicts(cols) == {"c1": ["EMAIL_ADDRESS"], "c2": ["IBAN_CODE"]}


def test_egn_beats_lnch_and_phone_in_the_10_digit_family() -> None:
    g = Gen(2)
    result = scan(pa.table({"x": [g.egn() for _ in range(300)]}))
    [finding] = result.findings
    assert finding.entity_type == "BG_EGN"
    assert any("BG_LNCH" in e for e in finding.evidence.exclusions) or finding.evidence.exclusions == []


def test_random_10_digit_serials_are_not_egn_or_phones() -> None:
    g = Gen(3)
    assert _verdicts({"x": [g.serial() for _ in range(1000)]}) == {"x": []}


def test_coordinates_need_a_person_in_the_table() -> None:
    rng = random.Random(4)
    lat = [f"{42.6 + rng.random() / 10:.6f}" for _ in range(100)]
    lon = [f"{23.2 + rng.random() / 10:.6f}" for _ in range(100)]
    assert _verdicts({"lat": lat, "lon": lon}) == {"lat": [], "lon": []}
    g = Gen(4)
    with_people = _verdicts({"lat": lat, "lon": lon, "email": [g.email() for _ in range(100)]})
    assert with_people == {"lat": ["GEO_COORDINATE"], "lon": ["GEO_COORDINATE"], "email": ["EMAIL_ADDRESS"]}


def test_dates_are_personal_only_with_a_birth_hint() -> None:
    dates = [f"{d:02d}.03.1985" for d in range(1, 29)] * 5
    assert _verdicts({"created": dates}) == {"created": []}
    assert _verdicts({"birth_date": dates}) == {"birth_date": ["DATE_OF_BIRTH"]}


def test_name_hint_contradicted_by_values() -> None:
    assert _verdicts({"email": ["n/a", "none", "-", "unknown"] * 10}) == {"email": []}


def test_entities_inside_free_text_are_reported_in_text() -> None:
    g = Gen(5)
    texts = [
        f"Моля обадете се на {g.phone()} след обяд" if i % 4 == 0 else "Няма забележки по случая" for i in range(200)
    ]
    result = scan(pa.table({"бележка": texts}))
    [finding] = result.findings
    assert finding.entity_type == "PHONE_NUMBER" and finding.evidence.in_text
    assert finding.examples and all(set(e) <= set("9 ") for e in finding.examples)


def test_single_email_in_a_thousand_cells_is_an_in_text_finding_not_an_email_column() -> None:
    g = Gen(6)
    cells = ["ok"] * 999 + [g.email()]
    assert _verdicts({"status": cells}) == {"status": []}


@pytest.mark.parametrize(("k", "n", "low", "high"), [(0, 10, 0.0, 0.0), (10, 10, 0.69, 0.73), (500, 1000, 0.46, 0.47)])
def test_wilson_lower_bound(k: int, n: int, low: float, high: float) -> None:
    assert low <= wilson_lower_bound(k, n) <= high


def test_special_category_by_name() -> None:
    result = scan(pa.table({"диагноза": ["J45", "E11", "I10"] * 10, "religion": ["a", "b", "c"] * 10}))
    assert {(f.field, f.entity_type, f.category.value) for f in result.findings} == {
        ("диагноза", "HEALTH", "special_category"), ("religion", "RELIGION", "special_category"),
    }  # fmt: skip
