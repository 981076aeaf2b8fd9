"""Small-cell suppression for aggregate tables (counts by district, age band, month …).

Cells with 0 < count < threshold are withheld (primary suppression). Totals are published, so a lone
withheld cell in a row or column could be computed back: more cells are withheld (secondary suppression)
until no withheld cell is determined by the published cells and totals — checked exactly, by linear
algebra over every row and column relation, not only by the "two per line" rule of thumb.
Secondary cells are chosen smallest first (least information lost), ties by position, so runs are stable.
Totals below the threshold are themselves withheld and protected the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from rightskit.models.privacy import CellSuppressionResult, SuppressedCell


def _extended(counts):
    """The table with its row totals (last column), column totals (last row) and grand total."""
    import numpy as np

    inner = np.asarray(counts, dtype=np.int64)
    r, c = inner.shape
    ext = np.zeros((r + 1, c + 1), dtype=np.int64)
    ext[:r, :c] = inner
    ext[:r, c] = inner.sum(axis=1)
    ext[r, :c] = inner.sum(axis=0)
    ext[r, c] = inner.sum()
    return ext


def _relations(shape: tuple[int, int], column_margins: bool):
    """Each relation is a list of (cell, sign) summing to zero: a row or a column with its total."""
    rows, cols = shape
    rels = []
    for i in range(rows):  # inner rows and the margin row: Σ cells − total = 0
        if i == rows - 1 and not column_margins:
            continue
        rels.append([((i, j), 1) for j in range(cols - 1)] + [((i, cols - 1), -1)])
    if column_margins:
        for j in range(cols):
            rels.append([((i, j), 1) for i in range(rows - 1)] + [((rows - 1, j), -1)])
    return rels


def determined_cells(ext, hidden, column_margins: bool = True) -> list[tuple[int, int]]:
    """Withheld cells whose value follows from the published ones (a unit vector in the relations' row space)."""
    import numpy as np

    cells = [tuple(x) for x in np.argwhere(hidden)]
    if not cells:
        return []
    index = {cell: n for n, cell in enumerate(cells)}
    rels = _relations(ext.shape, column_margins)
    a = np.zeros((len(rels), len(cells)))
    for r, rel in enumerate(rels):
        for cell, sign in rel:
            if cell in index:
                a[r, index[cell]] = sign
    rank = np.linalg.matrix_rank(a)
    out = []
    for cell, n in index.items():
        e = np.zeros((1, len(cells)))
        e[0, n] = 1
        if np.linalg.matrix_rank(np.vstack([a, e])) == rank:
            out.append(cell)
    return out


def suppress_cells(
    counts: Sequence[Sequence[int]],
    rows: Sequence[str],
    columns: Sequence[str],
    threshold: int = 5,
    rounding_base: int | None = None,
) -> CellSuppressionResult:
    """Withhold small cells and enough others that none can be recovered from the totals."""

    ext = _extended(counts)
    column_margins = ext.shape[0] > 2  # a single row: its column totals would repeat its cells
    primary = (ext > 0) & (ext < threshold)
    if not column_margins:
        primary[-1, :] = False
    hidden = primary.copy()
    rels = _relations(ext.shape, column_margins)
    while True:
        changed = False
        for rel in rels:  # rule of thumb first: no relation with exactly one withheld cell
            members = [cell for cell, _ in rel]
            n_hidden = sum(hidden[cell] for cell in members)
            if n_hidden == 1:
                hidden[_cheapest(ext, hidden, members)] = True
                changed = True
        if changed:
            continue
        exposed = determined_cells(ext, hidden, column_margins)
        if not exposed:
            break
        # A bridge in the pattern: widen it through the exposed cell's row.
        i, j = exposed[0]
        line = (
            [(i, jj) for jj in range(ext.shape[1])] if i < ext.shape[0] - 1 else [(ii, j) for ii in range(ext.shape[0])]
        )
        candidates = [cell for cell in line if not hidden[cell]]
        if not candidates:
            line = [(ii, j) for ii in range(ext.shape[0])]
            candidates = [cell for cell in line if not hidden[cell]]
        if not candidates:
            break  # everything in reach is withheld already
        hidden[_cheapest(ext, hidden, candidates)] = True
    return _result(ext, hidden, primary, rows, columns, threshold, rounding_base, column_margins)


def _cheapest(ext, hidden, members):
    """The visible member with the smallest positive count (zeros last), ties by position."""
    visible = [cell for cell in members if not hidden[cell]]
    return min(visible, key=lambda cell: (ext[cell] == 0, int(ext[cell]), cell))


def _result(ext, hidden, primary, rows, columns, threshold, base, column_margins) -> CellSuppressionResult:
    r, c = ext.shape[0] - 1, ext.shape[1] - 1

    def show(cell) -> int | None:
        if hidden[cell]:
            return None
        value = int(ext[cell])
        return int(base * round(value / base)) if base else value

    suppressed = [
        SuppressedCell(row=str(rows[i]), column=str(columns[j]), reason="primary" if primary[i, j] else "secondary")
        for i in range(r)
        for j in range(c)
        if hidden[i, j]
    ]
    return CellSuppressionResult(
        threshold=threshold,
        rows=[str(x) for x in rows],
        columns=[str(x) for x in columns],
        published=[[show((i, j)) for j in range(c)] for i in range(r)],
        row_totals=[show((i, c)) for i in range(r)],
        column_totals=[show((r, j)) for j in range(c)] if column_margins else [show((0, j)) for j in range(c)],
        grand_total=show((r, c)),
        suppressed=suppressed,
        rounding_base=base,
    )
