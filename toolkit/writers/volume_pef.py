"""A bound volume as PEF: one `<volume>` per braille volume, each with its title page and contents."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..braille.encodings import pef
from ..braille.pages import BraillePage
from ..render.context import volume_language
from .braille import save, volume_braille_of
from .draft import VolumeDraft, Written

FORMAT = "pef"


def write(draft: VolumeDraft, out: Path) -> Written:
    volume, options = draft.volume, draft.settings.options
    parts = volume_braille_of(draft)
    page = BraillePage.parse(options.braille_page)
    titles = "|".join(doc.title for doc in volume.bulletins)
    identity = hashlib.sha256(f"{volume.title}|{titles}|{options.braille_grade}|{page}".encode()).hexdigest()[:32]
    meta = {"identifier": f"urn:bantin:{identity}", "title": volume.title,
            "language": volume_language(volume, draft.settings), "creator": volume.publisher or options.publisher or "",
            "description": f"grade {options.braille_grade}, {len(parts)} volumes"}
    save(out, pef([part.pages for part in parts], page.cells, page.lines, meta), draft.name, "PEF")
    return Written(out, FORMAT, sum(len(part.pages) for part in parts))
