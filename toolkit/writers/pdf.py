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
            printed.document.write_pdf(tmp, **pdf_options(settings))
            finish(tmp, bulletin_fixes(doc, settings))
    except RENDER_ERRORS as exc:
        raise RenderError(draft.name, f"PDF rendering failed: {reason_of(exc, out)}") from exc
    return Written(out, FORMAT, printed.pages)


def document_seed(doc: Bulletin, settings: RenderSettings) -> str:
    """Something stable for the document, from which its identifiers are derived."""
    return f"{doc.title}|{document_time(doc).isoformat()}|{settings.profile.name}"


def file_identifier(doc: Bulletin, settings: RenderSettings) -> bytes:
    """The permanent half of the trailer's /ID, from the document (the other half is the saved content's)."""
    return hashlib.md5(document_seed(doc, settings).encode()).hexdigest().encode()


def bulletin_fixes(doc: Bulletin, settings: RenderSettings) -> Fixes:
    # PDF/X-4 and X-5g metadata carry a random document id; it is replaced wherever it appears.
    return Fixes(identifier=file_identifier(doc, settings), document_id_seed=document_seed(doc, settings),
                 grayscale=settings.options.grayscale, marks=settings.options.marks)


def pdf_options(settings: RenderSettings) -> dict:
    """WeasyPrint's `write_pdf` options: tagged, the variant asked for. No `pdf_identifier`: pydyf would
    compress every stream a second time to checksum the file, and the finishing pass sets the /ID anyway."""
    return {"pdf_variant": pdf_variant(settings), "pdf_tags": True, "uncompressed_pdf": False}
