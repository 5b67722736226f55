"""The `bantin` application object and the helpers every command uses to talk to the user.

Commands live in sibling modules (`build`, `sources`, `check`, `archive`, `printing`); each parses
its arguments, calls the library and prints. Errors from the library are typed
(`toolkit.errors`); `toolkit.cli.main()` turns them into one-line messages and exit codes.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path
from typing import Annotated

import typer

from .. import __version__

app = typer.Typer(
    name="bantin",
    help="Turn news bulletins (bản tin) into print-ready, accessible PDF and EPUB.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class ExitStatus(IntEnum):
    OK = 0
    FAILED = 1
    USAGE = 2


STATE = {"debug": False}

SourcesArg = Annotated[list[Path], typer.Argument(help="Source files: portal text/HTML, news HTML, Markdown, JSON.",
                                                  show_default=False)]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")]


def say(message: str) -> None:
    typer.echo(message)


def warn(message: str) -> None:
    typer.echo(f"bantin: warning: {message}", err=True)


def fail(message: str) -> None:
    typer.echo(f"bantin: error: {message}", err=True)


def _version(value: bool) -> None:
    if value:
        say(f"bantin {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    debug: DebugOpt = False,
) -> None:
    """bantin: bulletins for print and e-readers."""
    STATE["debug"] = STATE["debug"] or debug


def report(error: BaseException) -> None:
    if STATE["debug"]:
        import traceback

        traceback.print_exception(error)
    fail(str(error).splitlines()[0] if str(error) else type(error).__name__)


