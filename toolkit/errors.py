"""Typed errors. The library raises them; only the CLI turns them into messages and exit codes."""

from __future__ import annotations

from pathlib import Path


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


class StrictModeError(ToolkitError):
    """Warnings were raised while `--strict` asked for none."""
