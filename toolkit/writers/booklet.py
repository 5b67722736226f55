"""A5 saddle-stitch booklets: the print copy for party-cell meetings.

The tagged PDF stays the reading copy. A booklet is a separate print copy: the bulletin laid out
on A5 pages, imposed two-up on A4 landscape sheets by `pdfimpose` (saddle stitch), padded with
blank pages to a multiple of four. Printed duplex ("flip on short edge" / "lật theo cạnh ngắn"),
the stack folds once in the middle into a booklet that reads in order.

pikepdf and pdfimpose are imported inside functions: `bantin --help` must start fast.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import atomic_path
from ..errors import RENDER_ERRORS, RenderError, reason_of
from ..render.profiles import PAGE_SIZES
from ..render.settings import PageSize
from ..render.stylesheets import has_duplex_sheet
from .draft import Draft
from .pdf_finish import to_grayscale

if TYPE_CHECKING:
    import pikepdf

MM = 72 / 25.4
A5_PT = (148 * MM, 210 * MM)
A4_LANDSCAPE_PT = (297 * MM, 210 * MM)
#: Pages whose size differs from A5 by less than this (in points) are imposed as they are.
SIZE_TOLERANCE_PT = 1.5
BOOKLET_SUFFIX = ".booklet.pdf"


@dataclass(frozen=True)
class Booklet:
    """An imposed booklet: `pages` source pages (after padding) on `sides` A4 sides."""

    path: Path
    pages: int
    sides: int

    @property
    def sheets(self) -> int:
        return self.sides // 2


# --- booklets ------------------------------------------------------------------------------------

def booklet_path(pdf_path: Path) -> Path:
    """`seed.pdf` -> `seed.booklet.pdf`."""
    return pdf_path.with_name(pdf_path.name.removesuffix(".pdf") + BOOKLET_SUFFIX)


def write_booklet(draft: Draft, out: Path) -> Booklet:
    """Lay the bulletin out on A5 (no crop marks, untagged: this copy is for paper) and impose it into `out`."""
    settings = draft.settings
    # Mirrored (duplex) margins put the wide inner margin at the fold; dates come from the HTML.
    options = replace(settings.options, marks=False, duplex=has_duplex_sheet(settings), pdf_variant="none")
    a5 = replace(settings, options=options, page=PageSize("A5", *PAGE_SIZES["A5"]))
    try:
        printed = Draft(draft.doc, a5, draft.images).printed()
        source = io.BytesIO(printed.document.write_pdf())
    except RENDER_ERRORS as exc:
        raise RenderError(draft.name, f"booklet rendering failed: {reason_of(exc, out)}") from exc
    return impose(source, out, grayscale=settings.options.grayscale)


def impose(source: Path | io.BytesIO, out: Path, grayscale: bool = False) -> Booklet:
    """Impose any PDF as an A5 saddle-stitch booklet on A4 landscape sheets, written atomically to `out`.

    Pages that are not A5 are scaled to fit A5 first (keeping their proportions).
    """
    import pikepdf

    try:
        with pikepdf.open(source) as pdf:
            if not pdf.pages:
                raise RenderError(out, "the PDF has no pages to impose")
            info = _kept_info(pdf)
            pages = -(-len(pdf.pages) // 4) * 4
            if grayscale:
                to_grayscale(pdf)
            prepared = _as_a5(pdf)
        identifier = hashlib.md5(prepared.getvalue()).digest()
        imposed = _saddle_stitch(prepared)
        with atomic_path(out) as tmp:
            _finish_booklet(imposed, tmp, info, identifier)
    except pikepdf.PdfError as exc:
        name = source if isinstance(source, Path) else out
        raise RenderError(name, f"cannot impose, not a readable PDF ({str(exc).removeprefix(f'{name}: ')})") from exc
    return Booklet(out, pages, pages // 2)


def _kept_info(pdf: pikepdf.Pdf) -> dict[str, object]:
    """What the booklet keeps of the source's metadata: title, author, subject, dates, language."""
    keys = ("/Title", "/Author", "/Subject", "/CreationDate", "/ModDate")
    info = {key: pdf.docinfo[key] for key in keys if key in pdf.docinfo}
    if "/Lang" in pdf.Root:
        info["/Lang"] = pdf.Root.Lang
    return info


def _page_size(page: pikepdf.Page) -> tuple[float, float]:
    box = page.trimbox  # the finished page: a PDF with crop marks is imposed without them
    width, height = abs(float(box[2]) - float(box[0])), abs(float(box[3]) - float(box[1]))
    return (height, width) if int(page.obj.get("/Rotate", 0)) % 180 else (width, height)


def _is_a5(page: pikepdf.Page) -> bool:
    width, height = _page_size(page)
    return abs(width - A5_PT[0]) < SIZE_TOLERANCE_PT and abs(height - A5_PT[1]) < SIZE_TOLERANCE_PT


def _as_a5(pdf: pikepdf.Pdf) -> io.BytesIO:
    """The pages as A5 pages: unchanged when they already are, else each scaled to fit A5."""
    import pikepdf

    out = io.BytesIO()
    if all(_is_a5(page) for page in pdf.pages):
        for page in pdf.pages:
            page.MediaBox = page.CropBox = page.trimbox
        pdf.save(out, deterministic_id=True)
        return out
    scaled = pikepdf.new()
    for page in pdf.pages:
        target = scaled.add_blank_page(page_size=A5_PT)
        form = scaled.copy_foreign(page.as_form_xobject())
        # A fixed resource name (add_overlay picks a random one) keeps the output reproducible.
        name = target.add_resource(form, pikepdf.Name.XObject, pikepdf.Name("/SourcePage"))
        placement = target.calc_form_xobject_placement(form, name, pikepdf.Rectangle(0, 0, *A5_PT))
        target.contents_add(scaled.make_stream(placement))
    scaled.save(out, deterministic_id=True)
    return out


def _saddle_stitch(source: io.BytesIO) -> io.BytesIO:
    """Two A5 pages side by side on each A4 landscape side, sheets nested for one fold."""
    from pdfimpose.schema import Margins, saddle

    side = (A4_LANDSCAPE_PT[0] - 2 * A5_PT[0]) / 2  # 2 x 148 mm leaves 1 mm of the 297 mm sheet
    out = io.BytesIO()
    saddle.impose([source], out, signature=(2, 1), omargin=Margins(top=0, bottom=0, left=side, right=side))
    out.seek(0)
    return out


def _finish_booklet(imposed: io.BytesIO, target: Path, info: dict[str, object], identifier: bytes) -> None:
    """Metadata from the source, no time stamps of today, a stable /ID: the same input, the same bytes."""
    import pikepdf

    with pikepdf.open(imposed) as pdf:
        # qpdf keeps the first half of /ID (pymupdf's is random) and derives the second from the content.
        pdf.trailer.ID = pikepdf.Array([pikepdf.String(identifier), pikepdf.String(identifier)])
        for key in list(pdf.docinfo.keys()):
            del pdf.docinfo[key]
        for key, value in info.items():
            if key == "/Lang":
                pdf.Root.Lang = value
            else:
                pdf.docinfo[key] = value
        pdf.docinfo["/Creator"] = "bantin (booklet imposed with pdfimpose)"
        if "/Metadata" in pdf.Root:
            del pdf.Root["/Metadata"]  # an XMP packet would carry today's date
        pdf.save(target, deterministic_id=True)
