"""``rightskit explain``: why a finding was made."""

from __future__ import annotations

import sys

import click

from rightskit.cli import EXIT_ERROR, EXIT_OK


@click.command()
@click.argument("which")
@click.argument("inputs", nargs=-1)
@click.option(
    "--findings", "findings_path", type=click.Path(exists=True, dir_okay=False), help="A saved findings JSON."
)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file.")
def explain(which: str, inputs: tuple[str, ...], findings_path: str | None, config_path: str | None) -> None:
    """Explain the finding WHICH (a fingerprint, a prefix of one, or a field name) of a scan of INPUTS.

    Give INPUTS to scan them now, or --findings FILE to read a saved `scan --format json`.
    """
    from rightskit.errors import UsageError

    if findings_path:
        import json

        from rightskit.models.scan import ScanResult
        from rightskit.validation import validate_document

        with open(findings_path, encoding="utf-8") as fh:
            result = validate_document(json.load(fh), ScanResult, findings_path)
    elif inputs:
        from rightskit.api import scan
        from rightskit.config import load_config, scan_options

        config, _ = load_config(config_path)
        result = scan(list(inputs), scan_options(config))
    else:
        raise UsageError("give INPUTS to scan or --findings FILE")
    chosen = [f for f in result.findings if f.fingerprint.startswith(which)] or [
        f for f in result.findings if f.field == which
    ]
    if not chosen:
        click.echo(f"rightskit: no finding matches '{which}'", err=True)
        sys.exit(EXIT_ERROR)
    from rightskit.cli.render import render_explanation

    click.echo("\n\n".join(render_explanation(f) for f in chosen))
    sys.exit(EXIT_OK)
