"""Two rightskit trees, one command, run alternately: the whole CLI process, wall time, best and median.

    python bench/side_by_side.py /tmp/wt-base /work/main bench/data/realistic_1m.csv --runs 6 [--without-pandas]

Each tree is put first on PYTHONPATH, so both run in this interpreter's environment, from an empty folder: Python
puts the working folder before PYTHONPATH (``-m`` and ``-c`` do), and run from a checkout both "trees" would import
that checkout's code (each tree's imported package is printed before the runs). The machine is shared and
noisy (the same command varies by ±30 % between minutes): runs alternate (and which tree goes first alternates
too), so both trees meet the same minutes; the paired difference per round, with a 95 % interval, is printed.
``--without-pandas`` runs both as in an environment where pandas is not installed (rightskit does not depend on
it; pyarrow imports it when it is there), so that a tree which keeps pandas out itself gains nothing from it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

_WITHOUT_PANDAS = """
import runpy, sys
class _Absent:
    def find_spec(self, name, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError(name, name=name)
sys.meta_path.insert(0, _Absent())
sys.argv = ["rightskit", *sys.argv[1:]]
runpy.run_module("rightskit", run_name="__main__")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs=2)
    parser.add_argument("input")
    parser.add_argument("--runs", type=int, default=6)
    parser.add_argument("--without-pandas", action="store_true")
    args = parser.parse_args()
    launcher = [sys.executable, "-c", _WITHOUT_PANDAS] if args.without_pandas else [sys.executable, "-m", "rightskit"]
    times: dict[str, list[float]] = {tree: [] for tree in args.trees}
    source = os.path.abspath(args.input)
    with tempfile.TemporaryDirectory() as out:
        for tree in args.trees:
            imported = subprocess.run(
                [sys.executable, "-c", "import rightskit; print(rightskit.__file__)"],
                env={**os.environ, "PYTHONPATH": tree}, cwd=out, capture_output=True, text=True, check=True,
            ).stdout.strip()  # fmt: skip
            print(f"{tree}: imports {imported}")
            if not os.path.abspath(imported).startswith(os.path.abspath(tree) + os.sep):
                raise SystemExit(f"{tree} does not hold the rightskit its runs would import")
        for i in range(args.runs):
            for tree in args.trees if i % 2 == 0 else args.trees[::-1]:  # neither tree always runs first
                env = {**os.environ, "PYTHONPATH": tree}
                command = [*launcher, "scan", source, "--format", "json", "-o", os.path.join(out, "o.json")]
                start = time.perf_counter()
                subprocess.run(
                    command, env=env, cwd=out, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
                )
                times[tree].append(time.perf_counter() - start)
    for tree, runs in times.items():
        print(f"{tree}: best {min(runs):.2f} s, median {statistics.median(runs):.2f} s ({len(runs)} runs)")
    first, second = (times[tree] for tree in args.trees)
    if len(first) >= 3:
        # Each round ran both trees in the same minute: their difference cancels most of the machine's drift.
        diffs = [b - a for a, b in zip(first, second, strict=True)]
        mean, half = statistics.mean(diffs), 2 * statistics.stdev(diffs) / len(diffs) ** 0.5
        base = statistics.mean(first)
        print(
            f"second - first, paired by round: {mean:+.3f} s ({mean / base:+.1%}), "
            f"95 % interval {(mean - half) / base:+.1%} … {(mean + half) / base:+.1%}"
        )


if __name__ == "__main__":
    main()
