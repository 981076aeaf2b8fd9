"""Optimal full-domain generalisation with record suppression, over the hierarchy lattice.

Loss is non-uniform entropy as ARX computes it (``Metric.createEntropyMetric(true)``): it depends only on the
node's levels, summed over all input records, suppressed ones included, so it is monotone on the lattice.
Privacy (k-anonymity, distinct and entropy l-diversity, each with a suppression limit) is monotone too: if a
node is private, so is every generalisation of it. The search uses both and stays exact without visiting the
whole lattice:

1. rank every node by (loss, level vector) — the level vector breaks ties, so results are deterministic;
2. find a private node cheaply: bisection along the chain from the bottom that rises least in loss;
3. let D be the nodes ranked before the best private node found. Check D's maximal elements only: a private
   one becomes the new best (D shrinks); a non-private one proves its whole down-set non-private. When every
   maximal element of D is non-private, no node ranked before the best is private: it is the optimum.

t-closeness is not monotone in general; with a t constraint the nodes are checked in rank order instead.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

from rightskit.errors import UsageError
from rightskit.models.privacy import SearchResult
from rightskit.privacy.encode import Attribute
from rightskit.privacy.metrics import classes_at, metrics_at

MAX_NODES = 5_000_000


@dataclass(frozen=True)
class Constraints:
    """What a release must satisfy."""

    k: int = 5
    max_suppression: float = 0.0  # share of records that may be suppressed
    l_distinct: int | None = None
    l_entropy: float | None = None
    t: float | None = None


@dataclass
class NodeEval:
    """One checked node."""

    private: bool
    suppressed: int
    keep: object  # numpy bool mask of the records kept (not suppressed)


class LatticeSearch:
    """Search state over one table."""

    def __init__(
        self, attributes: list[Attribute], constraints: Constraints, sensitive: dict[str, Sequence[str]] | None = None
    ) -> None:
        import numpy as np

        if not attributes:
            raise UsageError("the search needs at least one quasi-identifier")
        self.attributes = attributes
        self.c = constraints
        self.sensitive = sensitive or {}
        self.n = len(attributes[0].codes)
        self.limit = math.floor(constraints.max_suppression * self.n + 1e-9)
        self.heights = [a.height for a in attributes]
        total = math.prod(self.heights)
        if total > MAX_NODES:
            raise UsageError(f"the lattice has {total} nodes (more than {MAX_NODES}); use shallower hierarchies")
        # Node j has levels nodes[j]; index = Σ level_i · stride_i (C order).
        self.nodes = np.indices(self.heights).reshape(len(self.heights), -1).T.astype(np.int16)
        self.strides = [math.prod(self.heights[i + 1 :]) for i in range(len(self.heights))]
        self.loss = sum(a.level_loss[self.nodes[:, i]] for i, a in enumerate(attributes))
        keys = (*(self.nodes[:, i] for i in reversed(range(len(self.heights)))), np.round(self.loss, 6))
        self.order = np.lexsort(keys)
        self.rank = np.empty(total, dtype=np.int64)
        self.rank[self.order] = np.arange(total)
        self.status = np.zeros(total, dtype=np.int8)  # 0 unknown, 1 private, -1 not private
        self.cache: dict[int, NodeEval] = {}
        self._sens_codes = [self._codes(v) for v in self.sensitive.values()]

    @staticmethod
    def _codes(values: Sequence[str]):
        import numpy as np

        return np.unique(np.asarray(values, dtype=object).astype(str), return_inverse=True)[1]

    def levels(self, j: int) -> tuple[int, ...]:
        return tuple(int(x) for x in self.nodes[j])

    # -- one node -----------------------------------------------------------------------------------------
    def check(self, j: int) -> NodeEval:
        """Compute the equivalence classes of node j and whether it is private."""
        hit = self.cache.get(j)
        if hit is not None:
            return hit
        inverse, sizes = classes_at(self.attributes, self.levels(j))
        failing = sizes < self.c.k
        if self._sens_codes and (self.c.l_distinct or self.c.l_entropy or self.c.t is not None):
            failing |= self._attribute_failures(inverse, len(sizes))
        suppressed = int(sizes[failing].sum())
        ev = NodeEval(suppressed <= self.limit, suppressed, ~failing[inverse])
        self.cache[j] = ev
        if self.c.t is None:
            self._tag(j, ev.private)
        return ev

    def _attribute_failures(self, inverse, n_classes: int):
        import numpy as np

        bad = np.zeros(n_classes, dtype=bool)
        for codes in self._sens_codes:
            table = np.zeros((n_classes, int(codes.max()) + 1), dtype=np.int64)
            np.add.at(table, (inverse, codes), 1)
            p = table / table.sum(axis=1, keepdims=True)
            if self.c.l_distinct:
                bad |= (table > 0).sum(axis=1) < self.c.l_distinct
            if self.c.l_entropy:
                with np.errstate(divide="ignore", invalid="ignore"):
                    h = -np.nansum(np.where(p > 0, p * np.log2(p), 0.0), axis=1)
                bad |= 2.0**h < self.c.l_entropy - 1e-12
            if self.c.t is not None:
                q = table.sum(axis=0) / table.sum()
                bad |= 0.5 * np.abs(p - q).sum(axis=1) > self.c.t + 1e-12
        return bad

    def _tag(self, j: int, private: bool) -> None:
        node = self.nodes[j]
        if private:
            self.status[(self.nodes >= node).all(axis=1)] = 1
        else:
            self.status[(self.nodes <= node).all(axis=1)] = -1

    # -- the search ---------------------------------------------------------------------------------------
    def _first_private_on_chain(self) -> int | None:
        """Bisection along the chain from the bottom that rises least in loss."""
        chain = [0]
        while True:
            cur = self.nodes[chain[-1]]
            steps = [chain[-1] + self.strides[i] for i in range(len(cur)) if cur[i] + 1 < self.heights[i]]
            if not steps:
                break
            chain.append(min(steps, key=lambda s: self.rank[s]))
        lo, hi, found = 0, len(chain) - 1, None
        while lo <= hi:
            mid = (lo + hi) // 2
            if self.check(chain[mid]).private:
                found, hi = chain[mid], mid - 1
            else:
                lo = mid + 1
        return found

    def _maximal(self, inside):
        """Nodes of the set ``inside`` none of whose immediate successors is in it."""
        import numpy as np

        maximal = inside.copy()
        idx = np.flatnonzero(inside)
        for i, stride in enumerate(self.strides):
            can = self.nodes[idx, i] + 1 < self.heights[i]
            succ = idx[can] + stride
            maximal[idx[can][inside[succ]]] = False
        return maximal

    def run(self) -> int | None:
        """Index of the optimal node, or None when no node is private."""
        import numpy as np

        if self.c.t is not None:
            for j in self.order:
                if self.check(int(j)).private:
                    return int(j)
            return None
        best = self._first_private_on_chain()
        if best is None:
            return None
        while True:
            below = self.rank < self.rank[best]
            candidates = np.flatnonzero(self._maximal(below) & (self.status == 0))
            if len(candidates) == 0:
                # Every maximal node ranked before the best is known non-private: so is all it dominates.
                return best
            for j in candidates[np.argsort(self.rank[candidates])]:
                if self.status[j] != 0:
                    continue
                if self.check(int(j)).private and self.rank[j] < self.rank[best]:
                    best = int(j)
                    break


def optimal_generalisation(
    attributes: list[Attribute], constraints: Constraints, sensitive: dict[str, Sequence[str]] | None = None
) -> SearchResult:
    """Run the search and describe the result (or the best achievable when nothing qualifies)."""
    started = time.perf_counter()
    search = LatticeSearch(attributes, constraints, sensitive)
    best = search.run()
    top = len(search.nodes) - 1
    top_loss = float(search.loss[top])
    note = None
    if best is None:
        note = _best_achievable(search, top)
    chosen = top if best is None else best
    ev = search.check(chosen)
    levels = search.levels(chosen)
    after = metrics_at(attributes, levels, constraints.k, search.sensitive, keep=ev.keep)  # type: ignore[arg-type]
    loss = float(search.loss[chosen])
    return SearchResult(
        satisfied=best is not None,
        levels={a.name: lv for a, lv in zip(attributes, levels, strict=True)},
        nue=round(loss, 4),
        nue_normalised=round(loss / top_loss, 6) if top_loss else 0.0,
        suppressed=ev.suppressed,
        suppression_share=round(ev.suppressed / search.n, 6) if search.n else 0.0,
        nodes_total=len(search.nodes),
        nodes_checked=len(search.cache),
        seconds=round(time.perf_counter() - started, 3),
        metrics_after=after,
        best_achievable=note,
    )


def _best_achievable(search: LatticeSearch, top: int) -> str:
    _inverse, sizes = classes_at(search.attributes, search.levels(top))
    below = int(sizes[sizes < search.c.k].sum())
    return (
        f"at the most general node k = {int(sizes.min())} without suppression; k = {search.c.k} needs "
        f"{below} records ({below / search.n:.1%}) suppressed; NUE {float(search.loss[top]):.4f}"
    )
