"""What every writer receives: a bulletin (or a volume) with its settings and images, and its printed
layout, made once on demand and shared (the PDF writer writes it, the EPUB's page-list follows it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import RENDER_ERRORS, RenderError, reason_of
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
    """A laid-out document (WeasyPrint's; None once a volume's PDF is written), its page count and where
    each page starts."""

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

    def printed(self, variant: str | None = None) -> Printed:
        if self._printed is None:
            html = volume_html(self.volume, self.settings, self.resolvers)
            source_dirs = sorted({images.source_dir for images in self.resolvers})
            language = volume_language(self.volume, self.settings)
            self._printed = lay_out(self.name, html, self.settings, language, source_dirs,
                                    variant or pdf_variant(self.settings))
        return self._printed

    def release_layout(self) -> None:
        """Free the laid-out pages (about 0.5 MB each) once the PDF is written; the page count and page
        starts stay for the EPUB's page-list."""
        if self._printed is not None:
            self._printed.document = None


def lay_out(name: Path, html: str, settings: RenderSettings, language: str, source_dirs: list[Path],
            variant: str | None) -> Printed:
    try:
        document = typeset(html, settings, language, source_dirs, variant)
    except RENDER_ERRORS as exc:
        raise RenderError(name, f"layout failed: {reason_of(exc)}") from exc
    return Printed(document, len(document.pages), page_starts(document))
