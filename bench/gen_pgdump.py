"""Generate a pg_dump-style schema dump of about 2 MB (tables, comments, sequences, constraints, COPY data).

Run: python bench/gen_pgdump.py [MB] [OUT]   (default 2 → bench/data/dump_2mb.sql)
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

COLUMNS = [
    ("egn", "character(10)"), ("first_name", "character varying(80)"), ("last_name", "character varying(80)"),
    ("email", "character varying(255)"), ("phone", "character varying(32)"), ("district", "character varying(64)"),
    ("amount", "numeric(10,2)"), ("status", "character varying(20)"), ("created_at", "timestamp with time zone"),
    ("sku", "text"), ("quantity", "integer"), ("client_ip", "inet"), ("notes", "text"), ("is_active", "boolean"),
]  # fmt: skip


def dump(target_mb: float, seed: int = 5) -> str:
    rng = random.Random(seed)
    out = ["--\n-- PostgreSQL database dump\n--\n", "SET statement_timeout = 0;\nSET client_encoding = 'UTF8';\n",
           "SELECT pg_catalog.set_config('search_path', '', false);\n"]  # fmt: skip
    size, t = sum(map(len, out)), 0
    while size < target_mb * 1_000_000:
        t += 1
        cols = rng.sample(COLUMNS, rng.randint(4, 10))
        name = f"public.table_{t:04d}"
        body = ",\n".join(f"    {c} {ty}" for c, ty in [("id", "integer NOT NULL"), *cols])
        parts = [
            f"\nCREATE TABLE {name} (\n{body}\n);\n",
            f"\nALTER TABLE {name} OWNER TO app;\n",
            f"\nCREATE SEQUENCE {name}_id_seq AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;\n",
            f"\nCOMMENT ON COLUMN {name}.{cols[0][0]} IS 'Колона {cols[0][0]}';\n",
            f"\nCOPY {name} (id, {', '.join(c for c, _ in cols)}) FROM stdin;\n",
        ]
        for r in range(rng.randint(5, 30)):
            parts.append("\t".join([str(r + 1)] + [f"v{rng.randint(0, 10**6)}" for _ in cols]) + "\n")
        parts += ["\\.\n", f"\nALTER TABLE ONLY {name} ADD CONSTRAINT {name.split('.')[1]}_pkey PRIMARY KEY (id);\n",
                  f"\nCREATE INDEX {name.split('.')[1]}_idx ON {name} USING btree (id);\n",
                  f"\nSELECT pg_catalog.setval('{name}_id_seq', {rng.randint(1, 999)}, true);\n"]  # fmt: skip
        chunk = "".join(parts)
        out.append(chunk)
        size += len(chunk.encode("utf-8"))
    out.append("\nGRANT SELECT ON TABLE public.table_0001 TO PUBLIC;\n")
    return "".join(out)


def main() -> None:
    mb = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).parent / "data" / "dump_2mb.sql"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(dump(mb), encoding="utf-8")
    print(f"wrote {target} ({target.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
