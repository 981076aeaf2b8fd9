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
