"""``rightskit check``, ``rightskit rules`` and ``rightskit baseline``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from rightskit.cli import EXIT_ERROR, EXIT_OK, EXIT_VIOLATIONS
from rightskit.cli.inputs import paths_or_findings
from rightskit.cli.options import check_options, echo_errors, emit, lang_option, output_option, project_settings

SEVERITIES = ["info", "low", "medium", "high", "critical"]


@click.command()
@click.argument("paths", nargs=-1, required=True)
@check_options
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif"]), default="text", show_default=True)
@click.option(
    "--fail-on", type=click.Choice(SEVERITIES), help="Lowest severity that fails the run [default: the policy's]."
)
@click.option("--baseline", type=click.Path(dir_okay=False, exists=True), help="Known violations to accept.")
@click.option("--diff-base", metavar="REV", help="Report only violations new since a git revision.")
@lang_option
@output_option
@click.option("--exit-zero", is_flag=True, help="Always exit 0 when the run completes (gradual roll-out).")
def check(
    paths, policy, context_path, config_path, schemas, fmt, fail_on, baseline, diff_base, lang, output, exit_zero
) -> None:
    """Check PATHS (files, directories, database URLs, or a saved findings JSON) against a policy.

    Exit codes: 0 nothing at or above --fail-on; 1 violations at or above it; 2 usage, configuration or input errors.
    """
    from rightskit.api import check as run_check
    from rightskit.cli.render import render_check_text

    options, catalogue = project_settings(config_path, schemas)
    result = run_check(
        paths_or_findings(paths),
        policy,
        context=context_path,
        baseline=baseline,
        diff_base=diff_base,
        lang=lang,
        fail_on=fail_on,
        options=options,
        schemas=catalogue,
    )
    if fmt == "json":
        text = result.model_dump_json(indent=2) + "\n"
    elif fmt == "sarif":
        from rightskit.policy.load import load_policy, selected_rules
        from rightskit.report.sarif import sarif_text

        pol, _ = load_policy(policy)
        text = sarif_text(result, selected_rules(pol))
    else:
        text = render_check_text(result)
    emit(text, output)
    if echo_errors(result.errors):
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_OK if exit_zero or not result.failing else EXIT_VIOLATIONS)


@click.command()
@click.option(
    "--principle", type=click.Choice(["P1", "P2", "P3", "P4", "P5"]), help="Only rules serving this principle."
)
@click.option("--severity", type=click.Choice(SEVERITIES), help="Only rules of this default severity.")
@click.option("--target", type=click.Choice(["dataset", "schema", "sql", "database", "context"]))
@lang_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules(principle, severity, target, lang, fmt) -> None:
    """List the rules (docs/rules.md is generated from the same packs)."""
    from rightskit.policy.load import all_rules

    selected = [
        r
        for r in all_rules()
        if (not principle or principle in r.principles)
        and (not severity or r.severity.value == severity)
        and (not target or target in r.targets)
    ]
    if fmt == "json":
        click.echo(json.dumps([r.model_dump(mode="json") for r in selected], ensure_ascii=False, indent=2))
        return
    for r in selected:
        click.echo(f"{r.code:12} {r.severity.value:9} {','.join(r.principles):7} {r.title.get(lang)}")


@click.group()
def baseline() -> None:
    """Accept today's violations so that only new ones fail (keyed on rule, path, object and field)."""


def _baseline_options(f):
    for option in reversed(
        [
            click.argument("paths", nargs=-1, required=True),
            check_options,
            click.option(
                "-o", "--output", default=".rightskit-baseline.json", show_default=True, type=click.Path(dir_okay=False)
            ),
        ]
    ):
        f = option(f)
    return f


@baseline.command("create")
@_baseline_options
def baseline_create(paths, policy, context_path, config_path, schemas, output) -> None:
    """Write a baseline of the current violations."""
    _write_baseline(paths, policy, context_path, config_path, schemas, output)


@baseline.command("update")
@_baseline_options
def baseline_update(paths, policy, context_path, config_path, schemas, output) -> None:
    """Rewrite a baseline: add today's violations, drop entries that no longer match anything."""
    _write_baseline(paths, policy, context_path, config_path, schemas, output, keep=output)


def _write_baseline(paths, policy, context_path, config_path, schemas, output, keep=None) -> None:
    from rightskit import __version__
    from rightskit.api import check as run_check
    from rightskit.models.policy import Baseline
    from rightskit.policy.suppress import baseline_entry

    options, catalogue = project_settings(config_path, schemas)
    result = run_check(
        paths_or_findings(paths),
        policy,
        context=context_path,
        baseline=keep if keep and Path(keep).is_file() else None,
        options=options,
        schemas=catalogue,
    )
    if echo_errors(result.errors):
        click.echo("rightskit: no baseline written", err=True)
        sys.exit(EXIT_ERROR)
    kept = [*result.violations, *(v for v in result.suppressed if v.suppressed and v.suppressed.by == "baseline")]
    entries = {baseline_entry(v).fingerprint: baseline_entry(v) for v in kept}
    doc = Baseline(
        rightskit_version=__version__,
        entries=sorted(entries.values(), key=lambda e: (e.rule, e.path, e.object or "", e.field or "")),
    )
    emit(doc.model_dump_json(indent=2) + "\n", output)
    click.echo(f"{len(doc.entries)} violation(s) recorded in {output}")
