"""PDF/A: no stream's data ends in CR, including the object and cross-reference streams qpdf packs."""

from __future__ import annotations

import io
import zlib

import pikepdf

from toolkit.writers.pdf_finish import write_compressed
from toolkit.writers.pdfa_streams import packed_objects, repack_without_cr, streams_ending_in_cr


def _save(pdf, out, mode=pikepdf.ObjectStreamMode.generate):
    pdf.save(out, deterministic_id=True, compress_streams=True, recompress_flate=False,
             stream_decode_level=pikepdf.StreamDecodeLevel.none, object_stream_mode=mode)


def _document_with_a_cr_ending() -> bytes:
    """A document whose qpdf-packed object stream or cross-reference stream ends in CR (searched for)."""
    for seed in range(2000):
        pdf = pikepdf.new()
        pdf.Root.StructTreeRoot = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
        pdf.Root.Items = pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(N=seed * 7 + i)) for i in range(30)])
        out = io.BytesIO()
        _save(pdf, out)
        if streams_ending_in_cr(out.getvalue()):
            return out.getvalue()
    raise AssertionError("no example found")


def test_a_packed_stream_ending_in_cr_is_repacked():
    data = _document_with_a_cr_ending()
    fixed = repack_without_cr(data, lambda pdf, out: _save(pdf, out, pikepdf.ObjectStreamMode.preserve))
    assert streams_ending_in_cr(fixed) == []
    with pikepdf.open(io.BytesIO(data)) as before, pikepdf.open(io.BytesIO(fixed)) as after:
        assert [int(o.N) for o in after.Root.Items] == [int(o.N) for o in before.Root.Items]


def test_write_compressed_never_ends_in_cr_and_decodes_to_the_data():
    pdf = pikepdf.new()
    ends_in_cr = next(d for d in (b"x" * k for k in range(1, 5000)) if zlib.compress(d, 9).endswith(b"\r"))
    for payload in (ends_in_cr, b"", b"BT /F1 12 Tf (Trang 1) Tj ET"):
        stream = pikepdf.Stream(pdf, b"")
        write_compressed(stream, payload)
        assert not stream.read_raw_bytes().endswith(b"\r")
        assert stream.read_bytes() == payload


def _stream_opening_with_a_page_ending_in_cr(notes: bool) -> bytes:
    """A long document in which an object stream whose first packed object is a page ends in CR; with
    `notes`, each page refers to a small dictionary of its own, packed beside the pages, otherwise the
    stream packs nothing but pages. One page's label grows a byte at a time, which walks the stream's
    checksum (its last byte) through every value."""
    pdf = pikepdf.new()
    for i in range(110):
        pdf.add_blank_page(page_size=(595, 842))
        if notes:
            pdf.pages[-1].obj.Note = pdf.make_indirect(pikepdf.Dictionary(N=i))
    last = pdf.pages[-1].obj
    for length in range(1024):
        last.Label = pikepdf.String("y" * length)  # 121 is odd: the checksum takes every value mod 256
        out = io.BytesIO()
        _save(pdf, out)
        data = out.getvalue()
        with pikepdf.open(io.BytesIO(data)) as saved:  # numbered as saved, not as made
            pages = {page.objgen[0] for page in saved.pages}
        for _, header in streams_ending_in_cr(data):
            packed = packed_objects(data, header)
            if packed and packed[0] in pages and (set(packed) <= pages) != notes:
                return data
    raise AssertionError("no example found")


def _repacked(data: bytes) -> bytes:
    fixed = repack_without_cr(data, lambda pdf, out: _save(pdf, out, pikepdf.ObjectStreamMode.preserve))
    assert streams_ending_in_cr(fixed) == []
    with pikepdf.open(io.BytesIO(fixed)) as after:
        assert len(after.pages) == 110
    return fixed


def test_an_object_stream_opening_with_a_page_is_repacked():
    """A 200-bulletin volume failed with "a stream still ends in CR" (issue 20's volume curve): only the
    first object of the stream was tried, a page, which is never padded, so the structure tree root was,
    in another stream, and this one never changed. Now the first object that may be padded is."""
    with pikepdf.open(io.BytesIO(_repacked(_stream_opening_with_a_page_ending_in_cr(notes=True)))) as pdf:
        assert not any("/BantinPad" in page.obj for page in pdf.pages)


def test_an_object_stream_of_pages_only_is_repacked_on_a_page():
    with pikepdf.open(io.BytesIO(_repacked(_stream_opening_with_a_page_ending_in_cr(notes=False)))) as pdf:
        assert any("/BantinPad" in page.obj for page in pdf.pages)
