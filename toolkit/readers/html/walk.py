"""A clean HTML fragment walked into intermediate items: paragraphs with their look, and finished blocks.

Heavy libraries (lxml) are imported inside the functions that use them, so `bantin --help` and a
no-op archive rerun never load them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...model import Block, Figure, Heading, Inlines, List, Quote, Span, Table, plain
from ...serialize import as_src
from ...text import clean_inline, collapse_spaces
from .page import text_of

_BLOCK_TAGS = {"p", "div", "section", "article", "main", "center", "h1", "h2", "h3", "h4", "h5", "h6", "ul",
               "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "figure", "figcaption", "hr", "li", "tr",
               "td", "th", "tbody", "thead", "tfoot", "caption", "picture"}
_BOLD_TAGS = {"strong", "b"}
_ITALIC_TAGS = {"em", "i"}
_CAPTION_CLASS = re.compile(r"caption|chu-?thich|ghi-?chu|image[-_]?desc|img[-_]?desc|photo[-_]?desc|legend|"
                            r"expEdit|desc", re.IGNORECASE)
_RIGHT = re.compile(r"text-align\s*:\s*right", re.IGNORECASE)
_CENTER = re.compile(r"text-align\s*:\s*center", re.IGNORECASE)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.IGNORECASE)
_ITALIC_STYLE = re.compile(r"font-style\s*:\s*italic", re.IGNORECASE)


@dataclass
class Para:
    """A paragraph before the editorial rules decide whether it is a caption, heading or byline."""

    content: Inlines
    group: int
    right: bool = False
    center: bool = False
    caption_class: bool = False

    @property
    def text(self) -> str:
        return plain(self.content)

    @property
    def bold_only(self) -> bool:
        return bool(self.content) and all(s.bold or not s.text.strip() for s in self.content)

    @property
    def italic_only(self) -> bool:
        return bool(self.content) and all(s.italic or not s.text.strip() for s in self.content)


@dataclass
class Placed:
    """A finished block and the container it came from (captions belong to their image's container)."""

    block: Block
    group: int


Item = Para | Placed


@dataclass
class Walker:
    items: list[Item] = field(default_factory=list)

    def walk(self, element, group: int, style: dict) -> None:
        """Walk a container: inline runs become paragraphs, block children are handled by tag."""
        buffer: list = []
        if element.text:
            buffer.append(element.text)
        for child in element:
            if not isinstance(child.tag, str):
                buffer.append(child.tail or "")
                continue
            if child.tag == "img" and not _usable_src(child):
                pass  # an image without a usable address is no break in the text around it
            elif child.tag in _BLOCK_TAGS or child.tag in ("img", "br") or _contains_image(child):
                self.flush(buffer, group, style)
                self.block(child, group, style)
                buffer = []
            else:
                buffer.append(child)
            if child.tail:
                buffer.append(child.tail)
        self.flush(buffer, group, style)

    def flush(self, buffer: list, group: int, style: dict) -> None:
        content = inlines(buffer, bold=style.get("bold", False), italic=style.get("italic", False))
        if content:
            self.items.append(Para(content, group, style.get("right", False), style.get("center", False),
                                   style.get("caption", False)))

    def block(self, element, group: int, style: dict) -> None:
        tag = element.tag
        style = _style(element, style)
        if tag == "img":
            self.image(element, group)
        elif tag in ("br", "hr"):
            return
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading(element, group)
        elif tag in ("ul", "ol") and not _contains_image(element):
            self.listing(element, group)
        elif tag == "table":
            self.table(element, style)
        elif tag == "blockquote" and not _contains_image(element) and not element.findall(".//table"):
            if content := inlines([element], italic=False):
                self.items.append(Placed(Quote(content), group))
        elif tag == "figure":
            self.figure(element, style)
        else:
            self.walk(element, id(element) if tag in ("p", "center", "figure") else group, style)

    def image(self, element, group: int) -> None:
        src = (element.get("src") or "").strip()
        if not src or src.startswith("data:"):
            return
        self.items.append(Placed(Figure(src=as_src(src), alt=clean_inline(element.get("alt") or "")), group))

    def heading(self, element, group: int) -> None:
        level = {"h1": 2, "h2": 2, "h3": 3}.get(element.tag, 4)
        content = inlines([element], bold=False)
        if content:
            self.items.append(Placed(Heading(level, unbold(content)), group))

    def listing(self, element, group: int) -> None:
        items = tuple(c for li in element.iter("li") if (c := inlines([li], nested_lists=False)))
        if not items:
            return
        start = element.get("start", "1")
        number = int(start) if start.isdigit() and len(start) < 6 else 1
        self.items.append(Placed(List(element.tag == "ol", items, number), group))

    def table(self, element, style: dict) -> None:
        rows = [r for r in element.iter("tr") if _own_table(r, element)]
        cells = [[c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")] for row in rows]
        if _contains_image(element) or sum(len(c) for c in cells) <= 1 or all(len(c) <= 1 for c in cells):
            self.walk(element, id(element), style)  # a layout table: image and caption, or a frame
            return
        texts = tuple(tuple(text_of(c) for c in row) for row in cells if any(text_of(c) for c in row))
        if texts:
            header = bool(cells and cells[0] and all(c.tag == "th" for c in cells[0])) or bool(element.findall(
                ".//thead"))
            self.items.append(Placed(Table(texts, header), id(element)))

    def figure(self, element, style: dict) -> None:
        images = [img for img in element.iter("img") if (img.get("src") or "").strip()]
        caption_el = element.find(".//figcaption")
        caption = text_of(caption_el) if caption_el is not None else ""
        if len(images) != 1:
            self.walk(element, id(element), style)
            return
        img = images[0]
        src = img.get("src").strip()
        if src.startswith("data:"):
            return
        alt = clean_inline(img.get("alt") or "")
        self.items.append(Placed(Figure(src=as_src(src), alt=alt, caption=caption), id(element)))


def _usable_src(img) -> bool:
    src = (img.get("src") or "").strip()
    return bool(src) and not src.startswith("data:")


def _own_table(row, table) -> bool:
    parent = row.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent is table


def _contains_image(element) -> bool:
    return any(_usable_src(img) for img in element.iter("img"))


def _style(element, inherited: dict) -> dict:
    style = dict(inherited)
    css = element.get("style", "")
    align = (element.get("align") or "").lower()
    if _RIGHT.search(css) or align == "right":
        style["right"] = True
    if _CENTER.search(css) or align == "center" or element.tag == "center":
        style["center"] = True
    if _CAPTION_CLASS.search(element.get("class", "")) or element.tag in ("figcaption", "caption"):
        style["caption"] = True
    return style


def unbold(content: Inlines) -> Inlines:
    return tuple(Span(s.text, False, s.italic) for s in content)

def inlines(nodes: list, bold: bool = False, italic: bool = False, nested_lists: bool = True) -> Inlines:
    """Spans of a run of text and inline elements, whitespace collapsed as a browser would."""
    raw: list[Span] = []
    for node in nodes:
        if isinstance(node, str):
            raw.append(Span(node, bold, italic))
        else:
            _collect(node, bold, italic, raw, nested_lists, top=True)
    return _normalise(raw)


def _collect(element, bold: bool, italic: bool, out: list[Span], nested_lists: bool, top: bool) -> None:
    if not isinstance(element.tag, str):
        return
    if not top and not nested_lists and element.tag in ("ul", "ol"):
        return
    css = element.get("style", "")
    bold = bold or element.tag in _BOLD_TAGS or bool(_BOLD_STYLE.search(css))
    italic = italic or element.tag in _ITALIC_TAGS or bool(_ITALIC_STYLE.search(css))
    if element.tag == "br" or (not top and element.tag in ("p", "div", "li")):
        out.append(Span(" ", bold, italic))
    if element.text:
        out.append(Span(element.text, bold, italic))
    for child in element:
        _collect(child, bold, italic, out, nested_lists, top=False)
        if child.tail:
            out.append(Span(child.tail, bold, italic))


def _normalise(raw: list[Span]) -> Inlines:
    merged: list[Span] = []
    for span in raw:
        text = collapse_spaces(span.text)
        if merged and merged[-1].text.endswith(" ") and text.startswith(" "):
            text = text[1:]
        if not merged:
            text = text.lstrip()
        if not text:
            continue
        if merged and (merged[-1].bold, merged[-1].italic) == (span.bold, span.italic):
            merged[-1] = Span(merged[-1].text + text, span.bold, span.italic)
        elif not text.strip() and merged:
            merged[-1] = Span(merged[-1].text + text, merged[-1].bold, merged[-1].italic)
        else:
            merged.append(Span(text, span.bold, span.italic))
    while merged and not merged[-1].text.strip():
        merged.pop()
    if merged:
        merged[-1] = Span(merged[-1].text.rstrip(), merged[-1].bold, merged[-1].italic)
    return tuple(merged)



def walk_html(clean_html: str) -> list[Item]:
    """The intermediate items of already sanitised HTML."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(clean_html, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    walker = Walker()
    walker.walk(root, id(root), {})
    return walker.items
