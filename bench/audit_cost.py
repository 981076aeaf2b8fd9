"""What the release audit costs: its share of the release's wall time, on the scale dataset.

Run: python bench/audit_cost.py [ROWS] [--repeat N] [--file PATH]   (default 1,000,000 rows: bench/data/large_1m.csv;
the realistic set: --file bench/data/realistic_1m.csv, written by bench/gen_realistic.py)
Generates the file when missing (bench/gen_large.py), derives the default publication plan once, then releases
it ``--repeat`` times in this process, timing the whole ``anonymise`` call and, inside it, the audit
(``audit_release``: every released cell re-read and checked before the atomic rename). Prints the best run.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--file", type=Path, help="release this file instead (e.g. bench/data/realistic_1m.csv)")
    args = parser.parse_args()
    from gen_large import build, write

    from rightskit.anonymise import release
    from rightskit.api import make_plan

    name = "large_1m.csv" if args.rows == 1_000_000 else f"large_{args.rows}.csv"
    data = args.file or HERE / "data" / name
    if args.file is None and not data.exists():
        data.parent.mkdir(parents=True, exist_ok=True)
        write(build(args.rows), data)
    plan = make_plan([str(data)])
    audited = release.audit_release
    spent: list[float] = []

    def timed_audit(*a, **kw):
        start = time.perf_counter()
        try:
            return audited(*a, **kw)
        finally:
            spent.append(time.perf_counter() - start)

    release.audit_release = timed_audit
    runs = []
    for _ in range(args.repeat):
        out = Path(tempfile.mkdtemp()) / "release"
        start = time.perf_counter()
        manifest = release.anonymise([str(data)], str(out), plan)
        runs.append((time.perf_counter() - start, spent[-1], manifest.audit))
        shutil.rmtree(out.parent)
    total, audit, record = min(runs)
    print(f"{data.name}: {args.rows:,} rows, {data.stat().st_size / 1e6:.1f} MB")
    print(f"release {total:.2f} s, of which the audit {audit:.2f} s = {100 * audit / total:.1f} %")
    print(f"audit: {record.cells_checked:,} cells checked, findings {record.findings}, accepted {record.accepted}")


if __name__ == "__main__":
    main()
