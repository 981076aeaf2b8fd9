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
        (
            h.coordinate_grid("lat", [3, 2, 1]),
            "42.697708;-23.321868",
            ["42.697708;-23.321868", "42.697, -23.322", "42.69, -23.33", "42.6, -23.4", "*"],
        ),
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


_DATE_EDGES = [
    "2025-06-15T11:14",
    "15.06.2025",
    "15/06/2025",
    "2024-02-29",
    "2023-02-29",
    "1900-02-29",
    "2000-02-29",
    "29.02.1900",
    "29.02.2000",
    "31.04.2025",
    "31/12/9999",
    "0000-01-01",
    "01.01.0000",
    "2025-13-01",
    "2025-00-10",
    "2025-06-00",
    "2025-06-32",
    "2025-6-5 10:00",
    "2025-6-15",
    " 2025-06-15",
    "2025-06-1 ",
    "2025-06-15\u00a0",
    "15.06/2025",
    "15/06.2025",
    "١٢٣٤-٠٦-١٥",
    "2025‐06‐15",
    "2025-06-15x",
    "",
    "x",
    "2025",
    "20250615",
    "15.06.25",
]


def test_dates_of_many_values_are_labelled_as_one_at_a_time() -> None:
    """The date hierarchy reads a column's values from their bytes (a release of 1M timestamps had spent 12 s in
    strptime); every level's label is the one-at-a-time rule's, on the edges of each shape and on random ones."""
    import random

    rng = random.Random(44)
    alphabet = "0123456789-./T :x٣"
    shaped = [
        rng.choice(
            ["{y}-{m}-{d}", "{d}.{m}.{y}", "{d}/{m}/{y}", "{y}-{m}-{d}T{h}", "{d}.{m}/{y}", "{d}-{m}-{y}"]
        ).format(
            y=f"{rng.randrange(0, 10000):04d}",
            m=f"{rng.randrange(0, 14):02d}",
            d=f"{rng.randrange(0, 33):02d}",
            h=f"{rng.randrange(24):02d}:00",
        )
        for _ in range(3000)
    ]
    noise = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 14))) for _ in range(1000)]
    values = _DATE_EDGES + shaped + noise
    hier = h.dates()
    assert hier.labels_by_level(values) == [[hier.label(v, level) for v in values] for level in range(1, hier.height)]
    assert sum(hier.label(v, 1) != "*" for v in shaped) > 1000  # most of them are dates on the calendar


_NUMBER_EDGES = [
    "42.697708",
    "-0.0001",
    "0",
    "-0",
    "-0.0",
    "42",
    "42,5",
    "-42.1239999",
    "0.0005",
    "42.6999999999999999999",
    "123456789012345.123",
    "1234567890123456.1",
    "1e3",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e308",
    " 42.5",
    "42.",
    ".5",
    "+42.5",
    "4_2.5",
    "٤٢.٥",
    "42.5.1",
    "42,5,1",
    "--1",
    "",
    "x",
]


def test_coordinates_of_many_values_are_labelled_as_one_at_a_time() -> None:
    """The coordinate grid reads plain numbers with Arrow and floors them with numpy (500k distinct latitudes had
    cost 2.6 s); every level's label is the one-at-a-time rule's."""
    import random

    rng = random.Random(44)
    values = _NUMBER_EDGES + [
        f"{rng.uniform(-180, 180):.{rng.randrange(0, 12)}f}".replace(".", rng.choice([".", ","])) for _ in range(4000)
    ]
    # Pairs and points or commas twice over (no number to float()), beside one point and an exponent (numbers)
    values += [
        f"{rng.uniform(-90, 90):.6f}{rng.choice([', ', ',', '; '])}{rng.uniform(-180, 180):.6f}" for _ in range(500)
    ]
    values += ["1.2.3", "1,2,3", "1.5e3", "1,5e3", "1_000.5", " 42.5 ", "42.,", ".5", "5."]
    values += ["42.5, 23.5\n", " 42.5 ;23.5 ", "42.5,,23.5", "1234.5, 23.5", "42.5, 23.5, 1.5", "-0.0001, -0.0001"]
    for hier in (h.resolve("builtin:lat", "lat"), h.resolve("builtin:lon", "lon")):
        by_level = [[hier.label(v, level) for v in values] for level in range(1, hier.height)]
        assert hier.labels_by_level(values) == by_level


@pytest.mark.parametrize(
    ("hier", "value"),
    [(h.age_bands(), v) for v in ("nan", "NaN", "inf", "-inf")]
    + [(h.resolve("builtin:lat", "lat"), v) for v in ("nan", "NaN", "inf", "-inf", "1e308")],
)
def test_a_number_with_no_band_or_cell_is_generalised_to_the_top(hier: h.Hierarchy, value: str) -> None:
    """A spreadsheet's "nan" or "inf" in a column of ages or coordinates (or a latitude whose cell overflows) had
    stopped the release with a traceback: it has no band or cell, so every level above the value is the top."""
    assert [hier.label(value, level) for level in range(1, hier.height)] == ["*"] * (hier.height - 1)
