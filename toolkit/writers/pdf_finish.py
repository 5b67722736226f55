"""Every fix a written PDF needs, in one pass: the file is opened once, fixed, and saved once.

- text stays extractable: empty ToUnicode entries are filled (`pdf_unicode`);
- running headers and page numbers become pagination artifacts (`pdf_artifacts`);
- PDF/X-4: the random XMP DocumentID becomes one derived from the document;
- `--grayscale`: colour images become gray;
- `--marks`: crop and registration marks outside the bleed (`pdf_marks`);
- archival volumes: PDF/UA-1 identified next to PDF/A-3a, one /AF entry per attachment.

Saving uses content-derived IDs, so the same input file gives the same bytes.

Heavy libraries (pikepdf, Pillow) are imported inside the functions that use them, so `bantin --help` and a
no-op archive rerun never load them.
"""

from __future__ import annotations

import io
import re
import uuid
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .pdf_artifacts import mark_artifacts_in
from .pdf_join import joined
from .pdf_marks import add_print_marks
from .pdf_unicode import repair_fonts_in
from .pdfa_streams import repack_without_cr

if TYPE_CHECKING:
    import pikepdf

#: Image colour spaces that need no conversion for grayscale printing.
GRAY_SPACES = ("/DeviceGray", "/CalGray")
_XMP_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
UA_XMP = (
    '<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"'
    ' xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">'
    "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">"
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>"
    "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>"
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"
    "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">"
    "<pdfaProperty:name>part</pdfaProperty:name><pdfaProperty:valueType>Integer</pdfaProperty:valueType>"
    "<pdfaProperty:category>internal</pdfaProperty:category>"
    "<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>"
    "</rdf:li></rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>"
    '<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
    "<pdfuaid:part>1</pdfuaid:part></rdf:Description>"
)


@dataclass(frozen=True)
class Fixes:
    """What to fix besides text mapping and artifacts (always done)."""

    #: The permanent first half of the trailer's /ID (the second is derived from the saved bytes); when
    #: given, the file is always saved, since WeasyPrint was asked for no /ID.
    identifier: bytes | None = None
    #: Stable seed for the XMP DocumentID (PDF/X-4); None leaves it.
    document_id_seed: str | None = None
    grayscale: bool = False
    #: A volume: always rewritten, with PDF/A-safe streams (see `write_compressed`).
    volume: bool = False
    #: An archival volume: also PDF/UA-1 in the XMP and each attachment listed once.
    archival: bool = False
    #: `--marks`: crop and registration marks outside the bleed (`pdf_marks`).
    marks: bool = False


def finish(path: Path, fixes: Fixes, parts: list[bytes] | None = None) -> None:
    """Apply `fixes` to the PDF at `path` in place; the file is rewritten only when something changed.
    With `parts` (PDFs of one volume, in order), they are joined (`pdf_join`) and fixed into `path`.

    The fixed PDF is made in memory and written back by Python: qpdf writing a file itself aborts the
    whole process when the disk is full, where Python raises an `OSError` that fails this source only."""
    import pikepdf  # imported when a PDF is finished, not when the CLI starts

    fixed = _fixed(path, fixes, parts)
    if fixed is not None and fixes.volume:  # the volume's first copy is gone: a long one's two would not fit
        fixed = repack_without_cr(fixed, lambda again, to: _save_packed(again, to, pikepdf.ObjectStreamMode.preserve))
    if fixed is not None:
        path.write_bytes(fixed)


def _fixed(path: Path, fixes: Fixes, parts: list[bytes] | None) -> bytes | None:
    """The fixed PDF's bytes, None when nothing changed; the opened PDF is let go on return."""
    import pikepdf

    opened = joined(parts) if parts else pikepdf.open(io.BytesIO(path.read_bytes()))
    fixed = io.BytesIO()
    with opened as pdf:
        changed = bool(repair_fonts_in(pdf))
        changed = bool(mark_artifacts_in(pdf)) or changed
        if fixes.identifier is not None:
            set_identifier(pdf, fixes.identifier)
            changed = True
        if fixes.document_id_seed is not None:
            changed = fix_document_id(pdf, fixes.document_id_seed) or changed
        if fixes.grayscale:
            changed = bool(to_grayscale(pdf)) or changed
        if fixes.marks:
            changed = bool(add_print_marks(pdf)) or changed
        if fixes.volume:
            _save_volume(pdf, fixed, fixes.archival)
        elif changed:
            pdf.save(fixed, deterministic_id=True)
    return fixed.getvalue() if fixed.tell() else None


def _save_volume(pdf: pikepdf.Pdf, out: io.BytesIO, archival: bool) -> None:
    """Save a volume small and PDF/A-safe: every stream compressed by `write_compressed` (the content
    rewritten by the artifact pass, the repaired ToUnicode maps, and WeasyPrint's own when they end in
    CR), except the XMP metadata, which PDF/A wants readable; objects packed in compressed object streams."""
    import pikepdf

    if archival:
        identify_ua(pdf)
        dedupe_associated_files(pdf)
    metadata = pdf.Root.get("/Metadata")
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream) or (metadata is not None and obj.objgen == metadata.objgen):
            continue
        if "/Filter" not in obj or obj.read_raw_bytes().endswith(b"\r"):
            write_compressed(obj, obj.read_bytes())
    # Every stream is compressed above; qpdf leaves them as they are, packs the other objects into object
    # streams and compresses those (and the cross-reference stream) itself; `pdfa_streams` then makes sure
    # none of those ends in CR either (`finish`, once this copy is closed).
    _save_packed(pdf, out, pikepdf.ObjectStreamMode.generate)


def _save_packed(pdf: pikepdf.Pdf, out: io.BytesIO, mode) -> None:
    import pikepdf

    pdf.save(out, deterministic_id=True, compress_streams=True, recompress_flate=False,
             stream_decode_level=pikepdf.StreamDecodeLevel.none, object_stream_mode=mode)


def set_identifier(pdf: pikepdf.Pdf, identifier: bytes) -> None:
    """Give the trailer an /ID whose first half is `identifier`: saving with `deterministic_id` keeps that
    half and puts a digest of the saved content in the second."""
    import pikepdf

    pdf.trailer.ID = pikepdf.Array([pikepdf.String(identifier), pikepdf.String(identifier)])


# --- PDF/X-4 -------------------------------------------------------------------------------------

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


# --- archival volumes ----------------------------------------------------------------------------

def write_compressed(stream, data: bytes) -> None:
    """Flate-compress `data` into `stream`, never ending in CR: PDF/A validators count a final CR as
    the end-of-line before `endstream` and find the /Length wrong. A Flate stream ends in the low byte of
    the byte sum of what it packs, so when that is CR the data is packed as one PNG-predictor row tagged
    "Up" (type 2; above the first row there is nothing, so the row is the data itself): the tag adds 2
    to the sum, and the stream decodes to the same bytes."""
    import pikepdf

    packed = zlib.compress(data, 9)
    if not packed.endswith(b"\r"):
        stream.write(packed, filter=pikepdf.Name.FlateDecode)
        return
    stream.write(zlib.compress(b"\x02" + data, 9), filter=pikepdf.Name.FlateDecode,
                 decode_parms=pikepdf.Dictionary(Predictor=12, Columns=len(data)))


def dedupe_associated_files(pdf) -> None:
    """WeasyPrint lists each attachment twice in the catalog's /AF (from the name tree and from the
    file specifications); one entry per file is what PDF/A-3 means."""
    import pikepdf

    if "/AF" not in pdf.Root:
        return
    unique, seen = [], set()
    for spec in pdf.Root.AF:
        if spec.objgen not in seen:
            seen.add(spec.objgen)
            unique.append(spec)
    pdf.Root.AF = pikepdf.Array(unique)


def identify_ua(pdf) -> None:
    """Add the PDF/UA-1 identification (and its PDF/A extension schema) to the XMP; keep it uncompressed."""
    import pikepdf

    xmp = pdf.Root.Metadata.read_bytes()
    end = xmp.rindex(b"</rdf:RDF>")
    xmp = xmp[:end] + UA_XMP.encode() + xmp[end:]
    pdf.Root.Metadata = pdf.make_stream(xmp, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
