"""``rightskit scan``."""

from __future__ import annotations

import sys

import click

from rightskit.cli import EXIT_ERROR, EXIT_OK
from rightskit.cli.options import config_option, echo_errors, emit, output_option


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@output_option
@click.option("--sample", type=click.IntRange(min=1), help="Rows sampled per table [default: 1000].")
@click.option("--full", is_flag=True, help="Examine every value, not a sample.")
@click.option("--seed", type=int, help="Seed of the row sampler [default: 0].")
@config_option
@click.option(
    "--dialect",
    type=click.Choice(["postgres", "mysql", "tsql", "oracle", "sqlite", "bigquery", "snowflake"]),
    help="SQL dialect of SQL files [default: from the file name or content].",
)
@click.option("--strict", is_flag=True, help="SQL statements that cannot be parsed are errors (exit 2), not warnings.")
@click.option(
    "--schema",
    "schema_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="SQL DDL read as context for query lineage only (repeatable).",
)
@click.option(
    "--include-table",
    "include_tables",
    multiple=True,
    metavar="GLOB",
    help="Database tables to scan, as schema.table globs (repeatable).",
)
@click.option(
    "--exclude-table", "exclude_tables", multiple=True, metavar="GLOB", help="Database tables to skip (repeatable)."
)
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip paths matching GLOB (repeatable).")
@click.option(
    "--cache", is_flag=True, help="Reuse results of unchanged files from .rightskit-cache/ (rightskit cache clear)."
)
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, help="Hide findings below this.")
def scan(
    inputs: tuple[str, ...],
    fmt: str,
    output: str | None,
    sample: int | None,
    full: bool,
    seed: int | None,
    config_path: str | None,
    dialect: str | None,
    strict: bool,
    schema_files: tuple[str, ...],
    include_tables: tuple[str, ...],
    exclude_tables: tuple[str, ...],
    exclude: tuple[str, ...],
    min_confidence: float,
    cache: bool,
) -> None:
    """Scan files and directories for personal data.

    INPUTS are files or directories: datasets (CSV/TSV, JSON, JSON Lines, GeoJSON, Parquet, XLSX, .gz, .zip),
    schemas (SQL DDL, JSON Schema, OpenAPI, Table Schema / Data Package) and SQL queries or dbt models, whose
    lineage is traced through the schemas of the same scan — and database URLs (postgresql://user@host/db,
    mysql://…, sqlite:///file.db), read-only and sampled. Unsupported files are listed as skipped.
    Exit code 2 when an input could not be read.
    """
    from rightskit.api import scan as run_scan
    from rightskit.cli.render import render_scan_text
    from rightskit.config import load_config, scan_options
    from rightskit.scan_cache import DEFAULT_DIR

    config, _source = load_config(config_path)
    options = scan_options(config, sample=sample, seed=seed, full=full, exclude=exclude).model_copy(
        update={
            "dialect": dialect,
            "strict": strict,
            "schema_files": list(schema_files),
            "include_tables": list(include_tables),
            "exclude_tables": list(exclude_tables),
            "cache_dir": DEFAULT_DIR if cache else None,
        }
    )
    progress = _progress_bar() if fmt == "text" and output is None and sys.stderr.isatty() else None
    try:
        result = run_scan(list(inputs), options, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    if min_confidence:
        result = result.model_copy(update={"findings": [f for f in result.findings if f.confidence >= min_confidence]})
    emit(result.to_json() if fmt == "json" else render_scan_text(result), output)
    echo_errors(e for source in result.sources for e in source.errors)
    sys.exit(EXIT_ERROR if result.has_errors else EXIT_OK)


class _Progress:
    """A spinner-style status line on stderr while sources are read (terminals only)."""

    def __init__(self) -> None:
        from rich.console import Console

        self._console = Console(stderr=True)
        self._status = self._console.status("scanning…")
        self._status.start()
        self._count = 0

    def __call__(self, display: str) -> None:
        self._count += 1
        self._status.update(f"scanning source {self._count}: {display}")

    def close(self) -> None:
        self._status.stop()


def _progress_bar() -> _Progress:
    return _Progress()


@click.group()
def cache() -> None:
    """The scan cache (.rightskit-cache/)."""


@cache.command("clear")
@click.option("--dir", "directory", default=".rightskit-cache", show_default=True, type=click.Path(file_okay=False))
def cache_clear(directory: str) -> None:
    """Remove every cached result."""
    from rightskit.scan_cache import clear

    click.echo(f"removed {clear(directory)} cached result(s) from {directory}")
