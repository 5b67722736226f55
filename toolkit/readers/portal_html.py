"""A bulletin page saved from the PublishingPortal (SharePoint) with the browser's "Save page".

The article lives in two web parts, found by their titles rather than by class names (which
change from one portal theme to the next):

    PublishingPortal - Block_BanTin_Toolbar    date (maybe "Ngày đăng: …" and a view counter),
                                               the zoom/print toolbar, the title (h1 or h2), the lead
    PublishingPortal - Block_BanTin_ViewData   the body: figures, paragraphs, lists, tables, byline

Everything else (menus, related news, footer, scripts) is outside both parts and never read.
A page from the portal without these web parts is read as an ordinary news page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..dates import is_date_line
from ..errors import SourceError
from ..i18n import _
from ..images import address_warnings
from ..model import Bulletin, SourceWarning
from . import chrome
from . import heuristics as h
from .html import article, clean, page, rules, walk
from .source import head_text

FORMAT = "portal-html"
_MARKER = re.compile(r"PublishingPortal\s*-\s*Block_BanTin_(Toolbar|ViewData)", re.IGNORECASE)
_TOOLBAR_WORDS = ("tăng cỡ chữ", "giảm cỡ chữ", "in bài viết", "gửi email", "chia sẻ", "cỡ chữ", "bản in",
                  "quay lại", "in trang", "lưu bài")


def sniff(head: bytes, suffix: str) -> bool:
    text = head_text(head)
    return "<" in text and ("Block_BanTin" in text or ("PublishingPortal" in text and "<html" in text.lower()))


def read(path: Path) -> Bulletin:
    root, decoded = page.read_page(path)
    toolbar, view = _marker(root, "toolbar"), _marker(root, "viewdata")
    if view is None:
        doc = article.parse_news_page(root, path, decoded.text, decoded.warnings)
        doubt = SourceWarning(
            "fallback-reader", _("a portal page without the bulletin web parts (Block_BanTin_…): read as an ordinary "
               "news page; check the title, date and body"))
        return replace(doc, warnings=(*doc.warnings, doubt))
    notes = list(decoded.warnings) + page.refuse_unsafe_images(root)
    page.unlazy(root)
    return _parse(root, toolbar, view, path, decoded.text, notes)


def _marker(root, kind: str):
    """The outermost element titled or labelled with the web part marker of `kind`."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        label = f"{element.get('title', '')} {element.text or ''}"
        if (match := _MARKER.search(label)) and match.group(1).lower() == kind:
            return element
    return None


@dataclass(frozen=True)
class Header:
    date: object
    title: str
    lead: str


def _parse(root, toolbar, view, path: Path, text: str, notes: list[SourceWarning]) -> Bulletin:
    header_zone = _zone(toolbar, view) if toolbar is not None else []
    body_zone = _zone(view, toolbar)
    _remove_titles(header_zone + body_zone)
    header = _read_header(header_zone, notes)
    items = _body_items(body_zone)
    items, header = _complete_header(items, header, root, header_zone + body_zone, notes)
    converted = rules.convert(items)
    if not header.title:
        raise SourceError(path, _("no title: neither the toolbar web part nor the body has one"))
    notes += address_warnings([b for b in converted.blocks if b.kind == "figure"], path.parent, text)
    return Bulletin(
        title=header.title, date=header.date, lead=header.lead,
        author=converted.byline.author if converted.byline else None,
        byline=converted.byline.text if converted.byline else None,
        language=page.page_language(root), source=path, format=FORMAT,
        url=page.meta(root, "og:url"), blocks=converted.blocks, warnings=tuple(notes),
    )


def _zone(marker, other) -> list:
    """The elements of the web part that `marker` titles.

    Climb from the marker to the first ancestor with content of its own (the web part); when the
    two markers share one container instead, the part is what follows the marker up to the other.
    """
    node = marker
    while (parent := node.getparent()) is not None and parent.tag not in ("body", "html"):
        if other is not None and _contains(parent, other):
            break
        node = parent
        if _has_content(node, marker):
            return [node]
    zone = []
    for sibling in node.itersiblings():
        if other is not None and _contains(sibling, other):
            break
        zone.append(sibling)
    return zone


def _contains(element, other) -> bool:
    return element is other or any(e is other for e in element.iterdescendants())


def _has_content(node, marker) -> bool:
    rest = _MARKER.sub("", page.text_of(node))
    return len(re.sub(r"\W", "", rest)) >= 12 or next(node.iter("img"), None) is not None


def _remove_titles(zone: list) -> None:
    """Remove the web parts' title bars: elements holding nothing but a marker."""
    for element in zone:
        doomed = [e for e in element.iter() if isinstance(e.tag, str) and e is not element and _only_marker(e)]
        for node in doomed:
            parent = node.getparent()
            if parent is not None and (parent is element or not _only_marker(parent)):
                parent.remove(node)


def _only_marker(element) -> bool:
    text = page.text_of(element)
    label = text or element.get("title", "")
    return bool(_MARKER.search(label)) and not _MARKER.sub("", label).strip(" -")


def _read_header(zone: list, notes: list[SourceWarning]) -> Header:
    """Date, title (the first heading, else the first line) and lead (what follows the title)."""
    date, texts = None, []
    for item in _items(zone, furniture=False):
        text = rules.item_text(item)
        if not text or _is_toolbar(text) or h.is_view_counter(text):
            continue
        if is_date_line(bare := chrome.without_buttons(text)):  # a date among the toolbar's buttons and counters
            date = date or rules.date_or_warning(bare, notes)
        else:
            texts.append((text, isinstance(item, walk.Placed)))
    if not texts:
        return Header(date, "", "")
    first = next((i for i, (_, heading) in enumerate(texts) if heading), 0)
    return Header(date, texts[first][0], " ".join(t for t, _ in texts[first + 1 :]))


def _items(zone: list, furniture: bool) -> list:
    items = []
    for element in zone:
        if furniture:
            page.drop_furniture(element)
        items += walk.walk_html(clean.sanitize(page.outer_html(element)))
    return items


def _body_items(zone: list) -> list:
    return _items(zone, furniture=True)


def _is_toolbar(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in _TOOLBAR_WORDS) and len(text) < 120



def _complete_header(items: list, header: Header, root, zones: list, notes: list[SourceWarning]
                     ) -> tuple[list, Header]:
    """Fill what the toolbar lacked from the top of the body or the page metadata; drop repeats."""
    date, title, lead = header.date, header.title, header.lead
    kept = []
    for index, item in enumerate(items):
        text = rules.item_text(item)
        if text is not None and index < 4 and is_date_line(text):
            date = date or rules.date_or_warning(text, notes)
            continue
        if text is not None and not title and index < 3:
            title = text
            continue
        if text is not None and text in (title, lead):
            continue
        kept.append(item)
    if date is None:
        date = rules.published_date(root, notes, within=zones)
    title = title or _page_title(root)
    return kept, Header(date, title, lead)



def _page_title(root) -> str:
    """og:title, else the page's <title> without its " - Site name" tail."""
    title = page.meta(root, "og:title")
    if not title and (node := root.find(".//title")) is not None:
        title = page.text_of(node)
    return re.split(r"\s+[-|–]\s+(?=[^-|–]*$)", title)[0].strip() if title else ""
