"""Shape-only examples: a value's form without its characters.

Digits become ``9`` and letters ``a``/``A`` (any script), so ``0888 123 456`` shows as ``9999 999 999`` and
``Иван Петров`` as ``Aaaa Aaaaaa``. E-mail addresses keep only their top-level domain. Nothing here returns a
character of the input other than punctuation, spaces and an e-mail's TLD.
"""

from __future__ import annotations

import re

MAX_EXAMPLE_LENGTH = 40
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.([A-Za-z]{2,24})$")


def shape(value: str) -> str:
    """Return the shape of ``value``: digits → 9, upper-case letters → A, other letters → a."""
    email = _EMAIL.match(value.strip())
    if email:
        return f"a***@a***.{email.group(1).lower()}"
    out = []
    for ch in value[:MAX_EXAMPLE_LENGTH]:
        if ch.isdigit():
            out.append("9")
        elif ch.isalpha():
            out.append("A" if ch.isupper() else "a")
        elif ch.isspace():
            out.append(" ")
        else:
            out.append(ch)
    if len(value) > MAX_EXAMPLE_LENGTH:
        out.append("…")
    return "".join(out)


def distinct_shapes(values: list[str], limit: int = 3) -> list[str]:
    """Up to ``limit`` distinct shapes, in first-seen order."""
    seen: list[str] = []
    for value in values:
        s = shape(value)
        if s not in seen:
            seen.append(s)
            if len(seen) >= limit:
                break
    return seen
