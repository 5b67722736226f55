"""The stylesheets of a layout, rendered for one profile, paper and language: for print and for EPUB.

Stylesheets are Jinja2 templates that see layout data only (`stylesheet_context`), never source text.
"""

from __future__ import annotations

from ..errors import LayoutError
from .context import stylesheet_context
from .settings import RenderSettings


def print_stylesheets(settings: RenderSettings) -> list[str]:
    """The layout's print stylesheets, then paper margins, then duplex and crop marks if asked."""
    names = [*settings.layout.stylesheets.get("pdf", ())]
    names += ["paper.css.j2"] if _layout_has(settings, "paper.css.j2") else []
    options = settings.options
    for name, asked in (("duplex.css.j2", options.duplex), ("marks.css.j2", options.marks)):
        if not asked:
            continue
        if not _layout_has(settings, name):
            raise LayoutError(f"layout '{settings.layout.name}' has no {name}: it should extend 'bulletin'")
        names.append(name)
    return names


def _layout_has(settings: RenderSettings, name: str) -> bool:
    return any((folder / name).is_file() for folder in settings.layout.folders)


def has_duplex_sheet(settings: RenderSettings) -> bool:
    return _layout_has(settings, "duplex.css.j2")


def print_stylesheet_texts(settings: RenderSettings, fonts_base: str, language: str) -> list[tuple[str, str]]:
    """(file name, rendered CSS) of the print stylesheets."""
    context = stylesheet_context(settings, fonts_base, language)
    return [(name.removesuffix(".j2"), settings.layout.render(name, context)) for name in print_stylesheets(settings)]


def epub_stylesheet_text(settings: RenderSettings, language: str) -> str:
    """The EPUB's one stylesheet: the layout's EPUB stylesheets joined."""
    context = stylesheet_context(settings, "", language)
    return "\n".join(settings.layout.render(name, context) for name in settings.layout.stylesheets.get("epub", ()))
