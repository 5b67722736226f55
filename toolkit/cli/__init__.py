"""The `bantin` command line: a thin layer over the library (see `app` for the shared parts)."""

from . import archive, build, check, fetch, printing, sources  # noqa: F401  (register their commands)
from .app import app

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> None:
    """Entry point of `bantin` and `python -m toolkit`."""
    app(args=argv, prog_name="bantin")
