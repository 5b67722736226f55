"""PDF/A's stream rule for the streams qpdf makes itself: no stream's data may end in CR.

PDF/A validators read a CR that ends a stream's data, followed by the LF before `endstream`, as one
end-of-line and find the /Length one byte too long. `pdf_finish.write_compressed` keeps bantin's own
streams clear of it; the object streams and the cross-reference stream are packed by qpdf when it
saves, and a Flate stream ends in the low byte of the byte sum of what it packs, so about one in 256
ends in CR. For those, one object packed in the stream gets a harmless extra key (`/BantinPad`),
which changes the sum, and the file is saved again keeping the same object streams. The object padded
is the first one in the stream whose dictionary nothing else reads (a long volume's streams open with
pages); a stream that packs only pages gets it on a page, since padding an object in another stream
would never change this one's sum.

Heavy libraries (pikepdf) are imported inside the functions that use them.
"""

from __future__ import annotations

import io
import re
import zlib

PAD_KEY = "/BantinPad"
MAX_ROUNDS = 16
_CR_END = re.compile(rb"\r\nendstream")
_OBJECT = re.compile(rb"(\d+) 0 obj\s*<<")
_LENGTH = re.compile(rb"/Length (\d+)")
_FIRST = re.compile(rb"/First (\d+)")
#: Objects never padded: their dictionaries are read by font, page and colour machinery.
_UNTOUCHED = ("/Font", "/FontDescriptor", "/Page", "/Pages", "/Catalog", "/XObject", "/ExtGState", "/OutputIntent")
#: The last resort, for an object stream of pages only: a page, whose readers ignore a key they do not know.
_UNTOUCHED_BUT_PAGES = tuple(kind for kind in _UNTOUCHED if kind != "/Page")


def streams_ending_in_cr(data: bytes) -> list[tuple[int, bytes]]:
    """(object number, dictionary bytes) of every stream whose data ends in CR."""
    found = []
    for end in _CR_END.finditer(data):
        starts = list(_OBJECT.finditer(data, max(0, end.start() - 10_000_000), end.start()))
        if starts:
            start = starts[-1]
            header_end = data.index(b"stream", start.end())
            found.append((int(start.group(1)), data[start.start():header_end]))
    return found


def packed_objects(data: bytes, header: bytes) -> list[int]:
    """The numbers of the objects packed in the object stream whose dictionary is `header` (none if it
    is not an object stream), in the stream's order."""
    if b"/ObjStm" not in header:
        return []
    length = int(_LENGTH.search(header).group(1))
    start = data.index(header) + len(header) + len(b"stream")
    start += 2 if data[start:start + 2] == b"\r\n" else 1
    packed = zlib.decompress(data[start:start + length])
    return [int(number) for number in packed[:int(_FIRST.search(header).group(1))].split()[::2]]


def _pad(pdf, number: int, round_: int, untouched: tuple[str, ...] = _UNTOUCHED) -> bool:
    import pikepdf

    obj = pdf.get_object(number, 0)
    if not isinstance(obj, pikepdf.Dictionary) or str(obj.get("/Type")) in untouched:
        return False
    obj[PAD_KEY] = round_ + 1
    return True


def _pad_packed(pdf, packed: list[int], round_: int) -> bool:
    """Pad one of the `packed` objects: the first that nothing reads closely, else the first page."""
    return (any(_pad(pdf, number, round_) for number in packed)
            or any(_pad(pdf, number, round_, _UNTOUCHED_BUT_PAGES) for number in packed))


def repack_without_cr(data: bytes, save) -> bytes:
    """`data` (a saved PDF) with no stream ending in CR; `save(pdf, out)` saves keeping object streams."""
    import pikepdf

    for round_ in range(MAX_ROUNDS):
        bad = streams_ending_in_cr(data)
        if not bad:
            return data
        with pikepdf.open(io.BytesIO(data)) as pdf:
            for _, header in bad:
                # an object stream: pad an object inside it; the cross-reference stream: pad the structure
                # tree root, whose object stream then moves the offsets the cross-reference stream lists
                if not _pad_packed(pdf, packed_objects(data, header), round_):
                    pdf.Root.StructTreeRoot[PAD_KEY] = round_ + 1
            out = io.BytesIO()
            save(pdf, out)
            data = out.getvalue()
    raise ValueError("a stream still ends in CR after repacking, which PDF/A forbids")
