"""PDF through WeasyPrint: tagged (PDF/UA-1 by default), bundled fonts only, byte-reproducible."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..atomic import atomic_path
from ..errors import RENDER_ERRORS, RenderError, reason_of
from ..model import Bulletin
from ..render.context import document_time
from ..render.settings import RenderSettings
from ..render.typeset import pdf_variant
from .draft import Draft, Written
from .pdf_finish import Fixes, finish

FORMAT = "pdf"


def write(draft: Draft, out: Path) -> Written:
    """Write the bulletin as PDF to `out` (atomically)."""
    doc, settings = draft.doc, draft.settings
    printed = draft.printed()
    try:
        with atomic_path(out) as tmp:
            printed.document.write_pdf(tmp, **pdf_options(doc, settings))
            finish(tmp, bulletin_fixes(doc, settings))
    except RENDER_ERRORS as exc:
        raise RenderError(draft.name, f"PDF rendering failed: {reason_of(exc, out)}") from exc
    return Written(out, FORMAT, printed.pages)


def document_seed(doc: Bulletin, settings: RenderSettings) -> str:
    """Something stable for the document, from which its identifiers are derived."""
    return f"{doc.title}|{document_time(doc).isoformat()}|{settings.profile.name}"


def bulletin_fixes(doc: Bulletin, settings: RenderSettings) -> Fixes:
    # PDF/X-4 and X-5g metadata carry a random document id; it is replaced wherever it appears.
    return Fixes(document_id_seed=document_seed(doc, settings), grayscale=settings.options.grayscale,
                 marks=settings.options.marks)


def pdf_options(doc: Bulletin, settings: RenderSettings) -> dict:
    """WeasyPrint's `write_pdf` options: tagged, the variant asked for, an identifier from the content."""
    return {
        "pdf_variant": pdf_variant(settings),
        "pdf_identifier": hashlib.md5(document_seed(doc, settings).encode()).hexdigest().encode(),
        "pdf_tags": True,
        "uncompressed_pdf": False,
    }
