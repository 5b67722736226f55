"""The `bantin` application object and the helpers every command uses to talk to the user.

Commands live in sibling modules (`build`, `sources`, `check`, `archive`, `printing`); each parses
its arguments, calls the library and prints. Errors from the library are typed (`toolkit.errors`);
`BantinGroup.invoke` turns them into one-line messages and exit codes (as httpie's `main` does), so
the command behaves the same from a terminal and from Typer's `CliRunner` in the tests.
"""

from __future__ import annotations

import signal
import sys
import threading
import traceback
from contextvars import ContextVar
from enum import IntEnum
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from ..errors import ConfigError, LayoutError, ToolkitError
from ..version import __version__

DEBUG_FLAG = "--debug"


class ExitStatus(IntEnum):
    OK = 0
    FAILED = 1
    USAGE = 2
    INTERRUPTED = 130
    TERMINATED = 143


class Terminated(BaseException):
    """SIGTERM, raised where the process is so that unfinished outputs are removed on the way out."""


def _terminated(signum: int, frame: object) -> None:
    raise Terminated


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


#: `--debug` of the running invocation, given before or after the command (set by `BantinGroup.main`).
_debug: ContextVar[bool] = ContextVar("bantin_debug", default=False)


class BantinGroup(TyperGroup):
    """The command group: maps library errors to one-line messages and exit codes."""

    def main(self, args=None, **kwargs):  # click's own signature
        args = list(sys.argv[1:] if args is None else args)
        token = _debug.set(DEBUG_FLAG in args)
        previous = signal.signal(signal.SIGTERM, _terminated) if _in_main_thread() else None
        try:
            return super().main(args, **kwargs)
        finally:
            _debug.reset(token)
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except (ConfigError, LayoutError) as exc:
            report(exc)
            ctx.exit(ExitStatus.USAGE)
        except ToolkitError as exc:
            report(exc)
            ctx.exit(ExitStatus.FAILED)
        except KeyboardInterrupt:
            fail("interrupted; what was being written was removed")
            ctx.exit(ExitStatus.INTERRUPTED)
        except Terminated:
            fail("stopped (SIGTERM); what was being written was removed")
            ctx.exit(ExitStatus.TERMINATED)
        except Exception as exc:  # a bug: one line for users, the traceback with --debug
            if type(exc).__module__.startswith("typer"):  # Typer's exits and usage errors print themselves
                raise
            report(exc)
            ctx.exit(ExitStatus.FAILED)


app = typer.Typer(
    name="bantin",
    cls=BantinGroup,
    help="Turn news bulletins (bản tin) into print-ready, accessible PDF and EPUB.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

SourcesArg = Annotated[list[Path], typer.Argument(help="Source files: portal text/HTML, news HTML, Markdown, JSON.",
                                                  show_default=False)]
# Read by `BantinGroup.main` from the arguments; declared on each command so it may follow the command too.
DebugOpt = Annotated[bool, typer.Option(DEBUG_FLAG, help="Show tracebacks for errors.")]


def say(message: str) -> None:
    typer.echo(message)


def warn(message: str) -> None:
    typer.echo(f"bantin: warning: {message}", err=True)


def fail(message: str) -> None:
    typer.echo(f"bantin: error: {message}", err=True)


def report(error: BaseException) -> None:
    """One line for the user; the traceback too with `--debug`."""
    if _debug.get():
        traceback.print_exception(error)
    fail(str(error).splitlines()[0] if str(error) else type(error).__name__)


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


def masthead_from(config: Path | None, **given):
    """The nameplate from the settings file's [publication] table, then the options given."""
    from ..render.masthead import CONFIG_NAME, load_masthead, masthead_of

    if config is None and Path(CONFIG_NAME).is_file():
        config = Path(CONFIG_NAME)
    masthead = load_masthead(config, **given) if config is not None else masthead_of(**given)
    return masthead if masthead.shown or masthead.number or masthead.internal else None
