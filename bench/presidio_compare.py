"""Side by side: rightskit and presidio's predefined recognizers on the same evaluation set, column level.

Run: python bench/presidio_compare.py [--rows N]

presidio is run the way users get it offline: no spaCy model (a no-op NLP engine, so its NER finds nothing),
its predefined recognizers for English, column verdicts as presidio-structured makes them (every sampled cell
analysed; the most common entity among the findings names the column; any finding counts). Two presidio
set-ups: its defaults, and its defaults plus every EU country recognizer it ships (ES, IT, PL, DE, FI, SE),
which are disabled by default. tldextract is pointed at its bundled suffix list so no network is tried.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from evaluate import EVALSET, LOOKALIKE_FILES, Score  # noqa: E402

# presidio names that mean the same as a label's entity type.
SAME = {"DATE_TIME": {"DATE_OF_BIRTH"}, "NRP": {"NATIONALITY"}}


def columns(rows: int) -> dict[tuple[str, str], list[str]]:
    """Sampled values per (file[#object], field), read with rightskit's readers and sampler."""
    from rightskit.sources.discover import discover
    from rightskit.sources.registry import dataset_format
    from rightskit.sources.sampling import sample_rows

    out: dict[tuple[str, str], list[str]] = {}
    for cand in discover([str(EVALSET)], ["*.py", "labels.yaml"]):
        fmt = dataset_format(cand.path.name)
        if fmt is None:
            continue
        opened = fmt[1](cand.path, cand.display, fmt[0])
        for table in opened.tables:
            key = cand.path.name if table.object is None else f"{cand.path.name}#{table.object}"
            for batch in sample_rows(table.batches, rows, 0).batches:
                for name, col in table.to_fields(batch).items():
                    values = [str(v) for v in col.values.to_pylist() if v not in (None, "")]
                    out.setdefault((key, name), []).extend(values)
    return out


def presidio_analyzer(eu: bool):
    import tldextract
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine.no_op_nlp_engine import NoOpNlpEngine

    offline = tldextract.TLDExtract(suffix_list_urls=())
    tldextract.extract = offline  # presidio's e-mail validator calls the module-level function
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(languages=["en"])
    # Without a model its NER recognizer finds nothing, and presidio refuses it beside the no-op engine.
    registry.remove_recognizer("SpacyRecognizer")
    if eu:
        from presidio_analyzer.predefined_recognizers import (
            DeTaxIdRecognizer,
            EsNieRecognizer,
            EsNifRecognizer,
            FiPersonalIdentityCodeRecognizer,
            ItFiscalCodeRecognizer,
            PlPeselRecognizer,
        )

        for cls in (DeTaxIdRecognizer, EsNieRecognizer, EsNifRecognizer, FiPersonalIdentityCodeRecognizer,
                    ItFiscalCodeRecognizer, PlPeselRecognizer):  # fmt: skip
            registry.add_recognizer(cls(supported_language="en"))  # their default is the country language
    nlp = NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "none"}])
    return AnalyzerEngine(registry=registry, nlp_engine=nlp, supported_languages=["en"])


def presidio_verdicts(cols: dict, eu: bool) -> tuple[dict[tuple[str, str], str], int, float]:
    analyzer = presidio_analyzer(eu)
    verdicts = {}
    cells = 0
    start = time.perf_counter()
    for key, values in cols.items():
        found: Counter[str] = Counter()
        for v in values:
            cells += 1
            for r in analyzer.analyze(v, language="en"):
                found[r.entity_type] += 1
        if found:
            verdicts[key] = found.most_common(1)[0][0]
    return verdicts, cells, time.perf_counter() - start


def rightskit_verdicts(rows: int) -> tuple[dict[tuple[str, str], str], float]:
    from rightskit import scan

    start = time.perf_counter()
    result = scan(str(EVALSET), exclude=["*.py", "labels.yaml"], sample=rows)
    took = time.perf_counter() - start
    best: dict[tuple[str, str], tuple[float, str]] = {}
    for f in result.findings:
        name = Path(f.path).name
        key = (name if f.object is None else f"{name}#{f.object}", f.field)
        if key not in best or f.confidence > best[key][0]:
            best[key] = (f.confidence, f.entity_type)
    return {k: v[1] for k, v in best.items()}, took


def score(verdicts: dict[tuple[str, str], str], labels: dict) -> tuple[Score, int]:
    total = Score()
    lookalike = 0
    for file, fields in labels.items():
        for field, truth in fields.items():
            got = verdicts.get((file, field))
            if truth and got:
                total.tp += 1
                total.type_ok += got in truth or bool(SAME.get(got, set()) & set(truth))
            elif truth:
                total.fn += 1
            elif got:
                total.fp += 1
                lookalike += file in LOOKALIKE_FILES
    return total, lookalike


def main() -> None:
    rows = int(sys.argv[sys.argv.index("--rows") + 1]) if "--rows" in sys.argv else 200
    labels = yaml.safe_load((EVALSET / "labels.yaml").read_text(encoding="utf-8"))
    cols = columns(rows)
    ours, our_time = rightskit_verdicts(rows)
    table = [("rightskit", *score(ours, labels), our_time, None)]
    for eu in (False, True):
        verdicts, cells, took = presidio_verdicts(cols, eu)
        table.append((f"presidio{' + EU recognizers' if eu else ' defaults'}", *score(verdicts, labels), took, cells))
    print(
        f"evaluation set, column level, {rows} sampled rows per table ({len(cols)} fields, {sum(map(len, cols.values()))} cells)"
    )
    print(
        f"{'':28} {'precision':>9} {'recall':>7} {'type acc.':>9} {'tp':>4} {'fp':>4} {'fn':>4} {'look-alike FP':>13} {'seconds':>8} {'cells/s':>8}"
    )
    for name, s, lookalike, took, cells in table:
        rate = f"{cells / took:8.0f}" if cells else f"{'-':>8}"
        print(
            f"{name:28} {s.precision:9.3f} {s.recall:7.3f} {s.type_accuracy:9.3f} {s.tp:4} {s.fp:4} {s.fn:4} {lookalike:13} {took:8.2f} {rate}"
        )


if __name__ == "__main__":
    main()
