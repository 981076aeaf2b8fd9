"""Parquet released: a row group's batches at a time (a batch per worker process for large files); planned columns
become text, the others keep their types."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rightskit.anonymise.release.context import WORKER_STATE, ReleaseContext, release_columns
from rightskit.anonymise.release.generalise import generalise
from rightskit.anonymise.release.records import file_record
from rightskit.ending import ensure_not_ended
from rightskit.errors import SourceError, UsageError
from rightskit.models.release import FieldPlan, FileRecord
from rightskit.sources.parquet import READ_OPTIONS

# Rows released per task: a redaction's Python lists grow with its batch (a worker held 0.4 GB more for each
# 256k rows of comments), and a CSV release's tasks are 4 MB blocks.
RELEASE_BATCH_ROWS = 1 << 15


def write_parquet(
    src: Path, out: Path, fps: list[FieldPlan], ctx: ReleaseContext, hierarchy_files: dict[str, str]
) -> FileRecord:
    """Parquet in, Parquet out, a row group's batches at a time: planned columns become text, the others keep
    their types. Top-level columns only (a plan naming a nested path asks for the data to be flattened first)."""
    import os

    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    from rightskit.anonymise.columnar import keep_rows
    from rightskit.anonymise.release.writers.delimited import shared_out
    from rightskit.workers import forked_if_slow, forked_map

    try:
        pf = pq.ParquetFile(src, **READ_OPTIONS)
    except (pa.ArrowInvalid, OSError) as exc:
        raise SourceError(f"not a readable Parquet file ({type(exc).__name__})", path=src.name) from None
    names = list(pf.schema_arrow.names)
    missing = [fp.field for fp in fps if fp.field not in names]
    if missing:
        raise UsageError(f"{src.name}: no top-level column {', '.join(missing)} (flatten nested fields first)")
    plan_by_field = {fp.field: fp for fp in fps}
    changed = dict.fromkeys(plan_by_field, 0)
    quasi = [fp for fp in fps if fp.action == "generalise"]
    columns, read = {}, None
    if quasi:
        read = pf.read(columns=[fp.field for fp in quasi])
        columns = {fp.field: read.column(fp.field).combine_chunks().cast(pa.string()).fill_null("") for fp in quasi}
    g = generalise(src.name, columns, quasi, ctx, hierarchy_files)
    keep_all = None if g.keep is None else np.asarray(g.keep, dtype=bool)
    kept = [n for n in names if n not in plan_by_field or plan_by_field[n].action != "drop"]
    schema = pa.schema(
        [
            pf.schema_arrow.field(n).with_type(pa.string()) if n in plan_by_field else pf.schema_arrow.field(n)
            for n in kept
        ]
    )
    del columns, read  # what grows with the file is not held through the release (nor by the workers)
    position = {"row": 0}

    parallel = shared_out(src)
    batch_rows = RELEASE_BATCH_ROWS if parallel else _small_file_rows(pf)

    def kept_batches() -> Any:
        for batch in pf.iter_batches(batch_size=batch_rows):
            keep = keep_rows(keep_all, position["row"], len(batch))
            position["row"] += len(batch)
            yield (batch if keep is None else batch.filter(keep),)

    workers = os.cpu_count() or 1
    rows_out = 0
    WORKER_STATE.update(plan=plan_by_field, ctx=ctx, labels=g.labels, memo={}, kept=kept, schema=schema)
    try:
        with pq.ParquetWriter(out, schema) as writer:
            if parallel:  # a batch per worker process, as CSV
                results = forked_map(_release_parquet_batch, kept_batches(), workers)
            else:  # as a small CSV: the rest to workers where the first batch shows it slow
                batches = -(-pf.metadata.num_rows // batch_rows)
                results = forked_if_slow(_release_parquet_batch, kept_batches(), batches)
            for released, counts in results:
                ensure_not_ended()
                for name, n in counts.items():
                    changed[name] += n
                writer.write_batch(released)
                rows_out += released.num_rows
    finally:
        WORKER_STATE.clear()
    return file_record(src, out, fps, changed, g, pf.metadata.num_rows, rows_out)


def _small_file_rows(pf: Any) -> int:
    """The rows a batch of a Parquet file below ``PARALLEL_BYTES`` holds: as many as a small CSV's block of the
    same text would (its size uncompressed, from the row groups' metadata)."""
    from rightskit.anonymise.release.writers.delimited import small_file_blocks

    meta = pf.metadata
    rows = max(1, meta.num_rows)
    size = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    return max(1, min(RELEASE_BATCH_ROWS, small_file_blocks(size) * rows // max(1, size)))


def _release_parquet_batch(batch: Any) -> tuple[Any, dict[str, int]]:
    """One batch released (planned columns as text, the others as they are) and the cells changed per field."""
    import pyarrow as pa

    st = WORKER_STATE
    planned = {n: batch.column(n).cast(pa.string()) for n in st["plan"]}
    released, counts = release_columns(planned, st["plan"], st["ctx"], st["labels"], st["memo"])
    arrays = [released[n] if n in st["plan"] else batch.column(n) for n in st["kept"]]
    return pa.RecordBatch.from_arrays(arrays, schema=st["schema"]), counts
