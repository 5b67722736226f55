"""A volume as PDF: PDF/UA-1, or (archival) PDF/A-3a and PDF/UA-1 at once with each bulletin's original
source attached, dated from the bulletin, never from now.

WeasyPrint writes the PDF/A-3a file and its `AF` entries; we give it the attachments with
`AFRelationship` Source. PDF/A also needs images that are not interpolated (the volume layout sets
`image-rendering: crisp-edges`) and an uncompressed XMP metadata stream, which `pdf_finish` ensures,
together with the PDF/UA-1 identification, so one file passes both validators.
"""

from __future__ import annotations

import io
from pathlib import Path

from ..atomic import atomic_path
from ..errors import RENDER_ERRORS, RenderError, reason_of
from ..model import Volume
from ..render.context import document_time
from ..render.drawn_pages import pages_freed_as_drawn
from .draft import VolumeDraft, Written
from .pdf import file_identifier, pdf_options
from .pdf_finish import Fixes, finish

FORMAT = "pdf"
ARCHIVAL_VARIANT = "pdf/a-3a"


def write(draft: VolumeDraft, out: Path) -> Written:
    """Write the volume to `out` atomically; an archival draft gives PDF/A-3a with the sources attached.
    A long volume is written in parts, joined in the finishing pass (`pdf_join`)."""
    variant = ARCHIVAL_VARIANT if draft.archival else None
    try:
        with atomic_path(out) as tmp:
            parts = None
            if draft.in_parts:
                parts = _written_parts(draft, variant)
            else:
                printed = draft.printed(variant)
                _write_document(printed.document, tmp, _options(draft, attached=True))
                del printed  # the pikepdf pass below opens the whole file: without the layout's memory
                draft.release_layout()
            finish(tmp, Fixes(identifier=file_identifier(draft.volume.as_bulletin(), draft.settings), volume=True,
                              archival=draft.archival), parts)
            pages = draft.printed().pages
    except RENDER_ERRORS as exc:
        raise RenderError(draft.name, f"volume PDF failed: {reason_of(exc, out)}") from exc
    return Written(out, FORMAT, pages)


def _written_parts(draft: VolumeDraft, variant: str | None) -> list[bytes]:
    """Each part's PDF, in reading order (the front matter, laid out last, comes first): the sources are
    attached to the front matter."""
    written: dict[int, bytes] = {}
    for part in draft.parts(variant):
        target = io.BytesIO()
        _write_document(part.document, target, _options(draft, attached=part.index == 0))
        written[part.index] = target.getvalue()
    return [written[index] for index in sorted(written)]


def _options(draft: VolumeDraft, attached: bool) -> dict:
    options = pdf_options(draft.settings)
    if draft.archival:
        options.update(attachments=attachments(draft.volume) if attached else [], pdf_variant=ARCHIVAL_VARIANT)
    return options


def _write_document(document, target, options: dict) -> None:
    with pages_freed_as_drawn(document):
        document.write_pdf(target, **options)


def attachments(volume: Volume) -> list:
    """One `Attachment` per bulletin that has a source file, named after it."""
    from weasyprint import Attachment  # WeasyPrint is imported by `render.typeset`, after its fast library lookup

    found = []
    for doc in volume.bulletins:
        if doc.source is None or not Path(doc.source).is_file():
            continue
        stamp = document_time(doc)
        found.append(Attachment(string=Path(doc.source).read_bytes(), name=Path(doc.source).name,
                                description=doc.title, created=stamp, modified=stamp, relationship="Source"))
    return found
