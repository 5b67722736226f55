"""What one source may cost and leave behind: wall time, memory, and outputs of a failed build.

A bulletin from a scraper can make a reader or the layout engine spin for minutes. `time_limit`
turns that into a `SourceTimeout` naming the file, so the other sources still build. It uses
`SIGALRM`, so it only acts in the main thread of a process (the CLI, or an `archive` worker
process); elsewhere it does nothing and the caller's own limit (killing the worker) applies.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

from .errors import ConfigError, ConfigProblem, SourceTimeout
from .i18n import N_, _

#: When the timeout exception is swallowed by a broad `except` inside an engine, fire again soon.
RETRY_SECONDS = 0.5
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


class _Expired(BaseException):
    """Raised by the alarm; a BaseException so engines' `except Exception` do not swallow it."""


def _on_alarm(signum: int, frame: object) -> None:
    # Re-arm first: if something swallows this exception anyway, the next one follows shortly.
    signal.setitimer(signal.ITIMER_REAL, RETRY_SECONDS)
    raise _Expired


def _can_use_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def time_limit(seconds: float | None, source: Path | str, step: str = N_("building")) -> Iterator[None]:
    """Raise `SourceTimeout` for `source` if the block runs longer than `seconds` (None: no limit)."""
    if not seconds or not _can_use_alarm():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise SourceTimeout(source, _("gave up {step} after {seconds:g} s (per-source time limit, see --timeout)")
                            .format(step=_(step), seconds=seconds)) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def parse_size(text: str, option: str = "max_source_bytes") -> int:
    """Bytes for "20MB", "500k", "1.5G" or a plain number of bytes; `ConfigError` otherwise."""
    match = _SIZE.match(text)
    if not match or float(match[1]) <= 0:
        raise ConfigError([ConfigProblem(option, _("'{text}' is not a size such as 20MB, 500KB or 1GB").format(
            text=text))])
    return int(float(match[1]) * _UNITS[match[2].lower()])


class OutputGuard:
    """Remembers the output paths of one source before writing, and removes what a failed write
    left behind, so a source gives all its outputs or none. Files that were there before and were
    not replaced (an earlier build's) are kept."""

    def __init__(self, paths: list[Path]) -> None:
        self.before = {path: _identity(path) for path in paths}

    def undo(self) -> None:
        for path, before in self.before.items():
            now = _identity(path)
            if now is not None and now != before:
                _remove(path)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.lstat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_mtime_ns)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            os.unlink(path)
