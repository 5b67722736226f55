"""The braille pages as files: BRF for embossers, PEF 1.0 for braille software and archives.

BRF is North American braille ASCII: each 6-dot cell is one of 64 ASCII characters, lines end in CR LF,
pages in a form feed. PEF (Portable Embosser Format, DAISY) keeps Unicode braille in
volume/section/page/row elements with the page size in cells and rows.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

#: Braille ASCII, indexed by the cell's dots (dot 1 = bit 0 … dot 6 = bit 5), as U+2800 + index.
BRAILLE_ASCII = " A1B'K2L@CIF/MSP\"E3H9O6R^DJG>NTQ,*5<-U8V.%[$+X!&;:4\\0Z7(_?W]#Y)="
PEF_NS = "http://www.daisy.org/ns/2008/pef"


def cell_to_ascii(cell: str) -> str:
    dots = ord(cell) - 0x2800
    if not 0 <= dots < 0x100:
        raise ValueError(f"not a braille cell: {cell!r}")
    return BRAILLE_ASCII[dots & 0x3F]  # dots 7 and 8 have no braille ASCII: six-dot embossers ignore them


def brf(pages: list[list[str]]) -> bytes:
    """Lines joined by CR LF, pages ended by a form feed; trailing blanks dropped."""
    text = "\f".join("".join("".join(cell_to_ascii(c) for c in line).rstrip() + "\r\n" for line in page)
                     for page in pages) + "\f"
    return text.encode("ascii")


def pef(volumes: list[list[list[str]]], cells: int, lines: int, meta: dict[str, str]) -> bytes:
    """PEF 1.0: one `<volume>` (one section) per braille volume; `meta` holds Dublin Core values."""
    dc = "".join(f"<dc:{key}>{escape(value)}</dc:{key}>" for key, value in meta.items() if value)
    body = "".join(
        f'<volume cols="{cells}" rows="{lines}" rowgap="0" duplex="false"><section>'
        + "".join("<page>" + "".join(f"<row>{line.rstrip(chr(0x2800))}</row>" for line in page) + "</page>"
                  for page in pages)
        + "</section></volume>" for pages in volumes)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<pef version="2008-1" xmlns="{PEF_NS}">'
            f'<head><meta xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:format>application/x-pef+xml</dc:format>'
            f"{dc}</meta></head><body>{body}</body></pef>\n").encode()
