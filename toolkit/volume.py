"""Volumes: many bulletins in one book (a month or a year of an archive), as PDF and EPUB.

A `Volume` is data: a title, its bulletins in date order and who publishes it. The print HTML
is the volume layout's template around each bulletin drawn by the bulletin layout's own
`article` macro (ids prefixed "a<N>-" so they never collide); the EPUB has one chapter per
bulletin, rendered by the same chapter template as a single bulletin, and one page-list that
follows the printed volume.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .config import BuildOptions, RenderSettings, resolve
from .context import document_time, template_context
from .dates import format_date
from .model import Bulletin, SourceWarning
from .pagemap import PageStart
from .resources import ImageResolver

VOLUME_LAYOUT = "volume"
_ID = re.compile(r'(\s(?:id|aria-labelledby)=")')


@dataclass(frozen=True)
class Volume:
    """Bulletins bound together; `bulletins` are kept in date order (undated ones last)."""

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


@dataclass
class VolumeResult:
    pages: int
    warnings: list[SourceWarning] = field(default_factory=list)
    page_starts: list[PageStart] = field(default_factory=list)


def volume_settings(options: BuildOptions) -> RenderSettings:
    """Settings for a volume: the volume layout unless the options name another one."""
    if options.layout == "bulletin":
        options = replace(options, layout=VOLUME_LAYOUT)
    return resolve(options)


def _entries(volume: Volume, language: str) -> list[dict[str, Any]]:
    return [{"anchor": f"a{n}-title", "href": f"{chapter_name(n)}#title", "title": doc.title,
             "date_text": format_date(doc.date, language) if doc.date else ""}
            for n, doc in enumerate(volume.bulletins, start=1)]


def chapter_name(number: int) -> str:
    return f"text/bulletin-{number:04d}.xhtml"


def volume_context(volume: Volume, settings: RenderSettings, **extra: Any) -> dict[str, Any]:
    """What the volume templates receive besides each bulletin's own context."""
    language = settings.options.language or volume.language
    publisher = volume.publisher or settings.options.publisher
    return {
        "volume": volume, "profile": settings.profile, "page": settings.page, "language": language,
        "labels": settings.layout.label(language), "publisher": publisher, "period": volume.period,
        "description": volume.as_bulletin().lead, "entries": _entries(volume, language),
        "created": document_time(volume.as_bulletin()).strftime("%Y-%m-%dT%H:%M:%SZ"), **extra,
    }


def prefix_ids(html: str, number: int) -> str:
    """Give every id (and reference to one) of a bulletin's HTML the prefix "a<number>-".

    Safe on rendered templates: source text is autoescaped, so it never contains `id="`.
    """
    return _ID.sub(rf"\1a{number}-", html)


def article_html(doc: Bulletin, number: int, settings: RenderSettings, images: ImageResolver) -> str:
    """One bulletin of the printed volume, as the layout's article template draws it."""
    def file_url(figure):
        path = images.path(figure)
        return path.as_uri() if path else None

    context = template_context(doc, settings, file_url, [], number=number)
    return prefix_ids(settings.layout.render(settings.layout.template_for("article"), context), number)


def render_print_html(volume: Volume, settings: RenderSettings, resolvers: list[ImageResolver]) -> str:
    from markupsafe import Markup

    articles = [Markup(article_html(doc, n, settings, images))
                for n, (doc, images) in enumerate(zip(volume.bulletins, resolvers, strict=True), start=1)]
    context = volume_context(volume, settings, articles=articles, duplex=settings.extra.get("duplex", False))
    return settings.layout.render(settings.layout.template_for("pdf"), context)


def resolvers_for(volume: Volume, settings: RenderSettings) -> list[ImageResolver]:
    return [ImageResolver(doc, settings.options.images_dir) for doc in volume.bulletins]


def check_volume(volume: Volume, settings: RenderSettings, resolvers: list[ImageResolver]) -> list[SourceWarning]:
    """Every bulletin's pre-render warnings, each naming the bulletin it comes from."""
    from .pipeline import check_bulletin

    warnings = []
    for doc, images in zip(volume.bulletins, resolvers, strict=True):
        name = doc.source.name if doc.source else doc.title[:40]
        warnings += [replace(w, message=f"{name}: {w.message}") for w in check_bulletin(doc, settings, images)]
    return warnings


def write_pdf(volume: Volume, settings: RenderSettings, out: Path, archival: bool = False) -> VolumeResult:
    """The printed volume; `archival` makes it PDF/A-3a with each bulletin's source attached."""
    from .writers import volume_pdf

    return volume_pdf.write(volume, settings, out, archival)


def write_epub(volume: Volume, settings: RenderSettings, out: Path,
               printed: VolumeResult | None = None) -> VolumeResult:
    """The e-reader volume; `printed` (from `write_pdf` with the same settings) gives its page-list."""
    from .writers import volume_epub

    return volume_epub.write(volume, settings, out, printed)


@dataclass
class CollectResult:
    """What `collect` wrote, and the sources it had to leave out."""

    outputs: list[tuple[Path, int]] = field(default_factory=list)
    warnings: list[SourceWarning] = field(default_factory=list)
    failures: list[Exception] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def collect(sources: list[Path], options: BuildOptions, title: str, outputs: list[Path], period: str = "",
            duplex: bool = False, archival: bool = True) -> CollectResult:
    """Bind `sources` into one volume written to each of `outputs` (.pdf and/or .epub).

    A source that cannot be read is reported in the result and left out; the others are bound.
    Raises `ConfigError` for wrong options, `ToolkitError` when no source can be read or rendering fails.
    """
    from .errors import ConfigError, ToolkitError
    from .readers import read_source

    bad = [f"Config value 'output': {out.name} must end in .pdf or .epub" for out in outputs
           if out.suffix.lower() not in (".pdf", ".epub")]
    if bad or not outputs:
        raise ConfigError(bad or ["Config value 'output': give at least one .pdf or .epub file"])
    settings = volume_settings(options)
    if duplex:
        settings = replace(settings, extra={**settings.extra, "duplex": True})
    result = CollectResult()
    docs = []
    for path in sources:
        try:
            docs.append(read_source(Path(path), options.source_format, options.max_source_bytes))
        except ToolkitError as exc:
            result.failures.append(exc)
    if not docs:
        raise ToolkitError("no readable source to collect")
    volume = Volume(title, tuple(docs), publisher=options.publisher, period=period,
                    language=options.language or docs[0].language or "vi")
    printed = None
    for out in sorted(outputs, key=lambda p: p.suffix.lower() != ".pdf"):  # the PDF first: the EPUB reuses its pages
        if out.suffix.lower() == ".pdf":
            printed = write_pdf(volume, settings, out, archival=archival)
            result.warnings = printed.warnings
        else:
            printed = write_epub(volume, settings, out, printed)
            result.warnings = result.warnings or printed.warnings
        result.outputs.append((out, printed.pages))
    return result
