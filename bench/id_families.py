"""Full scans of identifier families beyond the realistic file's, every value distinct (issue 20: vectorised
validation for every identifier family): payment cards, IPv4 and IPv6 addresses, coordinates, Bulgarian plates and
EU national numbers (PESEL, CNP, OIB, personnummer, HETU, DNI, NIR, codice fiscale).

Run: python bench/id_families.py [--rows N] [--repeat N]
Writes bench/data/id_families_<rows>.csv when missing (seeded; check digits by python-stdnum, the reference the
detectors are held to, never by rightskit), then prints pyarrow's read and ``rightskit scan --full``, best of
``--repeat``, and their ratio.
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

COLUMNS = [
    "card",
    "pesel",
    "cnp",
    "oib",
    "ipv4",
    "personnummer",
    "hetu",
    "dni",
    "nir",
    "codice",
    "ipv6",
    "lat_lon",
    "plate",
]


def _row(rng: random.Random) -> list[str]:
    from stdnum import luhn
    from stdnum.es import dni
    from stdnum.fi import hetu
    from stdnum.fr import nir
    from stdnum.iso7064 import mod_11_10
    from stdnum.it import codicefiscale
    from stdnum.pl import pesel
    from stdnum.ro import cnp

    def digits(n: int) -> str:
        return "".join(rng.choice("0123456789") for _ in range(n))

    def born() -> tuple[int, int, int]:
        return rng.randint(1930, 2019), rng.randint(1, 12), rng.randint(1, 28)

    body = rng.choice(["4", "51", "37", "6011", "3530"])
    body += digits(15 - len(body))
    card = body + luhn.calc_check_digit(body)
    if rng.random() < 0.5:
        card = " ".join(card[i : i + 4] for i in range(0, 16, 4))
    year, month, day = born()
    body = f"{year % 100:02d}{month + (20 if year >= 2000 else 0):02d}{day:02d}{digits(4)}"
    pesel_number = body + pesel.calc_check_digit(body)
    year, month, day = born()
    sex = rng.choice("12") if year < 2000 else rng.choice("56")
    body = f"{sex}{year % 100:02d}{month:02d}{day:02d}{rng.randint(1, 46):02d}{digits(3)}"
    cnp_number = body + cnp.calc_check_digit(body)
    body = rng.choice("123456789") + digits(9)
    oib = body + mod_11_10.calc_check_digit(body)
    ip = ".".join(str(rng.randint(0, 255)) for _ in range(4))
    year, month, day = born()
    body = f"{year % 100:02d}{month:02d}{day:02d}{digits(3)}"
    personnummer = f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"
    year, month, day = born()
    body = f"{day:02d}{month:02d}{year % 100:02d}{rng.randint(2, 899):03d}"
    finnish = f"{body[:6]}{'-' if year < 2000 else 'A'}{body[6:]}{hetu._calc_checksum(body)}"
    body = digits(8)
    spanish = body + dni.calc_check_digit(body)
    year, month, day = born()
    body = f"{rng.choice('12')}{year % 100:02d}{month:02d}{rng.choice(['75', '13', '2A', '69'])}{digits(6)}"
    french = body + nir.calc_check_digits(body)
    year, month, day = born()
    body = "".join(rng.choice("BCDFGLMNPRSTVZ") for _ in range(6)) + f"{year % 100:02d}"
    body += "ABCDEHLMPRST"[month - 1] + f"{day + rng.choice([0, 40]):02d}" + rng.choice("ADFHLZ") + digits(3)
    italian = body + codicefiscale.calc_check_digit(body)
    ipv6 = ":".join(f"{rng.randint(0, 65535):x}" for _ in range(8))
    lat_lon = f"{rng.uniform(41.2, 44.2):.6f}, {rng.uniform(22.3, 28.6):.6f}"
    plate = f"{rng.choice(['СА', 'СВ', 'РВ', 'В', 'А', 'ВТ'])} {digits(4)} {rng.choice(['АВ', 'КХ', 'М', 'РР', 'ТТ'])}"
    return [
        card,
        pesel_number,
        cnp_number,
        oib,
        ip,
        personnummer,
        finnish,
        spanish,
        french,
        italian,
        ipv6,
        lat_lon,
        plate,
    ]


def dataset(rows: int) -> Path:
    def generated() -> Iterator[list[str]]:
        rng = random.Random(20)
        return (_row(rng) for _ in range(rows))

    return written_once(DATA / f"id_families_{rows}.csv", COLUMNS, generated)


if __name__ == "__main__":
    full_scan_against_read(__doc__, dataset)
