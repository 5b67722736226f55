"""Placeholder: filled in by the readers work (issue 3)."""

from __future__ import annotations

from pathlib import Path

from ..errors import SourceError
from ..model import Bulletin

FORMAT = "portal-html"


def sniff(head: bytes, suffix: str) -> bool:
    return False


def read(path: Path) -> Bulletin:
    raise SourceError(path, "format 'portal-html' is not supported yet")
