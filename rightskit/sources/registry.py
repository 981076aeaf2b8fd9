"""Which reader opens which file: by name first, then by content for ambiguous names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rightskit.sources.base import Opened

Opener = Callable[[Path, str, str], Opened]


def _delimited(path: Path, display: str, fmt: str) -> Opened:
    from rightskit.sources.delimited import open_delimited

    return open_delimited(path, display, fmt)


def _json(path: Path, display: str, fmt: str) -> Opened:
    from rightskit.sources.jsondata import open_json

    return open_json(path, display, fmt)


def _jsonl(path: Path, display: str, fmt: str) -> Opened:
    from rightskit.sources.jsondata import open_jsonl

    return open_jsonl(path, display, fmt)


def _parquet(path: Path, display: str, fmt: str) -> Opened:
    from rightskit.sources.parquet import open_parquet

    return open_parquet(path, display, fmt)


def _xlsx(path: Path, display: str, fmt: str) -> Opened:
    from rightskit.sources.xlsx import open_xlsx

    return open_xlsx(path, display, fmt)


DATASET_FORMATS: dict[str, tuple[str, Opener]] = {
    ".csv": ("csv", _delimited),
    ".tsv": ("tsv", _delimited),
    ".tab": ("tsv", _delimited),
    ".psv": ("csv", _delimited),
    ".json": ("json", _json),
    ".geojson": ("geojson", _json),
    ".jsonl": ("jsonl", _jsonl),
    ".ndjson": ("jsonl", _jsonl),
    ".parquet": ("parquet", _parquet),
    ".pq": ("parquet", _parquet),
    ".xlsx": ("xlsx", _xlsx),
    ".xlsm": ("xlsx", _xlsx),
}
CONTAINERS = {".gz", ".zip"}


def dataset_format(name: str) -> tuple[str, Opener] | None:
    """The format and opener for a file name, or None when rightskit does not read it."""
    return DATASET_FORMATS.get(Path(name).suffix.lower())


def looks_binary(path: Path) -> bool:
    """A NUL byte in the first 8 KiB marks a binary file."""
    try:
        with path.open("rb") as fh:
            return b"\x00" in fh.read(8192)
    except OSError:
        return False
