"""Scale, side by side in one run: the 1M-row dataset as CSV, JSON Lines and Parquet.

Run: python bench/scale.py [--data realistic|pooled] [--rows N] [--formats csv,jsonl,parquet] [--presidio-rows N]
[--skip-presidio]
Generates the dataset when missing — ``realistic`` (the default: every identifier and comment distinct,
bench/gen_realistic.py → bench/data/realistic_1m.*) or ``pooled`` (values drawn from pools of 20,000, the labelled
best case, bench/gen_large.py → bench/data/large_1m.*) — and its 2M-row CSV, then measures whole processes, as a
user runs them (wall clock, best of ``--repeat`` (3), peak RSS of the largest process of its tree, from wait4):

* pyarrow's own read of the file (the floor: what any tool must at least spend);
* ``rightskit scan`` in sample mode and with ``--full``;
* ``rightskit anonymise`` with the default publication plan (scan → plan → release), in MB/s of input;
  Parquet's input is compressed, so its rate is also given per MB of the same rows written as CSV;
* the same scan --full and anonymise of the 2M-row CSV: peak memory must not grow with the file;
* presidio's BatchAnalyzerEngine (predefined recognizers, no spaCy model, as offline users get it) on the
  first ``--presidio-rows`` rows of the same data, every cell, extrapolated to the whole file.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

HERE = Path(__file__).parent
DATA = HERE / "data"
sys.path.insert(0, str(HERE))

from run import _rightskit  # noqa: E402

FLOOR = {
    "csv": "import pyarrow.csv as m; m.read_csv({path!r})",
    "jsonl": "import pyarrow.json as m; m.read_json({path!r})",
    "parquet": "import pyarrow.parquet as m; m.read_table({path!r})",
}


def timed(cmd: list[str], repeat: int, ok: tuple[int, ...] = (0, 1)) -> tuple[float, float]:
    """Best wall time over ``repeat`` runs, and the largest peak RSS (MB) among them. ``ok``: the exit codes of a
    run that did its work (a scan exits 1 when it finds something; a refused release is no release)."""
    best, peak = float("inf"), 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _pid, status, usage = os.wait4(proc.pid, 0)
        took = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) not in ok:
            raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode() if proc.stderr else ''}")
        best = min(best, took)
        peak = max(peak, usage.ru_maxrss / 1024)
    return best, peak


def full_scan_against_read(doc: str, dataset: Callable[[int], Path]) -> None:
    """A generated identifier bench's command line: its CSV (``dataset(rows)``, written once), pyarrow's read against
    ``rightskit scan --full``, best of ``--repeat``, and their ratio."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = dataset(args.rows)
    read, _ = timed([sys.executable, "-c", FLOOR["csv"].format(path=str(path))], args.repeat)
    full, peak = timed([*_rightskit(), "scan", str(path), "--full", "--format", "json", "-o", "/dev/null"], args.repeat)
    print(f"{path.name}: {args.rows:,} rows, {path.stat().st_size / 1e6:.0f} MB")
    print(f"pyarrow read {read:.2f} s; scan --full {full:.2f} s = {full / read:.1f}x the read, peak RSS {peak:.0f} MB")


def written_once(path: Path, header: list[str], rows: Callable[[], Iterable[list[str]]]) -> Path:
    """``path`` as a CSV of ``header`` and the rows ``rows()`` gives (a seeded generator's), written only when it
    is missing."""
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(rows())
    return path


def python_loop_seconds() -> float:
    """A fixed pure-Python loop, best of 3: this machine class runs it in 0.9 to 1.6 s from one minute to the
    next (shared cores), so the figures of a run are read against it."""
    code = "import time; t = time.perf_counter(); s = 0\nfor i in range(10_000_000): s += i\nprint(time.perf_counter() - t)"
    return min(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
               for _ in range(3))  # fmt: skip


GENERATORS = {"realistic": ("realistic", "gen_realistic.py"), "pooled": ("large", "gen_large.py")}
KIND = {"data": "realistic"}


def dataset(rows: int, suffix: str) -> Path:
    stem, generator = GENERATORS[KIND["data"]]
    name = f"{stem}_{rows // 1_000_000}m.{suffix}" if rows % 1_000_000 == 0 else f"{stem}_{rows}.{suffix}"
    path = DATA / name
    if not path.exists():
        subprocess.run([sys.executable, str(HERE / generator), str(rows), str(path)], check=True)
    return path


def anonymise_cmd(path: Path, out: Path) -> list[str]:
    return [*_rightskit(), "anonymise", str(path), "-o", str(out)]


def timed_anonymise(path: Path, repeat: int) -> tuple[float, float]:
    best, peak = float("inf"), 0.0
    for _ in range(repeat):
        out = Path(tempfile.mkdtemp(prefix="rk-release-")) / "out"
        try:
            t, rss = timed(anonymise_cmd(path, out), 1, ok=(0,))
        finally:
            shutil.rmtree(out.parent, ignore_errors=True)
        best, peak = min(best, t), max(peak, rss)
    return best, peak


def presidio_cells_per_second(path: Path, rows: int) -> tuple[float, int, float]:
    """presidio's BatchAnalyzerEngine over every cell of the first ``rows`` rows: (cells/s, cells, seconds)."""
    import pyarrow.csv as pacsv
    from presidio_analyzer import BatchAnalyzerEngine
    from presidio_compare import presidio_analyzer

    table = pacsv.read_csv(path).slice(0, rows)
    columns = {name: [str(v) for v in table.column(name).to_pylist()] for name in table.column_names}
    engine = BatchAnalyzerEngine(analyzer_engine=presidio_analyzer(eu=False))
    start = time.perf_counter()
    results = list(engine.analyze_dict(columns, language="en", batch_size=rows))
    took = time.perf_counter() - start
    cells = sum(len(v) for v in columns.values())
    assert len(results) == len(columns)
    return cells / took, cells, took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", choices=sorted(GENERATORS), default="realistic")
    parser.add_argument("--formats", default="csv,jsonl,parquet")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--presidio-rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)  # best of 3: this machine class is noisy
    parser.add_argument("--skip-presidio", action="store_true")
    args = parser.parse_args()
    KIND["data"] = args.data

    import pyarrow

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"pyarrow {pyarrow.__version__}")  # fmt: skip
    rows, cols = args.rows, 12
    print(
        f"dataset: {rows:,} rows x {cols} columns ({args.data}: bench/{GENERATORS[args.data][1]}), the same rows in each format"
    )
    print(f"machine speed: a 10M-step Python loop takes {python_loop_seconds():.2f} s (0.90 s when quiet)\n")
    header = f"{'':10} {'MB':>7} {'floor s':>8} {'sample s':>9} {'full s':>7} {'full/floor':>10} {'anonymise':>17} {'peak RSS MB (sample/full/anon)':>31}"
    print(header)
    full_seconds = {}
    for suffix in args.formats.split(","):
        path = dataset(rows, suffix)
        mb = path.stat().st_size / 1e6
        floor, floor_rss = timed([sys.executable, "-c", FLOOR[suffix].format(path=str(path))], args.repeat)
        sample, sample_rss = timed([*_rightskit(), "scan", str(path), "--format", "json"], args.repeat)
        full, full_rss = timed([*_rightskit(), "scan", str(path), "--full", "--format", "json"], args.repeat)
        full_seconds[suffix] = full
        anon, anon_rss = timed_anonymise(path, args.repeat)
        anon_text = f"{anon:5.2f} s {mb / anon:5.1f} MB/s"
        if suffix == "parquet":  # compressed: also per MB of the same rows as CSV
            anon_text += f" ({dataset(rows, 'csv').stat().st_size / 1e6 / anon:.1f} MB/s as CSV)"
        print(f"{suffix:10} {mb:7.1f} {floor:8.2f} {sample:9.2f} {full:7.2f} {full / floor:9.1f}x {anon_text:>17} "
              f"{sample_rss:9.0f} / {full_rss:5.0f} / {anon_rss:5.0f}   (floor RSS {floor_rss:.0f})")  # fmt: skip
    big = dataset(2 * rows, "csv")
    one = dataset(rows, "csv")
    print(f"\npeak RSS, {rows:,} vs {2 * rows:,} rows (CSV):")
    for label, make in (
        ("scan --full", lambda p: [*_rightskit(), "scan", str(p), "--full", "--format", "json"]),
        ("anonymise", None),
    ):
        if make is None:
            (_t1, r1), (_t2, r2) = timed_anonymise(one, args.repeat), timed_anonymise(big, args.repeat)
        else:
            (_t1, r1), (_t2, r2) = timed(make(one), args.repeat), timed(make(big), args.repeat)
        print(f"  {label:12} {r1:6.0f} MB vs {r2:6.0f} MB  ({(r2 - r1) / r1:+.1%})")
    print(f"\nmachine speed at the end: {python_loop_seconds():.2f} s")
    if not args.skip_presidio:
        rate, cells, took = presidio_cells_per_second(one, args.presidio_rows)
        total_cells = rows * cols
        ours = total_cells / full_seconds.get("csv", next(iter(full_seconds.values())))
        print(f"\npresidio BatchAnalyzerEngine: {cells:,} cells in {took:.1f} s = {rate:,.0f} cells/s; "
              f"the whole CSV ({total_cells:,} cells) would take {total_cells / rate / 3600:.1f} h")  # fmt: skip
        print(f"rightskit scan --full: {ours:,.0f} cells/s = {ours / rate:,.0f}x presidio's per-cell throughput")


if __name__ == "__main__":
    main()
