"""Where the columns of a batch are profiled: threads in a lone process, one after another in a worker process
whose siblings already keep the cores busy."""

from __future__ import annotations

import multiprocessing
import threading

from rightskit import workers


def _threads_used(_: object) -> list[str]:
    return workers.map_columns(lambda _item: threading.current_thread().name, range(8))


def _in_a_worker(_: object) -> list[str]:
    workers.one_of_several_processes()
    return _threads_used(None)


def test_a_lone_process_profiles_columns_on_its_column_threads() -> None:
    names = _threads_used(None)
    assert len(names) == 8 and all(n.startswith("rightskit-column") for n in names)


def test_a_worker_among_siblings_profiles_columns_in_its_own_thread() -> None:
    with multiprocessing.get_context("fork").Pool(1) as pool:
        (names,) = pool.map(_in_a_worker, [None])
    assert names == ["MainThread"] * 8
    assert all(n.startswith("rightskit-column") for n in _threads_used(None))  # this process is not marked
