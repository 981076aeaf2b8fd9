"""How rightskit's own processes take memory. Arrow's pool: jemalloc on Linux, unless the user chose
one. It hands freed memory back to the system, where pyarrow's default, mimalloc, kept it (a 1M / 2M-row release
peaked at 0.72 / 1.03 GB rather than 0.82 / 1.13 GB and ran 3 % faster) and made the worker processes of a realistic
1M-row full scan spend 8.8 s in the kernel rather than 3.3 (13.2 against 9.8 s in all). numpy's arrays: in pages of
the usual size, for the command, unless the user chose."""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping

_CHOICE = "ARROW_DEFAULT_MEMORY_POOL"  # the variable Arrow reads when it first allocates
_PYARROWS_DEFAULT = "mimalloc"  # what pyarrow's wheels allocate with when nobody chose
# numpy asks Linux for 2 MB pages for every array of 4 MB or more. A scan's arrays live for one pass, so each is
# fresh memory, and the kernel clears a 2 MB page before handing it over: on the project's virtual machine that
# cost 0.13-5.9 s per 640 MB from one run to the next, against 0.22 s in 4 KB pages every time. With 4 KB pages the
# realistic 1M-row full scan takes 14.4 CPU-s rather than 15.2 (its kernel time 1.5 rather than 2.4).
_NUMPY_HUGE_PAGES = "NUMPY_MADVISE_HUGEPAGE"


def _ours(platform: str) -> str | None:
    return "jemalloc" if platform.startswith("linux") else None  # Linux wheels carry it


def choose_for_command(environ: MutableMapping[str, str], platform: str) -> None:
    """The command's own pool, set before anything imports Arrow (which reads the choice once), and numpy's
    arrays in pages of the usual size, set before anything imports numpy (which reads that choice once)."""
    pool = _ours(platform)
    if pool is not None:
        environ.setdefault(_CHOICE, pool)
    if platform.startswith("linux"):
        environ.setdefault(_NUMPY_HUGE_PAGES, "0")


def choose_in_worker() -> None:
    """The pool of a worker process rightskit forked. A library call leaves the caller's process with whatever
    pool it has, but the workers are rightskit's own: they change pyarrow's default (mimalloc), not a pool the
    caller chose, in the environment or in code (``pa.set_memory_pool``, inherited by the fork). The arrays a
    worker inherited keep the pool that allocated them."""
    pool = _ours(sys.platform)
    if pool is None or _CHOICE in os.environ:
        return
    import pyarrow as pa

    if pa.default_memory_pool().backend_name != _PYARROWS_DEFAULT:
        return
    try:
        pa.set_memory_pool(getattr(pa, f"{pool}_memory_pool")())
    except NotImplementedError:  # a build without it
        return
