"""PEF 1.0: the braille edition in Unicode braille, page by page, for braille software and archives."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..braille.encodings import pef
from ..braille.pages import BraillePage
from ..render.context import language_of
from .braille import braille_of, save
from .draft import Draft, Written

FORMAT = "pef"


def write(draft: Draft, out: Path) -> Written:
    doc, options = draft.doc, draft.settings.options
    pages = braille_of(draft).pages
    page = BraillePage.parse(options.braille_page)
    identity = hashlib.sha256(f"{doc.title}|{doc.date}|{options.braille_grade}|{page}".encode()).hexdigest()[:32]
    meta = {"identifier": f"urn:bantin:{identity}", "title": doc.title, "language": language_of(doc, draft.settings),
            "date": doc.date.isoformat() if doc.date else "", "creator": options.publisher or doc.author or "",
            "description": f"grade {options.braille_grade}"}
    save(out, pef([pages], page.cells, page.lines, meta), draft.name, "PEF")
    return Written(out, FORMAT, len(pages))
