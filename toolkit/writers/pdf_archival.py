"""PDF/A-3a volumes: each bulletin's original source attached, dated from the bulletin, never from now.

WeasyPrint writes the PDF/A-3a file and its `AF` entries; we give it the attachments with
`AFRelationship` Source. PDF/A also needs images that are not interpolated (the volume layout sets
`image-rendering: crisp-edges`) and an uncompressed XMP metadata stream, which `finish` ensures,
together with the PDF/UA-1 identification, so one file passes both validators.
"""

from __future__ import annotations

import base64
import zlib
from pathlib import Path

from ..context import document_time
from ..volume import Volume
from .pdf_artifacts import mark_artifacts_in
from .pdf_unicode import repair_fonts_in

VARIANT = "pdf/a-3a"
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


def attachments(volume: Volume) -> list:
    """One `Attachment` per bulletin that has a source file, named after it."""
    from weasyprint import Attachment

    found = []
    for doc in volume.bulletins:
        if doc.source is None or not Path(doc.source).is_file():
            continue
        stamp = document_time(doc)
        found.append(Attachment(string=Path(doc.source).read_bytes(), name=Path(doc.source).name,
                                description=doc.title, created=stamp, modified=stamp, relationship="Source"))
    return found


def write_options(volume: Volume) -> dict:
    return {"attachments": attachments(volume), "pdf_variant": VARIANT}


def finish(path: Path, archival: bool) -> None:
    """Rewrite a written volume PDF in place: repaired text mapping, running headers and page numbers as
    artifacts (as `pdf.write` does for bulletins); for `archival`, PDF/UA-1 identified
    in an uncompressed XMP stream. Deterministic: the same input file gives the same bytes."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        repair_fonts_in(pdf)
        mark_artifacts_in(pdf)
        if archival:
            identify_ua(pdf)
            dedupe_associated_files(pdf)
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.read_raw_bytes().endswith(b"\r"):
                write_compressed(obj, obj.read_bytes())
        # Streams are written compressed above (WeasyPrint compressed the rest); qpdf must not recode them.
        pdf.save(path, deterministic_id=True, compress_streams=False,
                 stream_decode_level=pikepdf.StreamDecodeLevel.none,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)


def write_compressed(stream, data: bytes) -> None:
    """Flate-compress `data` into `stream`, never ending in CR: PDF/A validators count a final CR as
    the end-of-line before `endstream` and find the /Length wrong. The last bytes of a Flate stream
    are a checksum of `data`, so when it ends in CR the stream is also ASCII85-encoded (ends in `~>`)."""
    import pikepdf

    packed = zlib.compress(data, 9)
    if not packed.endswith(b"\r"):
        stream.write(packed, filter=pikepdf.Name.FlateDecode)
        return
    encoded = base64.a85encode(packed, adobe=True)[2:]
    stream.write(encoded, filter=pikepdf.Array([pikepdf.Name.ASCII85Decode, pikepdf.Name.FlateDecode]))


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
