from __future__ import annotations

from pathlib import Path

import pytest

from rightskit.errors import ConfigError
from rightskit.privacy import hierarchy as h
from rightskit.privacy.encode import encode_attribute


def test_arx_csv(tmp_path: Path) -> None:
    path = tmp_path / "edu.csv"
    path.write_text("Bachelors;Undergraduate;*\nMasters;Graduate;*\n", encoding="utf-8")
    hier = h.load_arx_csv(path)
    assert hier.height == 3 and hier.label("Masters", 1) == "Graduate" and hier.label("Masters", 2) == "*"


def test_arx_csv_ragged_row_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("a;x;*\nb;*\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad.csv \(row 2\): expected 3 levels, found 2"):
        h.load_arx_csv(path)


def test_values_missing_from_hierarchy_are_reported_by_shape_only() -> None:
    hier = h.Hierarchy("sex", 2, {"M": ["*"]})
    with pytest.raises(ConfigError) as err:
        encode_attribute("sex", ["M", "Female"], hier)
    assert "Female" not in str(err.value) and "Aaaaaa" in str(err.value)


@pytest.mark.parametrize(
    ("hier", "value", "labels"),
    [
        (h.age_bands(), "37", ["37", "35-39", "30-39", "20-39", "*"]),
        (h.dates(), "2025-08-17", ["2025-08-17", "2025-08", "2025-Q3", "2025", "*"]),
        (h.dates(), "17.08.2025", ["17.08.2025", "2025-08", "2025-Q3", "2025", "*"]),
        (h.bg_postcodes(), "1113", ["1113", "111*", "11**", "1***", "*"]),
        (h.coordinate_grid("lat", [3, 2, 1]), "42.697708", ["42.697708", "42.697", "42.69", "42.6", "*"]),
    ],
)
def test_builders(hier, value: str, labels: list[str]) -> None:
    assert [hier.label(value, lv) for lv in range(hier.height)] == labels


def test_admin_geography_from_mapping() -> None:
    hier = h.from_mapping("district", [{"Лозенец": "Столична"}, {"Столична": "София-град"}])
    assert [hier.label("Лозенец", lv) for lv in range(hier.height)] == ["Лозенец", "Столична", "София-град", "*"]


def test_resolve() -> None:
    assert h.resolve("builtin:age", "age").height == 5
    with pytest.raises(ConfigError):
        h.resolve("builtin:nope", "x")
