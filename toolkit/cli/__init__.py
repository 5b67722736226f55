"""The `bantin` command line: a thin layer over the library (see `app` for the shared parts)."""

from __future__ import annotations

import sys

from . import archive, build, check, printing, sources  # noqa: F401  (register their commands)
from .app import STATE, ExitStatus, app, fail, report

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the app and maps library errors to one-line messages and exit codes."""
    from ..errors import ConfigError, LayoutError, ToolkitError

    args = sys.argv[1:] if argv is None else argv
    STATE["debug"] = "--debug" in args
    try:
        app(args=args, prog_name="bantin")  # usage errors are reported by Typer itself (exit 2)
    except (ConfigError, LayoutError) as exc:
        report(exc)
        sys.exit(ExitStatus.USAGE)
    except ToolkitError as exc:
        report(exc)
        sys.exit(ExitStatus.FAILED)
    except KeyboardInterrupt:
        fail("interrupted")
        sys.exit(130)
    except Exception as exc:  # a bug: one line for users, the traceback with --debug
        report(exc)
        sys.exit(ExitStatus.FAILED)
