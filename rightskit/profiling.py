"""A full pass's field profiles computed in forked worker processes, one coalesced batch per task.

Profiling is Python work for the most part (spans in free text, validators' fallbacks), so threads over the
columns of one batch share one GIL: on a file of many batches, processes are what use every core. Each worker
profiles a batch into fresh profiles and sends back only their states (counts, masked example shapes, the
smallest value digests: ``ProfileState``), which the parent merges in batch order, as the Spark path does.
Merged in order, the states give what one process profiling the batches one after another gives
(``tests/test_profiling.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

    from rightskit.detect.detector import Detector
    from rightskit.detect.profile import ProfileState
    from rightskit.sources.base import FieldColumn

_WORKER: dict = {}


def several_batches(batches: Iterator[dict[str, FieldColumn]]) -> tuple[Iterator[dict[str, FieldColumn]], bool]:
    """The same batches, and whether there are two or more: one batch is profiled in this process, on the column
    threads, where forking workers would cost more than it saves."""
    first = next(batches, None)
    if first is None:
        return iter(()), False
    try:
        second = next(batches, None)
    except Exception as exc:  # the reader failed on the second batch: the first is still profiled, then it raises
        return _chain([first], _raising(exc)), False
    return _chain([first] if second is None else [first, second], batches), second is not None


def _chain(head: list, rest: Iterator) -> Iterator:
    yield from head
    head.clear()  # the batches go once they are handed on
    yield from rest


def _raising(exc: Exception) -> Iterator:
    raise exc
    yield  # a generator: it raises when asked for its first item


@contextmanager
def profiling_pool(detector: Detector, workers: int) -> Iterator[Any]:
    """Worker processes for ``profiled_in_processes``, forked now: before a large file's first batch is read,
    they inherit no batch (each held ~160 MB more when forked at the first task, with two batches read)."""
    from rightskit.workers import forked_pool

    _WORKER["detector"] = detector  # inherited by the fork, never pickled
    try:
        with forked_pool(workers, _start_worker) as pool:
            yield pool
    finally:
        _WORKER.clear()


def profiled_in_processes(
    batches: Iterator[dict[str, FieldColumn]],
    detector: Detector,
    workers: int,
    on_batch: Callable[[dict[str, FieldColumn]], None],
    pool: Any = None,
) -> Iterator[dict[str, ProfileState]]:
    """Each batch's profile states, in batch order. ``on_batch`` sees every batch in this process (column
    positions, row-aligned comparisons) once it is handed to a worker, before its states come back. ``pool``: one
    ``profiling_pool`` started; else one is started here."""
    if pool is None:
        with profiling_pool(detector, workers) as started:
            yield from profiled_in_processes(batches, detector, workers, on_batch, started)
        return
    from rightskit.handoff import InFlight

    pending = InFlight(pool)
    try:
        try:
            for fields, last in _last_marked(batches):
                values = {n: c.values for n, c in fields.items()}
                # Handed on first: a worker profiles the batch while this process compares its columns (the first
                # batch had waited 0.27 s for that, both workers idle).
                for piece in _pieces(values, workers) if last else [values]:
                    pending.submit(_profile_batch, (piece,))
                del values
                on_batch(fields)
                del fields
                while len(pending) > workers:  # one waiting beside those in work, and one read ahead: workers + 2
                    yield pending.next()[1]
        except Exception:  # a reader failing midway: the batches it gave are still profiled, then it raises
            while pending:
                yield pending.next()[1]
            raise
        while pending:
            yield pending.next()[1]
    finally:
        pending.close()  # what a consumer that stopped early left in flight


# The last batch of a scan, from this many rows, is profiled in one piece per worker: the workers finish together,
# rather than one profiling it alone while the others wait (5 s of a 19 s scan of 1M rows in 5 batches on 2 cores).
SPLIT_LAST_FROM = 1 << 15


def _last_marked(batches: Iterator[dict[str, FieldColumn]]) -> Iterator[tuple[dict[str, FieldColumn], bool]]:
    """The batches, each with whether it is the last: one batch is read ahead to know. A reader failing gives
    the batch read before it as the last, then raises."""
    current = next(batches, None)
    while current is not None:
        try:
            following = next(batches, None)
        except Exception:
            yield current, True
            raise
        yield current, following is None
        current = following


def _pieces(values: dict[str, pa.Array], workers: int) -> list[dict[str, pa.Array]]:
    """A batch's columns cut into ``workers`` pieces of consecutive values (each column on its own: a profile
    is per field)."""
    rows = max((len(v) for v in values.values()), default=0)
    if workers < 2 or rows < SPLIT_LAST_FROM:
        return [values]
    return [{name: _piece(v, k, workers) for name, v in values.items()} for k in range(workers)]


def _piece(values: pa.Array | pa.ChunkedArray, k: int, pieces: int) -> pa.Array:
    """The ``k``-th of ``pieces`` runs of consecutive values, copied: a slice is pickled with all its buffers."""
    import pyarrow as pa

    lo, hi = len(values) * k // pieces, len(values) * (k + 1) // pieces
    part = values.slice(lo, hi - lo)
    return pa.concat_arrays(part.chunks if isinstance(part, pa.ChunkedArray) else [part])


def _start_worker() -> None:
    from rightskit.workers import one_of_several_processes

    one_of_several_processes()  # the siblings take the cores: columns one after another, not on threads
    _WORKER["memos"] = {}


def _profile_batch(values: dict[str, pa.Array]) -> dict[str, ProfileState]:
    """Fresh profiles of one batch's fields. What a field's profiles learn is kept per field across the batches
    this process sees (``FieldMemo``): a text met again is not read again."""
    from rightskit.detect.profile import FieldMemo
    from rightskit.scanning import new_profile

    detector, memos = _WORKER["detector"], _WORKER["memos"]
    states = {}
    for name, column in values.items():
        profile = new_profile(detector)
        profile.memo = memos.setdefault(name, FieldMemo())
        profile.update(column)
        states[name] = profile.state()
    return states
