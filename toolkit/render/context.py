"""What layouts receive: the bulletin plus the profile, page, labels and formatted date."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

from ..dates import format_date
from ..model import Bulletin, Figure, Volume
from ..speech.normalise import sentence_runs, sentences
from .outline import heading_levels
from .settings import RenderSettings

DEFAULT_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def document_time(doc: Bulletin) -> dt.datetime:
    """The time stamped into outputs: the bulletin's date, else SOURCE_DATE_EPOCH, never "now"."""
    if doc.date:
        return dt.datetime(doc.date.year, doc.date.month, doc.date.day, tzinfo=dt.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (OverflowError, ValueError, OSError):  # beyond year 9999: not a time this machine can name
            return DEFAULT_EPOCH
    return DEFAULT_EPOCH


def language_of(doc: Bulletin, settings: RenderSettings) -> str:
    return settings.options.language or doc.language or "vi"


def template_context(
    doc: Bulletin,
    settings: RenderSettings,
    image_url: Callable[[Figure], str | None],
    stylesheet_links: list[str],
    **extra: Any,
) -> dict[str, Any]:
    language = language_of(doc, settings)
    return {
        "doc": doc,
        "profile": settings.profile,
        "page": settings.page,
        "geometry": settings.geometry,
        "labels": settings.layout.label(language),
        "language": language,
        "date_text": format_date(doc.date, language) if doc.date else "",
        "created": document_time(doc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "image_url": image_url,
        "stylesheet_links": stylesheet_links,
        "running_header_chars": running_header_chars(settings),
        "heading_levels": heading_levels,
        "masthead": masthead_context(settings, doc, language),
        # a narrated EPUB wraps each sentence in an element Media Overlays can point at (epub writer only)
        "narrated": False,
        "sentence_runs": sentence_runs,
        "sentences": sentences,
        **extra,
    }


def masthead_context(settings: RenderSettings, doc: Bulletin, language: str) -> dict[str, Any] | None:
    """The nameplate's words, or None when no masthead is set."""
    masthead = settings.options.masthead
    if masthead is None or not masthead.shown:
        return None
    date = format_date(doc.date, language) if doc.date else ""
    return {"issuer": masthead.issuer, "name": masthead.name, "emblem": masthead.emblem_uri(),
            "line": " — ".join(part for part in (masthead.number, date) if part),
            "internal": settings.layout.label(language).get("internal", "") if masthead.internal else ""}


def running_header_chars(settings: RenderSettings) -> int:
    """How much of the title fits on one header line: less with bigger type and narrower paper."""
    # About 0.55 em a character in the sans of the furniture, with a margin so the head stays one line.
    return max(30, int(settings.geometry.text_width_mm / (settings.profile.furniture_pt * 0.21)))


def stylesheet_context(settings: RenderSettings, fonts_base: str, language: str) -> dict[str, Any]:
    """Stylesheets see layout data only (profile, page, labels), never source text."""
    return {
        "profile": settings.profile,
        "page": settings.page,
        "geometry": settings.geometry,
        "labels": settings.layout.label(language),
        "fonts_base": fonts_base,
    }


def volume_language(volume: Volume, settings: RenderSettings) -> str:
    return settings.options.language or volume.language


def chapter_name(number: int) -> str:
    """The EPUB chapter file of a volume's bulletin `number` (1-based)."""
    return f"text/bulletin-{number:04d}.xhtml"


def _entries(volume: Volume, language: str) -> list[dict[str, Any]]:
    return [{"anchor": f"a{n}-title", "href": f"{chapter_name(n)}#title", "title": doc.title,
             "date_text": format_date(doc.date, language) if doc.date else "", "page": None}
            for n, doc in enumerate(volume.bulletins, start=1)]


def volume_context(volume: Volume, settings: RenderSettings, **extra: Any) -> dict[str, Any]:
    """What the volume templates receive besides each bulletin's own context."""
    language = volume_language(volume, settings)
    masthead = settings.options.masthead
    publisher = (masthead.issuer if masthead else "") or volume.publisher or settings.options.publisher
    return {
        "volume": volume, "profile": settings.profile, "page": settings.page, "geometry": settings.geometry,
        "language": language,
        "labels": settings.layout.label(language), "publisher": publisher, "period": volume.period,
        "emblem": masthead.emblem_uri() if masthead else "",
        "description": volume.as_bulletin().lead, "entries": _entries(volume, language),
        "created": document_time(volume.as_bulletin()).strftime("%Y-%m-%dT%H:%M:%SZ"), **extra,
    }
