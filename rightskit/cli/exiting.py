"""How the command's process ends: as Python would end it, less the teardown of native libraries.

Arrow keeps thread pools whose C++ objects are destroyed when the process exits. Now and then one of their threads
is still alive at that moment, and the C++ runtime aborts the process ("terminate called without an active
exception", exit 134) after the command has done its work and printed its result: about one release in a hundred
of the real registers here, whatever it had ended in. A command's exit status is what CI reads, so the process
ends the way Python ends it (the threads it waits for joined, the ``atexit`` handlers run, the standard streams
flushed) and then leaves with ``os._exit``, which skips the destructors. A library caller's process is its own.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

# Python's own status when it cannot flush a standard stream at exit (a full disk, a closed pipe)
_UNFLUSHED = 120


def status_of(code: object) -> int:
    """The exit status ``SystemExit(code)`` gives: None is 0, a number itself, anything else printed and 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def leave(code: object) -> NoReturn:
    """End the process with ``SystemExit(code)``'s status once everything Python would finish is finished."""
    import atexit
    import threading

    from rightskit import ending

    status = status_of(code)
    # What Python's finalisation asks first: the thread pools told to stop (concurrent.futures registers there), then
    # every thread that is not a daemon joined (joined alone, a pool's idle worker would wait for work for ever)
    threading._shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            status = status or _UNFLUSHED
    signum = ending.ended()
    if signum is not None and not status:  # an ending signal met the exit work above: the run did not succeed
        status = ending.exit_status(signum)
    os._exit(status)
