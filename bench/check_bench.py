"""`rightskit check` with ci-precommit over 50 SQL and schema files, as a whole process (pre-commit's view).

Run: python bench/check_bench.py
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
REPO = HERE / "data" / "repo50"


def generate() -> None:
    rng = random.Random(9)
    REPO.mkdir(parents=True, exist_ok=True)
    cols = ["egn char(10)", "full_name text", "email text", "phone text", "district text", "amount numeric",
            "status text", "created_at timestamp", "diagnosis text", "sku text"]  # fmt: skip
    for i in range(40):
        chosen = rng.sample(cols, 5)
        names = [c.split()[0] for c in chosen]
        sql = f"CREATE TABLE t{i} (id int, {', '.join(chosen)});\n"
        sql += f"CREATE VIEW v{i} AS SELECT id, {names[0]}, {names[1]} FROM t{i};\n"
        sql += f"SELECT {names[2]}, count(*) AS n FROM t{i} GROUP BY {names[2]};\n"
        if i % 7 == 0:
            sql += f"GRANT SELECT ON t{i} TO PUBLIC;\n"
        (REPO / f"m{i:02d}.sql").write_text(sql, encoding="utf-8")
    for i in range(10):
        doc = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": f"Form{i}", "type": "object",
               "properties": {"email": {"type": "string", "format": "email"}, "full_name": {"type": "string"},
                              "count": {"type": "integer"}}}  # fmt: skip
        (REPO / f"form{i}.schema.json").write_text(json.dumps(doc), encoding="utf-8")


def main() -> None:
    generate()
    exe = Path(sys.executable).parent / "rightskit"
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        out = subprocess.run([str(exe), "check", str(REPO), "--policy", "ci-precommit", "--format", "json"],
                             capture_output=True, text=True)  # fmt: skip
        best = min(best, time.perf_counter() - start)
    doc = json.loads(out.stdout)
    print(f"rightskit check --policy ci-precommit over 50 SQL and schema files: {best:.2f} s "
          f"({len(doc['violations'])} violations, exit {out.returncode})")  # fmt: skip


if __name__ == "__main__":
    main()
