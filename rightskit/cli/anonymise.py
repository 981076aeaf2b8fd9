"""``rightskit plan``, ``rightskit anonymise`` and ``rightskit keygen``."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from rightskit.cli import EXIT_OK, EXIT_VIOLATIONS

if TYPE_CHECKING:
    from rightskit.models.release import Plan


def _split(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def _hierarchies(specs: tuple[str, ...]) -> dict[str, str]:
    from rightskit.errors import UsageError

    out = {}
    for spec in specs:
        col, sep, target = spec.partition("=")
        if not sep:
            raise UsageError(f"--hierarchy takes COL=FILE, not '{spec}'")
        out[col] = target
    return out


def _plan_options(f):
    for option in reversed(
        [
            click.option("--policy", default="open-data-publication", show_default=True),
            click.option(
                "--k", "k", type=click.IntRange(min=2), help="k to reach [default: 5; 10 with special categories]."
            ),
            click.option("--quasi", help="Exactly these columns are the quasi-identifiers (comma-separated)."),
            click.option("--sensitive", help="Sensitive attributes (comma-separated)."),
            click.option(
                "--hierarchy", multiple=True, metavar="COL=FILE", help="ARX CSV file, or builtin:age|date|…|star."
            ),
            click.option("--max-suppression", type=click.FloatRange(0, 1), default=0.0, show_default=True),
        ]
    ):
        f = option(f)
    return f


def _plan_arguments(policy, k, quasi, sensitive, hierarchy, max_suppression) -> dict:
    """The plan options as the library takes them."""
    return {
        "policy": policy,
        "k": k,
        "quasi": _split(quasi),
        "sensitive": _split(sensitive),
        "hierarchies": _hierarchies(hierarchy),
        "max_suppression": max_suppression,
    }


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="plan.yaml to write.")
@_plan_options
def plan(inputs, output, policy, k, quasi, sensitive, hierarchy, max_suppression) -> None:
    """Write an editable anonymisation plan (a role and an action per field) for INPUTS."""
    import yaml

    from rightskit.api import make_plan
    from rightskit.output import write_atomic

    derived = make_plan(list(inputs), **_plan_arguments(policy, k, quasi, sensitive, hierarchy, max_suppression))
    write_atomic(output, yaml.safe_dump(derived.model_dump(mode="json"), allow_unicode=True, sort_keys=False))
    click.echo(f"plan written to {output}: {sum(len(v) for v in derived.inputs.values())} field(s), k = {derived.k}")


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", required=True, type=click.Path(file_okay=False), help="A new output folder.")
@click.option("--plan", "plan_file", type=click.Path(exists=True, dir_okay=False), help="A plan (rightskit plan).")
@click.option(
    "--key-file", type=click.Path(exists=True, dir_okay=False), help="Key for keyed pseudonyms (rightskit keygen)."
)
@click.option("--counts", metavar="ROWS,COLUMNS,COUNT", help="INPUTS are tables of counts: suppress small cells.")
@click.option("--min-cell", type=click.IntRange(min=1), default=5, show_default=True, help="Threshold for --counts.")
@click.option("--sql-views", is_flag=True, help="INPUTS are SQL schemas: write masking views and Anonymizer rules.")
@click.option("--dialect", default="postgres", show_default=True, help="Dialect of the masking views.")
@_plan_options
def anonymise(
    inputs,
    outdir,
    plan_file,
    key_file,
    counts,
    min_cell,
    sql_views,
    dialect,
    policy,
    k,
    quasi,
    sensitive,
    hierarchy,
    max_suppression,
) -> None:
    """Write anonymised copies of INPUTS into OUTDIR with manifest.json and datapackage.json.

    Exit 1, writing nothing, when the policy cannot be met (the best achievable is printed).
    """
    from rightskit.anonymise.release import ReleaseRefusedError
    from rightskit.api import anonymise as run

    chosen = None
    if plan_file:
        from rightskit.errors import ConfigError
        from rightskit.models.release import Plan
        from rightskit.textfile import read_text
        from rightskit.validation import load_yaml, validate_document

        chosen = validate_document(
            load_yaml(read_text(plan_file, error=ConfigError, what="plan"), plan_file), Plan, plan_file
        )
    if counts or sql_views:
        _special_release(list(inputs), outdir, counts, min_cell, sql_views, dialect, chosen)
        return
    try:
        manifest = run(
            list(inputs),
            outdir,
            plan=chosen,
            key_file=key_file,
            **_plan_arguments(policy, k, quasi, sensitive, hierarchy, max_suppression),
        )
    except ReleaseRefusedError as exc:
        click.echo(f"rightskit: {exc.render()}; nothing was written", err=True)
        sys.exit(EXIT_VIOLATIONS)
    for f in manifest.files:
        extra = f", NUE {f.search['nue']:,.4f}" if f.search else ""
        click.echo(f"{f.output}: {f.rows_out} of {f.rows_in} rows released{extra}")
    click.echo(f"manifest: {outdir}/manifest.json")
    sys.exit(EXIT_OK)


@click.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace an existing key (its pseudonyms can no longer be linked).")
def keygen(output: str, force: bool) -> None:
    """Write a new 256-bit key (hex) readable by its owner only; keep it apart from the data."""
    from pathlib import Path

    from rightskit.anonymise.keys import write_key

    if Path(output).exists() and not force:
        raise click.UsageError(f"{output} exists: replacing a key breaks every pseudonym made with it (use --force)")

    click.echo(f"key {write_key(output)} written to {output}")


def _special_release(
    inputs: list[str], outdir: str, counts: str | None, min_cell: int, sql_views: bool, dialect: str, plan: Plan | None
) -> None:
    """Tables of counts (cell suppression) or SQL schemas (masking views), staged and moved into place."""
    import json
    import os
    import shutil
    from pathlib import Path

    from rightskit.errors import UsageError

    target = Path(outdir)
    if target.exists() and any(target.iterdir()):
        raise UsageError(f"{outdir} exists and is not empty: choose a new output folder")
    from rightskit.anonymise.release import staging_dir
    from rightskit.ending import ensure_not_ended

    staging = staging_dir(target)
    notes: list[str] = []
    try:
        if sql_views:
            from rightskit.api import masking_views

            views = masking_views(inputs, dialect, plan=plan)
            (staging / "masking_views.sql").write_text(views.views_sql, encoding="utf-8")
            (staging / "anonymizer_labels.sql").write_text(views.labels_sql, encoding="utf-8")
            notes = [f"{w.table}.{w.column}: withheld from the view ({w.reason})" for w in views.withheld]
        else:
            from rightskit.api import suppress_counts

            parts = [p.strip() for p in (counts or "").split(",")]
            if len(parts) != 3:
                raise UsageError("--counts takes ROWS,COLUMNS,COUNT (three column names)")
            report = {}
            for path in inputs:
                src = Path(path)
                res = suppress_counts(src, staging / src.name, *parts, min_cell=min_cell)
                report[src.name] = [c.model_dump() for c in res.suppressed]
            manifest = {"suppressed_cells": report, "threshold": min_cell}
            (staging / "manifest.json").write_text(
                json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
        ensure_not_ended()
        if target.exists():
            target.rmdir()
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    for note in notes:
        click.echo(note)
    click.echo(f"written to {outdir}")
