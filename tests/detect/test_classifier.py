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


def test_the_one_text_of_a_field_of_one_value_is_all_its_texts() -> None:
    """One phone number in a thousand texts is no finding; in a table of one row, it is in every text there is."""
    g = Gen(7)
    note = f"Please call me back on {g.phone()} tomorrow, thanks"
    result = scan(pa.table({"note": [note]}))
    assert [(f.entity_type, f.evidence.in_text) for f in result.findings] == [("PHONE_NUMBER", True)]
    assert scan(pa.table({"note": [note] + [f"Nothing to add on case {i}, thanks" for i in range(999)]})).findings == []


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


def _file_verdicts(tmp_path, name: str, columns: dict[str, list[str]]) -> tuple[dict[str, list[str]], list[str]]:
    import csv

    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(list(columns))
        writer.writerows(zip(*columns.values(), strict=True))
    result = scan(path)
    out: dict[str, list[str]] = {c: [] for c in columns}
    for finding in result.findings:
        out[finding.field].append(finding.entity_type)
    return out, result.sources[0].warnings


def _place_register(rng: random.Random, n: int) -> dict[str, list[str]]:
    streets = ["Шипка", "Раковски", "Витоша", "Цар Симеон", "Оборище", "Граф Игнатиев"]
    return {
        "Ръководител": [
            f"{rng.choice(['Мария', 'Елена', 'Петя'])} {rng.choice(['Колева', 'Янева', 'Пенева'])}" for _ in range(n)
        ],
        "Адрес": [f"ул. {rng.choice(streets)} {rng.randint(1, 120)}" for _ in range(n)],
        "Телефон": [f"02 9{rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}" for _ in range(n)],
        "latitude": [f"{42.6 + rng.random() / 10:.6f}" for _ in range(n)],
        "longitude": [f"{23.2 + rng.random() / 10:.6f}" for _ in range(n)],
    }


def test_a_register_of_places_keeps_its_persons_and_not_its_addresses(tmp_path) -> None:
    rng = random.Random(21)
    columns = _place_register(rng, 120)
    places, warnings = _file_verdicts(tmp_path, "аптеки.csv", columns)
    assert places["Ръководител"] == ["PERSON"]
    assert places["Адрес"] == places["Телефон"] == places["latitude"] == []
    assert any("places or businesses" in w and "аптеки" in w for w in warnings)
    # The same columns in a file that says its rows are people: the addresses and phones are theirs.
    people, _ = _file_verdicts(tmp_path, "members.csv", columns)
    assert "STREET_ADDRESS" in people["Адрес"] and people["Телефон"] == ["PHONE_NUMBER"]
    assert people["latitude"] == ["GEO_COORDINATE"]


def test_office_mailboxes_of_a_register_of_bodies_are_not_personal_but_named_officials_are(tmp_path) -> None:
    from faker import Faker

    rng = random.Random(23)
    fake = Faker("de_DE")
    fake.seed_instance(23)
    roles = ["info", "poststelle", "kontakt", "office", "sekretariat", "presse"]
    acronyms = ["".join(rng.choice("bcdfgkmnprstvz") for _ in range(rng.randint(2, 5))) for _ in range(40)]
    domains = [f"amt{i}.example.de" for i in range(200)]
    offices = [f"{rng.choice(roles + acronyms)}{rng.choice(['', '', '.berlin', '2'])}@{d}" for d in domains[:120]]
    found, warnings = _file_verdicts(tmp_path, "public_bodies.csv", {"e-mail": offices, "Телефон": offices})
    assert found == {"e-mail": [], "Телефон": []}
    assert any("office mailboxes" in w for w in warnings)
    # One address in eight names an official (given.family, from Faker's lists): the column stays personal.
    named = [
        a if i % 8 else f"{fake.first_name().lower()}.{fake.last_name().lower()}@{domains[i]}"
        for i, a in enumerate(offices)
    ]
    found, _ = _file_verdicts(tmp_path, "public_bodies.csv", {"e-mail": named})
    assert found["e-mail"] == ["EMAIL_ADDRESS"]
    # The same mailboxes in a register of people are still reported: an office address beside a person.
    found, _ = _file_verdicts(tmp_path, "members.csv", {"e-mail": offices})
    assert found["e-mail"] == ["EMAIL_ADDRESS"]


def test_seven_digit_local_numbers_under_a_phone_header_are_phone_numbers(tmp_path) -> None:
    rng = random.Random(24)
    rows = {
        "name": [f"Member {i}" for i in range(150)],
        "phone": [f"{rng.randint(4000000, 6999999)}" if i % 2 else "" for i in range(150)],
    }
    found, _ = _file_verdicts(tmp_path, "members.csv", rows)
    assert found["phone"] == ["PHONE_NUMBER"]
    # Words under the same header still contradict it.
    rows["phone"] = [rng.choice(["n/a", "see website", "unknown"]) for _ in range(150)]
    found, _ = _file_verdicts(tmp_path, "members.csv", rows)
    assert found["phone"] == []


def test_names_inside_an_address_column_are_its_streets() -> None:
    rng = random.Random(22)
    addresses = [
        f"ул. {rng.choice(['Иван Вазов', 'Христо Ботев', 'Васил Левски'])} {rng.randint(1, 99)}, София"
        for _ in range(100)
    ]
    verdicts = _verdicts({"адрес": addresses})
    assert "PERSON" not in verdicts["адрес"] and "STREET_ADDRESS" in verdicts["адрес"]


def test_a_phone_column_of_another_country_stands_on_its_name() -> None:
    rng = random.Random(23)
    verdicts = _verdicts({"phone": [f"6{rng.randint(10, 99)} {rng.randint(1000, 9999)}" for _ in range(100)]})
    assert verdicts["phone"] == ["PHONE_NUMBER"]
    # An "email" column holding no e-mail address is still contradicted by its values.
    assert _verdicts({"email": [f"n/a {i}" for i in range(100)]})["email"] == []


def test_version_numbers_in_user_agents_are_no_ip_addresses() -> None:
    from rightskit.api import analyze_text

    text = "Mozilla/5.0 (X11; Linux x86_64; rv:1.9.2.3) Gecko/20100101 Firefox/3.6.3"
    assert not [e for e in analyze_text(text) if e.entity_type in ("IP_ADDRESS", "GEO_COORDINATE")]
    assert [e.entity_type for e in analyze_text("login from 10.12.0.7 at night")] == ["IP_ADDRESS"]
    for agent in ("newspaper/0.1.0.7", "BlackBerry9000/4.6.0.167 Profile/MIDP-2.0", "Hatena::Russia::Crawler/0.01"):
        assert not [e for e in analyze_text(agent) if e.entity_type == "IP_ADDRESS"], agent
    for address in ("fe80::1ff:fe23:4567:890a", "2001:db8::1", "http://130.37.198.75/index.html"):
        assert [e.entity_type for e in analyze_text(f"seen at {address} today")] == ["IP_ADDRESS"], address
