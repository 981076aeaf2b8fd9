"""Full scans of a register's phone numbers from every EU country, every number distinct (issue 20: "phones, the
BG/EU numbering plans as vectorised rules, libphonenumber only for what they cannot decide").

Run: python bench/eu_phones.py [--rows N] [--repeat N]
Writes bench/data/eu_phones_<rows>.csv when missing (seeded; each number one of libphonenumber's example numbers of
its region and type with its last four digits drawn anew, written in E.164, in the international format or after
"00"), then prints pyarrow's read and ``rightskit scan --full``, best of ``--repeat``, and their ratio.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

HERE = Path(__file__).parent
DATA = HERE / "data"
sys.path.insert(0, str(HERE))

from run import _rightskit  # noqa: E402
from scale import FLOOR, timed  # noqa: E402

EU = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT",
      "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"]  # fmt: skip


def _numbers(rng: random.Random, rows: int) -> list[str]:
    import phonenumbers

    types = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)
    examples = {r: [n for t in types if (n := phonenumbers.example_number_for_type(r, t))] for r in EU}
    seen: set[str] = set()
    out = []
    while len(out) < rows:
        example = rng.choice(examples[rng.choice(EU)])
        nsn = phonenumbers.national_significant_number(example)
        nsn = nsn[:-4] + "".join(rng.choice("0123456789") for _ in range(4))
        number = phonenumbers.parse(f"+{example.country_code}{nsn}")
        written = rng.choice(
            [
                phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
                phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
                "00" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[1:],
            ]
        )
        if written not in seen:
            seen.add(written)
            out.append(written)
    return out


def dataset(rows: int) -> Path:
    path = DATA / f"eu_phones_{rows}.csv"
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        rng = random.Random(46)
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["id", "phone"])
            writer.writerows([f"C{i:07d}", phone] for i, phone in enumerate(_numbers(rng, rows)))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = dataset(args.rows)
    read, _ = timed([sys.executable, "-c", FLOOR["csv"].format(path=str(path))], args.repeat)
    full, peak = timed([*_rightskit(), "scan", str(path), "--full", "--format", "json", "-o", "/dev/null"], args.repeat)
    print(f"{path.name}: {args.rows:,} rows, {path.stat().st_size / 1e6:.0f} MB")
    print(f"pyarrow read {read:.2f} s; scan --full {full:.2f} s = {full / read:.1f}x the read, peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
