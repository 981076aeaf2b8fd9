"""Build the Bulgarian Cyrillic gazetteer ``places_world.txt.gz`` (development time only).

    pip install --target /tmp/pl babel==2.18.0 pycountry==26.2.16
    PYTHONPATH=.:/tmp/pl python -m rightskit.detect.places_build

Countries and territories as Bulgarian writes them (Unicode CLDR through babel, Unicode licence), the cities
CLDR names in Bulgarian for Europe's time zones and the other world cities that are no name in the name
lexicons ("Дарвин" and "Дейвис" stay people), and the subdivisions ISO 3166-2 translates into Bulgarian (the
Debian iso-codes through pycountry, LGPL-2.1: "Северна Каролина", "Калабрия"), again less the names of people
but for the US states. One name per line, sorted;
gzip without a timestamp, so the build is deterministic. Hand-written places stay in ``places.yaml``.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

HERE = Path(__file__).parent
TARGET = HERE / "places_world.txt.gz"
_CYRILLIC_NAME = re.compile(r"^[А-Я][А-Яа-я\-]+(?: [А-Яа-я][А-Яа-я\-]+){0,3}$")


def _names() -> set[str]:
    import gettext

    import pycountry
    from babel import Locale

    from rightskit.detect.names.lexicon import first_names, last_names

    bg = Locale("bg")
    out = {name for code, name in bg.territories.items() if not code.isdigit()}
    people = first_names() | last_names()
    for zone, data in bg.time_zones.items():
        city = data.get("city")
        if city and (zone.startswith("Europe/") or city.casefold() not in people):
            out.add(city)
    iso = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["bg"])
    for sub in pycountry.subdivisions:
        name = iso.gettext(sub.name)
        # A subdivision that is also a name ("Болтън", "Виктория") stays a name, except the US states the
        # news names every day ("Вирджиния").
        if name != sub.name and (sub.country_code == "US" or name.casefold() not in people):
            out.add(name)
    return {n for n in out if _CYRILLIC_NAME.match(n)}


def main() -> None:
    names = sorted(_names())
    with gzip.GzipFile(TARGET, "wb", mtime=0) as fh:
        fh.write(("\n".join(names) + "\n").encode("utf-8"))
    print(f"{TARGET.name}: {len(names)} places")


if __name__ == "__main__":
    main()
