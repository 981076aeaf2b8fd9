"""Batches made bigger: detectors cost per distinct value per batch, so fewer, larger batches cost less."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from rightskit.sources.base import Batch, FieldColumn, RecordList

T = TypeVar("T")

# A coalesced batch stops growing at either bound: memory stays flat however long the file is.
COALESCE_ROWS = 1 << 18
COALESCE_BYTES = 64 << 20


def merge_batches(batches: list[Batch]) -> list[Batch]:
    """Batches of one table as one batch where their kind allows (Arrow record batches, JSON records)."""
    import pyarrow as pa

    if len(batches) <= 1:
        return list(batches)
    if all(isinstance(b, RecordList) for b in batches):
        return [RecordList([r for b in batches for r in b.records])]  # type: ignore[attr-defined]
    if all(isinstance(b, pa.RecordBatch) for b in batches):
        table = pa.Table.from_batches(batches).combine_chunks()  # type: ignore[arg-type]
        return list(table.to_batches())
    return list(batches)


def coalesce_fields(
    field_batches: Iterable[dict[str, FieldColumn]], rows: int | None = None, nbytes: int | None = None
) -> Iterator[dict[str, FieldColumn]]:
    """The same field values, in order, gathered into batches of up to ``rows`` rows or about ``nbytes``.

    Gathered as Arrow arrays, after each source batch is flattened: JSON records, which are Python
    objects, never pile up.
    """
    rows, nbytes = rows or COALESCE_ROWS, nbytes or COALESCE_BYTES
    pending: dict[str, list[FieldColumn]] = {}
    pending_rows = pending_bytes = 0
    for fields in field_batches:
        for name, column in fields.items():
            pending.setdefault(name, []).append(column)
            pending_bytes += column.values.nbytes
        pending_rows += max((len(c.values) for c in fields.values()), default=0)
        if pending_rows >= rows or pending_bytes >= nbytes:
            gathered = _concatenated(pending)
            pending, pending_rows, pending_bytes = {}, 0, 0  # the pieces go before the batch is used
            yield gathered
            del gathered
    if pending:
        yield _concatenated(pending)


def _concatenated(pending: dict[str, list[FieldColumn]]) -> dict[str, FieldColumn]:
    import pyarrow as pa

    out = {}
    for name, columns in pending.items():
        arrays = [c.values.combine_chunks() if isinstance(c.values, pa.ChunkedArray) else c.values for c in columns]
        if len({a.type for a in arrays}) > 1:
            arrays = [a.cast(pa.string()) for a in arrays]
        out[name] = FieldColumn(arrays[0] if len(arrays) == 1 else pa.concat_arrays(arrays), columns[0].column)
    return out


def read_ahead(items: Iterable[T]) -> Iterator[T]:
    """The same items, produced one ahead in a thread: reading the next batch overlaps profiling this one. The
    thread starts on the next item only once the consumer has taken the last: one item is ever waiting, not one
    waiting and one more held until there is room (a batch of 64 MB less at the peak of a full scan)."""
    import queue
    import threading

    done = object()
    slot: queue.Queue = queue.Queue(maxsize=1)
    room = threading.Semaphore(1)  # released when the consumer takes an item: the slot is empty again
    stop = threading.Event()

    def produce() -> None:
        try:
            produced = iter(items)
            while True:
                while not room.acquire(timeout=0.1):
                    if stop.is_set():
                        return
                if stop.is_set():
                    return
                item = next(produced, done)
                slot.put((item, None))  # never waits: the slot was empty when room was taken
                if item is done:
                    return
        except BaseException as exc:  # handed to the consumer, raised there
            slot.put((done, exc))

    thread = threading.Thread(target=produce, name="rightskit-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            item, error = slot.get()
            room.release()
            if error is not None:
                raise error
            if item is done:
                return
            yield item
    finally:
        stop.set()
