"""``rightskit report``, ``rightskit context`` and ``rightskit diff``."""

from __future__ import annotations

import sys

import click

from rightskit.cli import EXIT_ERROR, EXIT_OK, EXIT_VIOLATIONS


def _scan(paths: tuple[str, ...]):
    """Scan PATHS, or load a saved findings JSON given alone."""
    from rightskit.api import scan
    from rightskit.cli.inputs import paths_or_findings

    got = paths_or_findings(paths)
    return got if not isinstance(got, list) else scan(got)


def _scan_errors(result) -> bool:
    for source in result.sources:
        for error in source.errors:
            click.echo(f"rightskit: {error}", err=True)
    return result.has_errors


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--context", "context_path", type=click.Path(dir_okay=False), help="rightskit-context.yaml.")
@click.option(
    "--format", "fmt", type=click.Choice(["md", "html", "docx", "json", "cnil-pia"]), default="md", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE (atomically).")
@click.option("--lang", type=click.Choice(["en", "bg"]), default="en", show_default=True)
@click.option("--policy", default="cc4dr-default", show_default=True, help="Policy whose violations feed the report.")
@click.option("--since", type=click.Path(exists=True), help="An earlier findings JSON: add what changed since.")
def report(paths, context_path, fmt, output, lang, policy, since) -> None:
    """A DPIA-style report (GDPR Art. 35) for PATHS (files, directories, database URLs or a saved findings JSON).

    Without --context, or with answers missing, the report is a DRAFT listing every missing answer.
    """
    from rightskit.api import build_report, render_report

    result = _scan(paths)
    earlier = _scan((since,)) if since else None
    doc = build_report(result, context=context_path, policy=policy, lang=lang, since=earlier)
    body = render_report(doc, fmt, context=context_path)
    if output:
        from rightskit.output import write_atomic

        write_atomic(output, body)
        click.echo(f"rightskit: {doc.status} report written to {output}", err=True)
    elif isinstance(body, bytes):
        raise click.UsageError("--format docx writes a binary file: give -o FILE")
    else:
        click.echo(body, nl=False)
    sys.exit(EXIT_ERROR if _scan_errors(result) else EXIT_OK)


@click.group()
def context() -> None:
    """Write and check the context file (rightskit-context.yaml)."""


@context.command("init")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", default="rightskit-context.yaml", show_default=True, type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def context_init(paths, output, force) -> None:
    """A skeleton pre-filled from a scan of PATHS, with TODOs naming what the findings require."""
    from pathlib import Path

    from rightskit.output import write_atomic
    from rightskit.report.contextfile import skeleton

    if Path(output).exists() and not force:
        raise click.UsageError(f"{output} exists; use --force to overwrite it")
    result = _scan(paths)
    write_atomic(output, skeleton(result))
    click.echo(f"rightskit: wrote {output}; fill its TODOs, then run: rightskit context check {output}", err=True)
    sys.exit(EXIT_ERROR if _scan_errors(result) else EXIT_OK)


@context.command("check")
@click.argument("file", type=click.Path(dir_okay=False))
def context_check(file) -> None:
    """Validate FILE and list the answers still missing. Exit 1 while any is missing."""
    from rightskit.policy.load import load_context
    from rightskit.report.contextfile import missing_answers

    missing = missing_answers(load_context(file))
    for m in missing:
        click.echo(f"missing: {m}")
    click.echo(f"{file}: valid; {len(missing)} answer(s) missing" if missing else f"{file}: valid and complete")
    sys.exit(EXIT_VIOLATIONS if missing else EXIT_OK)


@click.command()
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--policy", default="cc4dr-default", show_default=True)
@click.option("--exit-code", is_flag=True, help="Exit 1 when anything changed (a review trigger in CI).")
def diff(old, new, fmt, policy, exit_code) -> None:
    """Personal fields and violations new, removed or changed between OLD and NEW (findings JSON or paths)."""
    from rightskit.api import diff as run_diff
    from rightskit.report.diff import render_diff_text

    a, b = _scan((old,)), _scan((new,))
    errors = _scan_errors(a) | _scan_errors(b)
    d = run_diff(a, b, policy=policy, old_name=old, new_name=new)
    click.echo(d.model_dump_json(indent=2) if fmt == "json" else render_diff_text(d), nl=fmt != "text")
    if errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_VIOLATIONS if exit_code and d.changed else EXIT_OK)
