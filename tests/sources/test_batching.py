"""Gathering and reading ahead keep every value, in order; errors reach the reader of the batches."""

from __future__ import annotations

import threading

import pyarrow as pa
import pytest

from rightskit.sources.base import FieldColumn
from rightskit.sources.batching import coalesce_fields, read_ahead


def test_coalesce_fields_keeps_order_and_fields_that_come_and_go() -> None:
    batches = [
        {"a": FieldColumn(pa.array(["1", "2"]), 1)},
        {"a": FieldColumn(pa.array(["3"]), 1), "b": FieldColumn(pa.array(["x"]))},
        {"b": FieldColumn(pa.array(["y", "z"]))},
    ]
    out = list(coalesce_fields(batches, rows=3))
    assert [{k: v.values.to_pylist() for k, v in b.items()} for b in out] == [
        {"a": ["1", "2", "3"], "b": ["x"]},
        {"b": ["y", "z"]},
    ]
    assert out[0]["a"].column == 1


def test_read_ahead_yields_everything_in_order_from_another_thread() -> None:
    threads = set()

    def items():
        for i in range(100):
            threads.add(threading.current_thread().name)
            yield i

    assert list(read_ahead(items())) == list(range(100))
    assert threads == {"rightskit-read-ahead"}


def test_read_ahead_holds_one_item_ahead_of_the_consumer_never_more() -> None:
    """Batches are tens of megabytes: the thread produces the next only once the consumer took the last."""
    import time

    produced: list[int] = []

    def counted():
        for i in range(6):
            produced.append(i)
            yield i

    it = read_ahead(counted())
    for taken in range(1, 6):
        assert next(it) == taken - 1
        time.sleep(0.15)  # ample time for a thread that would run further ahead
        assert len(produced) <= taken + 1
    assert list(it) == [5]


def test_read_ahead_hands_errors_to_the_consumer_and_stops_when_closed() -> None:
    def broken():
        yield 1
        raise ValueError("bad block")

    it = read_ahead(broken())
    assert next(it) == 1
    with pytest.raises(ValueError, match="bad block"):
        next(it)
    produced = []

    def endless():
        i = 0
        while True:
            produced.append(i)
            yield i
            i += 1

    it = read_ahead(endless())
    assert next(it) == 0
    it.close()  # the producer notices and stops instead of running forever
    for t in threading.enumerate():
        if t.name == "rightskit-read-ahead":
            t.join(timeout=5)
            assert not t.is_alive()
    assert len(produced) < 10
