"""A bound volume as BRF: its braille volumes one after the other, each opening on its title page."""

from __future__ import annotations

from pathlib import Path

from ..braille.encodings import brf
from .braille import save, volume_braille_of
from .draft import VolumeDraft, Written

FORMAT = "brf"


def write(draft: VolumeDraft, out: Path) -> Written:
    pages = [page for part in volume_braille_of(draft) for page in part.pages]
    save(out, brf(pages), draft.name, "BRF")
    return Written(out, FORMAT, len(pages))
