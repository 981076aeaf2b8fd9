""".gz and .zip containers: members are unpacked to a private temporary directory, within limits."""

from __future__ import annotations

import gzip
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from rightskit.errors import SourceError
from rightskit.sources.registry import dataset_format
from rightskit.sources.xlsx import MAX_RATIO

MAX_MEMBER_BYTES = 8 << 30
# Below this much output a high ratio is harmless (a small column of zeros compresses 1000:1 too).
RATIO_FREE_BYTES = 64 << 20


@contextmanager
def unpack_gzip(path: Path, display: str) -> Iterator[Path]:
    """Decompress ``name.ext.gz`` to a temporary ``name.ext``."""
    inner = path.name[: -len(".gz")]
    with tempfile.TemporaryDirectory(prefix="rightskit-") as tmp:
        target = Path(tmp) / inner
        try:
            with gzip.open(path, "rb") as src, target.open("wb") as dst:
                _copy_limited(src, dst, display, compressed=path.stat().st_size)
        except (OSError, EOFError, zlib.error) as exc:
            raise SourceError(f"not a readable gzip file ({type(exc).__name__})", path=display) from None
        yield target


def zip_members(path: Path, display: str) -> list[str]:
    """Names of the readable dataset members of a zip archive, sorted."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir() and not PurePosixPath(i.filename).name.startswith(".")]
    except zipfile.BadZipFile:
        raise SourceError("not a valid zip archive", path=display) from None
    # Many members each under the per-member check add up: 3,000 of 1 MiB of zeros took 147 s to scan.
    declared = sum(i.file_size for i in infos)
    if declared > max(RATIO_FREE_BYTES, MAX_RATIO * path.stat().st_size):
        raise SourceError(
            f"refused as a possible zip bomb: {declared >> 20} MiB from a {path.stat().st_size >> 10} KiB archive",
            path=display,
        )
    return sorted(i.filename for i in infos)


@contextmanager
def unpack_zip_member(path: Path, display: str, member: str) -> Iterator[Path]:
    """Extract one member to a temporary file, refusing zip bombs; a damaged member is a SourceError."""
    with tempfile.TemporaryDirectory(prefix="rightskit-") as tmp:
        target = Path(tmp) / PurePosixPath(member).name
        try:
            with zipfile.ZipFile(path) as zf:
                info = zf.getinfo(member)
                if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1 << 20:
                    raise SourceError("member refused as a possible zip bomb", path=display, where=member)
                with zf.open(info) as src, target.open("wb") as dst:
                    _copy_limited(src, dst, f"{display}!{member}", compressed=info.compress_size)
        # A bad header, CRC or deflate stream, an encrypted or unsupported member: one line, and the scan goes on.
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, KeyError) as exc:
            raise SourceError(f"damaged zip member ({type(exc).__name__})", path=display, where=member) from None
        yield target


def _copy_limited(src: BinaryIO, dst: BinaryIO, display: str, compressed: int) -> None:
    """Copy, counting what comes out: more than 8 GiB, or more than MAX_RATIO times the compressed size past
    RATIO_FREE_BYTES (what a header declares may lie; the bytes do not), and the copy stops."""
    ratio_limit = max(RATIO_FREE_BYTES, MAX_RATIO * compressed)
    copied = 0
    while chunk := src.read(1 << 20):
        copied += len(chunk)
        if copied > MAX_MEMBER_BYTES:
            raise SourceError("expands beyond 8 GiB, refused", path=display)
        if copied > ratio_limit:
            raise SourceError(
                f"expands more than {MAX_RATIO} times its compressed size, refused as a bomb", path=display
            )
        dst.write(chunk)


def inner_format(name: str) -> bool:
    """Whether a container member (or a .gz's inner name) is a dataset rightskit reads."""
    return dataset_format(name) is not None
