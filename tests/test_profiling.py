"""A full scan of many batches profiles them in worker processes and merges their states in batch order: the
findings are those of one process profiling batch after batch (issue 20)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rightskit import scan
from rightskit.sources import batching, delimited
from tests.helpers import Gen


def _register(path: Path, rows: int) -> Path:
    gen = Gen(20)
    people = gen.rows(rows)
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["name", "egn", "phone", "email", "note", "amount", "code"])
        for i, p in enumerate(people):
            note = gen.rng.choice(
                [f"Обаждане от {gen.phone()} за справка", f"Write to {gen.email()} about case {i}", "No remarks", ""]
            )
            code = gen.rng.choice(["", f"{i:09d}", p["egn"]]) if i % 7 else p["name"]
            out.writerow([p["name"], p["egn"], p["phone"], p["email"], note, p["amount"], code])
    return path


@pytest.mark.parametrize("batch_rows", [257, 1000])
def test_batches_profiled_in_processes_give_the_findings_of_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch_rows: int
) -> None:
    import rightskit.profiling as profiling

    path = _register(tmp_path / "register.csv", 4000)
    monkeypatch.setattr(delimited, "BLOCK_SIZE", 16 << 10)  # many source batches, gathered to batch_rows
    monkeypatch.setattr(batching, "COALESCE_ROWS", batch_rows)
    one = scan(path, full=True, workers=1)
    used = []
    real = profiling.profiled_in_processes
    monkeypatch.setattr(profiling, "profiled_in_processes", lambda *a, **k: used.append(1) or real(*a, **k))
    several = scan(path, full=True, workers=2)
    assert used, "the batches were not profiled in worker processes"
    assert several.sources[0].rows_scanned == one.sources[0].rows_scanned == 4000
    assert {f.field for f in one.findings} >= {"name", "egn", "phone", "email", "note"}
    assert [f.model_dump() for f in several.findings] == [f.model_dump() for f in one.findings]


def test_the_last_batch_is_cut_among_the_workers_and_gives_the_same_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Five batches on two workers left one worker profiling the last alone: it is now cut in one piece per
    worker, and the counts merged from the pieces are those of the whole batch."""
    import rightskit.profiling as profiling

    path = _register(tmp_path / "register.csv", 4000)
    monkeypatch.setattr(delimited, "BLOCK_SIZE", 16 << 10)
    monkeypatch.setattr(batching, "COALESCE_ROWS", 900)
    monkeypatch.setattr(profiling, "SPLIT_LAST_FROM", 100)
    one = scan(path, full=True, workers=1)
    cut: list[list[int]] = []
    real = profiling._pieces
    monkeypatch.setattr(
        profiling,
        "_pieces",
        lambda values, workers: cut.append([len(p["egn"]) for p in real(values, workers)]) or real(values, workers),
    )
    several = scan(path, full=True, workers=2)
    assert len(cut) == 1 and len(cut[0]) == 2 and abs(cut[0][0] - cut[0][1]) <= 1, cut  # only the last, in halves
    assert several.sources[0].rows_scanned == 4000
    assert [f.model_dump() for f in several.findings] == [f.model_dump() for f in one.findings]


def test_distinct_counts_past_the_sketch_do_not_depend_on_batches_or_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the values counted exactly the distinct count is an estimate, but the same one however the file
    was cut into batches and whichever process profiled them (it used to be the count where a cap was hit)."""
    from rightskit.detect import valuehash

    path = _register(tmp_path / "register.csv", 4000)
    monkeypatch.setattr(valuehash, "SKETCH_SIZE", 300)  # 4,000 distinct e-mails: estimated
    monkeypatch.setattr(delimited, "BLOCK_SIZE", 16 << 10)
    runs = []
    for batch_rows, workers in ((4000, 1), (257, 1), (1000, 2)):
        monkeypatch.setattr(batching, "COALESCE_ROWS", batch_rows)
        runs.append([f.model_dump() for f in scan(path, full=True, workers=workers).findings])
    assert runs[0] == runs[1] == runs[2]
    ratio = {f["field"]: f["evidence"]["distinct_ratio"] for f in runs[0] if f["field"] == "email"}["email"]
    assert 0.85 < ratio <= 1.15  # every e-mail distinct


def test_a_large_file_s_workers_are_forked_before_its_first_batch_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forked after batches were read, each worker held them too (1.0 GB a worker for a 1M-row file)."""
    import rightskit.profiling as profiling

    path = _register(tmp_path / "register.csv", 3000)
    monkeypatch.setattr(delimited, "BLOCK_SIZE", 16 << 10)
    monkeypatch.setattr(batching, "COALESCE_ROWS", 500)
    one = scan(path, full=True, workers=1)
    monkeypatch.setattr(batching, "COALESCE_BYTES", path.stat().st_size // 4)  # "larger than a batch"
    events: list[str] = []
    real_pool, real_coalesce = profiling.profiling_pool, batching.coalesce_fields

    def pool(*args, **kwargs):
        events.append("fork")
        return real_pool(*args, **kwargs)

    def coalesce(*args, **kwargs):
        for batch in real_coalesce(*args, **kwargs):
            events.append("batch")
            yield batch

    monkeypatch.setattr(profiling, "profiling_pool", pool)
    monkeypatch.setattr(batching, "coalesce_fields", coalesce)
    several = scan(path, full=True, workers=2)
    assert events[:2] == ["fork", "batch"] and events.count("fork") == 1
    assert [f.model_dump() for f in several.findings] == [f.model_dump() for f in one.findings]


def test_a_single_batch_is_profiled_in_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import rightskit.profiling as profiling

    path = _register(tmp_path / "small.csv", 300)
    monkeypatch.setattr(profiling, "profiled_in_processes", lambda *a, **k: pytest.fail("forked for one batch"))
    assert scan(path, full=True, workers=2).findings


def test_a_reader_failing_midway_keeps_the_evidence_of_the_batches_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A damaged last row group: the batches before it were profiled, in worker processes as in one process."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "damaged.parquet"
    rows = 3 * 65536
    pq.write_table(
        pa.table({"email": [f"person{i % 5000}@example.org" for i in range(rows)]}),
        path,
        row_group_size=65536,
        compression="snappy",
    )
    last = pq.ParquetFile(path).metadata.row_group(2).column(0)
    with path.open("r+b") as fh:
        fh.seek(last.data_page_offset + 20)
        fh.write(b"\xff" * 64)
    monkeypatch.setattr(batching, "COALESCE_ROWS", 300)
    one, several = scan(path, full=True, workers=1), scan(path, full=True, workers=2)
    assert several.sources[0].errors and one.sources[0].errors
    assert [f.model_dump() for f in several.findings] == [f.model_dump() for f in one.findings]
    (email,) = [f for f in several.findings if f.field == "email"]
    assert email.evidence.examined >= 65536 and email.evidence.validated >= 65536


def test_a_batch_is_handed_to_a_worker_before_this_process_compares_its_columns() -> None:
    """The row-by-row comparison of a batch's columns runs in this process while a worker profiles the batch:
    the first batch no longer waits for it with both workers idle."""
    from concurrent.futures import Future

    import pyarrow as pa

    from rightskit import profiling
    from rightskit.detect.profile import FieldProfile
    from rightskit.sources.base import FieldColumn

    events: list[str] = []

    class RecordingPool:
        def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
            done: Future = Future()
            if args and args[0] is profiling._profile_batch:
                events.append("handed on")
                done.set_result({"n": FieldProfile(recognizers=()).state()})
            else:  # the hand-off's probe of the pool
                done.set_result(fn(*args))
            return done

    batches = [{"n": FieldColumn(pa.array([str(i)] * 10), 1)} for i in range(3)]
    states = profiling.profiled_in_processes(
        iter(batches), None, 2, on_batch=lambda fields: events.append("compared"), pool=RecordingPool()
    )
    assert len(list(states)) == 3
    assert events == ["handed on", "compared"] * 3
