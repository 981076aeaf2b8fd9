"""Threads for Arrow work: its kernels release the GIL, so columns of one batch run side by side on the cores."""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor


@cache
def column_pool() -> ThreadPoolExecutor:
    """One pool per process, as many threads as cores."""
    from concurrent.futures import ThreadPoolExecutor

    return ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix="rightskit-column")


# A forked child inherits the pool object but not its threads: it must start its own.
os.register_at_fork(after_in_child=column_pool.cache_clear)
