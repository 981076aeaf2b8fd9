"""Parquet: row counts from the footer, batches streamed, nested columns flattened to paths."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rightskit.errors import SourceError
from rightskit.sources.base import FieldColumn, Opened, Table

if TYPE_CHECKING:
    import pyarrow as pa


def flatten_arrow(name: str, array: pa.Array, out: dict[str, FieldColumn], column: int | None) -> None:
    """Flatten structs (``a.b``) and lists (``a[]``) of an Arrow array into leaf arrays."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    t = array.type
    if pa.types.is_struct(t):
        for i in range(t.num_fields):
            flatten_arrow(f"{name}.{t.field(i).name}", pc.struct_field(array, [i]), out, column)
    elif pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t):
        flatten_arrow(f"{name}[]", pc.list_flatten(array), out, column)
    elif pa.types.is_map(t):
        out[f"{name}{{}}"] = FieldColumn(pc.cast(array.items, pa.string()), column)
    elif pa.types.is_binary(t) or pa.types.is_large_binary(t):
        return  # bytes are not text; nothing a value recognizer can read
    else:
        out[name] = FieldColumn(array, column)


def batch_to_fields(batch: pa.RecordBatch) -> dict[str, FieldColumn]:
    """Leaf fields of an Arrow batch, nested ones by dotted path."""
    out: dict[str, FieldColumn] = {}
    for i, name in enumerate(batch.schema.names):
        flatten_arrow(name, batch.column(i), out, i + 1)
    return out


# Column chunks read through a 1 MB buffer, not pre-buffered whole: a row group of 1M rows (pyarrow's default
# size) otherwise sits in memory at once (a realistic 1M-row file: 422 → 297 MB to read, and 2.6x faster).
READ_OPTIONS = {"pre_buffer": False, "buffer_size": 1 << 20}


def open_parquet(path: Path, display: str, fmt: str) -> Opened:
    """A Parquet file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path, **READ_OPTIONS)
    except (pa.ArrowInvalid, OSError) as exc:
        raise SourceError(f"not a readable Parquet file ({type(exc).__name__})", path=display) from None
    table = Table(
        object=None,
        batches=pf.iter_batches(batch_size=65_536),
        to_fields=batch_to_fields,
        rows_total=pf.metadata.num_rows,
        fields_seen=list(pf.schema_arrow.names),
    )
    return Opened(format=fmt, tables=iter([table]))
