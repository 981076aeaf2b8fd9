"""Many small files: the first scan (files spread over worker processes) and an unchanged re-scan (cache hits).

Run: python bench/many_files.py [--files 5000]
Writes bench/data/many/ (seeded synthetic CSV, JSON and XLSX files) when missing, then times
`rightskit scan DIR --cache --format json` with an empty cache, again unchanged, and after touching 1 % of files.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from run import _rightskit  # type: ignore[import-not-found]

HERE = Path(__file__).parent
FIRST = ["Ана", "Борис", "Веселин", "Галя", "Димо", "Евгения", "Живко", "Зорница"]
LAST = ["Атанасов", "Благоев", "Вълчев", "Генчева", "Денева", "Ефремов"]


def make(root: Path, files: int, seed: int = 5) -> None:
    from openpyxl import Workbook
    from stdnum.bg import egn

    rng = random.Random(seed)

    def row() -> list[str]:
        base = f"{rng.randint(50, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
        return [f"{rng.choice(FIRST)} {rng.choice(LAST)}", base + egn.calc_check_digit(base),
                f"user{rng.randint(1, 10**6)}@example.bg", f"{rng.uniform(1, 500):.2f}"]  # fmt: skip

    header = ["name", "egn", "email", "amount"]
    for i in range(files):
        folder = root / f"d{i // 500:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        rows = [row() for _ in range(20)]
        kind = i % 10
        if kind < 7:
            with (folder / f"f{i:05d}.csv").open("w", encoding="utf-8", newline="") as fh:
                csv.writer(fh).writerows([header, *rows])
        elif kind < 9:
            (folder / f"f{i:05d}.json").write_text(
                json.dumps([dict(zip(header, r, strict=True)) for r in rows], ensure_ascii=False)
            )
        else:
            wb = Workbook()
            ws = wb.active
            for r in [header, *rows]:
                ws.append(r)
            wb.save(folder / f"f{i:05d}.xlsx")


def run(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=5000)
    args = parser.parse_args()
    root = HERE / "data" / f"many_{args.files}"
    if not root.is_dir():
        make(root, args.files)
    work = HERE / "data"
    shutil.rmtree(work / ".rightskit-cache", ignore_errors=True)
    scan = [*_rightskit(), "scan", root.name, "--cache", "--format", "json", "-o", "/dev/null"]
    first = run(scan, work)
    again = run(scan, work)
    touched = sorted(root.rglob("*.csv"))[:: max(1, args.files // 50)]
    for p in touched:
        p.write_text(p.read_text(encoding="utf-8") + "Ана Атанасова,9901010000,x@example.bg,1.00\n", encoding="utf-8")
    partial = run(scan, work)
    shutil.rmtree(work / ".rightskit-cache", ignore_errors=True)
    nocache = run([*_rightskit(), "scan", root.name, "--format", "json", "-o", "/dev/null"], work)
    print(f"{args.files} small files ({sys.platform}):")
    print(f"  first scan (empty cache)      {first:6.1f} s")
    print(f"  unchanged re-scan (cache)     {again:6.1f} s")
    print(f"  re-scan, {len(touched)} files changed     {partial:6.1f} s")
    print(f"  scan without cache            {nocache:6.1f} s")


if __name__ == "__main__":
    main()
