"""Keys for pseudonyms: read from a file or the environment, derived per purpose, identified without exposure."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

from rightskit.errors import ConfigError

KEY_ENV = "RIGHTSKIT_KEY"
MIN_KEY_BYTES = 32


def parse_key(raw: bytes, source: str) -> bytes:
    """Raw bytes, or hex, or base64 text; at least 32 bytes of key."""
    text = raw.strip()
    for decode in (lambda t: binascii.unhexlify(t), lambda t: base64.b64decode(t, validate=True)):
        try:
            key = decode(text)
            if len(key) >= MIN_KEY_BYTES:
                return key
        except (binascii.Error, ValueError):
            continue
    if len(raw) >= MIN_KEY_BYTES and not text.isascii():
        return raw
    raise ConfigError(f"a key needs at least {MIN_KEY_BYTES} random bytes (raw, hex or base64)", path=source)


MAX_KEY_FILE_BYTES = 4096  # a key is 32 bytes, 64 in hex: anything far larger is not a key file
_MIN_DISTINCT_BYTES = 12  # 32 random bytes hold about 31 distinct values; a run of zeros or a pattern holds few


def load_key(key_file: str | None, *, publication: bool = False) -> bytes | None:
    """The key from ``key_file`` or ``$RIGHTSKIT_KEY``. Only a regular file of key size is read (a FIFO or
    ``/dev/zero`` would hang or fill memory). A key others can read or write, or with little entropy, is refused
    for a publication and named in a warning otherwise (``problems``)."""
    if key_file:
        path = Path(key_file)
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                raise ConfigError("the key file is not a regular file", path=key_file)
            if info.st_size > MAX_KEY_FILE_BYTES:
                raise ConfigError(f"the key file is larger than {MAX_KEY_FILE_BYTES} bytes: not a key", path=key_file)
            key = parse_key(path.read_bytes(), key_file)
        except OSError as exc:
            raise ConfigError(f"cannot read the key file ({exc.strerror})", path=key_file) from None
        found = problems(key, info.st_mode)
    elif os.environ.get(KEY_ENV):
        key = parse_key(os.environ[KEY_ENV].encode(), f"${KEY_ENV}")
        found = problems(key, None)
    else:
        return None
    if found and publication:
        raise ConfigError(f"refused for a publication: the key {'; '.join(found)}", path=key_file or f"${KEY_ENV}")
    for problem in found:
        import warnings

        from rightskit.errors import RightskitWarning

        warnings.warn(f"{key_file or '$' + KEY_ENV}: the key {problem}", RightskitWarning, stacklevel=2)
    return key


def problems(key: bytes, mode: int | None) -> list[str]:
    """What makes a key unsafe: others may read or change its file, or it is not random."""
    out = []
    if mode is not None and mode & 0o077:
        out.append("file can be read or written by other users (chmod 600 it)")
    if len(set(key)) < _MIN_DISTINCT_BYTES:
        out.append("has too little entropy to be random (use rightskit keygen)")
    return out


def derive(key: bytes, purpose: str) -> bytes:
    """A separate key per purpose (HKDF-style expand with HMAC-SHA-256)."""
    return hmac.new(key, b"rightskit/v1/" + purpose.encode("utf-8"), hashlib.sha256).digest()


def key_id(key: bytes) -> str:
    """An identifier of a key that reveals nothing about it."""
    return "k-" + hmac.new(key, b"rightskit/key-id", hashlib.sha256).hexdigest()[:16]


def new_key() -> bytes:
    return secrets.token_bytes(MIN_KEY_BYTES)


def write_key(path: str) -> str:
    """A new key, hex, readable by its owner only; returns its id."""
    key = new_key()
    from rightskit.output import write_atomic

    write_atomic(path, key.hex() + "\n", mode=0o600)
    return key_id(key)
