"""In-memory tables for notebooks: pandas and polars DataFrames, pyarrow Tables and RecordBatches."""

from __future__ import annotations

from typing import Any

from rightskit.sources.base import Table
from rightskit.sources.parquet import batch_to_fields


def table_from_frame(obj: Any) -> tuple[Table | None, str]:
    """Wrap a DataFrame-like object as a Table, or return (None, "") for anything else."""
    import pyarrow as pa

    module = type(obj).__module__.split(".")[0]
    if isinstance(obj, pa.RecordBatch):
        arrow, fmt = pa.Table.from_batches([obj]), "arrow"
    elif isinstance(obj, pa.Table):
        arrow, fmt = obj, "arrow"
    elif module == "pandas" and hasattr(obj, "columns"):
        frame = obj.copy()
        frame.columns = [str(c) for c in frame.columns]
        try:
            arrow = pa.Table.from_pandas(frame, preserve_index=False)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            # Mixed-type object columns: read every value as text, as from a CSV file.
            arrow = pa.Table.from_pandas(frame.astype("string"), preserve_index=False)
        fmt = "pandas"
    elif module == "polars" and hasattr(obj, "to_arrow"):
        arrow, fmt = obj.to_arrow(), "polars"
    else:
        return None, ""
    table = Table(
        object=None,
        batches=iter(arrow.to_batches(max_chunksize=65_536)),
        to_fields=batch_to_fields,
        rows_total=arrow.num_rows,
        fields_seen=list(arrow.schema.names),
    )
    return table, fmt
