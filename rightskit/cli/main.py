"""The ``rightskit`` command. Only click is imported at start-up; each command imports what it needs."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import NoReturn

import click

from rightskit import __version__
from rightskit.cli import EXIT_ERROR


class _Group(click.Group):
    """Usage errors exit 2 (click's default too), and RightskitErrors print one line, exit 2."""

    def invoke(self, ctx: click.Context):
        from rightskit.errors import RightskitError

        try:
            return super().invoke(ctx)
        except RightskitError as exc:
            click.echo(f"rightskit: {exc.render()}", err=True)
            sys.exit(EXIT_ERROR)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rightskit")
def cli() -> None:
    """Find personal data in datasets, schemas and SQL — offline — and check, report and anonymise it.

    Exit codes: 0 clean, 1 violations at or above --fail-on, 2 usage or input error.
    """


def _register() -> None:
    from rightskit.cli.anonymise import anonymise, keygen, plan
    from rightskit.cli.check import baseline, check, rules
    from rightskit.cli.demo import demo
    from rightskit.cli.explain import explain
    from rightskit.cli.report import context, diff, report
    from rightskit.cli.risk import risk
    from rightskit.cli.scan import cache, scan

    cli.add_command(scan)
    cli.add_command(cache)
    cli.add_command(risk)
    cli.add_command(explain)
    cli.add_command(check)
    cli.add_command(rules)
    cli.add_command(baseline)
    cli.add_command(plan)
    cli.add_command(anonymise)
    cli.add_command(keygen)
    cli.add_command(demo)
    cli.add_command(report)
    cli.add_command(context)
    cli.add_command(diff)


_register()


_DEFAULT_SHOW: Callable[..., None] | None = None


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: object = None,
    line: str | None = None,
) -> None:
    """A RightskitWarning as one line, like an error; other warnings as Python shows them."""
    from rightskit.errors import RightskitWarning, printable

    if issubclass(category, RightskitWarning):
        click.echo(f"rightskit: warning: {printable(str(message))}", err=True)
    elif _DEFAULT_SHOW is not None:
        _DEFAULT_SHOW(message, category, filename, lineno, file, line)


class _PandasNotInstalled:
    """An import finder under which ``pandas`` reads as not installed.

    pyarrow imports pandas (0.1–0.2 s) the first time it converts any Python
    value, only to ask whether that value is a DataFrame. pandas is not a dependency of rightskit and a command
    never hands pyarrow a DataFrame, so the command runs as it does where pandas is absent. The library is not
    touched: a notebook that passes DataFrames to ``rightskit.scan`` imports pandas itself."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError(f"No module named '{name}'", name=name)


def run() -> NoReturn:
    """Console entry point (``rightskit``, ``python -m rightskit``): ``main``, then the process ends as
    ``cli.exiting.leave`` ends it, past any abort in the teardown of native libraries."""
    from rightskit.cli import exiting

    try:
        main()
    except SystemExit as exc:
        exiting.leave(exc.code)
    exiting.leave(0)


def main() -> None:
    """The command in this process: raises ``SystemExit`` with its status (128 and the signal's number after an
    ending signal whose own exit was swallowed)."""
    import warnings

    from rightskit import ending

    if "pandas" not in sys.modules:
        sys.meta_path.insert(0, _PandasNotInstalled())
    from rightskit.allocator import choose_for_command

    choose_for_command(os.environ, sys.platform)

    global _DEFAULT_SHOW
    _DEFAULT_SHOW = warnings.showwarning
    warnings.showwarning = _show_warning

    ending.install()
    try:
        cli(prog_name="rightskit")
    except SystemExit as exc:
        signum = ending.ended()
        if signum is not None and not exc.code:  # the signal's own raise was swallowed: the run did not succeed
            raise SystemExit(ending.exit_status(signum)) from None
        raise
