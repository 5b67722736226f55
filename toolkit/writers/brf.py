"""BRF: the braille edition for embossers (North American braille ASCII, CR LF lines, form feeds)."""

from __future__ import annotations

from pathlib import Path

from ..braille.encodings import brf
from .braille import braille_of, save
from .draft import Draft, Written

FORMAT = "brf"


def write(draft: Draft, out: Path) -> Written:
    pages = braille_of(draft).pages
    save(out, brf(pages), draft.name, "BRF")
    return Written(out, FORMAT, len(pages))
