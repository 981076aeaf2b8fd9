"""The signals that end a command, remembered as well as raised.

A command ends on Ctrl-C, SIGTERM or SIGHUP through the same clean-up as an error: the handler raises, and a
release's staging folder (raw values) is removed by its ``except BaseException``. Python swallows what a handler
raises where it happens to run inside a finaliser, a weakref callback or an at-fork callback ("Exception ignored
in …"), and the command would then go on to publish and exit 0. So each handler also notes its signal; a release
asks the note (``ensure_not_ended``) after each batch and before its rename, an atomic write before its rename,
and the exit status at the end. The lost exit's own traceback is not printed: the run did not crash.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# The signals that end a command, by name (not every platform has them all).
ENDING = ("SIGINT", "SIGTERM", "SIGHUP")

_received: list[int] = []


def install() -> None:
    """This process's handlers for the ending signals (the command line's; a library caller keeps its own)."""
    import sys

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _terminated)
    signal.signal(signal.SIGINT, _interrupted)
    sys.unraisablehook = _unraisable


def _unraisable(unraisable: Any) -> None:
    """What Python could not raise, shown as usual, but for a handler's own exit: it is noted, and honoured where
    the run publishes and when it ends, so its traceback would only tell a user the command crashed."""
    import sys

    if ended() is not None and isinstance(unraisable.exc_value, SystemExit | KeyboardInterrupt):
        return
    sys.__unraisablehook__(unraisable)


def _terminated(signum: int, _frame: Any) -> None:
    _received.append(signum)
    raise SystemExit(exit_status(signum))


def _interrupted(signum: int, frame: Any) -> None:
    _received.append(signum)
    signal.default_int_handler(signum, frame)


def exit_status(signum: int) -> int:
    """A command ended by a signal exits as shells report it: 128 and the signal's number."""
    return 128 + signum


def ended() -> int | None:
    """The first ending signal this process received through ``install``'s handlers, or None."""
    return _received[0] if _received else None


def ensure_not_ended() -> None:
    """Raise what the first ending signal raised, if one came, even where its own raise was swallowed: nothing is
    published after a command was asked to end."""
    signum = ended()
    if signum is None:
        return
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise SystemExit(exit_status(signum))


# The handlers ``deferred`` replaced, while it runs: a process forked meanwhile takes them back.
_BEFORE_DEFERRAL: dict[int, Any] = {}


@contextmanager
def deferred() -> Iterator[None]:
    """The ending signals noted while the block runs and handled as usual when it ends: worker processes are forked
    in it. A handler that ran there inside an at-fork callback (logging's) had its exception swallowed, and one
    that ran inside the pool's start left workers no one would stop."""
    import threading

    if threading.current_thread() is not threading.main_thread():  # handlers run in the main thread alone
        yield
        return
    noted: list[int] = []
    for name in ENDING:
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) is not None:  # None: a handler not set from Python
            _BEFORE_DEFERRAL[signum] = signal.signal(signum, lambda signum, _frame: noted.append(signum))
    try:
        yield
    finally:
        handlers_before_deferral()
        _BEFORE_DEFERRAL.clear()
        for signum in noted:
            signal.raise_signal(signum)


def handlers_before_deferral() -> None:
    """The handlers ``deferred`` replaced, set again (in a process forked while it ran, none outside it)."""
    for signum, handler in _BEFORE_DEFERRAL.items():
        signal.signal(signum, handler)
