"""The `bantin` command: parses arguments, calls the library, prints. No work is done here.

Errors from the library are typed (`toolkit.errors`); `main()` turns them into one-line messages
and exit codes, and shows a traceback only with `--debug` (like httpie's `--traceback`).
"""

from __future__ import annotations

import json
import sys
from enum import IntEnum
from pathlib import Path
from typing import Annotated

import typer

from . import __version__

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


@app.command()
def build(
    sources: SourcesArg,
    formats: Annotated[list[str], typer.Option("--format", "-f", help="Output format: pdf, epub, html "
                                               "(repeat for several).")] = ["pdf", "epub"],  # noqa: B006
    size: Annotated[str | None, typer.Option("--size", "-s", help="Size profile (see `bantin profiles`).")] = None,
    bigger: Annotated[int, typer.Option("--bigger", "-B", count=True,
                                        help="One step bigger, like “Tăng cỡ chữ” (repeatable).")] = 0,
    smaller: Annotated[int, typer.Option("--smaller", "-S", count=True,
                                         help="One step smaller, like “Giảm cỡ chữ” (repeatable).")] = 0,
    layout: Annotated[str, typer.Option("--layout", "-l", help="Layout name or folder.")] = "bulletin",
    page_size: Annotated[str | None, typer.Option("--page-size", "-p", help="A4, A5 or Letter.")] = None,
    output_dir: Annotated[Path, typer.Option("--output", "-o", help="Output folder.")] = Path("out"),
    pdf_variant: Annotated[str, typer.Option("--pdf-variant", help="PDF variant, e.g. pdf/ua-1, pdf/a-3a, "
                                             "pdf/ua-2, none.")] = "pdf/ua-1",
    language: Annotated[str | None, typer.Option("--lang", help="Language of dates and labels: vi or en.")] = None,
    images_dir: Annotated[Path | None, typer.Option("--images", help="Folder with local copies of remote "
                                                    "images.")] = None,
    publisher: Annotated[str | None, typer.Option("--publisher", help="Publisher for the metadata.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail a source that has warnings.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Build PDF and EPUB (and HTML) from bulletin sources."""
    from .build import build as run_build
    from .config import BuildOptions

    STATE["debug"] = STATE["debug"] or debug
    options = BuildOptions(
        formats=tuple(dict.fromkeys(formats)), size=size, steps=bigger - smaller, layout=layout,
        page_size=page_size, output_dir=output_dir, pdf_variant=pdf_variant, language=language,
        images_dir=images_dir, publisher=publisher, strict=strict,
    )
    result = run_build(sources, options)
    for source in result.results:
        for warning in source.warnings:
            where = f"{source.source}:{warning.line}" if warning.line else str(source.source)
            warn(f"{where}: {warning.message}")
        if source.error:
            _report(source.error)
        for out in source.outputs:
            pages = f" ({out.pages} pages)" if out.pages else ""
            say(f"wrote {out.path}{pages}")
    if not result.ok:
        raise typer.Exit(ExitStatus.FAILED)


@app.command()
def profiles(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    layout: Annotated[str, typer.Option("--layout", "-l", help="Layout name or folder.")] = "bulletin",
    language: Annotated[str, typer.Option("--lang", help="Language of the labels.")] = "vi",
) -> None:
    """List the font-size profiles, smallest first."""
    from .layouts import load_layout
    from .profiles import load_profiles

    found = load_profiles(load_layout(layout).profile_files)
    rows = [
        {"name": p.name, "label": p.label_in(language), "body_pt": p.body_pt, "line_height": p.line_height,
         "font": p.font, "large_print": p.large_print, "default": p.name == found.default}
        for p in found.profiles
    ]
    if as_json:
        say(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    say(f"{'name':<10} {'body':>6} {'line':>5}  {'font':<5} label")
    for row in rows:
        mark = " (default)" if row["default"] else ""
        say(f"{row['name']:<10} {row['body_pt']:>4g}pt {row['line_height']:>5g}  {row['font']:<5} "
            f"{row['label']}{mark}")


def _report(error: BaseException) -> None:
    if STATE["debug"]:
        import traceback

        traceback.print_exception(error)
    fail(str(error).splitlines()[0] if str(error) else type(error).__name__)


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the app and maps library errors to one-line messages and exit codes."""
    from .errors import ConfigError, LayoutError, ToolkitError

    args = sys.argv[1:] if argv is None else argv
    STATE["debug"] = "--debug" in args
    try:
        app(args=args, standalone_mode=False)
    except (ConfigError, LayoutError) as exc:
        _report(exc)
        sys.exit(ExitStatus.USAGE)
    except ToolkitError as exc:
        _report(exc)
        sys.exit(ExitStatus.FAILED)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        fail("interrupted")
        sys.exit(130)
    except Exception as exc:  # click usage errors and anything unforeseen
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Abort):
            sys.exit(ExitStatus.FAILED)
        _report(exc)
        sys.exit(ExitStatus.FAILED)
    sys.exit(ExitStatus.OK)
