"""Batches made bigger: detectors cost per distinct value per batch, so fewer, larger batches cost less."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rightskit.sources.base import Batch, RecordList

# A coalesced batch stops growing at either bound: memory stays flat however long the file is.
COALESCE_ROWS = 1 << 18
COALESCE_BYTES = 64 << 20
COALESCE_RECORDS = 1 << 15  # parsed JSON records are Python objects: bounded by count, more tightly


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


def coalesce(batches: Iterable[Batch], rows: int = COALESCE_ROWS, nbytes: int = COALESCE_BYTES) -> Iterator[Batch]:
    """The same rows, in order, in batches of up to ``rows`` rows or about ``nbytes`` bytes."""
    pending: list[Batch] = []
    pending_rows = pending_bytes = 0
    for batch in batches:
        if isinstance(batch, RecordList):
            rows = min(rows, COALESCE_RECORDS)
        pending.append(batch)
        pending_rows += len(batch)
        pending_bytes += getattr(batch, "nbytes", 0)
        if pending_rows >= rows or pending_bytes >= nbytes:
            yield from merge_batches(pending)
            pending, pending_rows, pending_bytes = [], 0, 0
    if pending:
        yield from merge_batches(pending)
