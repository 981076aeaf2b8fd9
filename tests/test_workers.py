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


def _stopped_on_the_third(n: int) -> int:
    import os

    if n == 3:
        os._exit(9)  # as the system's out-of-memory killer stops a process
    return n


def _stopped(_batch: object) -> None:
    _stopped_on_the_third(3)


def test_a_worker_stopped_from_outside_is_a_clear_error_not_a_traceback() -> None:
    import pytest

    from rightskit.errors import RightskitError

    with pytest.raises(RightskitError, match="worker process stopped"):
        list(workers.forked_map(_stopped_on_the_third, [(n,) for n in range(6)], 2))


def test_the_cli_reports_a_stopped_worker_on_one_line(tmp_path, monkeypatch) -> None:
    from click.testing import CliRunner

    from rightskit.anonymise.release.writers import delimited
    from rightskit.cli.main import cli
    from tests.helpers import Gen, write_csv

    rows = [[p["name"], p["email"], f"note {i}"] for i, p in enumerate(Gen(3).rows(400))]
    src = write_csv(tmp_path / "people.csv", ["name", "email", "note"], rows)
    monkeypatch.setattr(delimited, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(delimited, "_release_csv_batch", _stopped)
    result = CliRunner().invoke(cli, ["anonymise", str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "worker process stopped" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


def _collection_thresholds(_n: int) -> tuple[int, int, int]:
    import gc

    return gc.get_threshold()


def test_forked_workers_collect_cycles_seldom_and_a_library_call_leaves_the_caller_s_collector_alone() -> None:
    import gc

    import pyarrow as pa

    from rightskit.api import scan

    before = gc.get_threshold()
    assert list(workers.forked_map(_collection_thresholds, [(n,) for n in range(3)], 2)) == [workers._SELDOM] * 3
    scan(pa.table({"email": [f"user{i}@example.com" for i in range(300)]}), full=True)
    assert gc.get_threshold() == before != workers._SELDOM


def test_a_ctrl_c_while_the_workers_are_forked_ends_the_run_and_leaves_no_worker() -> None:
    # The signal comes inside the fork (an at-fork callback sends it): its handler must not run there, where what it
    # raises is swallowed, but when the pool has started, so the run ends and the pool stops its workers.
    import subprocess
    import sys
    from pathlib import Path

    code = """
import os, signal
from rightskit.workers import forked_map
fired = []
def interrupt():
    if not fired:
        fired.append(os.getpid())
        os.kill(os.getpid(), signal.SIGINT)
os.register_at_fork(after_in_parent=interrupt)
try:
    print(list(forked_map(abs, [(-1,), (-2,), (-3,)], 2)))
except KeyboardInterrupt:
    print("interrupted")
"""
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=Path(__file__).parents[1]
    )
    assert run.returncode == 0 and run.stdout.split() == ["interrupted"], run.stdout + run.stderr
    assert "Exception ignored" not in run.stderr  # the pool's workers were stopped, or this run would not end
