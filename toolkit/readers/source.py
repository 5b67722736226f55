"""What every reader does first: read the bytes once, decode them to NFC text, note bad characters."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..errors import SourceError
from ..i18n import _
from .characters import character_warnings
from .decoding import Decoded, DecodeError, decode


def read_text(path: Path) -> Decoded:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, _("cannot read: {reason}").format(reason=exc.strerror or exc)) from exc
    if not data.strip():
        raise SourceError(path, _("empty file"))
    try:
        decoded = decode(data)
    except DecodeError as exc:
        raise SourceError(path, str(exc)) from exc
    return replace(decoded, warnings=(*decoded.warnings, *character_warnings(decoded.text)))


def head_text(head: bytes) -> str:
    """The first bytes as text, good enough for sniffing whatever the encoding."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    return head.decode("utf-8", errors="ignore").lstrip("\ufeff")
