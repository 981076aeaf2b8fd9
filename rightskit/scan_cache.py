"""A content-addressed cache of per-file scan results, so that a re-scan skips files that did not change.

An entry's key is an HMAC, under a secret kept outside the repository (``local_secret``), of the sha256 of the
file's bytes, the path as shown, the scan options and the rightskit version: editing a file, changing an option or
upgrading re-scans it, and an entry someone committed (its key computed offline, its findings empty) is never
found, because nobody else has this machine's secret. A small stat index (size, mtime, inode)
spares re-hashing files whose metadata did not change. Entries hold findings only, i.e. shape-only examples,
never a raw value. Writes are atomic; a corrupt entry is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import shutil
from pathlib import Path

from pydantic import TypeAdapter

from rightskit import __version__
from rightskit.digest import file_sha256
from rightskit.errors import RightskitError
from rightskit.models.finding import Finding
from rightskit.models.scan import SourceReport
from rightskit.output import write_atomic

DEFAULT_DIR = ".rightskit-cache"
Entry = list[tuple[SourceReport, list[Finding]]]
_ENTRY = TypeAdapter(Entry)


_GITIGNORE = "# Written by rightskit: the scan cache is local, never committed.\n*\n"


def ensure_cache_dir(directory: str | os.PathLike) -> Path:
    """The cache folder, created with a .gitignore inside it so that git never picks it up."""
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    ignore = root / ".gitignore"
    if not ignore.exists():
        write_atomic(ignore, _GITIGNORE, durable=False)
    return root


class ScanCache:
    def __init__(self, directory: str | os.PathLike, options_json: str) -> None:
        self.root = Path(directory)
        self.salt = hashlib.sha256(f"{__version__}\x1f{options_json}".encode()).hexdigest()
        self._index_path = self.root / "stat-index.json"
        try:
            self._index: dict[str, list] = json.loads(self._index_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._index = {}
        self._dirty = False
        self.hits = 0
        self.misses = 0

    def _digest(self, path: Path) -> str:
        st = path.stat()
        stamp = [st.st_size, st.st_mtime_ns, st.st_ino]
        known = self._index.get(str(path.resolve()))
        if known and known[:3] == stamp:
            return known[3]
        digest = file_sha256(path)
        self._index[str(path.resolve())] = [*stamp, digest]
        self._dirty = True
        return digest

    def key(self, path: Path, display: str) -> str | None:
        try:
            content = self._digest(path)
        except OSError:
            return None  # unreadable: let the scan report it
        message = f"{self.salt}\x1f{display}\x1f{content}".encode()
        return hmac.new(local_secret(), message, hashlib.sha256).hexdigest()

    def get(self, key: str | None) -> Entry | None:
        if key is None:
            return None
        try:
            entry = _ENTRY.validate_json((self.root / key[:2] / f"{key}.json").read_bytes())
        except (OSError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return entry

    def put(self, key: str | None, entry: Entry) -> None:
        # Files that failed to read are not cached: the next run must try (and report) them again.
        if key is None or any(report.errors for report, _ in entry):
            return
        # No fsync: after a crash an entry is whole or missing (rename), and a missing one is just a re-scan.
        ensure_cache_dir(self.root)
        write_atomic(self.root / key[:2] / f"{key}.json", _ENTRY.dump_json(entry), durable=False)

    def close(self) -> None:
        if self._dirty:
            ensure_cache_dir(self.root)
            write_atomic(self._index_path, json.dumps(self._index), durable=False)
            self._dirty = False


def local_secret() -> bytes:
    """This user's cache secret (created once, owner-only) under ``$XDG_CACHE_HOME/rightskit`` (``~/.cache``)."""
    global _SECRET
    if _SECRET is None:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "rightskit"
        path = base / "cache-secret"
        try:
            _SECRET = bytes.fromhex(path.read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            _SECRET = secrets.token_bytes(32)
            try:
                base.mkdir(parents=True, exist_ok=True)
                write_atomic(path, _SECRET.hex() + "\n", mode=0o600)
            except RightskitError:
                pass  # no writable home: this run's secret still protects this run
    return _SECRET


_SECRET: bytes | None = None


def clear(directory: str | os.PathLike = DEFAULT_DIR) -> int:
    """Remove the cache; return the number of entries it held."""
    root = Path(directory)
    if not root.is_dir():
        return 0
    entries = sum(1 for _ in root.glob("*/*.json"))
    shutil.rmtree(root)
    return entries
