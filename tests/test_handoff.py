"""Tasks reach forked workers through a memory file both processes map: the worker gets what the pipe would have
given it, the parent keeps no memory file once a task is done, and where a worker cannot open one the pipe
carries the task as before."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from rightskit import handoff, workers


def _memory_files() -> list[str]:
    fds = Path("/proc/self/fd")
    out = []
    for fd in fds.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if "rightskit-task" in target:
            out.append(target)
    return out


def _described(values: pa.Array, numbers: np.ndarray, label: str) -> tuple:
    numbers += 1  # written in place: the worker's pages are its own (the parent's stay as they were)
    return values.to_pylist(), numbers.tolist(), label, values.type


def _tasks() -> list[tuple]:
    texts = pa.array([f"текст {i} ∑" if i % 7 else None for i in range(5000)], pa.string())
    return [
        (texts, np.arange(10, dtype=np.int64), "strings"),
        (texts.slice(1234, 100), np.arange(3, dtype=np.int64), "a slice"),
        (pa.array([], pa.string()), np.zeros(0, dtype=np.int64), "empty"),
        (pa.array(list(range(1000)), pa.int32()), np.ones(4, dtype=np.int64), "integers"),
        (pa.array([[1, 2], None, [3]], pa.list_(pa.int64())), np.arange(2, dtype=np.int64), "lists"),
    ]


def _expected(tasks: list[tuple]) -> list[tuple]:
    return [(v.to_pylist(), (n + 1).tolist(), label, v.type) for v, n, label in tasks]


def test_workers_get_from_the_memory_file_what_the_pipe_gives_and_it_is_freed_when_done() -> None:
    tasks = _tasks()
    kept = [n.copy() for _, n, _ in tasks]
    with workers.forked_pool(2) as pool:
        gate = handoff.Handoff(pool)
        assert gate.works
        parcels = [gate.put(task) for task in tasks]
        assert all(isinstance(p, handoff.Parcel) for p in parcels)
        assert len(_memory_files()) == len(tasks)
        bufferless = ("a label", 3)
        assert gate.put(bufferless) is bufferless  # nothing to map: the pipe
        results = [pool.submit(handoff.call, _described, p).result() for p in parcels]
        for parcel in parcels:
            gate.done(parcel)
        assert _memory_files() == []
        assert list(workers.in_order(pool, _described, tasks, 2)) == _expected(tasks)
    assert results == _expected(tasks)
    assert all(np.array_equal(n, k) for (_, n, _), k in zip(tasks, kept, strict=True))
    assert _memory_files() == []


def _cannot_open(owner: int, fd: int) -> bool:
    return False  # as where /proc is not mounted


def test_where_a_worker_cannot_open_the_memory_file_the_pipe_carries_the_task(monkeypatch) -> None:
    monkeypatch.setattr(handoff, "_can_open", _cannot_open)
    tasks = _tasks()
    with workers.forked_pool(2) as pool:
        gate = handoff.Handoff(pool)
        assert not gate.works
        assert gate.put(tasks[0]) is tasks[0]
        assert list(workers.in_order(pool, _described, tasks, 2)) == _expected(tasks)
    assert _memory_files() == []


def _fails(values: pa.Array) -> int:
    raise ValueError(f"bad batch of {len(values)}")


def test_a_task_that_fails_leaves_no_memory_file_open() -> None:
    batch = (pa.array(["x"] * 1000),)
    with workers.forked_pool(1) as pool, pytest.raises(ValueError, match="bad batch of 1000"):
        list(workers.in_order(pool, _fails, [batch, batch, batch], 1))
    assert _memory_files() == []


def _reads(values: pa.Array) -> int:
    return len(values)


def test_a_worker_given_a_descriptor_that_now_names_another_file_refuses_it() -> None:
    """An abandoned task's descriptor is closed and its number may be used again: the worker checks the file's
    first bytes and refuses another file rather than read it as the task's."""
    with workers.forked_pool(1) as pool:
        gate = handoff.Handoff(pool)
        parcel = gate.put((pa.array(["x"] * 100),))
        assert isinstance(parcel, handoff.Parcel)
        assert pool.submit(handoff.call, _reads, parcel).result() == 100
        gate.done(parcel)
        other = gate.put((pa.array(["y"] * 7),))  # the lowest free number: most likely the one just closed
        stale = handoff.Parcel(parcel.owner, other.fd, parcel.token, parcel.pickled, parcel.spans)
        with pytest.raises(handoff.HandoffError, match="is gone"):
            pool.submit(handoff.call, _reads, stale).result()
        assert pool.submit(handoff.call, _reads, other).result() == 7
        gate.close()
    assert _memory_files() == []


def _no_memory_files(name: str, flags: int = 0) -> int:
    raise OSError(38, "Function not implemented")  # a kernel older than 3.17, or a sandbox's filter


def test_where_memory_files_cannot_be_made_the_pipe_carries_every_task(monkeypatch) -> None:
    tasks = _tasks()
    with workers.forked_pool(2) as pool:
        gate = handoff.Handoff(pool)
        assert gate.works
        monkeypatch.setattr(os, "memfd_create", _no_memory_files)
        assert gate.put(tasks[0]) is tasks[0]  # refused mid-run (descriptors used up): this task by the pipe
        assert not handoff.Handoff(pool).works  # refused from the start: every task by the pipe
        assert list(workers.in_order(pool, _described, tasks, 2)) == _expected(tasks)
    assert _memory_files() == []
