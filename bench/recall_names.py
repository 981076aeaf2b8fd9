"""What a release's name recall adds to the rules' names, on real news and on a released file.

Run: python bench/recall_names.py [--bsnlp DIR] [--released FILE.csv --column comment]

* ``--bsnlp``: the BSNLP 2021 Bulgarian test set with its annotations (``../shared/corpus-dev/text-bsnlp``, read
  when it is there). Every span ``recall_person_spans`` gives beyond ``find_person_spans`` is counted, and sorted
  by what it falls on: an annotated person form (equal, inside or around it, case-blind), a form of another type,
  or nothing annotated. A release redacts these spans; a scan reports only the rules' names.
* ``--registers``: a folder of real open-data registers (CSV; ``bench/registers``' development set): the spans
  added in every cell of eight characters or more with a space, per file, with examples. Most of its cells are
  names of places, bodies and people in their own columns, which a release plans otherwise; a register's free
  text would be redacted so.
* ``--released``: a released CSV (``rightskit anonymise``); the pairs of capitalised words left in one column,
  not at the start of a text, by script (Cyrillic or Latin, first word and second): on the realistic 1M-row
  file's comments, what is left of the names planted in them (their words are lorem otherwise, in lower case).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

BSNLP = Path(__file__).resolve().parents[2] / "shared" / "corpus-dev" / "text-bsnlp"
_PAIR = re.compile(r"(?<=\s)([A-ZА-Я][a-zа-я]+) ([A-ZА-Я][a-zа-я]+)")


def added_spans(text: str) -> list[tuple[int, int]]:
    """The spans a release's name recall redacts in ``text`` beyond the rules' names."""
    from rightskit.detect.names.finder import find_person_spans, recall_person_spans

    rules = {(start, end) for start, end, *_ in find_person_spans(text)}
    return [span for span in recall_person_spans(text) if span not in rules]


def bsnlp_extra(data: Path) -> None:
    sys.path.insert(0, str(data))
    from score import load_docs  # the corpus's own loader: one document per distinct text

    docs, _duplicates = load_docs(data, None)
    kinds: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    for doc in docs:
        text = doc["text"]
        forms = {
            kind: {f.casefold() for f in doc["forms"].get(kind, ())} for kind in ("PER", "LOC", "ORG", "EVT", "PRO")
        }
        for start, end in added_spans(text):
            span = text[start:end].casefold()
            kind = next((k for k, fs in forms.items() if any(span == f or span in f or f in span for f in fs)), "none")
            kinds[kind] += 1
            examples.setdefault(kind, []).append(text[start:end])
    total = sum(kinds.values())
    print(f"BSNLP, {len(docs)} documents: the recall adds {total} spans to the rules' names")
    for kind, n in kinds.most_common():
        print(f"  on {'a person' if kind == 'PER' else kind if kind != 'none' else 'nothing annotated'}: {n}"
              f" (e.g. {', '.join(examples[kind][:4])})")  # fmt: skip


def registers_extra(folder: Path) -> None:
    csv.field_size_limit(1 << 30)
    added: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    cells = 0
    for path in sorted(folder.glob("*.csv")):
        with path.open(newline="", encoding="utf-8", errors="replace") as fh:
            head = fh.readline()
            fh.seek(0)
            delimiter = max(",;\t", key=head.count)
            for row in csv.reader(fh, delimiter=delimiter):
                for cell in row:
                    if len(cell) < 8 or " " not in cell:
                        continue
                    cells += 1
                    for start, end in added_spans(cell):
                        added[path.name] += 1
                        examples.setdefault(path.name, []).append(cell[start:end])
    print(f"registers, {cells:,} cells: the recall adds {sum(added.values()):,} spans to the rules' names")
    for name, n in added.most_common():
        print(f"  {name}: {n} (e.g. {', '.join(dict.fromkeys(examples[name][:12]))})")


def pairs_left(released: Path, column: str) -> None:
    by_script: Counter[tuple[str, str]] = Counter()
    rows = 0
    with released.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rows += 1
            for m in _PAIR.finditer(row.get(column) or ""):
                by_script[tuple("Cyrillic" if re.match("[А-Я]", w) else "Latin" for w in m.groups())] += 1
    print(f"{released}: {sum(by_script.values()):,} pairs of capitalised words left in {rows:,} rows of {column}")
    for (first, second), n in by_script.most_common():
        print(f"  {first} + {second}: {n:,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bsnlp", type=Path, default=BSNLP)
    parser.add_argument("--registers", type=Path)
    parser.add_argument("--released", type=Path)
    parser.add_argument("--column", default="comment")
    args = parser.parse_args()
    if (args.bsnlp / "manifest.json").exists():
        bsnlp_extra(args.bsnlp)
    else:
        print(f"no BSNLP corpus at {args.bsnlp}: skipped")
    if args.registers:
        registers_extra(args.registers)
    if args.released:
        pairs_left(args.released, args.column)


if __name__ == "__main__":
    main()
