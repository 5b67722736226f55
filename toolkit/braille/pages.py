"""The bulletin on braille pages, as a transcriber lays it out.

- A page is `cells` × `lines` (40 × 25 by default). Its first line carries the braille page number at
  the right; the title page carries none.
- The title page: title, issuing body, date, and the edition line "Chữ nổi" (braille edition), centred.
- Headings are centred after a blank line; paragraphs start two cells in, with no blank line between
  them; the lead is a paragraph; a caption starts with "Ảnh:" and the byline with "Tác giả:" (their
  marks), list items with a dash.
- Words are never split across lines unless one is longer than a line.
- Where a printed page of the chosen print profile begins (the page map the EPUB page-list uses), a
  line of dots 3-6 ends with that print page's number: a blind reader and a sighted one can say
  "trang 3" and mean the same text. The indicator goes before the block in which the page begins.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ..model import Bulletin, Figure, Heading, List, Paragraph, Quote, Table, plain
from .tables import BLANK, translate

RULE_CELL = "\u2824"  # dots 3-6, the print page indicator's line


class PageStart(Protocol):
    """Where a printed page begins (`toolkit.render.pagemap.PageStart`): its number and block."""

    number: int
    block_id: str


@dataclass(frozen=True)
class BraillePage:
    """Cells per line and lines per page."""

    cells: int = 40
    lines: int = 25

    @classmethod
    def parse(cls, text: str) -> BraillePage:
        """ "40x25" -> BraillePage(40, 25); raises ValueError for anything else."""
        cells, _, lines = text.lower().partition("x")
        page = cls(int(cells), int(lines))
        if not (12 <= page.cells <= 100 and 5 <= page.lines <= 100):
            raise ValueError(f"{text}: cells 12–100 and lines 5–100")
        return page


@dataclass(frozen=True)
class Labels:
    """The words the braille edition adds, in the bulletin's language."""

    edition: str = "Chữ nổi"
    photo: str = "Ảnh"
    author: str = "Tác giả"


@dataclass
class Transcription:
    """The braille pages (lists of lines of Unicode braille) and the text that was translated, in order."""

    pages: list[list[str]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


def _wrap(braille: str, width: int, indent: int = 0) -> list[str]:
    lines: list[str] = []
    current = BLANK * indent
    for word in (w for w in braille.split(BLANK) if w):
        while len(word) > width:  # longer than a line: the only case a word is split
            if current.strip(BLANK):
                lines.append(current)
            lines.append(word[:width])
            word, current = word[width:], ""
        joined = f"{current}{BLANK}{word}" if current.strip(BLANK) else current + word
        if len(joined) <= width:
            current = joined
        else:
            lines.append(current)
            current = word
    if current.strip(BLANK):
        lines.append(current)
    return lines


def _centred(line: str, width: int) -> str:
    return BLANK * ((width - len(line)) // 2) + line


class _Typist:
    """Fills pages line by line; line 1 of each body page holds its braille page number at the right.
    `label` names a print page as printed (a volume's front matter is i, ii)."""

    def __init__(self, page: BraillePage, grade: int, label: Callable[[int], str] = str, numbered: bool = True
                 ) -> None:
        self.page, self.grade, self.label, self.numbered = page, grade, label, numbered
        self.pages: list[list[str]] = []
        self.texts: list[str] = []

    def translate(self, text: str) -> str:
        self.texts.append(text)
        return translate(text, self.grade)

    def _new_page(self) -> None:
        number = translate(str(len(self.pages)), self.grade) if self.pages and self.numbered else ""
        self.pages.append([BLANK * (self.page.cells - len(number)) + number] if number else [])

    def line(self, text: str = "") -> None:
        if not self.pages or len(self.pages[-1]) >= self.page.lines:
            self._new_page()
            if not text.strip(BLANK):
                return  # never start a page with a blank line
        self.pages[-1].append(text)

    def block(self, lines: list[str], blank_before: bool = False) -> None:
        if blank_before and self.pages and self.pages[-1] and self.pages[-1][-1].strip(BLANK):
            self.line()
        for text in lines:
            self.line(text)

    def print_page(self, number: int) -> None:
        label = translate(self.label(number), self.grade)
        self.line(RULE_CELL * (self.page.cells - len(label) - 1) + BLANK + label)


def _title_page(typist: _Typist, doc: Bulletin, issuer: str, date_text: str, labels: Labels) -> None:
    width = typist.page.cells
    typist.pages.append([])
    for text, gap in ((doc.title, 2), (issuer, 1), (date_text, 1), (labels.edition, 0)):
        if text:
            for line in _wrap(typist.translate(text), width):
                typist.pages[-1].append(_centred(line, width))
            typist.pages[-1].extend([""] * gap)
    del typist.pages[-1][typist.page.lines:]


def _block_texts(block, labels: Labels) -> list[tuple[str, str]]:
    """(style, text) pieces of one block: style is "heading", "paragraph" or "item"."""
    if isinstance(block, Heading):
        return [("heading", block.text)]
    if isinstance(block, Paragraph | Quote):
        return [("paragraph", block.text)]
    if isinstance(block, Figure):
        return [("paragraph", f"{labels.photo}: {block.caption}")] if block.caption else []
    if isinstance(block, List):
        return [("item", f"– {plain(item)}") for item in block.items]
    if isinstance(block, Table):
        return [("item", "; ".join(cell for cell in row if cell)) for row in block.rows]
    return []


def _set(typist: _Typist, style: str, text: str) -> None:
    width = typist.page.cells
    braille = typist.translate(text)
    if style == "heading":
        typist.block([_centred(line, width) for line in _wrap(braille, width)], blank_before=True)
    elif style == "item":
        typist.block(_wrap(braille, width))
    else:
        typist.block(_wrap(braille, width, indent=2))


def transcribe(doc: Bulletin, starts: Sequence[PageStart], grade: int = 1, page: BraillePage | None = None,
               issuer: str = "", date_text: str = "", labels: Labels | None = None) -> Transcription:
    """The braille edition of `doc`; `starts` are where the print edition's pages begin."""
    page, labels = page or BraillePage(), labels or Labels()
    typist = _Typist(page, grade)
    _title_page(typist, doc, issuer, date_text, labels)
    typist.texts.clear()  # the title page is not part of the running text
    typist._new_page()
    typist.print_page(1)
    _set_body(typist, doc, starts, labels)
    return Transcription(typist.pages, typist.texts)


def _set_body(typist: _Typist, doc: Bulletin, starts: Sequence[PageStart], labels: Labels,
              first_page: int = 1) -> None:
    pieces = _pieces(doc, labels)
    order = [block_id for block_id, _, _ in pieces]
    waiting = sorted((start for start in starts if start.number > first_page), key=lambda s: s.number)
    for position, (_, style, text) in enumerate(pieces):
        # a page that begins in this block, or in one before it that has no text (a picture)
        while waiting and _position(waiting[0].block_id, order, doc) <= position:
            typist.print_page(waiting.pop(0).number)
        _set(typist, style, text)
    for start in waiting:
        typist.print_page(start.number)


def _block_id(index: int, block) -> str:
    return f"fig-{index}" if isinstance(block, Figure) else f"b{index}"


def _pieces(doc: Bulletin, labels: Labels) -> list[tuple[str, str, str]]:
    """(block id, style, text) in reading order, as the print edition's blocks are named."""
    pieces = [("title", "heading", doc.title)] + ([("lead", "paragraph", doc.lead)] if doc.lead else [])
    for index, block in enumerate(doc.blocks, start=1):
        pieces += [(_block_id(index, block), style, text) for style, text in _block_texts(block, labels)]
    if doc.byline:
        pieces.append(("signature", "paragraph", f"{labels.author}: {doc.byline}"))
    return pieces


def _position(block_id: str, order: list[str], doc: Bulletin) -> int:
    """Where a print page's block falls among the pieces (a block without text: the piece after it)."""
    if block_id in order:
        return order.index(block_id)
    sequence = ["title", "lead", *(_block_id(i, b) for i, b in enumerate(doc.blocks, start=1)), "signature"]
    if block_id not in sequence:
        return len(order)
    after = sequence[sequence.index(block_id):]
    return next((order.index(b) for b in after if b in order), len(order))


@dataclass(frozen=True)
class VolumePart:
    """One braille volume of a bound volume: its pages (title page, contents, bulletins)."""

    pages: list[list[str]]


def transcribe_volume(title: str, bulletins: Sequence[Bulletin], starts: Sequence[Sequence[PageStart]],
                      first_pages: Sequence[int], grade: int = 1, page: BraillePage | None = None,
                      issuer: str = "", period: str = "", labels: Labels | None = None,
                      label: Callable[[int], str] = str, max_pages: int = 100) -> tuple[list[VolumePart], list[str]]:
    """A bound volume in braille volumes of at most `max_pages` pages, each with a title page and contents.

    `starts[n]` are where the print pages of bulletin n begin and `first_pages[n]` the print page it opens
    on; `label` names print pages as printed. Returns the parts and the text translated, in order."""
    page, labels = page or BraillePage(), labels or Labels()
    body = _Typist(page, grade, label)
    body.pages.append([])  # page 0 stands for the title page, so the first body page is numbered 1
    opens = []
    for doc, doc_starts, first in zip(bulletins, starts, first_pages, strict=True):
        body._new_page()  # every bulletin opens a new braille page
        opens.append(len(body.pages))
        body.print_page(first)
        _set_body(body, doc, doc_starts, labels, first_page=first)
    pages = body.pages[1:]
    room = max(1, max_pages - 2)  # a title page and a contents page in each part
    count = (len(pages) + room - 1) // room
    parts = []
    for start in range(0, len(pages), room):
        numbers = range(start + 1, min(start + room, len(pages)) + 1)
        front = _Typist(page, grade, numbered=False)
        _title_page(front, Bulletin(title=title), issuer, period,
                    Labels(f"{labels.edition} — {len(parts) + 1}/{count}", labels.photo, labels.author))
        front._new_page()
        for doc, number in zip(bulletins, opens, strict=True):
            if number in numbers:
                where = translate(str(number), grade)
                front.block([*_wrap(translate(doc.title, grade), page.cells),
                             BLANK * (page.cells - len(where)) + where])
        parts.append(VolumePart([*front.pages, *pages[start:start + room]]))
    return parts, body.texts
