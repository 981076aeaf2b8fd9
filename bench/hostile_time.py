"""Hostile inputs that made searches quadratic (issue 22): each at n and 2n, whole calls, best of 2.

Run: python bench/hostile_time.py [N]   (default 20,000)
A linear path doubles (ratio ~2); a quadratic one quadruples. Prints one line per case.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path


def _best(fn, arg) -> float:
    times = []
    for _ in range(2):
        start = time.perf_counter()
        fn(arg)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    from rightskit.api import scan
    from rightskit.detect.text import find_entities

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    text_cases = {
        "'1-1-1-…' before an e-mail": lambda k: "1-" * k + "1 ivan@abv.bg",
        "capitalised words": lambda k: "Иван " * k,
        "'Ab-Ab-…' (street pattern)": lambda k: "Ab-" * k,
        "digit groups": lambda k: "12345678 " * k,
    }
    for name, make in text_cases.items():
        small, large = _best(find_entities, make(n)), _best(find_entities, make(2 * n))
        print(f"{name:34} n {small:6.2f} s   2n {large:6.2f} s   ratio {large / small:4.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in {
            "unclosed '{{' in a .sql file": lambda k: "SELECT 1;\n" + "{{ x " * k,
            "CREATE TABLE statements": lambda k: "".join(
                f"CREATE TABLE t{i} (id int, email text);\n" for i in range(k // 4)
            ),
        }.items():
            paths = []
            for k in (n, 2 * n):
                path = Path(tmp) / f"{k}.sql"
                path.write_text(make(k), encoding="utf-8")
                paths.append(path)
            small, large = _best(scan, paths[0]), _best(scan, paths[1])
            print(f"{name:34} n {small:6.2f} s   2n {large:6.2f} s   ratio {large / small:4.1f}")


if __name__ == "__main__":
    main()
