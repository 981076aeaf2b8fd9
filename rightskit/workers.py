"""Work on every core: threads for Arrow work (its kernels release the GIL), so columns of one batch run side by
side; forked worker processes for Python work, which holds the GIL."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache, partial
from typing import TYPE_CHECKING, Any, TypeVar

from rightskit import ending
from rightskit.errors import RightskitError

if TYPE_CHECKING:
    from concurrent.futures import Executor, ThreadPoolExecutor

T = TypeVar("T")


@cache
def column_pool() -> ThreadPoolExecutor:
    """One pool per process, as many threads as cores."""
    from concurrent.futures import ThreadPoolExecutor

    return ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix=_COLUMN_THREAD)


_COLUMN_THREAD = "rightskit-column"


def on_column_thread() -> bool:
    """Whether this is one of the column threads: work it hands the pool and then waits on could wait forever,
    once every thread does (two text columns of a release, each waiting on the searches its redaction handed the
    pool, hung a two-core machine)."""
    import threading

    return threading.current_thread().name.startswith(_COLUMN_THREAD)


# A forked child inherits the pool object but not its threads: it must start its own.
os.register_at_fork(after_in_child=column_pool.cache_clear)

_CORES_TAKEN = {"by_sibling_processes": False}


def one_of_several_processes() -> None:
    """Mark this process as one of several worker processes that already keep every core busy."""
    _CORES_TAKEN["by_sibling_processes"] = True


def cores_taken() -> bool:
    """Whether this process is one of several worker processes (it must not fork more of its own)."""
    return _CORES_TAKEN["by_sibling_processes"]


def side_by_side(fn: Callable[[Any], Any], items: Iterable[Any]) -> list[Any]:
    """``fn`` over ``items`` on the column threads, in order; one after another on a column thread itself."""
    if on_column_thread():
        return [fn(item) for item in items]
    return list(column_pool().map(fn, items))


def map_columns(fn: Callable[[Any], Any], items: Iterable[Any]) -> list[Any]:
    """``fn`` over the columns of a batch (or other pieces of work): on the column threads, unless sibling worker
    processes already take the cores — then threads only fight over this process's GIL (profiling a sample is
    Python work more than Arrow work), and one column after another is faster — or this is a column thread."""
    if cores_taken():
        return [fn(item) for item in items]
    return side_by_side(fn, items)


def forked_map(fn: Callable, tasks: Iterable[tuple], workers: int) -> Iterator[Any]:
    """``fn(*task)`` in ``workers`` processes forked from this one, so they inherit its module state (a plan,
    keys, a search result: set it before the first task); results in task order, a few tasks in flight."""
    with forked_pool(workers) as pool:
        yield from in_order(pool, fn, tasks, workers)


# A fork and its first task cost a few tens of milliseconds: workers start where the rest would take a core longer.
FORK_ABOVE_SECONDS = 0.5


def forked_if_slow(fn: Callable[..., T], tasks: Iterable[tuple], count: float) -> Iterator[T]:
    """``fn(*task)`` for each of about ``count`` tasks, in order: the first here, timed, and the rest in worker
    processes where they would take this process more than ``FORK_ABOVE_SECONDS``, else here too (a small file
    whose first block shows it slow: prose a names model reads goes at 0.7 MB/s a core)."""
    import time

    tasks = iter(tasks)
    first = next(tasks, None)
    if first is None:
        return
    started = time.perf_counter()
    yield fn(*first)
    rest = (time.perf_counter() - started) * max(0.0, count - 1)
    if (os.cpu_count() or 1) > 1 and rest > FORK_ABOVE_SECONDS:
        yield from forked_map(fn, tasks, os.cpu_count() or 1)
    else:
        yield from (fn(*task) for task in tasks)


@contextmanager
def forked_pool(workers: int, initializer: Callable[[], None] | None = None) -> Iterator[Executor]:
    """``workers`` processes forked now, while this one holds no batch yet: with fork, the first task starts
    every worker, so a no-op is sent first (workers forked at the first real task inherited the batches read
    so far: 0.5-0.9 GB each for a Parquet release). A worker stopped from outside is a ``WorkerDiedError``."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        context = multiprocessing.get_context("fork")
        start = partial(_start_forked, initializer)
        with ProcessPoolExecutor(workers, mp_context=context, initializer=start) as pool:
            with ending.deferred():
                pool.submit(int).result()
            yield pool
    except BrokenProcessPool:
        raise WorkerDiedError() from None


def _start_forked(initializer: Callable[[], None] | None) -> None:
    from rightskit.allocator import choose_in_worker

    ending.handlers_before_deferral()  # a worker handles signals as its parent did before the fork
    collect_seldom()
    choose_in_worker()
    if initializer is not None:
        initializer()


# Python's cycle collector runs a young collection every 700 allocations of containers and an older one every 10
# of those: span finding allocates a tuple per match and a list per text. Collecting seldom took a realistic 1M-row
# full scan from 25.8 to 25.1 CPU-seconds (median of 5). The cycles a batch makes (exceptions' frames, which hold
# arrays) are young, and the young collections these thresholds keep still free them.
_SELDOM = (10_000, 50, 1_000)


def collect_seldom() -> None:
    """Fewer cycle collections in a forked worker of ours: what it inherited is never traversed again
    (``gc.freeze``), and young collections come every 10,000 allocations, not every 700. Not for the command's
    own process, which allocates few containers: a cycle holding a batch's arrays lived on there between the
    rarer collections (a 1M-row release peaked at 832 MB rather than 675), nor for a library call in someone
    else's process."""
    import gc

    gc.freeze()
    gc.set_threshold(*_SELDOM)


class WorkerDiedError(RightskitError):
    """A worker process was stopped from outside (the system out of memory, a signal): what it did is lost."""

    def __init__(self, message: str = "a worker process stopped before it finished (out of memory?)", **kw) -> None:
        super().__init__(message, **kw)


def in_order(pool: Executor, fn: Callable, tasks: Iterable[tuple], workers: int) -> Iterator[Any]:
    """``fn(*task)`` for every task on ``pool``, results in task order, a few tasks in flight (bounded memory).
    ``tasks`` is drawn lazily: a task read from a file is read while the pool works on the ones before it."""
    from rightskit.handoff import InFlight

    pending = InFlight(pool)
    try:
        for task in tasks:
            pending.submit(fn, tuple(task))
            if len(pending) > workers:  # one task waiting beside those in work: what the parent holds stays small
                yield pending.next()[1]
                ending.ensure_not_ended()  # a signal whose raise a finaliser swallowed ends it here
        while pending:
            yield pending.next()[1]
            ending.ensure_not_ended()
    finally:
        pending.close()
