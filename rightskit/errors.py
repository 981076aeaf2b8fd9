"""Every error a user can cause is a RightskitError naming the file and the place.

Messages never carry values read from inputs: a parse error says *where*, not *what*.
"""

from __future__ import annotations

import functools

from rightskit.credentials import without_credentials


class RightskitError(Exception):
    """Base of all errors the user can cause or fix."""

    def __init__(self, message: str, *, path: str | None = None, where: str | None = None) -> None:
        self.message = without_credentials(message)
        self.path = without_credentials(path) if path else path
        self.where = where
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


class UsageError(RightskitError):
    """Bad options or arguments."""


class ConfigError(RightskitError):
    """A configuration, policy, rule pack or context file is invalid."""


class SourceError(RightskitError):
    """An input of a supported kind could not be read."""
