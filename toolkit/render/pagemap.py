"""Where each printed page starts, read from WeasyPrint's layout of the document.

The EPUB's page-list must point at the same text as the printed copy, so we do not estimate: we
walk the laid-out pages, and for each page find the first line of text, the block it belongs to
(`id` of the element in the layout) and how many characters of that block came before it.

Heavy libraries (WeasyPrint) are imported inside the functions that use them, so `bantin --help` and a
no-op archive rerun never load them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Ids of the blocks a page can start in. The byline's footer (`signature`) can stand alone on a last
# page. Volumes prefix each bulletin's ids with "a<N>-" and add a cover and contents entries.
BLOCK_ID = re.compile(r"^((a\d+-)?(title|lead|b\d+|fig-\d+|signature)|cover|toc-title|toc-\d+)$")


@dataclass(frozen=True)
class PageStart:
    """Where printed page `number` begins: inside block `block_id`, `offset` characters into its text."""

    number: int
    block_id: str
    offset: int = 0


def _text_boxes(box, block: str | None = None):
    """(text box, id of the block it belongs to) in reading order, tracking ids down the box tree."""
    from weasyprint.formatting_structure import boxes

    element = getattr(box, "element", None)
    ident = element.get("id") if element is not None and hasattr(element, "get") else None
    if ident and BLOCK_ID.match(ident):
        block = ident
    if isinstance(box, (boxes.TextBox, boxes.ReplacedBox)):  # an image alone can start a page too
        yield box, block
        return
    for child in getattr(box, "children", ()):
        yield from _text_boxes(child, block)


def page_starts(document, first: int = 1, whole: bool = True) -> list[PageStart]:
    """One `PageStart` per page, its pages numbered from `first`, but none for the first page of a `whole`
    document (it starts at the title); a part of a longer one (`whole=False`) has one for every page."""
    consumed: dict[str, int] = {}
    starts: list[PageStart] = []
    for number, page in enumerate(document.pages, start=first):
        first_box = True
        for text_box, block in _text_boxes(page._page_box):
            if block is None:
                continue
            text = " ".join(getattr(text_box, "text", "").split())
            if first_box and (number > first or not whole):
                starts.append(PageStart(number, block, consumed.get(block, 0)))
            first_box = False
            if text:
                consumed[block] = consumed.get(block, 0) + len(text) + 1
    return starts
