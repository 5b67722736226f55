"""The HTML the print layout makes of a bulletin or a volume: what WeasyPrint lays out into pages.

A volume's print HTML is the volume layout's template around each bulletin drawn by the bulletin
layout's own `article` macro, with ids prefixed "a<N>-" so they never collide.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import Markup

from ..images import ImageResolver
from ..model import Bulletin, Figure, Volume
from ..render.context import template_context, volume_context
from ..render.settings import RenderSettings
from .pdf_unicode import glue_orphan_marks

_ID = re.compile(r'(\s(?:id|aria-labelledby)=")')

ImageUrl = Callable[[Figure], "str | None"]


def file_urls(images: ImageResolver) -> ImageUrl:
    """Each figure's image as a file: URL (what WeasyPrint's fetcher serves), None without one."""
    def file_url(figure: Figure) -> str | None:
        path = images.path(figure)
        return path.as_uri() if path else None

    return file_url


def bulletin_html(doc: Bulletin, settings: RenderSettings, images: ImageResolver,
                  image_url: ImageUrl | None = None, stylesheet_links: list[str] | None = None) -> str:
    """The print layout's page of `doc`."""
    context = template_context(doc, settings, image_url or file_urls(images), stylesheet_links or [])
    return glue_orphan_marks(settings.layout.render(settings.layout.template_for("pdf"), context))


def prefix_ids(html: str, number: int) -> str:
    """Give every id (and reference to one) of a bulletin's HTML the prefix "a<number>-".

    Safe on rendered templates: source text is autoescaped, so it never contains `id="`.
    """
    return _ID.sub(rf"\1a{number}-", html)


def article_html(doc: Bulletin, number: int, settings: RenderSettings, images: ImageResolver) -> str:
    """One bulletin of the printed volume, as the layout's article template draws it."""
    context = template_context(doc, settings, file_urls(images), [], number=number)
    return prefix_ids(settings.layout.render(settings.layout.template_for("article"), context), number)


def volume_html(volume: Volume, settings: RenderSettings, resolvers: list[ImageResolver],
                numbers: range | None = None, entry_pages: dict[int, int] | None = None) -> str:
    """The print layout's book of `volume` (`resolvers`: one per bulletin, in the volume's order).

    A volume laid out in parts gives either `numbers`, the bulletins (1-based) of one body part, or
    `entry_pages`, each bulletin's page for the front part (cover and contents)."""
    chosen = range(1, len(volume.bulletins) + 1) if numbers is None else numbers
    articles = [] if entry_pages is not None else [
        Markup(article_html(volume.bulletins[n - 1], n, settings, resolvers[n - 1])) for n in chosen]
    part = "front" if entry_pages is not None else "body" if numbers is not None else None
    context = volume_context(volume, settings, articles=articles, duplex=settings.options.duplex, part=part)
    for number, entry in enumerate(context["entries"], start=1) if entry_pages else ():
        entry["page"] = entry_pages.get(number)
    return glue_orphan_marks(settings.layout.render(settings.layout.template_for("pdf"), context))
