"""BRF: the braille edition for embossers (North American braille ASCII, CR LF lines, form feeds)."""

from __future__ import annotations

from pathlib import Path

from ..atomic import atomic_path
from ..braille.encodings import brf
from ..errors import RenderError, reason_of
from .braille import braille_of
from .draft import Draft, Written

FORMAT = "brf"


def write(draft: Draft, out: Path) -> Written:
    pages = braille_of(draft).pages
    try:
        with atomic_path(out) as tmp:
            tmp.write_bytes(brf(pages))
    except OSError as exc:
        raise RenderError(draft.name, f"BRF writing failed: {reason_of(exc, out)}") from exc
    return Written(out, FORMAT, len(pages))
