"""Every error a user can cause is a RightskitError naming the file and the place.

Messages never carry values read from inputs: a parse error says *where*, not *what*.
"""

from __future__ import annotations

import functools

from rightskit.credentials import without_credentials

_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), *range(0x7F, 0xA0)]}


_CONTROL_BUT_NEWLINE = {c: v for c, v in _CONTROL.items() if c != 0x0A}


def printable(text: str, *, lines: bool = False) -> str:
    """``text`` with control characters written as ``\\xNN``: a file name's escape sequence must not retitle or
    recolour a terminal, nor its newline forge a second message line."""
    return text.translate(_CONTROL_BUT_NEWLINE if lines else _CONTROL)


class RightskitError(Exception):
    """Base of all errors the user can cause or fix."""

    def __init__(self, message: str, *, path: str | None = None, where: str | None = None) -> None:
        # A message may run over lines it chose itself (a refusal lists its findings); what it quotes from inputs
        # (a file or field name) is made printable where it is quoted.
        self.message = printable(without_credentials(message), lines=True)
        self.path = printable(without_credentials(path)) if path else path
        self.where = printable(where) if where else where
        super().__init__(self.render())

    def __reduce__(self) -> tuple:
        # Raised in a worker process, the error reaches the parent with its parts, not only its text.
        return (functools.partial(type(self), path=self.path, where=self.where), (self.message,))

    def render(self) -> str:
        """One line: ``path (where): message``."""
        prefix = ""
        if self.path:
            prefix = self.path
            if self.where:
                prefix += f" ({self.where})"
            prefix += ": "
        return prefix + self.message


class RightskitWarning(UserWarning):
    """Something a user should know that does not stop the run (the CLI prints it as one ``warning`` line)."""


class UsageError(RightskitError):
    """Bad options or arguments."""


class ConfigError(RightskitError):
    """A configuration, policy, rule pack or context file is invalid."""


class SourceError(RightskitError):
    """An input of a supported kind could not be read."""


class OutputError(RightskitError):
    """An output could not be written (a read-only folder, a full disk)."""
