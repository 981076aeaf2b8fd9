"""Credentials out of everything people see: a database URL or DSN typed as an input may carry a password, and
it is echoed in messages, reports and the JSON's ``sources[].path`` whether or not it parses as a URL."""

from __future__ import annotations

import re

# user:password@ after any scheme, with one, two or three slashes or none ("postgresql:/u:PW@h", "jdbc:…").
_USERINFO = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]*:/{0,3}(?:[^/@:\s]*:)?[^/@:\s]*?:)(?P<secret>[^/@\s]+)(?=@)")
# password=… in a query string or a key-value DSN ("?password=PW", "password=PW host=…", ";Pwd=PW;").
_PARAM = re.compile(
    r"(?i)(?P<head>\b(?:password|passwd|pwd|pass|sslpassword|secret|token|api[_-]?key|access[_-]?key)\s*=\s*)"
    r"(?P<secret>'[^']*'|\"[^\"]*\"|[^&;\s]+)"
)
MASK = "***"


def without_credentials(text: str) -> str:
    """``text`` with every password of a URL, a DSN or a query string replaced by ``***``."""
    text = _USERINFO.sub(lambda m: m.group("head") + MASK, text)
    return _PARAM.sub(lambda m: m.group("head") + MASK, text)
