"""A volume as PDF: the bulletin PDF writer's engine, stylesheets and options around the volume HTML."""

from __future__ import annotations

from pathlib import Path

from ..atomic import atomic_path
from ..config import RenderSettings
from ..errors import RenderError
from ..fetcher import SafeFetcher
from ..pagemap import page_starts
from ..paths import FONTS_DIR
from ..resources import ImageResolver
from ..volume import Volume, VolumeResult, check_volume, render_print_html, resolvers_for
from . import pdf, pdf_archival
from .pdf_unicode import glue_orphan_marks

RENDER_ERRORS = (OSError, ValueError, RuntimeError, AssertionError, RecursionError)


def layout_volume(volume: Volume, settings: RenderSettings, resolvers: list[ImageResolver], variant: str | None):
    """WeasyPrint's `Document` of the whole volume, with the shared engine's fonts and stylesheets."""
    from weasyprint import HTML

    eng = pdf.engine()
    language = settings.options.language or volume.language
    css = [eng.stylesheet(text, settings.layout.folder)
           for _, text in pdf.stylesheet_texts(settings, FONTS_DIR.as_uri(), language)]
    source_dirs = sorted({images.source_dir for images in resolvers})
    images_dir = [settings.options.images_dir] if settings.options.images_dir else []
    fetcher = SafeFetcher([*source_dirs, *settings.layout.folders, FONTS_DIR, *images_dir])
    html = HTML(string=glue_orphan_marks(render_print_html(volume, settings, resolvers)),
                base_url=source_dirs[0].as_uri() + "/",
                url_fetcher=fetcher)
    return html.render(stylesheets=css, font_config=eng.font_config, presentational_hints=False,
                       pdf_variant=variant, pdf_tags=True)


def lay_out(volume: Volume, settings: RenderSettings) -> VolumeResult:
    """Page count and page starts of the printed volume, without writing it (for the EPUB page-list)."""
    resolvers = resolvers_for(volume, settings)
    warnings = check_volume(volume, settings, resolvers)
    try:
        document = layout_volume(volume, settings, resolvers, pdf._variant(settings))
    except RENDER_ERRORS as exc:
        raise RenderError(volume.title, f"volume layout failed: {exc}") from exc
    return VolumeResult(len(document.pages), warnings, page_starts(document))


def write(volume: Volume, settings: RenderSettings, out: Path, archival: bool = False) -> VolumeResult:
    """Write the volume to `out` atomically; `archival` gives PDF/A-3a with the sources attached."""
    resolvers = resolvers_for(volume, settings)
    warnings = check_volume(volume, settings, resolvers)
    variant = pdf_archival.VARIANT if archival else pdf._variant(settings)
    options = pdf._pdf_options(volume.as_bulletin(), settings)
    if archival:
        options.update(pdf_archival.write_options(volume))
    try:
        document = layout_volume(volume, settings, resolvers, variant)
        with atomic_path(out) as tmp:
            document.write_pdf(tmp, **options)
            pdf_archival.finish(tmp, archival)
    except RENDER_ERRORS as exc:
        raise RenderError(volume.title, f"volume PDF failed: {exc}") from exc
    return VolumeResult(len(document.pages), warnings, page_starts(document))
