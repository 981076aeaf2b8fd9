"""Small-cell suppression: no withheld cell can be recovered from what is published."""

from __future__ import annotations

import random

import numpy as np
import pytest

from rightskit.privacy.cells import suppress_cells


def recoverable(result, counts) -> list[tuple[int, int]]:
    """Independent check: a withheld cell is recoverable when every solution of the published relations
    agrees on it, i.e. the null space of the relation matrix is zero at that cell (SVD, not rank tests)."""
    r, c = len(result.rows), len(result.columns)
    grid = [[result.published[i][j] for j in range(c)] + [result.row_totals[i]] for i in range(r)]
    grid.append([*result.column_totals, result.grand_total])
    unknown = [(i, j) for i in range(r + 1) for j in range(c + 1) if grid[i][j] is None]
    if not unknown:
        return []
    idx = {cell: n for n, cell in enumerate(unknown)}
    rows = []
    for i in range(r + 1):
        rows.append({**{(i, j): 1 for j in range(c)}, (i, c): -1})
    if r > 1:
        for j in range(c + 1):
            rows.append({**{(i, j): 1 for i in range(r)}, (r, j): -1})
    a = np.array([[rel.get(cell, 0) for cell in unknown] for rel in rows], dtype=float)
    _u, s, vt = np.linalg.svd(a)
    null = vt[(s > 1e-9).sum() :]
    return [cell for cell, n in idx.items() if np.all(np.abs(null[:, n]) < 1e-9)]


def _random_table(seed: int, r: int, c: int):
    rng = random.Random(seed)
    return [[rng.choice([0, 1, 2, 3, 4, 6, 9, 15, 30, 80]) for _ in range(c)] for _ in range(r)]


@pytest.mark.parametrize("seed", range(25))
def test_no_withheld_cell_is_recoverable(seed: int) -> None:
    rng = random.Random(seed)
    r, c = rng.randint(2, 7), rng.randint(2, 7)
    counts = _random_table(seed, r, c)
    result = suppress_cells(counts, [f"r{i}" for i in range(r)], [f"c{j}" for j in range(c)], threshold=5)
    assert recoverable(result, counts) == []
    for i in range(r):
        for j in range(c):
            if 0 < counts[i][j] < 5:
                assert result.published[i][j] is None, "every small cell is withheld"
            if result.published[i][j] is not None:
                assert result.published[i][j] == counts[i][j]


def test_worked_example() -> None:
    counts = [[20, 3, 15], [12, 18, 25], [25, 30, 22]]
    result = suppress_cells(counts, ["Средец", "Лозенец", "Люлин"], ["0-17", "18-64", "65+"], threshold=5)
    reasons = {(s.row, s.column): s.reason for s in result.suppressed}
    assert reasons[("Средец", "18-64")] == "primary"
    assert sum(1 for r in reasons.values() if r == "secondary") >= 3
    assert result.row_totals == [38, 55, 77] and result.grand_total == 170


def test_single_row_table() -> None:
    result = suppress_cells([[10, 2, 30, 7]], ["all"], ["a", "b", "c", "d"], threshold=5)
    assert result.published[0] == [10, None, 30, None]
    assert result.grand_total == 49


def test_rounding() -> None:
    result = suppress_cells([[12, 18], [27, 33]], ["a", "b"], ["x", "y"], threshold=5, rounding_base=5)
    assert result.published == [[10, 20], [25, 35]]
