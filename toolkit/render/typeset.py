"""Laying HTML out into pages with WeasyPrint, the one place the engine is called.

One `Engine` per process keeps the font configuration and the parsed layout stylesheets, so a
worker that renders many bulletins parses them once (WeasyPrint's own advice). Resources come
only through `SafeFetcher`: `data:` URIs and files inside the allowed folders.

Heavy libraries (WeasyPrint) are imported inside the functions that use them, so `bantin --help` and a
no-op archive rerun never load them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..defaults import NO_PDF_VARIANT
from ..paths import FONTS_DIR
from .engine import cache_page_references, share_array_types, warn_if_slow_subsetter
from .fetcher import SafeFetcher
from .settings import RenderSettings
from .stylesheets import print_stylesheet_texts


class Engine:
    """Shared WeasyPrint state: one FontConfiguration and one parsed CSS per stylesheet text."""

    def __init__(self) -> None:
        from weasyprint.text.fonts import FontConfiguration

        warn_if_slow_subsetter()
        share_array_types()
        cache_page_references()
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


def pdf_variant(settings: RenderSettings) -> str | None:
    """The WeasyPrint variant the options ask for (None for a plain tagged PDF)."""
    variant = settings.options.pdf_variant
    return None if variant == NO_PDF_VARIANT else variant


def typeset(html: str, settings: RenderSettings, language: str, source_dirs: Iterable[Path],
            variant: str | None, extra_css: str = ""):
    """WeasyPrint's `Document` of `html`: the layout's print stylesheets (then `extra_css`), images from
    `source_dirs` (the first is the base URL), the layout folders, the fonts and the `--images` folder,
    nothing else."""
    from weasyprint import HTML

    eng = engine()
    texts = [text for _, text in print_stylesheet_texts(settings, FONTS_DIR.as_uri(), language)]
    css = [eng.stylesheet(text, settings.layout.folder) for text in [*texts, extra_css] if text]
    source_dirs = list(source_dirs)
    images_dir = [settings.options.images_dir] if settings.options.images_dir else []
    fetcher = SafeFetcher([*source_dirs, *settings.layout.folders, FONTS_DIR, *images_dir])
    document = HTML(string=html, base_url=source_dirs[0].as_uri() + "/", url_fetcher=fetcher)
    return document.render(stylesheets=css, font_config=eng.font_config, presentational_hints=False,
                           pdf_variant=variant, pdf_tags=True)
