"""Every error bantin raises, all under `ToolkitError`. The library raises them; only the CLI turns them
into messages and exit codes."""

from __future__ import annotations

import errno
from pathlib import Path

from .i18n import _

#: What the layout engine and the PDF/EPUB libraries raise when a document defeats them; the writers turn
#: these into a `RenderError` naming the bulletin, so one bad document fails alone.
RENDER_ERRORS = (OSError, ValueError, RuntimeError, AssertionError, RecursionError)


def reason_of(error: BaseException, target: Path | str | None = None) -> str:
    """An engine's failure in words a user acts on: a full disk is said as such, with what was being written."""
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        if target:
            return _("no space left on the disk while writing {target}").format(target=target)
        return _("no space left on the disk")
    return str(error)


class ToolkitError(Exception):
    """Base of every error bantin reports to a user."""


class SourceError(ToolkitError):
    """A source that cannot be read: the message names the file and, when known, the line."""

    def __init__(self, path: Path | str, reason: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.reason = reason
        self.line = line
        where = f"{self.path}:{line}" if line else str(self.path)
        super().__init__(f"{where}: {reason}")


class UnknownFormatError(SourceError):
    """No reader recognises the source."""


class SourceTimeout(SourceError):
    """A source took longer than the per-source time limit."""


class DecodeError(ToolkitError, ValueError):
    """Bytes that are not text in any encoding bantin knows (readers add the file name)."""


class SchemaError(ToolkitError, ValueError):
    """JSON that does not follow the bulletin contract; lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems[:5]) + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""))


class ConfigProblem(str):
    """One setting that cannot work: `field` names it as the library does (`page_size`), `message` says why.

    From Python it reads `Config value 'page_size': …`; the command line names the option the user typed
    instead (`--page-size: …`), since `page_size` means nothing there.
    """

    field: str
    message: str

    def __new__(cls, field: str, message: str) -> ConfigProblem:
        self = super().__new__(cls, _("Config value '{field}': {message}").format(field=field, message=message))
        self.field = field
        self.message = message
        return self


class ConfigError(ToolkitError):
    """Options that do not fit together or name unknown things; lists every problem at once."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


class LayoutError(ToolkitError):
    """A layout folder that is missing, malformed or whose template fails."""


class RenderError(ToolkitError):
    """The rendering engine failed on a bulletin."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class RefusedResource(ToolkitError, ValueError):
    """A resource outside what a bulletin may use (the renderer's fetcher refuses it)."""


class StrictModeError(ToolkitError):
    """Warnings were raised while `--strict` asked for none."""


class ValidatorUnavailable(ToolkitError):
    """A validator's tool is not installed here; the message says what is missing."""


class UncheckableFile(ToolkitError):
    """`bantin check` cannot look inside a file: unreadable, encrypted, or beyond what a check may cost."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class BrailleUnavailable(ToolkitError):
    """liblouis or its Vietnamese tables are not installed; the message says what to install."""


class SpeechUnavailable(ToolkitError):
    """The speech engine or ffmpeg is missing or failed; the message says what to install or what it said."""


class ClusterError(ToolkitError):
    """A Dask cluster that cannot take the archive's jobs: unreachable, without workers, or with workers whose
    bantin or engine differs from this computer's (their outputs would not be byte-identical)."""


class FetchError(ToolkitError):
    """An address `bantin fetch` could not save: the message names it and says why (HTTP status, timeout,
    too large, wrong type). One failed address fails alone."""

    def __init__(self, url: str, reason: str, status: int | None = None) -> None:
        self.url = url
        self.reason = reason
        #: The HTTP status the site answered with, when it answered.
        self.status = status
        super().__init__(f"{url}: {reason}")


class FetchRefused(FetchError):
    """An address bantin will not request: another scheme than http(s), a private address reached from a
    public one, a path robots.txt disallows, an image on another site."""
