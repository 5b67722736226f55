"""Editorial conventions of Vietnamese news pages, applied to walked items: captions under photos,
bold subheadings, the final byline; and the dateline and view-counter tests the readers share."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...dates import ImpossibleDate, is_date_line, parse_date
from ...model import Block, Figure, Heading, Paragraph, SourceWarning
from .. import heuristics as h
from ..heuristics import is_view_counter
from . import page
from .walk import Item, Para, Placed, unbold


@dataclass(frozen=True)
class Converted:
    blocks: tuple[Block, ...]
    byline: h.Byline | None



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
        return Heading(2, unbold(item.content))
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


#: Meta and microdata names that carry the publication date, most specific first.
_DATE_META = ("article:published_time", "datePublished", "og:published_time", "pubdate", "publishdate", "dc.date",
              "dc.date.issued", "date", "article:modified_time", "dateModified")
_DATE_CLASS = re.compile(r"date|time|ngay|publish|posted|dang|cap-?nhat", re.IGNORECASE)
_DATE_WORDS = re.compile(r"ngày\s+đăng|đăng\s+(ngày|lúc)|cập\s+nhật|thời\s+gian\s+đăng|xuất\s+bản", re.IGNORECASE)


def published_date(root, notes: list[SourceWarning], within: list | None = None):
    """The date a page says it was published, wherever its markup puts it: a dateline in `within` (the
    article's own parts), the page's metadata or `<time datetime>`, else an element whose class or words
    say "date" ("Ngày đăng: …", "Cập nhật: …") — after the metadata, since a site's clock says "date" too.
    None when the page says nothing."""
    for scope in within or []:
        if (value := _date_in(scope)) is not None:
            return date_or_warning(value, notes)
    value = page.meta(root, *_DATE_META)
    if not value:
        node = next(iter(root.xpath("//time[@datetime]")), None)
        value = node.get("datetime") if node is not None else None
    value = value or _date_in(root)
    return date_or_warning(value, notes) if value else None


def _date_in(scope) -> str | None:
    """The first element of `scope` marked as a date (by class or words) whose text is a dateline."""
    for element in scope.iter():
        if not isinstance(element.tag, str) or element.tag in ("html", "body"):
            continue
        text = page.text_of(element)
        if len(text) <= 120 and (_DATE_CLASS.search(page.classes(element)) or _DATE_WORDS.search(text)) \
                and is_date_line(text):
            return text
    return None
