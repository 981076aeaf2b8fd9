"""Build the compact name lexicons shipped with rightskit (development time only).

    pip install --target /tmp/nd names-dataset==3.3.1   # ~55 MB, Apache-2.0; needs ~3 GB of memory to load
    PYTHONPATH=.:/tmp/nd python -m rightskit.detect.names.build

Writes first_names.txt.gz and last_names.txt.gz beside this file, one lower-cased name per line:
* the names frequent in Bulgaria and in the EU/EEA (and neighbours whose residents Sofia's registers list), as
  names-dataset spells them (Latin with diacritics, Greek, Cyrillic);
* the same names of the Latin- and Greek-script countries transcribed into Bulgarian Cyrillic by the rules of
  ``translit.py`` ("Donald" → "доналд", "Biden" → "байдън"), deeper into the US and British rankings because
  Bulgarian news writes about their politicians. A transcription that is a word starting Bulgarian sentences
  (``not_first`` in words.yaml: "тази", "според") is left out. Filtering by a whole dictionary (hunspell-bg)
  was tried and dropped: it removed names that are also words ("Бил", "Барак", "Руди") and bought no
  precision on the development topic.
Only names, no person: the data set aggregates name frequencies by country. The evaluation data is generated
from Faker's name lists, a different source, so the evaluation does not measure the lexicon against itself.
Sources and licences: SOURCES.md.
"""

from __future__ import annotations

import gzip
import pickle
import re
from importlib.util import find_spec
from pathlib import Path

from rightskit.detect.names.translit import COUNTRY_LANGUAGE, transcribe

HERE = Path(__file__).parent
# Countries and how deep into each one's ranking to go (rank 1 = most frequent).
FIRST_NAME_RANKS = {"BG": 4000}
LAST_NAME_RANKS = {"BG": 8000}
EUROPE = ["AT", "BE", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GR", "HR", "HU", "IE", "IT", "LT",
          "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "NO", "IS", "CH", "RS", "MK", "TR", "UA",
          "RU", "MD", "AL", "US"]  # fmt: skip
for cc in EUROPE:
    FIRST_NAME_RANKS.setdefault(cc, 1500)
    LAST_NAME_RANKS.setdefault(cc, 2000)
# How deep to go for the Cyrillic transcriptions: Bulgarian news names American and British people most.
TRANSCRIBE_FIRST = {"US": 8000, "GB": 4000, "CA": 1500, "IE": 1000}
TRANSCRIBE_LAST = {"US": 8000, "GB": 4000, "CA": 1500, "IE": 1000}
for cc in [*EUROPE, "BR"]:
    TRANSCRIBE_FIRST.setdefault(cc, 1500)
    TRANSCRIBE_LAST.setdefault(cc, 1500)
COUNTRY_LANGUAGE_ALL = {**COUNTRY_LANGUAGE, "BR": "pt"}
_WORD = re.compile(r"^[^\W\d_][^\W\d_'\-]{1,24}$")
_GREEK = re.compile(r"[\u0370-\u03ff]")
_LATIN = re.compile(r"^[a-zA-Z\u00c0-\u024f'\-]+$")


def _select(data: dict, ranks: dict[str, int]) -> set[str]:
    out = set()
    for name, attrs in data.items():
        if not _WORD.match(name):
            continue
        rank = attrs.get("rank") or {}
        if any(rank.get(cc, 10**9) <= limit for cc, limit in ranks.items()):
            out.add(name.casefold())
    return out


def _transcribed(data: dict, ranks: dict[str, int], common: frozenset[str]) -> set[str]:
    """Bulgarian Cyrillic readings of the Latin and Greek names ranked within ``ranks``, in each of their
    countries' languages, less ordinary Bulgarian words."""
    out: set[str] = set()
    for name, attrs in data.items():
        if not _WORD.match(name):
            continue
        rank = attrs.get("rank") or {}
        langs = {
            "el" if _GREEK.search(name) else COUNTRY_LANGUAGE_ALL.get(cc)
            for cc, limit in ranks.items()
            if rank.get(cc, 10**9) <= limit
        }
        if _GREEK.search(name):
            langs = {"el"} if langs else set()
        elif not _LATIN.match(name):
            continue
        for lang in sorted(filter(None, langs)):
            out.update(r.casefold() for r in transcribe(name, lang) if len(r) > 2)
    return {w for w in out if w not in common}


def _not_first_words() -> frozenset[str]:
    """The words that start sentences and are never first names here (words.yaml): no transcription may be one."""
    from rightskit.detect.names.finder import _words

    return _words()["not_first"]


def main() -> None:
    spec = find_spec("names_dataset")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("install names-dataset first: pip install names-dataset==3.3.1")
    root = Path(next(iter(spec.submodule_search_locations))) / "v3"
    common = _not_first_words()
    plan = (("first", FIRST_NAME_RANKS, TRANSCRIBE_FIRST), ("last", LAST_NAME_RANKS, TRANSCRIBE_LAST))
    for kind, ranks, transcribe_ranks in plan:
        with gzip.open(root / f"{kind}_names.pkl.gz", "rb") as fh:
            data = pickle.load(fh)  # the names-dataset package's own data file
        names = _select(data, ranks)
        extra = _transcribed(data, transcribe_ranks, common) - names
        target = HERE / f"{kind}_names.txt.gz"
        write_lexicon(target, names | extra)
        print(f"{target.name}: {len(names)} names and {len(extra)} Bulgarian transcriptions")


def write_lexicon(target: Path, names: set[str]) -> None:
    """One name per line, with the Greek names also in the form they are looked up by (``greek_key``): built
    here once, not at every start."""
    from rightskit.detect.names.lexicon import greek_key

    keys = {greek_key(n) for n in names if _GREEK.search(n)}
    with gzip.GzipFile(target, "wb", mtime=0) as out:
        out.write(("\n".join(sorted(names | keys)) + "\n").encode("utf-8"))


if __name__ == "__main__":
    main()
