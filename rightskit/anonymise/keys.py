"""Keys for pseudonyms: read from a file or the environment, derived per purpose, identified without exposure."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
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


def load_key(key_file: str | None) -> bytes | None:
    if key_file:
        try:
            return parse_key(Path(key_file).read_bytes(), key_file)
        except OSError as exc:
            raise ConfigError(f"cannot read the key file ({exc.strerror})", path=key_file) from None
    if os.environ.get(KEY_ENV):
        return parse_key(os.environ[KEY_ENV].encode(), f"${KEY_ENV}")
    return None


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
