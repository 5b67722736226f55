"""The `bantin` command line: a thin layer over the library (see `app` for the shared parts)."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from typing import NoReturn

from . import archive, build, check, fetch, printing, sources  # noqa: F401  (register their commands)
from .app import app

__all__ = ["app", "main", "run"]


def main(argv: list[str] | None = None) -> None:
    """The command line on `argv`; ends in `SystemExit` with the exit status, as Typer does."""
    app(args=argv, prog_name="bantin")


def run() -> NoReturn:
    """Entry point of `bantin` and `python -m toolkit`: `main`, then the process ends at once.

    Tearing down the interpreter after a build (about 700 modules and 80,000 objects, mostly the engine's)
    takes 70-90 ms, as long as writing the EPUB. By then every output is closed and renamed into place, so
    the teardown would only free memory the system frees anyway. While a thread or a child process is
    still running, Python's own exit is kept: it waits for them and runs their clean-up."""
    try:
        main()
    except SystemExit as exc:
        status = exc.code
    else:
        status = 0
    _end(0 if status is None else status)


def _end(status: object) -> NoReturn:
    if not isinstance(status, int) or threading.active_count() > 1 or _has_children():
        sys.exit(status)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`bantin … | head`): nothing to add
            stream.flush()
    os._exit(status)


def _has_children() -> bool:
    multiprocessing = sys.modules.get("multiprocessing")
    return bool(multiprocessing and multiprocessing.active_children())
