"""The document model: one `Bulletin`, whatever the source format, and the `Volume` that binds several.

Plain frozen dataclasses, in the spirit of Pandoc's AST and panflute's elements. This module imports
nothing else from the package, so readers, writers and tools can all depend on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar


@dataclass(frozen=True)
class Span:
    """A run of inline text with the emphasis it carries."""

    text: str
    bold: bool = False
    italic: bool = False


Inlines = tuple[Span, ...]


def plain(inlines: Inlines) -> str:
    """The text of inline content without its markup."""
    return "".join(span.text for span in inlines)


def spans(text: str) -> Inlines:
    """Inline content for a plain string."""
    return (Span(text),) if text else ()


class _InlineText:
    """What blocks made of inline content share: their plain text."""

    content: Inlines

    @property
    def text(self) -> str:
        return plain(self.content)


@dataclass(frozen=True)
class Paragraph(_InlineText):
    kind: ClassVar[str] = "paragraph"
    content: Inlines


@dataclass(frozen=True)
class Heading(_InlineText):
    """A subheading inside the body; level 2 is the highest (the title is level 1)."""

    kind: ClassVar[str] = "heading"
    level: int
    content: Inlines

    def __post_init__(self) -> None:
        if not 2 <= self.level <= 4:
            raise ValueError(f"heading level must be 2..4, not {self.level}")


@dataclass(frozen=True)
class Figure:
    """An image with its alt text and caption.

    `src` is the address as the source wrote it (a path relative to the source, or a URL), or None when only
    the caption survives; `toolkit.images` decides at render time which file, if any, it may use.
    """

    kind: ClassVar[str] = "figure"
    src: str | None
    alt: str = ""
    caption: str = ""


@dataclass(frozen=True)
class List:
    kind: ClassVar[str] = "list"
    ordered: bool
    items: tuple[Inlines, ...]
    start: int = 1


@dataclass(frozen=True)
class Quote(_InlineText):
    kind: ClassVar[str] = "quote"
    content: Inlines


@dataclass(frozen=True)
class Table:
    """Rows of plain cell texts; the first row is the header row when `header` is true."""

    kind: ClassVar[str] = "table"
    rows: tuple[tuple[str, ...], ...]
    header: bool = True


Block = Paragraph | Heading | Figure | List | Quote | Table


@dataclass(frozen=True)
class SourceWarning:
    """Something a reader noticed that the user should know; `line` is 1-based when known."""

    code: str
    message: str
    line: int | None = None


@dataclass(frozen=True)
class Bulletin:
    """One news bulletin (bản tin)."""

    title: str
    date: dt.date | None = None
    lead: str = ""
    author: str | None = None
    byline: str | None = None
    language: str = "vi"
    source: Path | None = None
    format: str = ""
    category: str | None = None
    url: str | None = None
    blocks: tuple[Block, ...] = ()
    warnings: tuple[SourceWarning, ...] = field(default=(), compare=False)

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(block for block in self.blocks if isinstance(block, Figure))


@dataclass(frozen=True)
class Volume:
    """Bulletins bound together (a month or a year of an archive); `bulletins` are kept in date order,
    undated ones last."""

    title: str
    bulletins: tuple[Bulletin, ...]
    publisher: str | None = None
    period: str = ""
    language: str = "vi"

    def __post_init__(self) -> None:
        if not self.bulletins:
            raise ValueError("a volume needs at least one bulletin")
        object.__setattr__(self, "bulletins", tuple(sorted(self.bulletins, key=_date_order)))

    @property
    def last_date(self) -> dt.date | None:
        dates = [doc.date for doc in self.bulletins if doc.date]
        return max(dates) if dates else None

    def as_bulletin(self) -> Bulletin:
        """The volume as one bulletin's worth of metadata (title, date, summary) for shared writer steps."""
        lead = "; ".join(doc.title for doc in self.bulletins)
        return Bulletin(title=self.title, date=self.last_date, lead=lead[:1000], author=self.publisher,
                        language=self.language, format="volume")


def _date_order(doc: Bulletin) -> tuple:
    return (doc.date or dt.date.max, doc.title, str(doc.source or ""))
