"""Generate the labelled evaluation set (frozen: change it only with a note in bench/README.md).

Run: python bench/evalset/generate.py  — rewrites the files beside this script and labels.yaml.
     python bench/evalset/generate.py --demo  — writes the small sample that ``rightskit demo`` scans.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE
sys.path.insert(0, str(HERE.parent))

from synth import SOFIA_DISTRICTS, EuSynth, Synth, latin  # noqa: E402

ROWS = 400
LABELS: dict[str, dict[str, list[str] | None]] = {}


def label(file: str, obj: str | None, fields: dict[str, list[str] | None]) -> None:
    key = file if obj is None else f"{file}#{obj}"
    LABELS[key] = fields


def register_cp1251(s: Synth) -> None:
    """Cyrillic headers, Windows-1251, semicolon separated, as a municipal spreadsheet export."""
    header = ["№", "Трите имена", "ЕГН", "Дата на раждане", "Пол", "Телефон", "Имейл", "Постоянен адрес",
              "Пощенски код", "Район", "Бележка", "Сума за плащане", "Статус"]  # fmt: skip
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow(header)
    for i in range(ROWS):
        born = s.birth_date()
        note = s.rng.choice([
            f"Обаждане от {s.bg_mobile(0)} относно плащането",
            "Плащането е получено в срок",
            f"Да се изпрати отговор на {s.email()}",
            "Няма забележки по преписката",
            f"Свързахме се на {s.bg_mobile(1)}, ще дойде лично",
        ])  # fmt: skip
        w.writerow([i + 1, f"{s.bg_name()} ", s.egn(born), born.strftime("%d.%m.%Y"),
                    s.rng.choice(["мъж", "жена"]), s.bg_mobile(), s.email(), s.bg_address(),
                    str(s.rng.randint(1000, 1799)), s.rng.choice(SOFIA_DISTRICTS), note,
                    f"{s.rng.randint(5, 900)},{s.rng.randint(0, 99):02d}", s.rng.choice(["платено", "дължимо"])])  # fmt: skip
    (OUT / "register_cp1251.csv").write_bytes(out.getvalue().encode("cp1251"))
    label("register_cp1251.csv", None, {
        "№": None, "Трите имена": ["PERSON"], "ЕГН": ["BG_EGN"], "Дата на раждане": ["DATE_OF_BIRTH"],
        "Пол": ["GENDER"], "Телефон": ["PHONE_NUMBER"], "Имейл": ["EMAIL_ADDRESS"],
        "Постоянен адрес": ["STREET_ADDRESS"], "Пощенски код": ["POSTAL_CODE"], "Район": ["LOCATION"],
        "Бележка": ["PHONE_NUMBER", "EMAIL_ADDRESS"], "Сума за плащане": None, "Статус": None,
    })  # fmt: skip


def obfuscated(s: Synth) -> None:
    """Meaningless column names: the values alone must tell."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow([f"col_{i}" for i in range(1, 11)])
    for _ in range(ROWS):
        w.writerow([s.email(), s.bg_mobile(s.rng.choice([1, 2])), s.egn(), s.bg_iban(), s.ipv4(),
                    s.bg_name(), f"PRD-{s.rng.randint(10000, 99999)}", f"{s.rng.uniform(1, 5000):.2f}",
                    (dt.datetime(2025, 1, 1) + dt.timedelta(seconds=s.rng.randint(0, 3e7))).isoformat(),
                    s.plate()])  # fmt: skip
    (OUT / "obfuscated.csv").write_text(out.getvalue(), encoding="utf-8")
    label("obfuscated.csv", None, {
        "col_1": ["EMAIL_ADDRESS"], "col_2": ["PHONE_NUMBER"], "col_3": ["BG_EGN"], "col_4": ["IBAN_CODE"],
        "col_5": ["IP_ADDRESS"], "col_6": ["PERSON"], "col_7": None, "col_8": None, "col_9": None,
        "col_10": ["VEHICLE_PLATE"],
    })  # fmt: skip


def complaints_jsonl(s: Synth) -> None:
    """Nested JSON Lines: citizen signals with contacts, geolocation and free text."""
    lines = []
    for i in range(ROWS):
        phone = s.bg_mobile()
        text = s.rng.choice([
            f"Моля, обадете ми се на {phone} за повече информация.",
            "Дупка на пътя пред блока, моля за ремонт.",
            f"Пишете ми на {s.email()}, благодаря.",
            "Не работи уличното осветление от седмица.",
            f"My number is {s.bg_mobile(1)}, please call after 18:00.",
        ])  # fmt: skip
        record = {
            "signal_id": f"S-{2025}-{i:05d}",
            "created": (dt.datetime(2025, 3, 1) + dt.timedelta(minutes=s.rng.randint(0, 500000))).isoformat(),
            "category": s.rng.choice(["пътища", "осветление", "отпадъци", "шум"]),
            "citizen": {"name": s.bg_name(), "contacts": {"email": s.email(), "phones": [phone]},
                        "egn": s.egn() if s.rng.random() < 0.9 else None},  # fmt: skip
            "location": {"district": s.rng.choice(SOFIA_DISTRICTS),
                         "lat": round(42.65 + s.rng.random() * 0.1, 6), "lon": round(23.25 + s.rng.random() * 0.15, 6)},  # fmt: skip
            "text": text,
            "attachments": [{"file": f"IMG_{s.rng.randint(1000, 9999)}.jpg", "size": s.rng.randint(1e4, 5e6)}],
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    (OUT / "complaints.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    label("complaints.jsonl", None, {
        "signal_id": None, "created": None, "category": None, "citizen.name": ["PERSON"],
        "citizen.contacts.email": ["EMAIL_ADDRESS"], "citizen.contacts.phones[]": ["PHONE_NUMBER"],
        "citizen.egn": ["BG_EGN"], "location.district": ["LOCATION"], "location.lat": ["GEO_COORDINATE"],
        "location.lon": ["GEO_COORDINATE"], "text": ["PHONE_NUMBER", "EMAIL_ADDRESS"],
        "attachments[].file": None, "attachments[].size": None,
    })  # fmt: skip


def lookalikes(s: Synth) -> None:
    """No personal data, only things that look like it."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["serial_number", "device", "measured_at", "epoch", "lat", "lon", "product_code", "stop_name",
                "pm10", "reading_id", "firmware", "batch"])  # fmt: skip
    for _ in range(ROWS):
        w.writerow([s.serial10(), f"sensor-{s.rng.randint(1, 300):03d}",
                    (dt.datetime(2025, 5, 1) + dt.timedelta(minutes=s.rng.randint(0, 90000))).strftime("%d.%m.%Y %H:%M"),
                    str(s.rng.randint(1_700_000_000, 1_760_000_000)), f"{42.6 + s.rng.random() * 0.15:.6f}",
                    f"{23.2 + s.rng.random() * 0.2:.6f}", f"{s.rng.randint(100, 999)}-{s.rng.randint(1000, 9999)}-{s.rng.randint(10, 99)}",
                    s.rng.choice(["Площад Св. Неделя", "Ул. Граф Игнатиев", "Метростанция Сердика", "Христо Ботев", "НДК"]),
                    f"{s.rng.uniform(3, 80):.1f}", str(s.rng.randint(10**11, 10**12 - 1)),
                    f"{s.rng.randint(1, 4)}.{s.rng.randint(0, 20)}.{s.rng.randint(0, 9)}.{s.rng.randint(0, 50)}",
                    f"{s.rng.randint(2020, 2025)}-{s.rng.randint(1, 12):02d}-{s.rng.randint(1, 28):02d}"])  # fmt: skip
    (OUT / "lookalikes.csv").write_text(out.getvalue(), encoding="utf-8")
    label("lookalikes.csv", None, {name: None for name in [
        "serial_number", "device", "measured_at", "epoch", "lat", "lon", "product_code", "stop_name", "pm10",
        "reading_id", "firmware", "batch"]})  # fmt: skip


def visitors_xlsx(s: Synth) -> None:
    """An EU visitor list (Latin names, foreign phones) and a sheet without personal data."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Visitors"
    ws.append(["Full name", "Nationality", "E-mail", "Mobile", "Date of birth", "ЛНЧ", "Room"])
    for _ in range(ROWS):
        person = s.rng.choice([s.de, s.en])
        phone = person.phone_number() if person is s.de else f"+44 7{s.rng.randint(100, 999)} {s.rng.randint(100000, 999999)}"
        ws.append([person.name(), s.rng.choice(["DE", "GB", "FR", "RO"]), s.email(), phone,
                   s.birth_date(), s.lnch(), s.rng.randint(100, 450)])  # fmt: skip
    rooms = wb.create_sheet("Rooms")
    rooms.append(["Room", "Floor", "Capacity", "Projector"])
    for r in range(60):
        rooms.append([100 + r, r // 20 + 1, s.rng.choice([6, 12, 30]), s.rng.choice(["yes", "no"])])
    wb.save(OUT / "visitors.xlsx")
    label("visitors.xlsx", "Visitors", {
        "Full name": ["PERSON"], "Nationality": ["NATIONALITY"], "E-mail": ["EMAIL_ADDRESS"],
        "Mobile": ["PHONE_NUMBER"], "Date of birth": ["DATE_OF_BIRTH"], "ЛНЧ": ["BG_LNCH"], "Room": None,
    })  # fmt: skip
    label("visitors.xlsx", "Rooms", {"Room": None, "Floor": None, "Capacity": None, "Projector": None})


def payments_parquet(s: Synth) -> None:
    """Typed columns: IBANs, card numbers, amounts, dates."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    n = ROWS
    table = pa.table({
        "payment_id": pa.array(range(1, n + 1), pa.int64()),
        "payer_iban": [s.bg_iban() for _ in range(n)],
        "card": [s.card() for _ in range(n)],
        "amount_eur": [round(s.rng.uniform(1, 2000), 2) for _ in range(n)],
        "paid_on": [dt.date(2025, 1, 1) + dt.timedelta(days=s.rng.randint(0, 300)) for _ in range(n)],
        "payer": pa.array([{"email": s.email(), "ip": s.ipv4()} for _ in range(n)]),
        "purpose": [s.rng.choice(["данък сгради", "такса смет", "глоба", "наем"]) for _ in range(n)],
    })  # fmt: skip
    pq.write_table(table, OUT / "payments.parquet")
    label("payments.parquet", None, {
        "payment_id": None, "payer_iban": ["IBAN_CODE"], "card": ["CREDIT_CARD"], "amount_eur": None,
        "paid_on": None, "payer.email": ["EMAIL_ADDRESS"], "payer.ip": ["IP_ADDRESS"], "purpose": None,
    })  # fmt: skip


def staff_json(s: Synth) -> None:
    """An object wrapping an array, as many APIs return."""
    data = [{"login": s.en.user_name(), "password_hash": f"$2b$12${s.en.sha256()[:53]}",
             "last_ip": s.ipv4(), "department": s.rng.choice(["ГРАО", "Финанси", "ИТ"]),
             "employee_no": str(s.rng.randint(1000, 9999))} for _ in range(120)]  # fmt: skip
    (OUT / "staff.json").write_text(json.dumps({"generated": "2025-06-01", "data": data}, ensure_ascii=False, indent=1),
                                      encoding="utf-8")  # fmt: skip
    label("staff.json", None, {"login": ["USERNAME"], "password_hash": ["PASSWORD"], "last_ip": ["IP_ADDRESS"],
                               "department": None, "employee_no": None})  # fmt: skip


def stops_geojson(s: Synth) -> None:
    """Public-transport stops: coordinates and names of places, no person."""
    features = [{"type": "Feature", "properties": {"stop_id": f"{i:04d}", "name": s.rng.choice(
        ["бул. Христо Ботев", "Парк Заимов", "Метростанция Сердика", "Пл. Македония", "Ул. Шипка"]), "lines": "9, 72, 280"},
        "geometry": {"type": "Point", "coordinates": [round(23.25 + s.rng.random() * 0.1, 6), round(42.65 + s.rng.random() * 0.1, 6)]}}
        for i in range(150)]  # fmt: skip
    (OUT / "stops.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features},
                                                   ensure_ascii=False), encoding="utf-8")  # fmt: skip
    label("stops.geojson", None, {"type": None, "properties.stop_id": None, "properties.name": None,
                                  "properties.lines": None, "geometry.type": None,
                                  "geometry.coordinates[]": None})  # fmt: skip


def identity_register(s: EuSynth) -> None:
    """Bulgarian identity documents: ЕГН and ЛНЧ in one column, ID cards, passports, employers' ЕИК."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["Име", "ЕГН/ЛНЧ", "Лична карта №", "Паспорт №", "Телефон", "IBAN", "ЕИК на работодател",
                "Рег. номер на МПС", "Карта", "Входящ №"])  # fmt: skip
    for i in range(ROWS):
        ident = s.egn() if s.rng.random() < 0.8 else s.lnch()
        phone = s.rng.choice([s.bg_mobile(), s.sofia_landline()])
        iban = s.bg_iban()
        iban = " ".join(iban[j : j + 4] for j in range(0, len(iban), 4)) if s.rng.random() < 0.5 else iban
        plate = s.plate()
        plate = plate.translate(str.maketrans("АВЕКМНОРСТУХ", "ABEKMHOPCTYX")) if s.rng.random() < 0.3 else plate
        card = s.card()
        card = "-".join(card[j : j + 4] for j in range(0, 16, 4)) if s.rng.random() < 0.5 else card
        w.writerow([s.bg_name(), ident, s.digits(9), s.digits(9), phone, iban, s.bg_company_eik(), plate, card,
                    f"{2025}-{i:05d}"])  # fmt: skip
    (OUT / "identity_register.csv").write_text(out.getvalue(), encoding="utf-8")
    label("identity_register.csv", None, {
        "Име": ["PERSON"], "ЕГН/ЛНЧ": ["BG_EGN", "BG_LNCH"], "Лична карта №": ["BG_ID_CARD"],
        "Паспорт №": ["BG_PASSPORT"], "Телефон": ["PHONE_NUMBER"], "IBAN": ["IBAN_CODE"],
        "ЕИК на работодател": None, "Рег. номер на МПС": ["VEHICLE_PLATE"], "Карта": ["CREDIT_CARD"],
        "Входящ №": None,
    })  # fmt: skip


def eu_obfuscated(s: EuSynth) -> None:
    """EU personal numbers under meaningless names, beside numbers that only look like them."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow([f"f{i}" for i in range(1, 11)])
    for _ in range(ROWS):
        w.writerow([s.pesel(), s.cnp(), s.codice_fiscale(), s.nie(), s.nir(), s.de_phone(), s.fr_phone(),
                    s.ean13(), s.digits(11), s.digits(13)])  # fmt: skip
    (OUT / "eu_obfuscated.csv").write_text(out.getvalue(), encoding="utf-8")
    label("eu_obfuscated.csv", None, {
        "f1": ["PL_PESEL"], "f2": ["RO_CNP"], "f3": ["IT_FISCAL_CODE"], "f4": ["ES_NIE"], "f5": ["FR_NIR"],
        "f6": ["PHONE_NUMBER"], "f7": ["PHONE_NUMBER"], "f8": None, "f9": None, "f10": None,
    })  # fmt: skip


def eu_visitors_jsonl(s: EuSynth) -> None:
    """Hotel-style guest records: identifiers whose format alone is ambiguous, named by their fields."""
    lines = []
    for i in range(ROWS):
        record = {
            "booking": {"ref": f"BK{s.digits(8)}", "nights": s.rng.randint(1, 9)},
            "guest": {"full_name": s.de.name(), "steuer_id": s.de_tax_id(), "amka": s.amka(), "dni": s.dni(),
                      "email": s.email(), "birth_date": s.birth_date().isoformat()},  # fmt: skip
            "room": s.rng.randint(100, 450),
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    (OUT / "eu_visitors.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    label("eu_visitors.jsonl", None, {
        "booking.ref": None, "booking.nights": None, "guest.full_name": ["PERSON"],
        "guest.steuer_id": ["DE_TAX_ID"], "guest.amka": ["GR_AMKA"], "guest.dni": ["ES_NIF"],
        "guest.email": ["EMAIL_ADDRESS"], "guest.birth_date": ["DATE_OF_BIRTH"], "room": None,
    })  # fmt: skip


def lookalike_numbers(s: EuSynth) -> None:
    """No personal data: invoice, order and barcode numbers of the lengths personal numbers have."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=";")
    w.writerow(["invoice_no", "order_id", "barcode", "epoch_ms", "account_ref", "meter_id", "batch_code", "ean"])
    for _ in range(ROWS):
        w.writerow([s.digits(9), "0" + s.digits(9), s.digits(13), str(s.rng.randint(1_700_000_000_000, 1_760_000_000_000)),
                    s.digits(11), s.digits(10), f"{s.rng.choice('ABCDEFGH')}{s.digits(7)}{s.rng.choice('XYZ')}",
                    s.ean13()])  # fmt: skip
    (OUT / "lookalike_numbers.csv").write_text(out.getvalue(), encoding="utf-8")
    label("lookalike_numbers.csv", None, {n: None for n in [
        "invoice_no", "order_id", "barcode", "epoch_ms", "account_ref", "meter_id", "batch_code", "ean"]})  # fmt: skip


PLACES_AFTER_PEOPLE = ["бул. „Христо Ботев“", "ул. „Граф Игнатиев“", "бул. „Васил Левски“", "ул. „Иван Вазов“",
                       "бул. „Патриарх Евтимий“", "ул. „Георги Бенковски“", "бул. „Александър Стамболийски“",
                       "ул. „Христо Смирненски“", "ул. „Неофит Рилски“", "бул. „Витоша“"]  # fmt: skip
STOPS = ["Христо Ботев", "Васил Левски", "Патриарх Евтимий", "Иван Вазов", "Георги Бенковски", "Захари Стоянов",
         "Любен Каравелов", "Сердика", "НДК", "Орлов мост"]  # fmt: skip




def _eu_address(s: EuSynth) -> str:
    n = s.rng.randint(1, 120)
    return s.rng.choice([
        f"{s.de.street_name()} {n}",
        f"{n} rue {s.rng.choice(['de la Paix', 'Victor Hugo', 'du Commerce', 'Lafayette'])}",
        f"Via {s.rng.choice(['Roma', 'Garibaldi', 'Mazzini', 'Dante'])}, {n}",
        f"Calle {s.rng.choice(['Mayor', 'Real', 'Alcalá', 'Serrano'])} {n}",
        f"{n} {s.en.street_name()}",
    ])  # fmt: skip


def people_and_places(s: EuSynth) -> None:
    """Names in both scripts and addresses, beside streets, stops and parks named after people."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["full_name_latin", "име", "name_mixed", "адрес", "address_eu", "улица", "stop_name", "парк", "c9",
                "c10"])  # fmt: skip
    for _ in range(ROWS):
        mixed = s.rng.choice([s.bg_name(), latin(s.bg_name()), s.en.name(), s.de.name()])
        w.writerow([latin(s.bg_name()), s.bg_name(), mixed, s.bg_address(), _eu_address(s),
                    s.rng.choice(PLACES_AFTER_PEOPLE), s.rng.choice(STOPS),
                    s.rng.choice(["парк „Заимов“", "Борисова градина", "Южен парк", "парк „Възраждане“"]),
                    s.bg_name().upper(), s.rng.choice(PLACES_AFTER_PEOPLE)])  # fmt: skip
    (OUT / "people_and_places.csv").write_text(out.getvalue(), encoding="utf-8")
    label("people_and_places.csv", None, {
        "full_name_latin": ["PERSON"], "име": ["PERSON"], "name_mixed": ["PERSON"], "адрес": ["STREET_ADDRESS"],
        "address_eu": ["STREET_ADDRESS"], "улица": None, "stop_name": None, "парк": None, "c9": ["PERSON"],
        "c10": None,
    })  # fmt: skip


def main() -> None:
    import yaml

    global OUT, ROWS
    if "--demo" in sys.argv:
        OUT, ROWS = HERE.parent.parent / "rightskit" / "data" / "demo", 25
        s = Synth(2026)
        for make in (register_cp1251, complaints_jsonl, stops_geojson):
            make(s)
        return
    s = Synth(20261128)
    for make in (register_cp1251, obfuscated, complaints_jsonl, lookalikes, visitors_xlsx, payments_parquet,
                 staff_json, stops_geojson):  # fmt: skip
        make(s)
    # Added with the identifier work (before its detectors were written); a separate seed keeps the files above unchanged.
    eu = EuSynth(20261129)
    for make in (identity_register, eu_obfuscated, eu_visitors_jsonl, lookalike_numbers):
        make(eu)
    # Added with the names-and-text work (before its column rules were tuned).
    people_and_places(EuSynth(20261201))
    header = "# Ground truth for the evaluation set: file[#object] -> field -> acceptable entity types (null: not personal)\n"
    (OUT / "labels.yaml").write_text(header + yaml.safe_dump(LABELS, allow_unicode=True, sort_keys=True), encoding="utf-8")


if __name__ == "__main__":
    main()
