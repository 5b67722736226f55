"""PDF through WeasyPrint: tagged (PDF/UA-1 by default), bundled fonts only, byte-reproducible.

One `Engine` per process keeps the font configuration and the parsed layout stylesheets, so a
worker that renders many bulletins parses them once.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import atomic_path
from ..config import RenderSettings
from ..context import document_time, language_of, stylesheet_context, template_context
from ..errors import RenderError
from ..fetcher import SafeFetcher
from ..model import Bulletin, SourceWarning
from ..pagemap import PageStart, page_starts
from ..paths import FONTS_DIR
from ..printing import finish_pdf, print_stylesheets
from ..resources import ImageResolver
from .pdf_artifacts import mark_pagination_artifacts
from .pdf_unicode import glue_orphan_marks, repair_to_unicode

LOGGER = logging.getLogger("weasyprint")


@dataclass
class PdfResult:
    pages: int
    page_starts: list[PageStart] = field(default_factory=list)
    warnings: list[SourceWarning] = field(default_factory=list)


class Engine:
    """Shared WeasyPrint state: one FontConfiguration and one parsed CSS per stylesheet text."""

    def __init__(self) -> None:
        from weasyprint.text.fonts import FontConfiguration

        from ..engine_check import share_array_types, warn_if_slow_subsetter

        warn_if_slow_subsetter()
        share_array_types()
        self.font_config = FontConfiguration()
        self._css: dict[tuple[str, str], object] = {}

    def stylesheet(self, text: str, base: Path) -> object:
        from weasyprint import CSS

        key = (text, str(base))
        if key not in self._css:
            fetcher = SafeFetcher([base, FONTS_DIR])
            self._css[key] = CSS(string=text, base_url=base.as_uri() + "/", url_fetcher=fetcher,
                                 font_config=self.font_config)
        return self._css[key]


_ENGINE: Engine | None = None


def engine() -> Engine:
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = Engine()
    return _ENGINE


def stylesheet_texts(settings: RenderSettings, fonts_base: str, language: str) -> list[tuple[str, str]]:
    """(file name, rendered CSS) of the layout's print stylesheets."""
    context = stylesheet_context(settings, fonts_base, language)
    names = [*settings.layout.stylesheets.get("pdf", ()), *print_stylesheets(settings)]
    return [(name.removesuffix(".j2"), settings.layout.render(name, context)) for name in names]


def render_html(doc: Bulletin, settings: RenderSettings, images: ImageResolver,
                image_url=None, stylesheet_links: list[str] | None = None) -> str:
    """The HTML the print layout makes of `doc` (what WeasyPrint renders)."""
    def file_url(figure):
        path = images.path(figure)
        return path.as_uri() if path else None

    context = template_context(doc, settings, image_url or file_url, stylesheet_links or [])
    return glue_orphan_marks(settings.layout.render(settings.layout.template_for("pdf"), context))


def layout_document(doc: Bulletin, settings: RenderSettings, images: ImageResolver):
    """Lay out `doc` with WeasyPrint: returns its `Document` (pages) without writing anything."""
    from weasyprint import HTML

    html_text = render_html(doc, settings, images)
    eng = engine()
    css = [eng.stylesheet(text, settings.layout.folder)
           for _, text in stylesheet_texts(settings, FONTS_DIR.as_uri(), language_of(doc, settings))]
    source_dir = images.source_dir
    fetcher = SafeFetcher([source_dir, *settings.layout.folders, FONTS_DIR,
                           *([settings.options.images_dir] if settings.options.images_dir else [])])
    html = HTML(string=html_text, base_url=source_dir.as_uri() + "/", url_fetcher=fetcher)
    return html.render(stylesheets=css, font_config=eng.font_config, presentational_hints=False,
                       pdf_variant=_variant(settings), pdf_tags=True)


def _variant(settings: RenderSettings) -> str | None:
    variant = settings.options.pdf_variant
    return None if variant == "none" else variant


def write(doc: Bulletin, settings: RenderSettings, out: Path, images: ImageResolver | None = None) -> PdfResult:
    """Write `doc` as PDF to `out` (atomically)."""
    images = images or ImageResolver(doc, settings.options.images_dir)
    try:
        document = layout_document(doc, settings, images)
        with atomic_path(out) as tmp:
            document.write_pdf(tmp, **_pdf_options(doc, settings))
            repair_to_unicode(tmp)
            mark_pagination_artifacts(tmp)
            finish_pdf(tmp, settings, f"{doc.title}|{document_time(doc).isoformat()}|{settings.profile.name}")
    except (OSError, ValueError, RuntimeError, AssertionError, RecursionError) as exc:
        raise RenderError(doc.source or out, f"PDF rendering failed: {exc}") from exc
    return PdfResult(len(document.pages), page_starts(document), list(images.warnings))


def lay_out(doc: Bulletin, settings: RenderSettings, images: ImageResolver) -> PdfResult:
    """Page count and page starts of `doc` as it would print, without writing a PDF."""
    try:
        document = layout_document(doc, settings, images)
    except (OSError, ValueError, RuntimeError, AssertionError, RecursionError) as exc:
        raise RenderError(doc.source or "?", f"layout failed: {exc}") from exc
    return PdfResult(len(document.pages), page_starts(document), [])


def _pdf_options(doc: Bulletin, settings: RenderSettings) -> dict:
    stamp = document_time(doc)
    identifier = f"{doc.title}|{stamp.isoformat()}|{settings.profile.name}".encode()
    return {
        "pdf_variant": _variant(settings),
        "pdf_identifier": hashlib.md5(identifier).hexdigest().encode(),
        "pdf_tags": True,
        "uncompressed_pdf": False,
    }
