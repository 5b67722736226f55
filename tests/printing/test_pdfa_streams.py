"""PDF/A: no stream's data ends in CR, including the object and cross-reference streams qpdf packs."""

from __future__ import annotations

import io
import zlib

import pikepdf

from toolkit.writers.pdf_finish import write_compressed
from toolkit.writers.pdfa_streams import repack_without_cr, streams_ending_in_cr


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
