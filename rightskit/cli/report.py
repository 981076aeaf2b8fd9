"""``rightskit report``, ``rightskit context`` and ``rightskit diff``."""

from __future__ import annotations

import sys

import click

from rightskit.cli import EXIT_ERROR, EXIT_OK, EXIT_VIOLATIONS
from rightskit.cli.options import check_options, echo_errors, emit, lang_option, output_option, project_settings


def _scan(paths: tuple[str, ...]):
    """Scan PATHS, or load a saved findings JSON given alone."""
    from rightskit.api import scan
    from rightskit.cli.inputs import paths_or_findings

    got = paths_or_findings(paths)
    return got if not isinstance(got, list) else scan(got)


def _scan_errors(result) -> bool:
    return echo_errors(e for source in result.sources for e in source.errors)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@check_options
@click.option(
    "--format", "fmt", type=click.Choice(["md", "html", "docx", "json", "cnil-pia"]), default="md", show_default=True
)
@output_option
@lang_option
@click.option("--since", type=click.Path(exists=True), help="An earlier findings JSON: add what changed since.")
def report(paths, policy, context_path, config_path, schemas, fmt, output, lang, since) -> None:
    """A DPIA-style report (GDPR Art. 35) for PATHS (files, directories, database URLs or a saved findings JSON).

    The report is a DRAFT while an answer is missing or a violation at or above the policy's fail level is open.
    When an input cannot be read nothing is written (exit 2): a report must not describe what it did not see.
    """
    from rightskit.api import build_report, render_report
    from rightskit.api import scan as run_scan
    from rightskit.cli.inputs import paths_or_findings

    options, catalogue = project_settings(config_path, schemas)
    got = paths_or_findings(paths)
    result = got if not isinstance(got, list) else run_scan(got, options)
    if _scan_errors(result):
        click.echo("rightskit: no report written: an input could not be read", err=True)
        sys.exit(EXIT_ERROR)
    earlier = _scan((since,)) if since else None
    doc = build_report(
        result, context=context_path, policy=policy, lang=lang, since=earlier, options=options, schemas=catalogue
    )
    emit(render_report(doc, fmt, context=context_path), output)
    if output:
        click.echo(f"rightskit: {doc.status} report written to {output}", err=True)
    sys.exit(EXIT_OK)


@click.group()
def context() -> None:
    """Write and check the context file (rightskit-context.yaml)."""


@context.command("init")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", default="rightskit-context.yaml", show_default=True, type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def context_init(paths, output, force) -> None:
    """A skeleton pre-filled from a scan of PATHS, with TODOs naming what the findings and the rules require."""
    from pathlib import Path

    from rightskit.report.contextfile import skeleton

    if Path(output).exists() and not force:
        raise click.UsageError(f"{output} exists; use --force to overwrite it")
    result = _scan(paths)
    if _scan_errors(result):
        click.echo(f"rightskit: {output} not written: an input could not be read", err=True)
        sys.exit(EXIT_ERROR)
    emit(skeleton(result), output)
    click.echo(f"rightskit: wrote {output}; fill its TODOs, then run: rightskit context check {output}", err=True)
    sys.exit(EXIT_OK)


@context.command("check")
@click.argument("file", type=click.Path(dir_okay=False))
def context_check(file) -> None:
    """Validate FILE and list the answers still missing (every key a rule reads). Exit 1 while any is missing."""
    from rightskit.policy.load import load_context
    from rightskit.report.contextfile import missing_answers, rule_questions

    missing = missing_answers(load_context(file))
    for m in missing:
        click.echo(f"missing: {m.text()}")
    for q in rule_questions():
        click.echo(f"also read: {q}")
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
