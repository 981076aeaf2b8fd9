"""The command's process ends as Python would end it, less the teardown of native libraries: a destructor that
aborts at exit (as Arrow's thread pools now and then do, "terminate called without an active exception") cannot
turn a finished command's exit status into 134."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's __cxa_atexit models the abort")

# Registered as C++ registers the destructor of a static object: run by exit(), after Python has finalised
ABORT_AT_NATIVE_TEARDOWN = """
import ctypes
libc = ctypes.CDLL(None)
libc.__cxa_atexit(ctypes.cast(libc.abort, ctypes.c_void_p), None, None)
"""


def _run(script: str) -> subprocess.CompletedProcess[str]:
    code = ABORT_AT_NATIVE_TEARDOWN + textwrap.dedent(script)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_the_model_of_the_abort_aborts_a_process_that_exits_as_python_does() -> None:
    ended = _run("import sys\nprint('done')\nsys.exit(0)")
    assert ended.returncode == -6 and ended.stdout == "done\n"


@pytest.mark.parametrize(("argv", "status"), [(["--version"], 0), (["scan"], 2)])
def test_the_command_keeps_its_exit_status_past_an_abort_at_native_teardown(argv: list[str], status: int) -> None:
    ended = _run(f"import sys\nfrom rightskit.cli.main import run\nsys.argv = ['rightskit', *{argv!r}]\nrun()")
    assert ended.returncode == status, ended.stderr
    assert "rightskit" in ended.stdout + ended.stderr


def test_leaving_finishes_what_python_would_finish(tmp_path) -> None:
    """Threads that are not daemons joined, a thread pool left open told to stop (its idle worker waits for work,
    and a join alone had hung the command), ``atexit`` handlers run, standard output flushed into a pipe."""
    marks = tmp_path / "marks"
    ended = _run(f"""
        import atexit, threading, time
        from concurrent.futures import ThreadPoolExecutor
        from pathlib import Path
        from rightskit.cli.exiting import leave
        marks = Path({str(marks)!r})
        def late():
            time.sleep(0.3)
            with marks.open("a") as fh:
                fh.write("thread\\n")
        threading.Thread(target=late).start()
        pool = ThreadPoolExecutor(2)
        pool.submit(time.sleep, 0.01).result()
        atexit.register(lambda: marks.open("a").write("atexit\\n"))
        print("x" * 100_000)
        leave(3)
    """)
    assert ended.returncode == 3, ended.stderr
    assert ended.stdout == "x" * 100_000 + "\n"
    assert marks.read_text().split() == ["thread", "atexit"]


@pytest.mark.parametrize(("code", "status", "said"), [("None", 0, ""), ("'stopped'", 1, "stopped\n"), ("258", 2, "")])
def test_leaving_gives_the_status_systemexit_would(code: str, status: int, said: str) -> None:
    ended = _run(f"from rightskit.cli.exiting import leave\nleave({code})")
    assert (ended.returncode, ended.stderr) == (status, said)


def test_an_ending_signal_met_in_the_exit_work_is_not_a_success() -> None:
    """A SIGTERM whose handler runs inside an ``atexit`` handler has its exit swallowed by Python: the command still
    ends 143, not 0."""
    ended = _run("""
        import atexit, signal
        from rightskit import ending
        from rightskit.cli.exiting import leave
        ending.install()
        atexit.register(lambda: signal.raise_signal(signal.SIGTERM))
        leave(0)
    """)
    assert ended.returncode == 143, ended.stderr
