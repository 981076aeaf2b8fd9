"""Parquet released: a row group's batches at a time; planned columns become text, the others keep their types."""

from __future__ import annotations

from pathlib import Path

from rightskit.anonymise.release.context import ReleaseContext, release_columns
from rightskit.anonymise.release.generalise import generalise
from rightskit.anonymise.release.records import file_record
from rightskit.errors import SourceError, UsageError
from rightskit.models.release import FieldPlan, FileRecord


def write_parquet(
    src: Path, out: Path, fps: list[FieldPlan], ctx: ReleaseContext, hierarchy_files: dict[str, str]
) -> FileRecord:
    """Parquet in, Parquet out, a row group's batches at a time: planned columns become text, the others keep
    their types. Top-level columns only (a plan naming a nested path asks for the data to be flattened first)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    from rightskit.anonymise.columnar import keep_rows
    from rightskit.sources.batching import COALESCE_ROWS

    try:
        pf = pq.ParquetFile(src)
    except (pa.ArrowInvalid, OSError) as exc:
        raise SourceError(f"not a readable Parquet file ({type(exc).__name__})", path=src.name) from None
    names = list(pf.schema_arrow.names)
    missing = [fp.field for fp in fps if fp.field not in names]
    if missing:
        raise UsageError(f"{src.name}: no top-level column {', '.join(missing)} (flatten nested fields first)")
    plan_by_field = {fp.field: fp for fp in fps}
    changed = dict.fromkeys(plan_by_field, 0)
    quasi = [fp for fp in fps if fp.action == "generalise"]
    columns = {}
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
    memo: dict = {}
    rows_out = row_no = 0
    with pq.ParquetWriter(out, schema) as writer:
        for batch in pf.iter_batches(batch_size=COALESCE_ROWS):  # the batch size a full scan gathers
            keep = keep_rows(keep_all, row_no, len(batch))
            row_no += len(batch)
            if keep is not None:
                batch = batch.filter(keep)
            planned = {n: batch.column(n).cast(pa.string()) for n in plan_by_field}
            released, counts = release_columns(planned, plan_by_field, ctx, g.labels, memo)
            for name, n in counts.items():
                changed[name] += n
            arrays = [released[n] if n in plan_by_field else batch.column(n) for n in kept]
            writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=schema))
            rows_out += len(batch)
    return file_record(src, out, fps, changed, g, pf.metadata.num_rows, rows_out)
