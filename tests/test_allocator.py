"""The command and the worker processes it or a library call forks pick Arrow's jemalloc on Linux (it hands freed
memory back), unless the user chose a pool."""

from __future__ import annotations

import os
import subprocess
import sys

from rightskit.allocator import choose_for_command


def test_linux_gets_jemalloc_unless_the_user_chose_a_pool() -> None:
    chosen: dict[str, str] = {}
    choose_for_command(chosen, "linux")
    assert chosen == {"ARROW_DEFAULT_MEMORY_POOL": "jemalloc", "NUMPY_MADVISE_HUGEPAGE": "0"}
    mine = {"ARROW_DEFAULT_MEMORY_POOL": "system", "NUMPY_MADVISE_HUGEPAGE": "1"}
    choose_for_command(mine, "linux")
    assert mine == {"ARROW_DEFAULT_MEMORY_POOL": "system", "NUMPY_MADVISE_HUGEPAGE": "1"}
    elsewhere: dict[str, str] = {}
    choose_for_command(elsewhere, "darwin")
    assert elsewhere == {}


def test_the_command_allocates_with_the_chosen_pool() -> None:
    code = (
        "import sys\nsys.argv = ['rightskit', '--version']\nfrom rightskit.cli.main import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "import pyarrow as pa\nprint(pa.default_memory_pool().backend_name)"
    )
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}

    def backend(source: str) -> str:
        return subprocess.run(
            [sys.executable, "-c", source], capture_output=True, text=True, env=env, check=True
        ).stdout

    plain = backend("import pyarrow as pa\nprint(pa.default_memory_pool().backend_name)").split()[-1]
    through_the_command = backend(code).split()[-1]
    assert through_the_command == ("jemalloc" if sys.platform.startswith("linux") else plain)


_HUGE_PAGES = """
import sys
sys.argv = ['rightskit', '--version']
from rightskit.cli.main import main
try:
    main()
except SystemExit:
    pass
import numpy as np
core = getattr(np, "_core", None) or np.core
print(core.multiarray._set_madvise_hugepage(False))  # it answers with what numpy had chosen
"""


def test_the_command_keeps_numpys_arrays_in_pages_of_the_usual_size_unless_the_user_chose() -> None:
    """numpy's 2 MB pages made a full scan's kernel clear fresh memory for up to 40x as long (`allocator.py`)."""

    def huge_pages(**chosen: str) -> str:
        env = {k: v for k, v in os.environ.items() if k != "NUMPY_MADVISE_HUGEPAGE"} | chosen
        run = subprocess.run([sys.executable, "-c", _HUGE_PAGES], capture_output=True, text=True, env=env, check=True)
        return run.stdout.split()[-1]

    assert huge_pages() == ("False" if sys.platform.startswith("linux") else "True")  # elsewhere: numpy's own
    assert huge_pages(NUMPY_MADVISE_HUGEPAGE="1") == "True"


_POOLS = """
import os
import pyarrow as pa
from rightskit.workers import forked_map

if os.environ.get("POOL_IN_CODE"):
    pa.set_memory_pool(pa.system_memory_pool())

def backend():
    import pyarrow as pa
    return pa.default_memory_pool().backend_name

print(backend(), *forked_map(backend, [()] * 2, 2))
"""


def test_our_workers_allocate_with_jemalloc_on_linux_unless_the_user_chose_a_pool() -> None:
    """A library call leaves pyarrow's default pool to the caller's process, but the worker processes it forks are
    its own: they take jemalloc as the command does (mimalloc had made their kernel time 2.6× as long)."""

    def pools(**chosen: str) -> list[str]:
        env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"} | chosen
        run = subprocess.run([sys.executable, "-c", _POOLS], capture_output=True, text=True, env=env, check=True)
        return run.stdout.split()

    caller, *ours = pools()
    assert ours == ["jemalloc" if sys.platform.startswith("linux") else caller] * 2  # elsewhere: left as it was
    assert pools(ARROW_DEFAULT_MEMORY_POOL="system") == ["system"] * 3
    assert pools(POOL_IN_CODE="1") == ["system"] * 3  # chosen in code, before the call
