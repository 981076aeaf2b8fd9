"""Build the place gazetteers (development time only): the Bulgarian Cyrillic ``places_world.txt.gz`` and, given
GeoNames' ``cities15000.txt``, ``places_multiword.txt.gz``.

    pip install --target /tmp/pl babel==2.18.0 pycountry==26.2.16
    PYTHONPATH=.:/tmp/pl python -m rightskit.detect.places_build
    PYTHONPATH=.:/tmp/pl python -m rightskit.detect.places_build --geonames cities15000.txt

Countries and territories as Bulgarian writes them (Unicode CLDR through babel, Unicode licence), the cities
CLDR names in Bulgarian for Europe's time zones and the other world cities that are no name in the name
lexicons ("Дарвин" and "Дейвис" stay people), and the subdivisions ISO 3166-2 translates into Bulgarian (the
Debian iso-codes through pycountry, LGPL-2.1: "Северна Каролина", "Калабрия"), again less the names of people
but for the US states. One name per line, sorted;
gzip without a timestamp, so the build is deterministic. Hand-written places stay in ``places.yaml``.

``places_multiword.txt.gz`` holds place names of two to four capitalised words, in Latin or Cyrillic letters,
that keep the name finder from reading a place as a person ("San Mateo", "Port St. Lucie", "Kings Lynn"): the
names and alternate names of GeoNames' cities of 15,000 people or more (CC BY) and the
countries and territories CLDR names in the languages of the EU and its neighbours. A name that may be a person's, a
listed given name first (accents aside: "Diego Garcia", "Eva Perón", "Piet Retief", and so "Ann Arbor" and "El
Centro" too), is left out: a person so named must still be found, and the lists hold too few surnames to tell.
Single words are never taken: one word that is a town is as often a surname.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from pathlib import Path

HERE = Path(__file__).parent
TARGET = HERE / "places_world.txt.gz"
MULTIWORD_TARGET = HERE / "places_multiword.txt.gz"
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


# The EU's languages and its neighbours' (CLDR locales)
_LANGUAGES = ("bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv", "mt")
_LANGUAGES += ("nl", "pl", "pt", "ro", "sk", "sl", "sv", "ru", "uk", "sr", "mk", "tr", "sq", "no", "is", "ca")
_CAPITALISED_WORD = re.compile(r"^[^\W\d_][\w'’.-]*$")


def _latin_or_cyrillic(name: str) -> bool:
    return all(c.isascii() or "\u00c0" <= c <= "\u024f" or "\u0400" <= c <= "\u04ff" or c == "’" for c in name)


def _multiword(name: str) -> str | None:
    """``name`` as the finder reads a run of capitalised words, or None when it is no such run."""
    words = name.split()
    if not 2 <= len(words) <= 4 or not _latin_or_cyrillic(name):
        return None
    return " ".join(words) if all(_CAPITALISED_WORD.match(w) and w[0].isupper() for w in words) else None


def _multiword_names(geonames: Path) -> set[str]:
    from babel import Locale

    from rightskit.detect.names.finder import _place_first_word
    from rightskit.detect.names.lexicon import first_names, lookup_key

    def listed(word: str, names: frozenset[str]) -> bool:  # "Perón" as "Peron": the lists miss many accents
        bare = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
        return lookup_key(word) in names or lookup_key(bare) in names

    found: set[str] = set()
    with geonames.open(encoding="utf-8") as fh:
        for line in fh:
            fields = line.rstrip("\n").split("\t")
            found.update(fields[1:3], fields[3].split(","))
    for language in _LANGUAGES:
        found.update(name for code, name in Locale(language).territories.items() if not code.isdigit())

    def person(words: list[str]) -> bool:  # "San Jose" is a place by its first word, whatever the lists say
        return not _place_first_word(words[0]) and listed(words[0], first_names())

    names = {n for n in map(_multiword, found) if n}
    return {n for n in names if not person(n.split(" "))}


def _write(target: Path, names: set[str]) -> None:
    with gzip.GzipFile(target, "wb", mtime=0) as fh:
        fh.write(("\n".join(sorted(names)) + "\n").encode("utf-8"))
    print(f"{target.name}: {len(names)} places")


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--geonames", type=Path, help="GeoNames' cities15000.txt: build places_multiword.txt.gz")
    args = parser.parse_args()
    if args.geonames:
        _write(MULTIWORD_TARGET, _multiword_names(args.geonames))
    else:
        _write(TARGET, _names())


if __name__ == "__main__":
    main()
