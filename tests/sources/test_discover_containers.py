from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

from rightskit import scan


def _csv(gen, n: int = 30) -> str:
    return "email\n" + "\n".join(gen.email() for _ in range(n)) + "\n"


def test_directory_walk_excludes_ignore_file_and_skips(tmp_path: Path, gen) -> None:
    (tmp_path / "keep").mkdir()
    (tmp_path / "keep" / "a.csv").write_text(_csv(gen), encoding="utf-8")
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "b.csv").write_text(_csv(gen), encoding="utf-8")
    (tmp_path / "c.csv").write_text(_csv(gen), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    (tmp_path / "image.bin").write_bytes(b"\x00\x01\x02")
    (tmp_path / ".rightskitignore").write_text("# private\nsecret/\n", encoding="utf-8")
    result = scan(tmp_path, exclude=["c.csv"])
    paths = {s.path.removeprefix(str(tmp_path) + "/"): s.skipped for s in result.sources}
    assert paths == {"keep/a.csv": None, "notes.txt": "unsupported file type", "image.bin": "binary file"}
    assert not result.has_errors


def test_gzip_and_zip_members(tmp_path: Path, gen) -> None:
    (tmp_path / "a.csv.gz").write_bytes(gzip.compress(_csv(gen).encode()))
    with zipfile.ZipFile(tmp_path / "bundle.zip", "w") as zf:
        zf.writestr("inner/b.csv", _csv(gen))
        zf.writestr("readme.md", "# not data")
    result = scan(tmp_path)
    shown = {s.path.removeprefix(str(tmp_path) + "/"): (s.format, s.skipped) for s in result.sources}
    assert shown == {
        "a.csv.gz": ("csv+gzip", None),
        "bundle.zip!inner/b.csv": ("csv", None),
        "bundle.zip!readme.md": (None, "unsupported file type"),
    }
    assert len(result.findings) == 2


def test_missing_input_is_an_error_and_the_rest_goes_on(tmp_path: Path, gen) -> None:
    (tmp_path / "a.csv").write_text(_csv(gen), encoding="utf-8")
    result = scan([str(tmp_path / "nope.csv"), str(tmp_path / "a.csv")])
    assert result.sources[0].errors == [f"{tmp_path / 'nope.csv'}: no such file or directory"]
    assert len(result.findings) == 1


def test_broken_gzip(tmp_path: Path) -> None:
    (tmp_path / "x.csv.gz").write_bytes(b"\x1f\x8b garbage")
    result = scan(tmp_path)
    assert result.has_errors and "gzip" in result.sources[0].errors[0]


def test_broken_zip(tmp_path: Path) -> None:
    (tmp_path / "x.zip").write_bytes(b"PK\x05\x06 nope")
    result = scan(tmp_path)
    assert result.sources[0].errors == [f"{tmp_path / 'x.zip'}: not a valid zip archive"]
