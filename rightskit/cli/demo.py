"""``rightskit demo``: scan the synthetic municipal sample shipped with the package."""

from __future__ import annotations

import sys

import click

from rightskit.cli import EXIT_ERROR, EXIT_OK


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def demo(fmt: str) -> None:
    """Scan a small synthetic sample of Sofia municipal data (no real person in it)."""
    from importlib.resources import as_file, files

    from rightskit.api import scan
    from rightskit.cli.render import render_scan_text

    with as_file(files("rightskit").joinpath("data", "demo")) as folder:
        result = scan(str(folder))
    # Show paths relative to the sample folder, not the install location.
    prefix = str(folder).replace("\\", "/").rstrip("/") + "/"
    result = result.model_copy(
        update={
            "findings": [f.model_copy(update={"path": f.path.replace(prefix, "demo/")}) for f in result.findings],
            "sources": [s.model_copy(update={"path": s.path.replace(prefix, "demo/")}) for s in result.sources],
        }
    )
    click.echo(result.to_json() if fmt == "json" else render_scan_text(result), nl=False)
    sys.exit(EXIT_ERROR if result.has_errors else EXIT_OK)
