"""Build the compact name lexicons shipped with rightskit (development time only).

    pip install names-dataset==3.3.1   # ~55 MB, Apache-2.0; needs ~3 GB of memory to load
    python -m rightskit.detect.names.build

Writes first_names.txt.gz and last_names.txt.gz beside this file: the names frequent in Bulgaria and in the
EU/EEA (and neighbours whose residents Sofia's registers list), one per line, lower-cased. Only names, no
person: the data set aggregates name frequencies by country. The evaluation data is generated from Faker's
name lists, a different source, so the evaluation does not measure the lexicon against itself.
"""

from __future__ import annotations

import gzip
import pickle
import re
from importlib.util import find_spec
from pathlib import Path

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
_WORD = re.compile(r"^[^\W\d_][^\W\d_'\-]{1,24}$")


def _select(data: dict, ranks: dict[str, int]) -> list[str]:
    out = set()
    for name, attrs in data.items():
        if not _WORD.match(name):
            continue
        rank = attrs.get("rank") or {}
        if any(rank.get(cc, 10**9) <= limit for cc, limit in ranks.items()):
            out.add(name.casefold())
    return sorted(out)


def main() -> None:
    spec = find_spec("names_dataset")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("install names-dataset first: pip install names-dataset==3.3.1")
    root = Path(next(iter(spec.submodule_search_locations))) / "v3"
    for kind, ranks in (("first", FIRST_NAME_RANKS), ("last", LAST_NAME_RANKS)):
        with gzip.open(root / f"{kind}_names.pkl.gz", "rb") as fh:
            data = pickle.load(fh)  # the names-dataset package's own data file
        names = _select(data, ranks)
        target = HERE / f"{kind}_names.txt.gz"
        with gzip.GzipFile(target, "wb", mtime=0) as out:
            out.write(("\n".join(names) + "\n").encode("utf-8"))
        print(f"{target.name}: {len(names)} names")


if __name__ == "__main__":
    main()
