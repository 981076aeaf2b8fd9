"""Which writer releases which format: the same format names as the readers (``sources/registry.py``), so what
rightskit reads and what it can release are one table (a test holds them equal)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rightskit.anonymise.release.context import ReleaseContext
from rightskit.models.release import FieldPlan, FileRecord


@dataclass(frozen=True)
class WriteJob:
    """One input file to release into ``out`` (in the staging folder), in the format its name says."""

    src: Path
    out: Path
    fmt: str
    fields: list[FieldPlan]
    ctx: ReleaseContext
    hierarchy_files: dict[str, str]


Writer = Callable[[WriteJob], list[FileRecord]]


def _delimited(job: WriteJob) -> list[FileRecord]:
    from rightskit.anonymise.release.writers.delimited import write_delimited

    return [write_delimited(job.src, job.out, job.fields, job.ctx, job.hierarchy_files, job.fmt)]


def _json(job: WriteJob) -> list[FileRecord]:
    from rightskit.anonymise.release.writers.jsondoc import write_json

    return [write_json(job.src, job.out, job.fields, job.ctx, job.hierarchy_files, job.fmt)]


def _parquet(job: WriteJob) -> list[FileRecord]:
    from rightskit.anonymise.release.writers.parquet import write_parquet

    return [write_parquet(job.src, job.out, job.fields, job.ctx, job.hierarchy_files)]


def _xlsx(job: WriteJob) -> list[FileRecord]:
    from rightskit.anonymise.release.writers.xlsx import write_xlsx

    return write_xlsx(job.src, job.out, job.fields, job.ctx, job.hierarchy_files)


WRITERS: dict[str, Writer] = {
    "csv": _delimited,
    "tsv": _delimited,
    "json": _json,
    "geojson": _json,
    "jsonl": _json,
    "parquet": _parquet,
    "xlsx": _xlsx,
}


def writer_for(name: str) -> tuple[str, Writer] | None:
    """The format and writer for a file name, or None when rightskit cannot release it."""
    from rightskit.sources.registry import dataset_format

    found = dataset_format(name)
    if found is None or found[0] not in WRITERS:
        return None
    return found[0], WRITERS[found[0]]
