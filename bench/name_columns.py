"""Name columns of every EU/EEA language Faker writes, and look-alike columns, scanned as files (issue 17).

Each locale gives columns of 60 distinct names under a header that says nothing ("c1"), in four orders (given
family, family given, "Family, Given", given FAMILY), several seeds each; the look-alikes are columns of the same
locales' company names, street names, towns and job titles. Names come from Faker's per-locale lists, a source
independent of the lexicons (names-dataset). A column counts as found when the scan reports PERSON on it.

Usage: python bench/name_columns.py [--seeds 5] [--first-seed 3] [--rows 60] [--show]
"""

from __future__ import annotations

import argparse
import csv
import tempfile
from collections import defaultdict
from pathlib import Path

# Faker's locales for the EU and EEA languages (Irish and Maltese have none) and Turkish, Bulgaria's largest minority.
LOCALES = [
    "bg_BG", "cs_CZ", "da_DK", "de_DE", "de_AT", "el_GR", "en_GB", "en_IE", "es_ES", "et_EE", "fi_FI", "fr_FR",
    "hr_HR", "hu_HU", "it_IT", "lt_LT", "lv_LV", "nl_NL", "nl_BE", "pl_PL", "pt_PT", "ro_RO", "sk_SK", "sl_SI",
    "sv_SE", "no_NO", "tr_TR",
]  # fmt: skip
ORDERS = {
    "given family": "{first} {last}",
    "family given": "{last} {first}",
    "family, given": "{last}, {first}",
    "given FAMILY": "{first} {LAST}",
}
_SLUG = {order: f"names{i}" for i, order in enumerate(ORDERS)}
LOOK_ALIKES = {"company": "company", "street": "street_name", "town": "city", "job": "job"}


def _distinct(make, rows: int) -> list[str]:
    out: dict[str, None] = {}
    for _ in range(rows * 20):
        out[make()] = None
        if len(out) == rows:
            break
    return list(out)


def write_columns(root: Path, seeds: range, rows: int) -> dict[str, tuple[str, str]]:
    from faker import Faker

    files: dict[str, tuple[str, str]] = {}
    for locale in LOCALES:
        fake = Faker(locale)
        for seed in seeds:
            fake.seed_instance(1000 + seed)
            for order, fmt in ORDERS.items():

                def name(fmt: str = fmt, fake: Faker = fake) -> str:
                    first, last = fake.first_name(), fake.last_name()
                    return fmt.format(first=first, last=last, LAST=last.upper())

                files[f"{locale}-{_SLUG[order]}-{seed}.csv"] = (locale, f"names: {order}")
                _write(root / list(files)[-1], _distinct(name, rows))
            for kind, provider in LOOK_ALIKES.items():
                files[f"{locale}-{kind}-{seed}.csv"] = (locale, f"look-alike: {kind}")
                _write(root / list(files)[-1], _distinct(getattr(fake, provider), rows))
    return files


def _write(path: Path, values: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["c1", "c2"])
        writer.writerows([v, str(i)] for i, v in enumerate(values))


def main() -> None:
    from rightskit.api import scan

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--first-seed", type=int, default=3, help="seeds 0-2 were read while the rules were built")
    parser.add_argument("--rows", type=int, default=60)
    parser.add_argument("--show", action="store_true", help="print the first values of the columns read wrong")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = write_columns(root, range(args.first_seed, args.first_seed + args.seeds), args.rows)
        person = {Path(f.path).name for f in scan(root).findings if f.entity_type == "PERSON" and f.field == "c1"}
        if args.show:
            for name, (_locale, kind) in files.items():
                if (name in person) != kind.startswith("names"):
                    head = (root / name).read_text(encoding="utf-8").splitlines()[1:5]
                    print(f"{name} ({kind}): {[line.rsplit(',', 1)[0] for line in head]}")
    found: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for name, (locale, kind) in files.items():
        cell = found[(locale, "names" if kind.startswith("names") else kind)]
        cell[0] += name in person
        cell[1] += 1
    names = [v for (_, k), v in found.items() if k == "names"]
    print(f"name columns found as PERSON: {sum(v[0] for v in names)}/{sum(v[1] for v in names)}")
    for locale in LOCALES:
        hit, total = found[(locale, "names")]
        alike = {k.split(": ")[1]: f"{v[0]}/{v[1]}" for (loc, k), v in found.items() if loc == locale and k != "names"}
        print(f"  {locale}: names {hit}/{total} = {hit / total:.2f}; look-alikes read as PERSON {alike}")
    for kind in LOOK_ALIKES:
        cells = [v for (_, k), v in found.items() if k == f"look-alike: {kind}"]
        print(f"look-alike {kind} columns read as PERSON: {sum(v[0] for v in cells)}/{sum(v[1] for v in cells)}")


if __name__ == "__main__":
    main()
