"""Tables of counts: small-cell suppression (with complements) before publication."""

from __future__ import annotations

import csv
from pathlib import Path

from rightskit.errors import UsageError
from rightskit.models.privacy import CellSuppressionResult


def suppress_count_table(src: Path, out: Path, rows_by: str, columns_by: str, count: str, threshold: int,
                         delimiter: str = ",") -> CellSuppressionResult:  # fmt: skip
    """Read a long table (row label, column label, count), withhold small cells and write it back long."""
    from rightskit.privacy.cells import suppress_cells

    with src.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=delimiter))
    for name in (rows_by, columns_by, count):
        if rows and name not in rows[0]:
            raise UsageError(f"{src.name}: no column '{name}'")
    row_labels = list(dict.fromkeys(r[rows_by] for r in rows))
    col_labels = list(dict.fromkeys(r[columns_by] for r in rows))
    grid = [[0] * len(col_labels) for _ in row_labels]
    for r in rows:
        try:
            grid[row_labels.index(r[rows_by])][col_labels.index(r[columns_by])] += int(float(r[count] or 0))
        except ValueError:
            raise UsageError(f"{src.name}: '{count}' holds something other than counts") from None
    result = suppress_cells(grid, row_labels, col_labels, threshold=threshold)
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=delimiter, lineterminator="\n")
        w.writerow([rows_by, columns_by, count])
        for i, rl in enumerate(result.rows):
            for j, cl in enumerate(result.columns):
                value = result.published[i][j]
                w.writerow([rl, cl, "" if value is None else value])
    return result
