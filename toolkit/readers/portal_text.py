"""The text dump of a PublishingPortal bulletin page, as scrapers save it.

    PublishingPortal - Block_BanTin_Toolbar
    Thứ Năm, 06/06/2024              <- dateline (weekday, time, prefix optional)
    Tăng cỡ chữ Giảm cỡ chữ          <- the toolbar, dropped
    Title
    Lead …
     PublishingPortal - Block_BanTin_ViewData
    Caption of the top photo         <- short line, no final punctuation
    Body paragraphs, subheadings, numbered items …
    Byline                           <- a name, "Tin, ảnh: …", "Theo …"
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..dates import ImpossibleDate, is_date_line, parse_date
from ..errors import SourceError
from ..i18n import _
from ..model import Block, Bulletin, Figure, Heading, List, Paragraph, SourceWarning, spans
from ..text import clean_inline, split_lines
from . import heuristics as h
from .source import head_text, read_text

FORMAT = "portal-text"
MARKER = "PublishingPortal - Block_BanTin"
_MARKER_LINE = re.compile(r"^\s*PublishingPortal\s*-\s*\S+\s*$")
_TOOLBAR_WORDS = ("tăng cỡ chữ", "giảm cỡ chữ", "in bài viết", "gửi email", "chia sẻ")


@dataclass(frozen=True)
class Line:
    number: int
    text: str


def sniff(head: bytes, suffix: str) -> bool:
    """The web part markers, or a dump without them: a dateline among the first lines of plain text."""
    text = head_text(head)
    if "<" in text[:200].lstrip()[:1]:
        return False
    if MARKER in text:
        return True
    first = [line for line in split_lines(text[:2000]) if line.strip()][:3]
    return suffix not in (".md", ".markdown") and any(is_date_line(line) for line in first)


def read(path: Path) -> Bulletin:
    decoded = read_text(path)
    return parse(decoded.text, path, decoded.warnings)


def parse(text: str, path: Path, warnings: tuple[SourceWarning, ...] = ()) -> Bulletin:
    lines = [Line(n, clean_inline(t)) for n, t in enumerate(split_lines(text), start=1)]
    header, body = _split_sections(lines)
    notes: list[SourceWarning] = list(warnings)
    date, title, lead = _read_header(header, path, notes)
    blocks, byline = _read_body(body)
    return Bulletin(
        title=title,
        date=date,
        lead=lead,
        author=byline.author if byline else None,
        byline=byline.text if byline else None,
        source=path,
        format=FORMAT,
        blocks=tuple(blocks),
        warnings=tuple(notes),
    )


def _split_sections(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Lines of the toolbar part (date, title, lead) and of the view-data part (the body)."""
    toolbar = _find(lines, "Toolbar")
    view = _find(lines, "ViewData")
    start = toolbar + 1 if toolbar is not None else 0
    if view is None:
        view = _end_of_lead(lines, start)
        return lines[start:view], [ln for ln in lines[view:] if not _MARKER_LINE.match(ln.text)]
    body = [ln for ln in lines[view + 1 :] if not _MARKER_LINE.match(ln.text)]
    return [ln for ln in lines[start:view] if not _MARKER_LINE.match(ln.text)], body


def _find(lines: list[Line], block: str) -> int | None:
    for index, line in enumerate(lines):
        if MARKER in line.text and line.text.rstrip().endswith(block):
            return index
    return None


def _end_of_lead(lines: list[Line], start: int) -> int:
    """Without a ViewData marker, the header ends at the first blank line after some text."""
    seen_text = False
    for index in range(start, len(lines)):
        if lines[index].text and not _is_furniture(lines[index].text):
            seen_text = True
        elif seen_text and not lines[index].text:
            return index
    return len(lines)


def _is_furniture(text: str) -> bool:
    lowered = text.lower()
    return is_date_line(text) or any(word in lowered for word in _TOOLBAR_WORDS)


def _read_header(header: list[Line], path: Path, notes: list[SourceWarning]):
    date = None
    rest: list[Line] = []
    for line in header:
        if not line.text or any(word in line.text.lower() for word in _TOOLBAR_WORDS):
            continue
        if date is None and not rest and is_date_line(line.text):
            try:
                date = parse_date(line.text)
            except ImpossibleDate as exc:
                notes.append(SourceWarning("impossible-date", str(exc), line.number))
            continue
        rest.append(line)
    if not rest:
        raise SourceError(path, _("no title: the bulletin has no text before the body marker"))
    lead = " ".join(line.text for line in rest[1:])
    return date, rest[0].text, lead


def _read_body(body: list[Line]) -> tuple[list[Block], h.Byline | None]:
    texts = [line.text for line in body if line.text]
    byline = h.parse_byline(texts[-1]) if len(texts) > 1 else None
    if byline:
        texts.pop()
    blocks: list[Block] = []
    pending: list[h.ListItem] = []
    for index, text in enumerate(texts):
        item = h.list_item(text)
        if item and (not pending or pending[-1].ordered == item.ordered):
            pending.append(item)
            continue
        _flush_list(pending, blocks)
        blocks.append(_classify(text, index, texts))
    _flush_list(pending, blocks)
    return blocks, byline


def _flush_list(pending: list[h.ListItem], blocks: list[Block]) -> None:
    if pending:
        start = pending[0].number or 1
        blocks.append(List(pending[0].ordered, tuple(spans(i.text) for i in pending), start))
        pending.clear()


def _classify(text: str, index: int, texts: list[str]) -> Block:
    if h.is_caption(text) or (index == 0 and len(texts) > 1 and h.looks_like_caption(text)):
        return Figure(src=None, alt="", caption=text)
    if 0 < index < len(texts) - 1 and h.looks_like_heading(text):
        return Heading(2, spans(text))
    return Paragraph(spans(text))
