"""What every reader does first: read the bytes once and decode them to NFC text."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..decoding import Decoded, DecodeError, decode
from ..errors import SourceError
from ..model import SourceWarning


def read_text(path: Path) -> Decoded:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from exc
    if not data.strip():
        raise SourceError(path, "empty file")
    try:
        return decode(data)
    except DecodeError as exc:
        raise SourceError(path, str(exc)) from exc


def head_text(head: bytes) -> str:
    """The first bytes as text, good enough for sniffing whatever the encoding."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    return head.decode("utf-8", errors="ignore").lstrip("\ufeff")


def image_warnings(figures, base: Path, text: str = "") -> list[SourceWarning]:
    """Warnings for figures whose image cannot be used as written: remote, missing, outside the folder.

    Nothing is fetched: a remote image needs a local copy (`--images DIR`). `text` is the source,
    to point at the line that names the image.
    """
    notes = []
    root = base.resolve()
    for figure in figures:
        if figure.src is None:
            continue
        src = str(figure.src)
        line = line_of(text, src)
        if re.match(r"^(https?:)?//", src, re.IGNORECASE):
            notes.append(SourceWarning("remote-image", f"remote image {src[:120]} is not fetched "
                                       "(supply a local copy with --images DIR)", line))
        elif re.match(r"^[a-z][a-z0-9+.-]+:", src, re.IGNORECASE):
            notes.append(SourceWarning("image-refused", f"image {src[:120]} refused: only local files are used",
                                       line))
        else:
            notes.extend(_local_image(root, src, line))
    return notes


def _local_image(root: Path, src: str, line: int | None) -> list[SourceWarning]:
    try:
        real = (root / unquote(urlsplit(src).path)).resolve()
    except (OSError, RuntimeError, ValueError):
        real = None
    if real is None or not real.is_file():
        return [SourceWarning("missing-image", f"image {src[:120]} not found; the caption is kept", line)]
    if not real.is_relative_to(root):
        return [SourceWarning("image-outside", f"image {src[:120]} is outside the source's folder; not used",
                              line)]
    return []


def line_of(text: str, needle: str) -> int | None:
    index = text.find(needle) if text else -1
    return text.count("\n", 0, index) + 1 if index >= 0 else None
