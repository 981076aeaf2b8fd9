"""The realistic-cardinality dataset of the speed work (issue 20): every identifier and every comment distinct.

Run: python bench/gen_realistic.py [ROWS] [OUT]   (default 1,000,000 rows → bench/data/realistic_1m.csv)

Twelve columns as a municipal register holds them — first and last name (Faker's en_US and bg_BG lists, so names
repeat as real names do), e-mail, phone, ЕГН, IBAN, city, postcode, birth date, a free-text comment and an amount.
Each e-mail, phone, ЕГН, IBAN and comment is distinct: a scan cannot memoise its way through the file, unlike
``gen_large.py`` whose values come from pools of 20,000 (kept as the labelled best case). Comments are English
sentences of 4 to 40 words from Faker's lorem list; one in five holds an entity (a name, e-mail, phone, IBAN or
ЕГН). Seeded; check digits from python-stdnum's algorithms, computed here in bulk.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).parent))
from gen_large import write

_EGN_WEIGHTS = np.array([2, 4, 8, 5, 10, 9, 7, 3, 6])


def _distinct(rng: np.random.Generator, space: int, rows: int) -> np.ndarray:
    """``rows`` distinct integers below ``space``."""
    picked = np.unique(rng.integers(0, space, int(rows * 1.2) + 1000))
    rng.shuffle(picked)
    assert len(picked) >= rows, "space too small"
    return picked[:rows]


def _egns(rng: np.random.Generator, rows: int) -> tuple[list[str], list[str]]:
    """Distinct checksum-valid ЕГН and the birth dates they encode."""
    born = np.datetime64("1940-01-01") + rng.integers(0, 365 * 66, rows).astype("timedelta64[D]")
    serial = _distinct(rng, 1000 * 24_000, rows) % 1000  # distinct (date, serial) pairs below
    dates = born.astype(str)
    egns, births = [], []
    seen: set[str] = set()
    for d, s in zip(dates, serial, strict=True):
        y, m, day = int(d[:4]), int(d[5:7]), int(d[8:10])
        mm = m + 40 if y >= 2000 else m
        body = f"{y % 100:02d}{mm:02d}{day:02d}{s:03d}"
        while body in seen:  # a rare collision of (date, serial): the next serial
            s = (s + 1) % 1000
            body = f"{y % 100:02d}{mm:02d}{day:02d}{s:03d}"
        seen.add(body)
        check = sum(int(c) * w for c, w in zip(body, _EGN_WEIGHTS, strict=True)) % 11 % 10
        egns.append(body + str(check))
        births.append(d)
    return egns, births


def _ibans(rng: np.random.Generator, rows: int) -> list[str]:
    banks = ["UNCR", "BNBG", "STSA", "FINV", "RZBB", "UBBS", "CECB", "BPBI"]
    account = _distinct(rng, 10**14, rows)
    out = []
    for i, acc in enumerate(account):
        bban = f"{banks[i % len(banks)]}{acc:014d}"
        digits = "".join(str(int(c, 36)) for c in bban + "BG00")
        out.append(f"BG{98 - int(digits) % 97:02d}{bban}")
    return out


def build(rows: int, seed: int = 11) -> pa.Table:
    from faker.providers.lorem.en_US import Provider as Lorem
    from faker.providers.person.bg_BG import Provider as BgPerson
    from faker.providers.person.en_US import Provider as EnPerson

    rng = np.random.default_rng(seed)

    # Faker's lists hold a few oddities ("Диван(надядодианидядоиван)"): names are letters and hyphens here.
    def names(*lists: object) -> np.ndarray:
        return np.array([n for lst in lists for n in lst if n.replace("-", "").isalpha()], dtype=object)

    firsts = names(EnPerson.first_names, BgPerson.first_names)
    lasts = names(EnPerson.last_names, BgPerson.last_names)
    first = firsts[rng.integers(0, len(firsts), rows)]
    last = lasts[rng.integers(0, len(lasts), rows)]
    egn, born = _egns(rng, rows)
    prefixes = ("87", "88", "89", "98")  # Bulgarian mobile ranges
    phones = [f"0{prefixes[d // 10**7]}{d % 10**7:07d}" for d in _distinct(rng, 4 * 10**7, rows)]
    for i in range(0, rows, 3):
        p = phones[i]
        phones[i] = f"+359 {p[1:3]} {p[3:6]} {p[6:]}"  # a third written internationally, with spaces
    domains = ["abv.bg", "gmail.com", "mail.bg", "yahoo.com", "dir.bg", "outlook.com"]
    emails = [
        f"{f.lower()}.{la.lower()}{i}@{domains[i % len(domains)]}".replace(" ", "")
        for i, (f, la) in enumerate(zip(first, last, strict=True))
    ]
    ibans = _ibans(rng, rows)
    cities = np.array(["Sofia", "Plovdiv", "Varna", "Burgas", "Ruse", "Stara Zagora", "Pleven", "Sliven",
                       "Dobrich", "Shumen", "Pernik", "Haskovo", "Yambol", "Pazardzhik", "Blagoevgrad"], dtype=object)  # fmt: skip
    words = np.array(list(Lorem.word_list), dtype=object)
    lengths = rng.integers(4, 41, rows)
    starts = rng.integers(0, len(words), (rows, 40))
    with_entity = rng.random(rows) < 0.2
    kind = rng.integers(0, 5, rows)
    comments = []
    for i in range(rows):
        text = " ".join(words[starts[i, : lengths[i]]]).capitalize()
        if with_entity[i]:
            entity = (f"{first[(i * 7) % rows]} {last[(i * 13) % rows]}", emails[(i * 17) % rows],
                      phones[(i * 19) % rows], ibans[(i * 23) % rows], f"ЕГН {egn[(i * 29) % rows]}")[kind[i]]  # fmt: skip
            cut = int(lengths[i]) // 2
            parts = text.split(" ")
            text = " ".join([*parts[:cut], entity, *parts[cut:]])
        comments.append(f"{text} (ref {i})." if i % 2 else f"{text}.")
    return pa.table({
        "first_name": pa.array(first, pa.string()),
        "last_name": pa.array(last, pa.string()),
        "email": pa.array(emails, pa.string()),
        "phone": pa.array(phones, pa.string()),
        "egn": pa.array(egn, pa.string()),
        "iban": pa.array(ibans, pa.string()),
        "city": pa.array(cities[rng.integers(0, len(cities), rows)], pa.string()),
        "postcode": pa.array((rng.integers(1000, 9999, rows)).astype(str), pa.string()),
        "birth_date": pa.array(born, pa.string()),
        "comment": pa.array(comments, pa.string()),
        "amount": pa.array(np.round(rng.uniform(1, 5000, rows), 2).astype(str), pa.string()),
        "case_id": pa.array([f"C-{i:07d}" for i in range(rows)], pa.string()),
    })  # fmt: skip


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    default = Path(__file__).parent / "data" / f"realistic_{rows // 1_000_000}m.csv"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else default
    out.parent.mkdir(parents=True, exist_ok=True)
    write(build(rows), out)
    print(f"wrote {rows} rows to {out} ({out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
