"""Full scans of a register's phone numbers from every EU country, every number distinct (issue 20: "phones, the
BG/EU numbering plans as vectorised rules, libphonenumber only for what they cannot decide").

Run: python bench/eu_phones.py [--rows N] [--repeat N]
Writes bench/data/eu_phones_<rows>.csv when missing (seeded; each number one of libphonenumber's example numbers of
its region and type with its last four digits drawn anew, written in E.164, in the international format or after
"00"), then prints pyarrow's read and ``rightskit scan --full``, best of ``--repeat``, and their ratio.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).parent
DATA = HERE / "data"
sys.path.insert(0, str(HERE))

from scale import full_scan_against_read, written_once  # noqa: E402

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
    def numbered() -> Iterator[list[str]]:
        return ([f"C{i:07d}", phone] for i, phone in enumerate(_numbers(random.Random(46), rows)))

    return written_once(DATA / f"eu_phones_{rows}.csv", ["id", "phone"], numbered)


if __name__ == "__main__":
    full_scan_against_read(__doc__, dataset)
