"""What every writer receives: a bulletin (or a volume) with its settings and images, and its printed
layout, made once on demand and shared (the PDF writer writes it, the EPUB's page-list follows it)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import RENDER_ERRORS, LayoutError, RenderError, reason_of
from ..images import ImageResolver
from ..model import Bulletin, Volume
from ..render.context import language_of, volume_language
from ..render.pagemap import PageStart, page_starts
from ..render.settings import RenderSettings
from ..render.typeset import pdf_variant, typeset
from .print_html import bulletin_html, volume_html


@dataclass(frozen=True)
class Written:
    """One file a writer wrote; `pages` for paged outputs."""

    path: Path
    format: str
    pages: int | None = None


@dataclass
class Printed:
    """A laid-out document (WeasyPrint's; None once a volume's PDF is written, and for a volume laid out in
    parts), its page count and where each page starts."""

    document: Any
    pages: int
    page_starts: list[PageStart]


@dataclass
class Draft:
    """One bulletin on its way to its outputs."""

    doc: Bulletin
    settings: RenderSettings
    images: ImageResolver
    _printed: Printed | None = field(default=None, repr=False)

    @classmethod
    def of(cls, doc: Bulletin, settings: RenderSettings) -> Draft:
        return cls(doc, settings, ImageResolver(doc, settings.options.images_dir))

    @property
    def name(self) -> Path:
        return Path(self.doc.source or self.doc.title[:60])

    def printed(self, variant: str | None = None) -> Printed:
        """The print layout, laid out on first use (with the options' PDF variant unless one is given)."""
        if self._printed is None:
            html = bulletin_html(self.doc, self.settings, self.images)
            language = language_of(self.doc, self.settings)
            self._printed = lay_out(self.name, html, self.settings, language, [self.images.source_dir],
                                    variant or pdf_variant(self.settings))
        return self._printed


#: A volume of more bulletins than this is laid out in parts of this many (about 370 A4 pages and 200 MB of
#: layout each; see `VolumeDraft.parts`), so its memory is that of one part, not of the whole book.
PART_BULLETINS = 100


@dataclass
class LaidOutPart:
    """One part of a volume laid out in parts: 0 is the front matter (cover and contents), 1 and on hold
    the bulletins in order."""

    index: int
    document: Any


@dataclass
class VolumeDraft:
    """A volume on its way to its outputs: one image resolver per bulletin, in the volume's order."""

    volume: Volume
    settings: RenderSettings
    resolvers: list[ImageResolver]
    archival: bool = False
    _printed: Printed | None = field(default=None, repr=False)

    @classmethod
    def of(cls, volume: Volume, settings: RenderSettings, archival: bool = False) -> VolumeDraft:
        resolvers = [ImageResolver(doc, settings.options.images_dir) for doc in volume.bulletins]
        return cls(volume, settings, resolvers, archival)

    @property
    def name(self) -> Path:
        return Path(self.volume.title)

    @property
    def in_parts(self) -> bool:
        """Whether the volume is laid out in parts. Not when printed on both sides: a bulletin's right-hand
        first page depends on every page before it."""
        return len(self.volume.bulletins) > PART_BULLETINS and not self.settings.options.duplex

    def printed(self, variant: str | None = None) -> Printed:
        """The whole volume laid out; for a volume laid out in parts, only its page count and page starts
        (`document` is None)."""
        if self._printed is None and self.in_parts:
            for _part in self.parts(variant):
                pass
        elif self._printed is None:
            html = volume_html(self.volume, self.settings, self.resolvers)
            self._printed = self._lay_out(html, variant)
        return self._printed

    def parts(self, variant: str | None = None) -> Iterator[LaidOutPart]:
        """Lay the volume out part by part, each let go once the caller is done with it: the bulletins in
        parts of `PART_BULLETINS`, each numbering its pages on from the last, then the front matter, whose
        contents now know every bulletin's page. `printed()` keeps the page count and starts of the whole."""
        count = len(self.volume.bulletins)
        entry_pages: dict[int, int] = {}
        body_starts: list[PageStart] = []
        body_pages = 0
        for index, first in enumerate(range(1, count + 1, PART_BULLETINS), start=1):
            numbers = range(first, min(first + PART_BULLETINS, count + 1))
            html = volume_html(self.volume, self.settings, self.resolvers, numbers=numbers)
            printed = self._lay_out(html, variant, f"@page :first {{ counter-reset: page {body_pages + 1}; }}",
                                    first_page=body_pages + 1)
            if _draws_front_matter(printed.document):
                layout = self.settings.layout
                raise LayoutError(f"layout '{layout.name}' ({layout.folder}): its volume template draws the cover or "
                                  "the contents again in each part of a long volume; it must leave them out when "
                                  '`part` is "body" (see layouts/volume/volume.html.j2)')
            entry_pages.update(_title_pages(printed.document, numbers, body_pages + 1))
            body_starts += printed.page_starts
            body_pages += printed.pages
            part = LaidOutPart(index, printed.document)
            del printed
            yield part
            part.document = None  # let go before the next part is laid out, whoever still holds the part
        front = self._lay_out(volume_html(self.volume, self.settings, self.resolvers, entry_pages=entry_pages),
                              variant)
        starts = front.page_starts + [replace(start, number=start.number + front.pages) for start in body_starts]
        self._printed = Printed(None, front.pages + body_pages, starts)
        yield LaidOutPart(0, front.document)

    def _lay_out(self, html: str, variant: str | None, extra_css: str = "", first_page: int | None = None) -> Printed:
        source_dirs = sorted({images.source_dir for images in self.resolvers})
        language = volume_language(self.volume, self.settings)
        return lay_out(self.name, html, self.settings, language, source_dirs, variant or pdf_variant(self.settings),
                       extra_css, first_page)

    def release_layout(self) -> None:
        """Free the laid-out pages (about 0.5 MB each) once the PDF is written; the page count and page
        starts stay for the EPUB's page-list."""
        if self._printed is not None:
            self._printed.document = None


def lay_out(name: Path, html: str, settings: RenderSettings, language: str, source_dirs: list[Path],
            variant: str | None, extra_css: str = "", first_page: int | None = None) -> Printed:
    """`html` laid out; `first_page` numbers the pages of a part of a volume (every page gets a start)."""
    try:
        document = typeset(html, settings, language, source_dirs, variant, extra_css)
    except RENDER_ERRORS as exc:
        raise RenderError(name, f"layout failed: {reason_of(exc)}") from exc
    starts = page_starts(document) if first_page is None else page_starts(document, first_page, whole=False)
    return Printed(document, len(document.pages), starts)


def _title_pages(document: Any, numbers: range, first: int) -> dict[int, int]:
    """The page (numbered from `first`) of each bulletin's title: what the contents print beside it."""
    wanted = {f"a{number}-title": number for number in numbers}
    return {wanted[name]: first + index for index, page in enumerate(document.pages)
            for name in page.anchors if name in wanted}


def _draws_front_matter(document: Any) -> bool:
    """Whether a body part has the cover or the contents: a volume template written before parts."""
    return any(name in ("cover", "toc-title") for page in document.pages for name in page.anchors)
