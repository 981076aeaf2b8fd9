"""Every command and option is documented: docs/cli.md is generated from the commands and must be current."""

from __future__ import annotations

from pathlib import Path

import click

from rightskit.cli.docs import _commands, cli_markdown
from rightskit.cli.main import cli

ROOT = Path(__file__).parents[2]


def test_cli_reference_is_current() -> None:
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == cli_markdown(), (
        "docs/cli.md is stale: run python -m rightskit.cli.docs"
    )


def test_every_command_and_option_is_in_the_docs_with_a_help_text() -> None:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name, command in _commands(cli, "rightskit"):
        assert f"## `{name}`" in text, name
        assert command.help, f"{name} has no help text"
        for param in command.params:
            if isinstance(param, click.Option):
                assert any(f"`{o}" in text or f", {o}" in text for o in param.opts), (name, param.opts)
