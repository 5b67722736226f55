"""A bound volume as BRF: its braille volumes one after the other, each opening on its title page."""

from __future__ import annotations

from pathlib import Path

from ..atomic import atomic_path
from ..braille.encodings import brf
from ..errors import RenderError, reason_of
from .braille import volume_braille_of
from .draft import VolumeDraft, Written

FORMAT = "brf"


def write(draft: VolumeDraft, out: Path) -> Written:
    pages = [page for part in volume_braille_of(draft) for page in part.pages]
    try:
        with atomic_path(out) as tmp:
            tmp.write_bytes(brf(pages))
    except OSError as exc:
        raise RenderError(draft.name, f"BRF writing failed: {reason_of(exc, out)}") from exc
    return Written(out, FORMAT, len(pages))
