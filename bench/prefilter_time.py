"""Time of the text pre-filters on one prose column, in process: every text recognizer's ``prefilter`` (as a
full scan runs them on a batch) and ``needs_analysis`` (as a release runs it), best of 5, after a warm-up.

Run: PYTHONPATH=<tree> python bench/prefilter_time.py FILE.csv [COLUMN]   (default column: comment, as
``gen_realistic.py`` writes it). Prints the seconds and how many texts each step kept, so two trees can be
compared on the same column: the counts must agree.
"""

from __future__ import annotations

import sys
import time

import pyarrow.csv as pacsv

from rightskit.detect.detector import default_detector
from rightskit.detect.text import needs_analysis, text_recognizers
from rightskit.detect.wordsplit import TextWords


def main() -> None:
    column = pacsv.read_csv(sys.argv[1])[sys.argv[2] if len(sys.argv) > 2 else "comment"].combine_chunks()
    detector = default_detector()
    recognizers = text_recognizers(detector)
    warm = column[:2000]
    for rec in recognizers:
        rec.prefilter(warm, TextWords(warm))  # patterns compiled, lexicons loaded
    best_prefilters = best_needs = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        words = TextWords(column)
        masks = [rec.prefilter(column, words) for rec in recognizers]
        best_prefilters = min(best_prefilters, time.perf_counter() - start)
        start = time.perf_counter()
        needed = needs_analysis(column, detector)
        best_needs = min(best_needs, time.perf_counter() - start)
    kept = sum(int(m.to_numpy(zero_copy_only=False).sum()) for m in masks)
    print(
        f"{len(column)} texts: pre-filters {best_prefilters:.3f} s (kept {kept}), "
        f"needs_analysis {best_needs:.3f} s (kept {int(needed.to_numpy(zero_copy_only=False).sum())})"
    )


if __name__ == "__main__":
    main()
