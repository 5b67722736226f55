"""Keeping the PDF's text extractable: every glyph maps to Unicode, as PDF/UA-1 (7.21.7) requires.

WeasyPrint maps each glyph to the text of its shaping cluster, but only the last glyph of a
multi-glyph cluster gets that text: the others are written as `<gid> <>`, an entry with no
destination, which PDF/UA validators reject as a malformed CMap. It happens when HarfBuzz
inserts a dotted circle (U+25CC) before a combining mark that has no base letter: in the seed,
"trị ̣huyên" has a stray U+0323 after a space, the line breaks at that space, and the next line
starts with the bare mark (also printing a stray dotted circle).

Two fixes. `glue_orphan_marks` prevents it: a WORD JOINER between a space and a combining mark
forbids that line break (UAX #14 LB11), so the mark stays on its space, as Unicode intends for a
mark shown alone; the joiner is invisible and not extracted. `repair_fonts_in` (run by
`pdf_finish`) is the safety net
for what remains (a bare mark at the very start of a paragraph): the dotted circle stands for the
missing base and is mapped to a space; any other empty entry gets the glyph's own character from
the embedded font's cmap.

Heavy libraries (pikepdf, fontTools) are imported inside the functions that use them, so `bantin --help` and a
no-op archive rerun never load them.
"""

from __future__ import annotations

import io
import re

# A whitespace character followed by a combining diacritical mark (the Latin, extended, supplement,
# symbol and half-mark blocks: the marks Vietnamese text can carry).
ORPHAN_MARK = re.compile(r"(\s)(?=[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])")
WORD_JOINER = "\u2060"
EMPTY_ENTRY = re.compile(rb"<([0-9A-Fa-f]{4})>\s*<>")
DOTTED_CIRCLE = 0x25CC
REPLACEMENT = 0xFFFD


def glue_orphan_marks(html: str) -> str:
    """`html` with a WORD JOINER between each whitespace and a combining mark that follows it."""
    return ORPHAN_MARK.sub(lambda match: match.group(1) + WORD_JOINER, html)


def _utf16_hex(codepoint: int) -> bytes:
    return chr(codepoint).encode("utf-16-be").hex().encode()


def _glyph_codepoints(font) -> dict[int, int]:
    """Glyph id -> Unicode code point, from the cmap of the font program embedded for `font`."""
    from fontTools.ttLib import TTFont

    descendants = font.get("/DescendantFonts")
    if not descendants:
        return {}
    descriptor = descendants[0].get("/FontDescriptor")
    program = descriptor.get("/FontFile2") if descriptor is not None else None
    if program is None:
        return {}
    ttfont = TTFont(io.BytesIO(program.read_bytes()), lazy=True)
    order = {name: gid for gid, name in enumerate(ttfont.getGlyphOrder())}
    glyphs: dict[int, int] = {}
    for codepoint, name in sorted((ttfont.getBestCmap() or {}).items()):
        glyphs.setdefault(order[name], codepoint)
    return glyphs


def _meaning(gid: int, glyphs: dict[int, int]) -> int:
    codepoint = glyphs.get(gid, REPLACEMENT)
    return 0x20 if codepoint == DOTTED_CIRCLE else codepoint


def repaired_cmap(data: bytes, font) -> bytes | None:
    """The CMap text with every empty entry filled in, or None when it has none."""
    if not EMPTY_ENTRY.search(data):
        return None
    glyphs = _glyph_codepoints(font)

    def fill(match: re.Match) -> bytes:
        gid = int(match.group(1), 16)
        return b"<" + match.group(1) + b"> <" + _utf16_hex(_meaning(gid, glyphs)) + b">"

    return EMPTY_ENTRY.sub(fill, data)


def _fonts(pdf):
    """Every font with a ToUnicode stream, wherever it is used (pages, form XObjects, annotations)."""
    import pikepdf

    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" and "/ToUnicode" in obj:
            yield obj


def repair_fonts_in(pdf) -> int:
    """Fill the empty ToUnicode entries of every font of an open `pikepdf.Pdf`; returns fonts repaired."""
    repaired = 0
    for font in _fonts(pdf):
        cmap = font.ToUnicode
        fixed = repaired_cmap(cmap.read_bytes(), font)
        if fixed is not None:
            cmap.write(fixed)  # saved compressed again (compress_streams)
            repaired += 1
    return repaired
