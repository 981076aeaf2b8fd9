"""Text files people write (configuration, context, policy, plan, hierarchy, schema documents), read one way:
UTF-8 with or without its BOM, or UTF-16 with its BOM. Anything else is one clear error naming the file and the
byte where it stops being text, never a traceback (a file saved from Notepad as "Unicode", a cp1251 export)."""

from __future__ import annotations

import codecs
from pathlib import Path

from rightskit.errors import RightskitError, SourceError


def read_text(path: str | Path, *, error: type[RightskitError] = SourceError, what: str = "file") -> str:
    """The text of ``path``; ``error`` (with the file named) when it cannot be read or is not UTF-8/UTF-16."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise error(f"cannot read {what} ({exc.strerror or type(exc).__name__})", path=str(path)) from None
    encoding = "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise error(
            f"{what} is not {'UTF-16' if encoding == 'utf-16' else 'UTF-8'} text; save it as UTF-8",
            path=str(path),
            where=f"byte {exc.start}",
        ) from None
