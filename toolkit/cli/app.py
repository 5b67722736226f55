"""The `bantin` application object and the helpers every command uses to talk to the user.

Commands live in sibling modules (`build`, `sources`, `check`, `archive`, `printing`); each parses
its arguments, calls the library and prints. Errors from the library are typed (`toolkit.errors`);
`BantinGroup.invoke` turns them into one-line messages and exit codes (as httpie's `main` does), so
the command behaves the same from a terminal and from Typer's `CliRunner` in the tests. `BantinGroup.main`
chooses the interface language (`--ui-lang`, `BANTIN_UI_LANG`, the locale, else Vietnamese: see
`toolkit.i18n`) and prints Click's usage errors in the same one-line format as the library's errors.
"""

import os
import signal
import sys
import threading
import traceback
from contextvars import ContextVar
from enum import IntEnum
from pathlib import Path
from typing import Annotated, Literal

import typer
from typer._click import exceptions as click_errors  # Typer's own copy of Click
from typer._click.core import Command

from ..errors import ConfigError, LayoutError, ToolkitError
from ..i18n import ENV_VAR, _, language_from, ngettext, use
from ..version import __version__
from .ui import (
    BantinCommand,
    LocalisedGroup,
    error_line,
    forget_args,
    localise,
    problem_text,
    remember_args,
    speak_typer,
    usage_error,
    warning_line,
)

DEBUG_FLAG = "--debug"
UI_LANG_FLAG = "--ui-lang"


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


def _value_of(flag: str, args: list[str]) -> str | None:
    """The value given to `flag` anywhere in `args` (`--ui-lang vi` or `--ui-lang=vi`)."""
    for index, arg in enumerate(args):
        if arg == flag and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith(f"{flag}="):
            return arg.partition("=")[2]
    return None


class BantinGroup(LocalisedGroup):
    """The command group: chooses the interface language, maps every error to one line and an exit code."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # click's
        args = list(sys.argv[1:] if args is None else args)
        language = language_from(_value_of(UI_LANG_FLAG, args))
        token, typed = _debug.set(DEBUG_FLAG in args), remember_args(args)
        previous = signal.signal(signal.SIGTERM, _terminated) if _in_main_thread() else None
        environ_before = os.environ.get(ENV_VAR)
        os.environ[ENV_VAR] = language  # worker processes speak the same language
        try:
            with use(language):
                speak_typer()
                localise(self)
                return self._main(args, prog_name, complete_var, standalone_mode, **extra)
        finally:
            _debug.reset(token)
            forget_args(typed)
            if environ_before is None:
                os.environ.pop(ENV_VAR, None)
            else:
                os.environ[ENV_VAR] = environ_before
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)

    def _main(self, args, prog_name, complete_var, standalone_mode, **extra):
        run = super().main
        if not standalone_mode:
            return run(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            status = run(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click_errors.ClickException as exc:  # Click's usage errors, in bantin's one-line format
            usage_error(exc)
            sys.exit(exc.exit_code)
        except typer.Abort:
            fail(_("interrupted"))
            sys.exit(ExitStatus.INTERRUPTED)
        sys.exit(status if isinstance(status, int) else ExitStatus.OK)

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            command = self.get_command(ctx, ctx.invoked_subcommand) if ctx.invoked_subcommand else None
            report_problems(exc, command)
            ctx.exit(ExitStatus.USAGE)
        except LayoutError as exc:
            report(exc)
            ctx.exit(ExitStatus.USAGE)
        except ToolkitError as exc:
            report(exc)
            ctx.exit(ExitStatus.FAILED)
        except KeyboardInterrupt:
            fail(_("interrupted; what was being written was removed"))
            ctx.exit(ExitStatus.INTERRUPTED)
        except Terminated:
            fail(_("stopped (SIGTERM); what was being written was removed"))
            ctx.exit(ExitStatus.TERMINATED)
        except (click_errors.ClickException, typer.Exit):  # usage errors and exits: `main` prints them
            raise
        except Exception as exc:  # a bug: one line for users, the traceback with --debug
            if type(exc).__module__.startswith("typer"):  # Typer's exits print themselves
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
                                                  metavar="FILE", show_default=False)]
# Read by `BantinGroup.main` from the arguments; declared on each command so they may follow the command too.
DebugOpt = Annotated[bool, typer.Option(DEBUG_FLAG, help="Show tracebacks for errors.")]
UiLangOpt = Annotated[Literal["vi", "en"] | None, typer.Option(
    UI_LANG_FLAG, metavar="vi|en", show_default=False,
    help="Language of messages and help: vi or en (else BANTIN_UI_LANG, the locale, then vi).")]


def command(**settings):
    """`app.command` with bantin's help and messages."""
    return app.command(cls=BantinCommand, **settings)


def say(message: str) -> None:
    typer.echo(message)


def warn(message: str) -> None:
    typer.echo(warning_line(message), err=True)


def fail(message: str) -> None:
    typer.echo(error_line(message), err=True)


def report(error: BaseException) -> None:
    """One line for the user; the traceback too with `--debug`."""
    if _debug.get():
        traceback.print_exception(error)
    fail(str(error).splitlines()[0] if str(error) else type(error).__name__)


def report_problems(error: ConfigError, command: Command | None) -> None:
    """Every problem of the options on one line, each naming the option the user typed."""
    if _debug.get():
        traceback.print_exception(error)
    fail("; ".join(problem_text(problem, command) for problem in error.problems))


def wrote(path: Path | str, pages: int | None = None) -> None:
    """`wrote out/x.pdf (3 pages)`: the line every command prints for a file it wrote."""
    if pages:
        say(ngettext("wrote {path} ({pages} page)", "wrote {path} ({pages} pages)", pages).format(path=path,
                                                                                                 pages=pages))
    else:
        say(_("wrote {path}").format(path=path))


class progress_bar:
    """A progress bar with the time left, on stderr when it is a terminal; nothing when piped or disabled.
    Gives the `progress(done, total, name)` function a long command hands to the library (or None)."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.bar = None
        self.task = None

    def __enter__(self):
        if not self.enabled:
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn(_("time left")), TimeRemainingColumn(), transient=True,
                            console=Console(stderr=True))
        self.bar.start()
        return self.update

    def update(self, done: int, total: int, name: str) -> None:
        if self.task is None:
            self.task = self.bar.add_task("", total=total)
        self.bar.update(self.task, completed=done, total=total, description=f"{name[-30:]:<30}")

    def __exit__(self, *exc) -> None:
        if self.bar:
            self.bar.stop()


def _version(value: bool) -> None:
    if value:
        say(f"bantin {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    debug: DebugOpt = False,
    ui_lang: UiLangOpt = None,
) -> None:
    """bantin: bulletins for print and e-readers."""


def masthead_from(config: Path | None, **given):
    """The nameplate from the settings file's [publication] table, then the options given."""
    from ..render.masthead import CONFIG_NAME, load_masthead, masthead_of

    if config is None and Path(CONFIG_NAME).is_file():
        config = Path(CONFIG_NAME)
    masthead = load_masthead(config, **given) if config is not None else masthead_of(**given)
    return masthead if masthead.shown or masthead.number or masthead.internal else None
