"""Options several commands share, declared once, and the one way a command writes its output."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

LANGS = ["en", "bg"]


def _stack(*options: Callable) -> Callable:
    def decorate(f: Callable) -> Callable:
        for option in reversed(options):
            f = option(f)
        return f

    return decorate


def policy_option(default: str = "cc4dr-default") -> Callable:
    return click.option("--policy", default=default, show_default=True, help="A bundled policy name or a policy file.")


context_option = click.option(
    "--context", "context_path", type=click.Path(dir_okay=False), help="The context file (rightskit-context.yaml)."
)
lang_option = click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True, help="Report language.")
output_option = click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE (atomically) instead of standard output."
)
config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="Configuration file (default: rightskit.yaml, .rightskit.yaml or [tool.rightskit] in pyproject.toml).",
)
schema_option = click.option(
    "--schema",
    "schemas",
    multiple=True,
    metavar="PATH",
    help="SQL DDL files, folders or globs the checked files are read against (repeatable; adds to "
    "[tool.rightskit] schemas).",
)


def check_options(f: Callable) -> Callable:
    """What every command that evaluates a policy takes."""
    return _stack(policy_option(), context_option, config_option, schema_option)(f)


def emit(text: str | bytes, output: str | None) -> None:
    """Write to ``output`` atomically, or to standard output (text only)."""
    if output:
        from rightskit.output import write_atomic

        write_atomic(output, text)
    elif isinstance(text, bytes):
        raise click.UsageError("this format is binary: give -o FILE")
    else:
        click.echo(text, nl=False)


def echo_errors(errors: Any) -> bool:
    """Print each error on stderr; True when there was any."""
    errors = list(errors)
    for error in errors:
        click.echo(f"rightskit: {error}", err=True)
    return bool(errors)


def project_settings(config_path: str | None, schemas: tuple[str, ...] = ()) -> tuple[Any, list[str]]:
    """ScanOptions from the project configuration, and the schema catalogue paths (configured + --schema)."""
    from rightskit.config import load_config, scan_options

    config, _ = load_config(config_path)
    return scan_options(config), [*config.schemas, *schemas]
