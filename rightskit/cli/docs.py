"""docs/cli.md, generated from the commands themselves (a test fails while it is stale): python -m rightskit.cli.docs"""

from __future__ import annotations

import inspect
from pathlib import Path

import click


def _commands(group: click.Group, prefix: str) -> list[tuple[str, click.Command]]:
    out = []
    for name in sorted(group.commands):
        command = group.commands[name]
        out.append((f"{prefix} {name}", command))
        if isinstance(command, click.Group):
            out += _commands(command, f"{prefix} {name}")
    return out


def cli_markdown() -> str:
    from rightskit.cli.main import cli

    lines = ["# Command reference", "", "Generated from the commands by `python -m rightskit.cli.docs`; do not edit.",
             "Exit codes: `0` completed and clean, `1` violations at or above `--fail-on` (or a release the policy",
             "refuses), `2` a usage, configuration or input error.", ""]  # fmt: skip
    for name, command in _commands(cli, "rightskit"):
        ctx = click.Context(command, info_name=name)
        lines += [f"## `{name}`", "", f"`{name} {' '.join(command.collect_usage_pieces(ctx))}`", ""]
        if command.help:
            lines += [inspect.cleandoc(click.unstyle(command.help)), ""]
        for param in command.params:
            if isinstance(param, click.Option):
                record = param.get_help_record(ctx)
                if record:
                    lines.append(f"- `{record[0]}`: {record[1]}" if record[1] else f"- `{record[0]}`")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    target = Path(__file__).parents[2] / "docs" / "cli.md"
    target.write_text(cli_markdown(), encoding="utf-8")
    print(f"wrote {target}")
