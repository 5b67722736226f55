"""Print production: A5 saddle-stitch booklets, grayscale images, print stylesheets, PDF/X fixes.

The tagged PDF stays the reading copy. A booklet is a separate print copy: the bulletin laid out
on A5 pages, imposed two-up on A4 landscape sheets by `pdfimpose` (saddle stitch), padded with
blank pages to a multiple of four. Printed duplex ("flip on short edge" / "lật theo cạnh ngắn"),
the stack folds once in the middle into a booklet that reads in order.

pikepdf, pdfimpose and Pillow are imported inside functions: the CLI must start fast.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
import zlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import atomic_path
from .errors import LayoutError, RenderError

if TYPE_CHECKING:
    import pikepdf

    from .config import RenderSettings
    from .model import Bulletin
    from .resources import ImageResolver

MM = 72 / 25.4
A5_PT = (148 * MM, 210 * MM)
A4_LANDSCAPE_PT = (297 * MM, 210 * MM)
#: Pages whose size differs from A5 by less than this (in points) are imposed as they are.
SIZE_TOLERANCE_PT = 1.5
BOOKLET_SUFFIX = ".booklet.pdf"
#: Image colour spaces that need no conversion for grayscale printing.
GRAY_SPACES = ("/DeviceGray", "/CalGray")
_XMP_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass(frozen=True)
class Booklet:
    """An imposed booklet: `pages` source pages (after padding) on `sides` A4 sides."""

    path: Path
    pages: int
    sides: int

    @property
    def sheets(self) -> int:
        return self.sides // 2


# --- stylesheets ---------------------------------------------------------------------------------

def print_stylesheets(settings: RenderSettings) -> list[str]:
    """Stylesheets added after the layout's own: paper margins, then duplex and crop marks if asked."""
    names = ["paper.css.j2"] if _layout_has(settings, "paper.css.j2") else []
    options = settings.options
    # A volume asks for duplex through `settings.extra` (bantin collect --duplex) as well.
    duplex = options.duplex or bool(settings.extra.get("duplex"))
    for name, asked in (("duplex.css.j2", duplex), ("marks.css.j2", options.marks)):
        if not asked:
            continue
        if not _layout_has(settings, name):
            raise LayoutError(f"layout '{settings.layout.name}' has no {name}: it should extend 'bulletin'")
        names.append(name)
    return names


def _layout_has(settings: RenderSettings, name: str) -> bool:
    return any((folder / name).is_file() for folder in settings.layout.folders)


# --- finishing the reading copy ------------------------------------------------------------------

def finish_pdf(path: Path, settings: RenderSettings, seed: str) -> None:
    """Make a freshly written PDF reproducible and, with `--grayscale`, free of colour images.

    `seed` is something stable for the document (its title and date): it replaces the random
    XMP DocumentID WeasyPrint writes for PDF/X-4. The file is rewritten only when something
    changed, with an /ID derived from its content.
    """
    options = settings.options
    if options.pdf_variant != "pdf/x-4" and not options.grayscale:
        return
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        changed = fix_document_id(pdf, seed)
        if options.grayscale:
            changed = bool(to_grayscale(pdf)) or changed
        if changed:
            pdf.save(path, deterministic_id=True)


def fix_document_id(pdf: pikepdf.Pdf, seed: str) -> bool:
    """Replace the random `xmp.did:` UUID of the XMP metadata by one derived from `seed`."""
    if "/Metadata" not in pdf.Root:
        return False
    stream = pdf.Root.Metadata
    stable = b"xmp.did:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"bantin:{seed}")).encode()
    fixed, count = _XMP_DOCUMENT_ID.subn(stable, stream.read_bytes())
    if count:
        stream.write(fixed)  # uncompressed, as PDF/X-4 wants metadata readable
    return bool(count)


# --- grayscale -----------------------------------------------------------------------------------

def to_grayscale(pdf: pikepdf.Pdf) -> int:
    """Convert every colour image of `pdf` to 8-bit DeviceGray in place; returns how many changed.

    Only images change: text and rules keep their colours (body text is already pure black).
    """
    import pikepdf

    changed = 0
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image" and _is_colour(obj):
            _replace_with_gray(obj)
            changed += 1
    return changed


def _is_colour(image: pikepdf.Stream) -> bool:
    if image.get("/ImageMask", False):
        return False  # a stencil: one bit, painted in the current (text) colour
    space = image.get("/ColorSpace")
    if space is None:
        return image.get("/Filter") == "/JPXDecode"  # JPEG 2000 carries its own colour space
    return _space_name(space) not in GRAY_SPACES


def _space_name(space: object) -> str:
    import pikepdf

    if isinstance(space, pikepdf.Array):
        if str(space[0]) == "/ICCBased":
            return "/DeviceGray" if int(space[1].get("/N", 3)) == 1 else "/ICCBased"
        return str(space[0])
    return str(space)


def _replace_with_gray(image: pikepdf.Stream) -> None:
    import pikepdf
    from pikepdf import Name

    picture = pikepdf.PdfImage(image).as_pil_image()
    if picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info):
        picture = picture.convert("RGBA")  # the alpha lives in /SMask; only the colour is replaced
    gray = picture.convert("L")
    if image.get("/Filter") == "/DCTDecode":
        buffer = io.BytesIO()
        gray.save(buffer, format="JPEG", quality=90, optimize=False)
        image.write(buffer.getvalue(), filter=Name.DCTDecode)
    else:
        image.write(zlib.compress(gray.tobytes(), 9), filter=Name.FlateDecode)
    for key in ("/DecodeParms", "/Decode", "/Intent"):
        if key in image:
            del image[key]
    if isinstance(image.get("/Mask"), pikepdf.Array):
        del image["/Mask"]  # a colour-key mask names RGB values that no longer exist
    image.ColorSpace = Name.DeviceGray
    image.BitsPerComponent = 8
    image.Width, image.Height = gray.size


# --- booklets ------------------------------------------------------------------------------------

def booklet_path(pdf_path: Path) -> Path:
    """`seed.pdf` -> `seed.booklet.pdf`."""
    return pdf_path.with_name(pdf_path.name.removesuffix(".pdf") + BOOKLET_SUFFIX)


def write_booklet(doc: Bulletin, settings: RenderSettings, out: Path, images: ImageResolver) -> Booklet:
    """Lay `doc` out on A5 (no crop marks, untagged: this copy is for paper) and impose it into `out`."""
    from .config import PageSize
    from .profiles import PAGE_SIZES
    from .writers import pdf

    # Mirrored (duplex) margins put the wide inner margin at the fold; dates come from the HTML.
    duplex = _layout_has(settings, "duplex.css.j2")
    options = replace(settings.options, marks=False, duplex=duplex, pdf_variant="none")
    a5 = replace(settings, options=options, page=PageSize("A5", *PAGE_SIZES["A5"]))
    try:
        document = pdf.layout_document(doc, a5, images)
        source = io.BytesIO(document.write_pdf())
    except (OSError, ValueError, RuntimeError, AssertionError, RecursionError) as exc:
        raise RenderError(doc.source or out, f"booklet rendering failed: {exc}") from exc
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
