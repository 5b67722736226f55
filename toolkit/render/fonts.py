"""Which characters the bundled fonts can draw, so a missing glyph is reported, not silently faked.

Heavy libraries (fontTools) are imported inside the functions that use them, so `bantin --help` and a
no-op archive rerun never load them.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from ..model import Bulletin, plain
from ..paths import FONTS_DIR

FAMILY_FILES = {"serif": "NotoSerif-Regular.ttf", "sans": "NotoSans-Regular.ttf"}
# Code point ranges the bundled sans draws entirely (tests/test_fonts_fast_path.py checks it against
# the font): Latin with every Vietnamese letter, combining marks, punctuation, currency. Text made
# only of these needs no cmap: a build skips reading two fonts with fontTools (50-80 ms per process).
SURELY_DRAWN = ((0x20, 0x7E), (0xA0, 0x36F), (0x1E00, 0x1EFF), (0x2000, 0x2064), (0x20A0, 0x20BF))


@lru_cache(maxsize=4)
def covered(family: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(FONTS_DIR / FAMILY_FILES[family], lazy=True) as font:
        return frozenset(font.getBestCmap())


def bulletin_text(doc: Bulletin) -> str:
    """Every piece of text the layouts print for `doc`."""
    parts = [doc.title, doc.lead, doc.author or "", doc.byline or ""]
    for block in doc.blocks:
        match block.kind:
            case "paragraph" | "heading" | "quote":
                parts.append(block.text)
            case "figure":
                parts += [block.alt, block.caption]
            case "list":
                parts += [plain(item) for item in block.items]
            case "table":
                parts += [cell for row in block.rows for cell in row]
    return "\n".join(parts)


def missing_glyphs(text: str, family: str) -> list[str]:
    """Characters of `text` that the bundled `family` (and the sans used for headings) cannot draw."""
    rare = {ch for ch in set(text) if not _surely_drawn(ch) and not _invisible(ch)}
    if not rare:
        return []
    have = covered(family) | covered("sans")
    return sorted(ch for ch in rare if ord(ch) not in have)


def _surely_drawn(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in SURELY_DRAWN)


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") or ch in " \t\n"


def describe(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'UNNAMED')} ({ch!r})"
