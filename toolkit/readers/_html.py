"""HTML to blocks, shared by the portal and news-page readers.

Untrusted markup goes through three steps: the raw page is parsed (lxml) to find the article and
its metadata and to undo lazy loading; the chosen part is cleaned with `nh3` (an allow-list: no
scripts, no styles but alignment and weight, no URL schemes but http/https and relative paths);
the clean fragment is walked into intermediate paragraphs and blocks, and editorial conventions
(a caption under a photo, a bold-only subheading, a right-aligned byline) are applied last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..dates import ImpossibleDate, parse_date
from ..errors import SourceError
from ..model import Block, Figure, Heading, Inlines, List, Paragraph, Quote, SourceWarning, Span, Table, plain
from ..serialize import as_src
from ..text import clean_inline, collapse_spaces
from . import _heuristics as h
from ._source import read_text

ALLOWED_TAGS = {
    "p", "div", "section", "article", "main", "center", "span", "font", "br", "hr", "a", "strong", "b", "em",
    "i", "u", "sup", "sub", "small", "big", "mark", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
    "dl", "dt", "dd", "blockquote", "q", "pre", "table", "thead", "tbody", "tfoot", "tr", "td", "th",
    "caption", "img", "figure", "figcaption", "picture",
}
_ATTRIBUTES = {"*": {"class", "align", "style"}, "img": {"src", "alt"}, "ol": {"start"}, "td": {"colspan"}}
_DROPPED_WITH_CONTENT = {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
                         "form", "button", "select", "textarea", "video", "audio", "canvas"}
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "center", "h1", "h2", "h3", "h4", "h5", "h6", "ul",
               "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "figure", "figcaption", "hr", "li", "tr",
               "td", "th", "tbody", "thead", "tfoot", "caption", "picture"}
_BOLD_TAGS = {"strong", "b"}
_ITALIC_TAGS = {"em", "i"}
_LAZY_ATTRIBUTES = ("data-src", "data-original", "data-lazy-src", "data-lazy", "data-url", "data-full-src",
                    "data-srcset", "srcset", "data-echo")
_PLACEHOLDER = re.compile(r"^(data:|about:)|(blank|spacer|pixel|placeholder|loading|lazy)[^/]*\.(gif|png|svg)",
                          re.IGNORECASE)
_CAPTION_CLASS = re.compile(r"caption|chu-?thich|ghi-?chu|image[-_]?desc|img[-_]?desc|photo[-_]?desc|legend|"
                            r"expEdit|desc", re.IGNORECASE)
_RIGHT = re.compile(r"text-align\s*:\s*right", re.IGNORECASE)
_CENTER = re.compile(r"text-align\s*:\s*center", re.IGNORECASE)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.IGNORECASE)
_ITALIC_STYLE = re.compile(r"font-style\s*:\s*italic", re.IGNORECASE)
_FURNITURE = re.compile(
    r"(^|[-_\s])(nav|navbar|menu|breadcrumbs?|footer|sidebar|related|tin-?lien-?quan|tinlienquan|"
    r"tin-?khac|tinkhac|other-?news|more-?news|share|sharing|social|comments?|binh-?luan|pager|pagination|"
    r"tags?|toolbar|print|rating|advert|ads|banner|widget|luot-?xem|luotxem|view-?count|views|"
    r"lien-?ket|newsletter|subscribe)($|[-_\s])",
    re.IGNORECASE,
)
_FURNITURE_TAGS = ("nav", "footer", "aside", "form")
_VIEW_COUNTER = re.compile(r"^(số\s+)?lượt\s+(xem|đọc)\s*:?\s*[\d.,]+$|^views?\s*:?\s*[\d.,]+$", re.IGNORECASE)


# ---------------------------------------------------------------- the raw page


def read_page(path: Path):
    """(lxml tree, decoded source) of the HTML file at `path`; `SourceError` if it has no readable markup."""
    decoded = read_text(path)
    try:
        return parse_page(decoded.text), decoded
    except ValueError as exc:
        raise SourceError(path, str(exc)) from exc


def parse_page(text: str):
    """The whole page as an lxml tree, without scripts and styles; `ValueError` if there is no markup."""
    import lxml.html  # lxml and nh3 are imported when HTML is read, not when the CLI starts
    from lxml import etree

    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        raise ValueError("no HTML in the file")
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ValueError(f"unreadable HTML ({exc})") from exc
    _check_nothing_lost(text, root)
    for bad in root.xpath("//script|//style|//noscript|//template|//comment()|//processing-instruction()"):
        _remove(bad)
    return root


_INVISIBLE_PARTS = re.compile(r"(?is)<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>")


def _check_nothing_lost(text: str, root) -> None:
    """Refuse a page whose text the parser silently dropped (libxml2 stops at 256 levels of nesting)."""
    import html

    expected = len("".join(html.unescape(_INVISIBLE_PARTS.sub(" ", text)).split()))
    parsed = root.xpath("string(.)")
    for bad in root.xpath("//script|//style|//noscript|//template"):
        parsed = parsed.replace(bad.text_content(), "", 1)
    got = len("".join(parsed.split()))
    if expected - got > 100 and got < 0.9 * expected:
        raise ValueError(f"markup nested too deeply or broken: {expected - got} characters of text could not be read")


def _remove(element) -> None:
    """Remove an element but keep its tail text in the document."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def text_of(element) -> str:
    return clean_inline(element.text_content() or "")


def classes(element) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def meta(root, *names: str) -> str | None:
    """The first non-empty `<meta>` content among `names` (matched on name, property or itemprop)."""
    for name in names:
        for attr in ("property", "name", "itemprop"):
            for node in root.xpath(f"//meta[@{attr}=$n]", n=name):
                if value := clean_inline(node.get("content") or ""):
                    return value
    return None


def page_language(root) -> str:
    lang = (root.get("lang") or meta(root, "og:locale", "language", "content-language") or "vi").lower()
    return "en" if lang.startswith("en") else "vi"


def unlazy(root) -> None:
    """Give lazily loaded images their real `src` (data-src, data-original, srcset …)."""
    for img in root.iter("img"):
        src = (img.get("src") or "").strip()
        if src and not _PLACEHOLDER.search(src):
            continue
        for attr in _LAZY_ATTRIBUTES:
            if value := (img.get(attr) or "").strip():
                img.set("src", value.split(",")[0].split()[0])
                break


def refuse_unsafe_images(root) -> list[SourceWarning]:
    """Remove images that point at anything but the web or a relative path (file:, javascript: …)."""
    notes = []
    for img in list(root.iter("img")):
        src = (img.get("src") or "").strip()
        if re.match(r"^[a-z][a-z0-9+.-]+:", src, re.IGNORECASE) and not re.match(r"^(https?|data):", src, re.I):
            notes.append(SourceWarning("image-refused", f"image {src[:120]} refused: only local files are used",
                                       img.sourceline))
            _remove(img)
    return notes


def drop_furniture(root) -> None:
    """Remove navigation, toolbars, footers, related news, share buttons and view counters."""
    doomed = [el for el in root.iter(*_FURNITURE_TAGS)]
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in ("html", "body"):
            continue
        names = classes(element).replace("_", "-")
        if _FURNITURE.search(names) or _VIEW_COUNTER.match(text_of(element)):
            doomed.append(element)
    for element in doomed:
        if element.getparent() is not None:
            _remove(element)


def is_view_counter(text: str) -> bool:
    return bool(_VIEW_COUNTER.match(text))


def outer_html(element) -> str:
    import lxml.html

    return lxml.html.tostring(element, encoding="unicode")


# ---------------------------------------------------------------- cleaning


def sanitize(html: str) -> str:
    """The allow-listed part of untrusted HTML: structure, emphasis, alignment and image paths only."""
    import nh3

    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=_DROPPED_WITH_CONTENT,
        attributes=_ATTRIBUTES,
        filter_style_properties={"text-align", "font-weight", "font-style"},
        url_schemes={"http", "https"},
        link_rel=None,
    )


# ---------------------------------------------------------------- walking into blocks


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
        self.items.append(Placed(Figure(src=_src(src), alt=clean_inline(element.get("alt") or "")), group))

    def heading(self, element, group: int) -> None:
        level = {"h1": 2, "h2": 2, "h3": 3}.get(element.tag, 4)
        content = inlines([element], bold=False)
        if content:
            self.items.append(Placed(Heading(level, _unbold(content)), group))

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
        self.items.append(Placed(Figure(src=_src(src), alt=alt, caption=caption), id(element)))


def _src(src: str):
    """Local paths stay paths as written; URLs stay strings (a `Path` would fold their double slash)."""
    return as_src(src)


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


def _unbold(content: Inlines) -> Inlines:
    return tuple(Span(s.text, False, s.italic) for s in content)


# ---------------------------------------------------------------- inline content


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


# ---------------------------------------------------------------- editorial rules


@dataclass(frozen=True)
class Converted:
    blocks: tuple[Block, ...]
    byline: h.Byline | None


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


def convert(items: list[Item], find_byline: bool = True) -> Converted:
    """Apply the editorial rules: captions under photos, bold subheadings, the final byline."""
    items = [i for i in items if not (isinstance(i, Para) and is_view_counter(i.text))]
    items = _attach_captions(items)
    byline = _pop_byline(items) if find_byline else None
    blocks = [_finish(item, index, len(items)) for index, item in enumerate(items)]
    return Converted(tuple(blocks), byline)


def _attach_captions(items: list[Item]) -> list[Item]:
    out: list[Item] = []
    for item in items:
        previous = out[-1] if out else None
        if (isinstance(item, Para) and isinstance(previous, Placed) and isinstance(previous.block, Figure)
                and not previous.block.caption and _is_caption_of(item, previous)):
            out[-1] = Placed(_with_caption(previous.block, item.text), previous.group)
            continue
        out.append(item)
    return out


def _is_caption_of(para: Para, figure: Placed) -> bool:
    text = para.text
    if h.words(text) > h.MAX_CAPTION_WORDS:
        return False
    if para.caption_class or h.is_caption(text) or (para.italic_only and not para.bold_only):
        return True
    same_container = para.group == figure.group
    return (same_container or para.center) and not para.bold_only and h.looks_like_caption(text)


def _with_caption(figure: Figure, caption: str) -> Figure:
    return Figure(figure.src, figure.alt, caption)


def _pop_byline(items: list[Item]) -> h.Byline | None:
    if len(items) < 2 or not isinstance(items[-1], Para):
        return None
    last = items[-1]
    byline = h.parse_byline(last.text)
    if byline is None and (last.right or last.bold_only):
        byline = h.marked_byline(last.text)
    if byline is not None:
        items.pop()
    return byline


def _finish(item: Item, index: int, count: int) -> Block:
    if isinstance(item, Placed):
        return item.block
    if item.caption_class and h.words(item.text) <= h.MAX_CAPTION_WORDS:
        return Figure(src=None, caption=item.text)
    if item.bold_only and index < count - 1 and _heading_like(item.text):
        return Heading(2, _unbold(item.content))
    return Paragraph(item.content)


def _heading_like(text: str) -> bool:
    text = text.strip().rstrip(":")
    return 0 < h.words(text) <= h.MAX_HEADING_WORDS and not text.endswith((".", "!", "?", "…", ";", ","))


def item_text(item) -> str | None:
    """The text of a paragraph or heading item (where datelines and view counters hide), else None."""
    if isinstance(item, Para):
        return item.text
    if isinstance(item, Placed) and isinstance(item.block, Heading):
        return item.block.text
    return None


def date_or_warning(text: str, notes: list[SourceWarning]):
    """The date in `text`; an impossible one becomes an `impossible-date` note and None."""
    try:
        return parse_date(text)
    except ImpossibleDate as exc:
        notes.append(SourceWarning("impossible-date", str(exc)))
        return None
