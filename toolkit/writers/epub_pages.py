"""Print page numbers inside the EPUB: `doc-pagebreak` markers where the PDF's pages begin.

`PageStart`s come from WeasyPrint's layout of the same bulletin (see `pagemap`); a marker goes
into the block the page starts in, at the first word boundary at or after the character offset,
so the text right after marker N is the first text of printed page N.
"""

from __future__ import annotations

from lxml import etree

from ..render.pagemap import PageStart

XHTML = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"


ROMAN = (("m", 1000), ("cm", 900), ("d", 500), ("cd", 400), ("c", 100), ("xc", 90), ("l", 50), ("xl", 40),
         ("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))


def page_label(number: int, front: int = 0) -> str:
    """What page `number` is called, as on paper: a volume's `front` pages (cover, contents) are not
    counted by its folio, so they are i, ii, … and the first bulletin's first page is 1."""
    if number > front:
        return str(number - front)
    roman = ""
    for letters, value in ROMAN:
        while number >= value:
            roman, number = roman + letters, number - value
    return roman


def _marker(number: int, front: int = 0) -> etree._Element:
    span = etree.Element(f"{{{XHTML}}}span")
    span.set("id", f"page-{number}")
    span.set(f"{{{EPUB_NS}}}type", "pagebreak")
    span.set("role", "doc-pagebreak")
    span.set("aria-label", page_label(number, front))
    return span


# Elements whose direct content may not be phrasing content: a marker never goes straight into them.
NO_PHRASING = {f"{{{XHTML}}}{tag}" for tag in ("ul", "ol", "table", "thead", "tbody", "tfoot", "tr", "colgroup")}


def _text_slots(element):
    """(node, attribute) pairs holding the element's visible text, in reading order.

    Whitespace-only text is skipped: between `<table>` and `<tbody>` or `</li>` and `<li>` it is
    not text a reader sees, and a marker there would make the XHTML invalid.
    """
    if element.text and element.text.strip() and element.tag not in NO_PHRASING:
        yield element, "text"
    for child in element:
        yield from _text_slots(child)
        if child.tail and child.tail.strip() and element.tag not in NO_PHRASING:
            yield child, "tail"


def _place(element, offset: int, marker) -> None:
    """Insert `marker` at the first word boundary at or after `offset` collapsed characters."""
    seen = 0
    for node, attr in _text_slots(element):
        text = getattr(node, attr)
        collapsed = " ".join(text.split())
        if seen + len(collapsed) + 1 <= offset:
            seen += len(collapsed) + 1
            continue
        cut = _cut_index(text, max(0, offset - seen))
        before, after = text[:cut], text[cut:]
        if attr == "text":
            node.text = before
            node.insert(0, marker)
        else:
            node.tail = before
            node.addnext(marker)
        marker.tail = after
        return
    # Past the block's text: the page starts with what follows it. Inside a list or a table the marker
    # stays in its item (a list may hold only items), at the item's end.
    parent = element.getparent()
    if parent is not None and parent.tag in NO_PHRASING:
        element.append(marker)
    else:
        element.addnext(marker)


def _cut_index(text: str, collapsed_offset: int) -> int:
    """Index in raw `text` of the word that starts at or after `collapsed_offset` collapsed characters."""
    count = 0
    index = 0
    stripped = len(text) - len(text.lstrip())
    index = stripped
    while index < len(text) and count < collapsed_offset:
        if text[index].isspace():
            while index < len(text) and text[index].isspace():
                index += 1
            count += 1
        else:
            index += 1
            count += 1
    while 0 < index < len(text) and not text[index - 1].isspace() and not text[index].isspace():
        index += 1
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def insert_markers(xhtml: str, starts: list[PageStart], first_page: bool = True, total: int | None = None,
                   front: int = 0) -> str:
    """The chapter with a marker for page 1 before the title (unless not `first_page`) and one per page start."""
    root = etree.fromstring(xhtml.encode("utf-8"))
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    title = by_id.get("title")
    if title is not None and first_page:
        title.addprevious(_marker(1))
    for start in starts:
        element = by_id.get(start.block_id)
        if element is None:
            continue
        if start.offset == 0:
            if element.tag.endswith("}figure") or element.tag.endswith("}ul") or element.tag.endswith("}ol"):
                element.addprevious(_marker(start.number, front))
            else:
                _place(element, 0, _marker(start.number, front))
        else:
            _place(element, start.offset, _marker(start.number, front))
    _fill_gaps(root, total or max((s.number for s in starts), default=1), front)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>").decode()


def _fill_gaps(root, last: int, front: int = 0) -> None:
    """A marker for every page up to the last: one the layout gave no start for goes right after the
    previous page's marker, so the page-list never links to a missing id."""
    placed = {m.get("id"): m for m in root.iter(f"{{{XHTML}}}span") if m.get("role") == "doc-pagebreak"}
    for number in range(2, last + 1):
        if f"page-{number}" not in placed and f"page-{number - 1}" in placed:
            previous = placed[f"page-{number - 1}"]
            marker = _marker(number, front)
            marker.tail, previous.tail = previous.tail, None
            previous.addnext(marker)
            placed[f"page-{number}"] = marker


def nav_entries(chapter: str, total: int) -> list[dict]:
    return [{"href": f"{chapter}#page-{n}", "label": str(n)} for n in range(1, total + 1)]
