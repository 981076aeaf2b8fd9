"""Atomic output: a file is either the complete new version or untouched."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rightskit.ending import ensure_not_ended


def write_atomic(path: str | os.PathLike, data: str | bytes, mode: int | None = None, *, durable: bool = True) -> None:
    """Write to a temporary file beside ``path``, fsync (unless not ``durable``), then rename over it. A folder
    that cannot be written or a full disk is an OutputError naming the file (exit 2), never a traceback."""
    from rightskit.errors import OutputError

    try:
        _write_atomic(Path(path), data, mode, durable)
    except IsADirectoryError:
        raise OutputError("is a folder, not a file", path=str(path)) from None
    except OSError as exc:
        raise OutputError(f"cannot be written ({exc.strerror or type(exc).__name__})", path=str(path)) from None


def _write_atomic(target: Path, data: str | bytes, mode: int | None, durable: bool) -> None:
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if target.exists() and not target.is_file():
        # /dev/null, /dev/stdout, a FIFO: renaming over them would replace a device with a file.
        if target.is_dir():
            raise IsADirectoryError(f"{target} is a directory")
        with target.open("wb") as fh:
            fh.write(payload)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        ensure_not_ended()
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
