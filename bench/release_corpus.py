"""Releases that cannot leak (issue 19), measured on a corpus generated here, independently of the detectors.

Run: python bench/release_corpus.py [--seed N] [--keep DIR]

Names come from Faker's locale lists (Bulgarian, Greek, Turkish, French, Romanian, German), identifiers from
python-stdnum's check digits, addresses and phrases from templates in this file: nothing from rightskit's own
lexicons. Every failure the issue lists is planted, in five files of three formats:

* ``guests.xlsx``: EU visitors' names and a mixed-country national-ID column (ЕГН, CNP, PESEL) beside a country;
* ``complaints.jsonl``: complaint texts with an ЕГН beside a phone or a word holding "tel", phone-shaped numbers
  after "обадете се на" that libphonenumber rejects, "ж.к. …, бл. …, ап. …" addresses, complainants' names, and
  look-alike phrases that name no one (a boulevard at an hour, a landmark block, a reference number, a bus line);
* ``notes.csv``: 20,000 notes, 5 holding a phone, an e-mail, an ЕГН or a name;
* ``register.csv``: a headerless birth-date column equal to the ЕГН's, districts and ages;
* ``payments.parquet``: IBANs and names beside amounts.

Each file is released with the default plan (``rightskit anonymise FILE -o OUT``). Measured on what is written:
direct-identifier and validated-identifier values found anywhere in the output (must be 0), the share of planted
names and addresses left in texts (≤ 5 %), the share of look-alike phrases kept word for word (≥ 90 %), and the
smallest class over each file's released quasi-identifiers (k ≥ 5). A refused release writes nothing: it leaks
nothing, and it is reported as refused.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

COMPLEXES = ["Люлин", "Младост", "Дружба", "Надежда", "Овча купел", "Красно село", "Гоце Делчев", "Стрелбище"]
STREETS = ["Цар Симеон", "Опълченска", "Пиротска", "Шипка", "Раковски", "Граф Игнатиев", "Ален мак"]
LOOKALIKES = [
    "на бул. „Витоша“ след 23:00 ч. е шумно",
    "срещу блок {n} няма осветление",
    "(реф. {n})",
    "сумата е {n} лв.",
    "автобус {n} закъснява",
    "сигнал №{y}-{n}",
    "на {d} г. в {h}:30 ч.",
    "линия {n} не спира на спирката",
    "ремонтът струва {n}0 лв.",
    "паркът до НДК е тъмен",
    "в района на Съдебната палата",
    "около 3 месеца по-късно",
]


@dataclass
class Planted:
    direct: dict[str, set[str]] = field(default_factory=dict)  # by file: values its release must not hold
    names: list[str] = field(default_factory=list)  # names planted in texts
    addresses: list[str] = field(default_factory=list)  # addresses planted in texts
    lookalikes: list[str] = field(default_factory=list)  # phrases that name no one


def _egn(rng: random.Random, born: dt.date) -> str:
    from stdnum.bg import egn

    month = born.month + (40 if born.year >= 2000 else 0)
    body = f"{born.year % 100:02d}{month:02d}{born.day:02d}{rng.randint(0, 999):03d}"
    return body + egn.calc_check_digit(body)


def _cnp(rng: random.Random, born: dt.date) -> str:
    from stdnum.ro import cnp

    sex = rng.choice([1, 2]) + (4 if born.year >= 2000 else 0)
    body = f"{sex}{born.year % 100:02d}{born.month:02d}{born.day:02d}{rng.randint(1, 46):02d}{rng.randint(1, 999):03d}"
    return body + cnp.calc_check_digit(body)


def _pesel(rng: random.Random, born: dt.date) -> str:
    from stdnum.pl import pesel

    month = born.month + (20 if born.year >= 2000 else 0)
    body = f"{born.year % 100:02d}{month:02d}{born.day:02d}{rng.randint(0, 9999):04d}"
    return body + pesel.calc_check_digit(body)


def _iban(rng: random.Random) -> str:
    from stdnum import iban

    bban = "STSA" + "".join(str(rng.randint(0, 9)) for _ in range(14))
    return "BG" + iban.calc_check_digits("BG00" + bban) + bban


def _born(rng: random.Random) -> dt.date:
    return dt.date(rng.randint(1940, 2005), rng.randint(1, 12), rng.randint(1, 28))


def _phone(rng: random.Random) -> str:
    return f"08{rng.choice('789')}{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(100, 999)}"


def _bad_phone(rng: random.Random) -> str:  # phone-shaped, rejected by libphonenumber
    return f"099{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(100, 999)}"


def _lookalike(rng: random.Random) -> str:
    return rng.choice(LOOKALIKES).format(
        n=rng.randint(2, 480), y=rng.randint(2019, 2025), h=rng.randint(6, 22),
        d=f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(2019, 2025)}",
    )  # fmt: skip


def guests(path: Path, rng: random.Random, planted: Planted, n: int = 600) -> None:
    import openpyxl
    from faker import Faker

    fakes = [Faker(loc) for loc in ("el_GR", "tr_TR", "fr_FR", "ro_RO", "de_DE", "bg_BG", "pl_PL")]
    for i, fake in enumerate(fakes):
        fake.seed_instance(rng.randint(0, 10**6) + i)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "guests"
    ws.append(["guest", "document", "country", "nights", "room_type"])
    makers = [("BG", _egn), ("RO", _cnp), ("PL", _pesel)]
    for _ in range(n):
        guest = rng.choice(fakes).name()
        country, make = rng.choice(makers)
        number = make(rng, _born(rng))
        planted.direct.setdefault(path.name, set()).update([guest, number])
        ws.append([guest, number, country, rng.randint(1, 9), rng.choice(["single", "double", "suite"])])
    book.save(path)


def complaints(path: Path, rng: random.Random, planted: Planted, n: int = 1500) -> None:
    from faker import Faker

    fake = Faker("bg_BG")
    fake.seed_instance(rng.randint(0, 10**6))
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            name = f"{fake.first_name()} {fake.last_name()}"
            number, phone, bad = _egn(rng, _born(rng)), _phone(rng), _bad_phone(rng)
            complex_ = rng.choice(COMPLEXES)
            address = rng.choice([
                f"ж.к. {complex_}, бл. {rng.randint(1, 400)}, вх. {rng.choice('АБВГ')}, ет. {rng.randint(1, 15)}, "
                f"ап. {rng.randint(1, 120)}",
                f"ж.к. {complex_}, бл. {rng.randint(1, 400)}",
                f"ул. „{rng.choice(STREETS)}“ {rng.randint(1, 150)}",
            ])  # fmt: skip
            look = [_lookalike(rng) for _ in range(2)]
            parts = [
                f"Аз, {name}, ЕГН {number}, тел. {phone}, живущ на {address}, подавам жалба: {look[0]}.",
                f"Обадете се на {bad} за повече информация. Хотелът отсреща също, {look[1]}.",
            ]
            planted.direct.setdefault(path.name, set()).update([number, phone, bad])
            planted.names.append(name)
            planted.addresses.append(address)
            planted.lookalikes += look
            record = {"id": f"J-{i:05d}", "district": rng.choice(COMPLEXES[:4]), "text": " ".join(parts)}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def notes(path: Path, rng: random.Random, planted: Planted, n: int = 20_000) -> None:
    from faker import Faker

    fake = Faker("en_GB")
    fake.seed_instance(rng.randint(0, 10**6))
    rows = [fake.sentence(nb_words=rng.randint(3, 12)) if rng.random() < 0.6 else rng.choice(["ok", "", ""])
            for _ in range(n)]  # fmt: skip
    values = [_phone(rng), f"{fake.user_name()}@{fake.free_email_domain()}", _egn(rng, _born(rng)), fake.name(),
              _phone(rng)]  # fmt: skip
    for value, row in zip(values, rng.sample(range(n), len(values)), strict=True):
        rows[row] = f"{fake.sentence(nb_words=4)} Contact: {value}."
    planted.direct.setdefault(path.name, set()).update(values)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["entry", "note"])
        writer.writerows([[i, note] for i, note in enumerate(rows)])


def register(path: Path, rng: random.Random, planted: Planted, n: int = 2000) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["c01", "c02", "c03", "c04"])
        for _ in range(n):
            born = _born(rng)
            number = _egn(rng, born)
            planted.direct.setdefault(path.name, set()).add(number)
            writer.writerow([number, rng.choice(COMPLEXES), born.strftime("%d.%m.%Y"), rng.randint(1, 6)])


def payments(path: Path, rng: random.Random, planted: Planted, n: int = 3000) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    from faker import Faker

    fake = Faker("bg_BG")
    fake.seed_instance(rng.randint(0, 10**6))
    names = [fake.name() for _ in range(n)]
    ibans = [_iban(rng) for _ in range(n)]
    planted.direct.setdefault(path.name, set()).update(names + ibans)
    table = pa.table({
        "payer": names, "iban": ibans, "amount": [round(rng.uniform(5, 900), 2) for _ in range(n)],
        "purpose": [rng.choice(["данък сгради", "такса смет", "глоба", "наем"]) for _ in range(n)],
    })  # fmt: skip
    pq.write_table(table, path)


def released_texts(path: Path) -> list[str]:
    """Every cell of a released file as text (the release's own formats)."""
    from rightskit.anonymise.audit import read_tables

    out = []
    for table in read_tables(path):
        for batch in table.batches:
            for column in table.to_fields(batch).values():
                out += [str(v) for v in column.values.to_pylist() if v is not None]
    return out


def smallest_class(path: Path, quasi: list[str]) -> int | None:
    if not quasi:
        return None
    from rightskit.anonymise.audit import read_tables

    rows: list[tuple] = []
    for table in read_tables(path):
        for batch in table.batches:
            fields = table.to_fields(batch)
            columns = [fields[q].values.to_pylist() for q in quasi if q in fields]
            rows += list(zip(*columns, strict=True))
    return min(Counter(rows).values()) if rows else None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", type=Path, help="write the corpus and releases here instead of a temporary folder")
    args = parser.parse_args()
    from rightskit.anonymise.release import ReleaseRefusedError
    from rightskit.api import anonymise, make_plan

    work = args.keep or Path(tempfile.mkdtemp(prefix="rk-release-corpus-"))
    work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    planted = Planted()
    files = {
        "guests.xlsx": guests, "complaints.jsonl": complaints, "notes.csv": notes, "register.csv": register,
        "payments.parquet": payments,
    }  # fmt: skip
    for name, make in files.items():
        make(work / name, rng, planted)
    texts: list[str] = []
    leaked: list[str] = []
    total = sum(len(v) for v in planted.direct.values())
    print(f"corpus: {work} (seed {args.seed}), {total:,} direct-identifier values planted")
    print("| file | result | quasi-identifiers | smallest class |")
    print("| --- | --- | --- | --- |")
    for name in files:
        src = work / name
        out = work / f"release-{src.stem}"
        shutil.rmtree(out, ignore_errors=True)
        plan = make_plan([str(src)])
        quasi = [fp.field for fp in plan.inputs.get(str(src), []) if fp.action == "generalise"]
        try:
            anonymise([str(src)], str(out), plan=plan)
        except ReleaseRefusedError as exc:
            print(f"| {name} | refused: {str(exc).splitlines()[0]} | {', '.join(quasi) or '—'} | — |")
            continue
        cells = released_texts(out / name)
        texts += cells
        own = "\n".join(cells)
        leaked += sorted(v for v in planted.direct.get(name, ()) if v in own)
        k = smallest_class(out / name, quasi)
        print(f"| {name} | written, {len(cells):,} cells | {', '.join(quasi) or '—'} | {k if k is not None else '—'} |")
    blob = "\n".join(texts)
    names_left = sum(n in blob for n in planted.names)
    addresses_left = sum(a in blob for a in planted.addresses)
    kept = sum(phrase in blob for phrase in planted.lookalikes)
    from rightskit.masking import shape

    print()
    print(
        f"direct-identifier values in releases: {len(leaked)}"
        + (f" ({', '.join(map(shape, leaked[:5]))})" if leaked else "")
    )
    print(f"names left in texts: {names_left} of {len(planted.names)} ({names_left / len(planted.names):.1%})")
    print(f"addresses left in texts: {addresses_left} of {len(planted.addresses)} "
          f"({addresses_left / len(planted.addresses):.1%})")  # fmt: skip
    print(f"look-alike phrases kept: {kept} of {len(planted.lookalikes)} ({kept / len(planted.lookalikes):.1%})")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
