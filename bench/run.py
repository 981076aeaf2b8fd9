"""Benchmarks: one run prints the figures that bench/RESULTS.md records.

Run: python bench/run.py [--rows N] [--full]
Generates bench/data/large_1m.csv when missing, then measures (wall clock, whole processes where a user
would run a process): pyarrow's read of the file (the floor), `rightskit scan` in sample mode, optionally
`--full`, `rightskit --help`, and the evaluation set's accuracy.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import time
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent
DATA = HERE / "data"


@cache
def _rightskit() -> list[str]:
    """The command, its modules byte-compiled first as an installed wheel's are (a checkout run with
    PYTHONDONTWRITEBYTECODE, as this machine's environment sets, compiles them on every start: 0.08 s)."""
    import compileall

    import rightskit

    compileall.compile_dir(str(Path(rightskit.__file__).parent), quiet=1)
    exe = shutil.which("rightskit", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "rightskit"]


def timed(cmd: list[str], repeat: int = 3) -> tuple[float, float]:
    """Best wall time over ``repeat`` runs, and the peak RSS (MB) of that process."""
    best, peak = float("inf"), 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _pid, _status, usage = os.wait4(proc.pid, 0)
        best = min(best, time.perf_counter() - start)
        peak = max(peak, usage.ru_maxrss / 1024)
    return best, peak


def main() -> None:
    rows = int(sys.argv[sys.argv.index("--rows") + 1]) if "--rows" in sys.argv else 1_000_000
    path = DATA / ("large_1m.csv" if rows == 1_000_000 else f"large_{rows}.csv")
    if not path.exists():
        subprocess.run([sys.executable, str(HERE / "gen_large.py"), str(rows), str(path)], check=True)
    size_mb = path.stat().st_size / 1e6
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"dataset: {path.name}, {rows} rows x 12 columns, {size_mb:.1f} MB")
    floor = [sys.executable, "-c", f"import pyarrow.csv as c; c.read_csv({str(path)!r})"]
    t, rss = timed(floor)
    print(f"pyarrow read_csv (floor, process):   {t:6.2f} s  (peak RSS {rss:.0f} MB)")
    t, rss = timed([*_rightskit(), "scan", str(path), "--format", "json"])
    print(f"rightskit scan (sample 1000 rows):   {t:6.2f} s  ({size_mb / t:.0f} MB/s; peak RSS {rss:.0f} MB)")
    if "--full" in sys.argv:
        t, rss = timed([*_rightskit(), "scan", str(path), "--full", "--format", "json"], repeat=1)
        print(f"rightskit scan --full:               {t:6.2f} s  ({size_mb / t:.1f} MB/s; peak RSS {rss:.0f} MB)")
    dump = DATA / "dump_2mb.sql"
    if not dump.exists():
        subprocess.run([sys.executable, str(HERE / "gen_pgdump.py"), "2", str(dump)], check=True)
    t, rss = timed([*_rightskit(), "scan", str(dump), "--format", "json"])
    print(f"rightskit scan of a 2 MB pg_dump:    {t:6.2f} s  (peak RSS {rss:.0f} MB)")
    probe = (
        "import sys; from rightskit import scan; scan(sys.argv[1]); "
        "print(','.join(m for m in ('presidio_analyzer', 'spacy') if m in sys.modules) or 'none')"
    )
    heavy = subprocess.run([sys.executable, "-c", probe, str(dump)], capture_output=True, text=True).stdout.strip()
    print(f"heavy modules imported by a SQL-only scan: {heavy}")
    t, _ = timed([*_rightskit(), "--help"], repeat=5)
    print(f"rightskit --help:                    {t:6.3f} s")
    sys.path.insert(0, str(HERE))
    from evaluate import evaluate

    o = evaluate()["overall"]
    print(
        f"evaluation set: precision {o['precision']:.3f}, recall {o['recall']:.3f}, "
        f"entity-type accuracy {o['type_accuracy']:.3f} (tp {o['tp']}, fp {o['fp']}, fn {o['fn']})"
    )


if __name__ == "__main__":
    main()
