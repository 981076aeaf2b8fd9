"""A release stopped by SIGTERM or SIGHUP leaves nothing behind (issue 22): the staging folder beside the output
holds raw values until the audit passes, and only Ctrl-C used to remove it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import Gen, write_csv


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_release_ended_by_a_signal_leaves_no_staging_folder(tmp_path: Path, signum: int) -> None:
    gen = Gen(3)
    rows = [
        [gen.name(), gen.egn(), gen.phone(), f"Обадете се на {gen.phone()}, {gen.name()}"] for _ in range(150_000)
    ]  # long enough to be stopped
    src = write_csv(tmp_path / "register.csv", ["name", "egn", "phone", "note"], rows)
    out = tmp_path / "release"
    proc = subprocess.Popen(
        [sys.executable, "-m", "rightskit", "anonymise", str(src), "-o", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(Path.cwd())},
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".release.*")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)  # wait until the staging folder exists: the signal must come mid-release
    assert list(tmp_path.glob(".release.*")), "the release ended before it could be interrupted"
    proc.send_signal(signum)
    proc.wait(timeout=60)
    assert proc.returncode != 0
    assert not list(tmp_path.glob(".release.*")) and not out.exists()
    assert b"Traceback" not in proc.stderr.read()


_SWALLOWED_SIGTERM = """
import signal, sys
from rightskit.anonymise.release.writers import delimited
from rightskit.cli.main import main

class Finaliser:
    def __del__(self):
        signal.raise_signal(signal.SIGTERM)  # its handler runs in here, and Python swallows the SystemExit it raises

released = delimited._release_csv_batch

def release_batch(*task):
    Finaliser()  # made and finalised at once, mid-release
    return released(*task)

delimited._release_csv_batch = release_batch
sys.argv = ["rightskit", "anonymise", sys.argv[1], "-o", sys.argv[2]]
main()
"""


def test_a_signal_whose_raise_python_swallowed_still_stops_the_release(tmp_path: Path) -> None:
    """A handler that runs inside a finaliser (or an at-fork or weakref callback) raises into nothing: the release
    used to go on, publish and exit 0, and Python printed the lost exit's traceback. The signal is remembered,
    nothing is published after it, and the lost exit is not shown as a crash."""
    gen = Gen(5)
    src = write_csv(tmp_path / "register.csv", ["name", "egn"], [[gen.name(), gen.egn()] for _ in range(50)])
    out = tmp_path / "release"
    done = subprocess.run(
        [sys.executable, "-c", _SWALLOWED_SIGTERM, str(src), str(out)],
        capture_output=True, env={**os.environ, "PYTHONPATH": str(Path.cwd())}, timeout=120,
    )  # fmt: skip
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert not out.exists() and not list(tmp_path.glob(".release.*"))
    assert b"Traceback" not in done.stderr


def test_no_file_is_written_atomically_after_an_ending_signal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rightskit import ending
    from rightskit.output import write_atomic

    report = tmp_path / "report.md"
    report.write_text("before", encoding="utf-8")
    monkeypatch.setattr(ending, "_received", [signal.SIGHUP])
    with pytest.raises(SystemExit) as stopped:
        write_atomic(report, "after")
    assert stopped.value.code == 128 + signal.SIGHUP
    assert report.read_text(encoding="utf-8") == "before" and [p.name for p in tmp_path.iterdir()] == ["report.md"]
    monkeypatch.setattr(ending, "_received", [signal.SIGINT])
    with pytest.raises(KeyboardInterrupt):
        write_atomic(report, "after")
    monkeypatch.setattr(ending, "_received", [])
    write_atomic(report, "after")
    assert report.read_text(encoding="utf-8") == "after"
