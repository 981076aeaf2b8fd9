"""The repository's schema catalogue, so a check of a few staged files knows which tables hold personal data.

A pre-commit hook sees only the staged files: ``GRANT ALL ON citizens TO PUBLIC`` in a new migration says nothing
about ``citizens`` unless the DDL that declares it is read too. The catalogue is the schema and SQL findings of the
configured schema paths (``[tool.rightskit] schemas`` and ``--schema``), cached in ``.rightskit-cache/`` under the
hash of those files' contents and the rightskit version, so a commit re-reads them only when one changed.
"""

from __future__ import annotations

import glob
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import TypeAdapter

from rightskit import __version__
from rightskit.errors import UsageError
from rightskit.models.finding import Finding

if TYPE_CHECKING:
    from rightskit.scanning import ScanOptions

_FINDINGS = TypeAdapter(list[Finding])
_SKIPPED_DIRS = {".git", ".hg", ".svn", ".venv", "node_modules", ".rightskit-cache", "__pycache__"}


def schema_files(paths: Sequence[str]) -> list[str]:
    """The SQL files named by ``paths``: files, folders (recursively) or globs; sorted, each once."""
    from rightskit.schemas.scan import SQL_SUFFIXES

    out: set[str] = set()
    for raw in paths:
        matches = glob.glob(raw, recursive=True) if any(c in raw for c in "*?[") else [raw]
        if not matches or not any(Path(m).exists() for m in matches):
            # A catalogue that silently reads nothing would pass every grant: a wrong path is an error.
            raise UsageError(f"schema path '{raw}' matches no file or folder (--schema, [tool.rightskit] schemas)")
        for m in matches:
            p = Path(m)
            if p.is_dir():
                out |= {
                    str(f)
                    for f in p.rglob("*")
                    if f.suffix.lower() in SQL_SUFFIXES
                    and f.is_file()
                    and not _SKIPPED_DIRS & set(f.relative_to(p).parts)
                }
            elif p.suffix.lower() in SQL_SUFFIXES and p.is_file():
                out.add(str(p))
    return sorted(out)


def catalogue(
    paths: Sequence[str], options: ScanOptions | None = None, cache_dir: str | None = ".rightskit-cache"
) -> tuple[list[str], list[Finding]]:
    """(the SQL files, their schema and SQL findings) under the project's detection settings; cached by content."""
    from rightskit.digest import file_sha256

    files = schema_files(paths)
    if not files:
        return [], []
    from rightskit.scanning import ScanOptions, scan_paths

    opts = ScanOptions(detection=options.detection) if options else ScanOptions()
    digest = hashlib.sha256(f"{__version__}\x1f{opts.detection.model_dump_json()}".encode())
    for f in files:
        digest.update(f"\x1f{f}\x1f{file_sha256(f)}".encode())
    key = digest.hexdigest()
    entry = Path(cache_dir) / "catalogue" / f"{key}.json" if cache_dir else None
    if entry is not None:
        try:
            return files, _FINDINGS.validate_json(entry.read_bytes())
        except (OSError, ValueError):
            pass
    found = [f for f in scan_paths(files, opts).findings if f.kind.value in ("schema", "sql")]
    if entry is not None:
        from rightskit.output import write_atomic
        from rightskit.scan_cache import ensure_cache_dir

        ensure_cache_dir(cache_dir)
        write_atomic(entry, _FINDINGS.dump_json(found), durable=False)
    return files, found
