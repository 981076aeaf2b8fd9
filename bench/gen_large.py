"""Generate the 1,000,000-row, 12-column mixed Bulgarian/English dataset used by the performance work.

Run: python bench/gen_large.py [ROWS] [OUT]   (default 1000000 rows → bench/data/large_1m.csv; .jsonl, .parquet too)
Values are drawn from seeded pools so generation takes seconds; every ЕГН, IBAN and phone is valid.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

sys.path.insert(0, str(Path(__file__).parent))
from synth import SOFIA_DISTRICTS, Synth

POOL = 20_000


def build(rows: int, seed: int = 7) -> pa.Table:
    s = Synth(seed)
    rng = np.random.default_rng(seed)

    def pool(make, size: int = POOL) -> np.ndarray:
        return np.array([make() for _ in range(size)], dtype=object)

    def draw(values: np.ndarray) -> pa.Array:
        return pa.array(values[rng.integers(0, len(values), rows)], pa.string())

    notes = pool(lambda: s.rng.choice([
        f"Обаждане от {s.bg_mobile(0)} за справка",
        "Received on time, no remarks",
        f"Send the answer to {s.email()}",
        "Без забележки",
        "Request forwarded to the district administration",
    ]))  # fmt: skip
    return pa.table({
        "id": pa.array(np.arange(1, rows + 1).astype(str)),
        "full_name": draw(pool(s.bg_name)),
        "egn": draw(pool(s.egn)),
        "phone": draw(pool(s.bg_mobile)),
        "email": draw(pool(s.email)),
        "address": draw(pool(s.bg_address)),
        "district": draw(np.array(SOFIA_DISTRICTS, dtype=object)),
        "iban": draw(pool(s.bg_iban)),
        "amount": pa.array(np.round(rng.uniform(1, 5000, rows), 2).astype(str)),
        "created": pa.array((np.datetime64("2024-01-01T00:00") + rng.integers(0, 10**6, rows).astype("timedelta64[m]")).astype(str)),
        "status": draw(np.array(["open", "closed", "в процес", "отказ"], dtype=object)),
        "note": draw(notes),
    })  # fmt: skip


def write(table: pa.Table, out: Path) -> None:
    """The same rows as CSV, JSON Lines or Parquet, by the file's suffix."""
    if out.suffix == ".parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, out)
    elif out.suffix == ".jsonl":
        import json

        with out.open("w", encoding="utf-8") as fh:
            for batch in table.to_batches(65_536):
                for record in batch.to_pylist():
                    fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        pacsv.write_csv(table, out)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).parent / "data" / "large_1m.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    write(build(rows), out)
    print(f"wrote {rows} rows to {out} ({out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
