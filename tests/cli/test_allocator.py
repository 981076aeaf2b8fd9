"""The command picks Arrow's jemalloc on Linux (it hands freed memory back), unless the user chose a pool."""

from __future__ import annotations

import os
import subprocess
import sys

from rightskit.cli.main import choose_arrow_allocator


def test_linux_gets_jemalloc_unless_the_user_chose_a_pool() -> None:
    chosen: dict[str, str] = {}
    choose_arrow_allocator(chosen, "linux")
    assert chosen == {"ARROW_DEFAULT_MEMORY_POOL": "jemalloc"}
    mine = {"ARROW_DEFAULT_MEMORY_POOL": "system"}
    choose_arrow_allocator(mine, "linux")
    assert mine == {"ARROW_DEFAULT_MEMORY_POOL": "system"}
    elsewhere: dict[str, str] = {}
    choose_arrow_allocator(elsewhere, "darwin")
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
