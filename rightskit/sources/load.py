"""Load a whole table into memory as string columns (for privacy metrics and releases of one table)."""

from __future__ import annotations

from pathlib import Path

from rightskit.errors import SourceError, UsageError
from rightskit.sources.registry import dataset_format


def read_table(path: str, object_name: str | None = None) -> tuple[str | None, dict[str, list[str | None]]]:
    """All rows of one table of a file (the first, or the named sheet) as columns of strings."""
    import pyarrow as pa
    import pyarrow.compute as pc

    fmt = dataset_format(path)
    if fmt is None:
        raise UsageError(f"cannot read tables from this kind of file: {Path(path).name}")
    if not Path(path).exists():
        raise SourceError("no such file or directory", path=path)
    opened = fmt[1](Path(path), path, fmt[0])
    for table in opened.tables:
        if object_name is not None and table.object != object_name:
            continue
        columns: dict[str, list[str | None]] = {name: [] for name in table.fields_seen}
        for batch in table.batches:
            for name, column in table.to_fields(batch).items():
                values = column.values
                if not pa.types.is_string(values.type):
                    values = pc.cast(values, pa.string())
                columns.setdefault(name, []).extend(values.to_pylist())
        if table.errors:
            raise SourceError(table.errors[0])
        return table.object, columns
    raise UsageError(f"{path}: no table named '{object_name}'" if object_name else f"{path}: no table found")
