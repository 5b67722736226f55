"""The reading room's page for one bulletin: the EPUB's accessible article as a web page, its images in
`NAME.files/` beside it, and a card (lead, byline, category, thumbnail, text) for the archive's index,
search and OPDS catalog.

The page links the archive's shared assets (`assets/`: size stylesheets, toolbar, search) by a relative
path, so the archive works from a USB stick (file://) as from any static web server.
"""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..atomic import atomic_path
from ..errors import RenderError, reason_of
from ..model import Figure, List, Table, plain
from ..render.context import language_of, template_context
from .draft import Draft

FORMAT = "html"
THUMBNAIL_PX = 360
#: Enough text for search to find a bulletin by any of its words, small enough for a year's index.
SEARCH_CHARS = 6000


@dataclass(frozen=True)
class Download:
    """A file of the same bulletin to offer on its page (in the profile it was built for)."""

    href: str
    format: str
    profile: str
    label: str


@dataclass
class ReadingPage:
    """What `write` wrote: the page, its images (thumbnail first when there is one) and the card."""

    page: Path
    images: list[Path] = field(default_factory=list)
    card: dict[str, Any] = field(default_factory=dict)


def plain_text(draft: Draft) -> str:
    """The bulletin's words in reading order (lead, headings, paragraphs, lists, quotes, tables, captions)."""
    parts = [draft.doc.lead]
    for block in draft.doc.blocks:
        if isinstance(block, Figure):
            parts.append(block.caption)
        elif isinstance(block, List):
            parts += [plain(item) for item in block.items]
        elif isinstance(block, Table):
            parts += [" ".join(row) for row in block.rows]
        else:
            parts.append(block.text)
    return " ".join(part for part in parts if part)


def write(draft: Draft, out: Path, assets: str, index: str, downloads: list[Download]) -> ReadingPage:
    """The page at `out`; `assets` and `index` are the relative URLs of the archive's assets folder and
    index page as seen from `out`."""
    files = out.with_suffix(".files")
    if files.exists():
        shutil.rmtree(files)
    copied: dict[Path, str] = {}
    written: list[Path] = []

    def image_url(figure: Figure) -> str | None:
        path = draft.images.path(figure)
        if path is None:
            return None
        if path not in copied:
            files.mkdir(parents=True, exist_ok=True)
            target = files / f"img-{len(copied) + 1}{path.suffix.lower()}"
            shutil.copyfile(path, target)
            written.append(target)
            copied[path] = f"{files.name}/{target.name}"
        return copied[path]

    settings = draft.settings
    language = language_of(draft.doc, settings)
    context = template_context(draft.doc, settings, image_url, [], assets=assets, index_href=index,
                               downloads=downloads, formats=sorted({d.format for d in downloads}))
    try:
        html = settings.layout.render(settings.layout.template_for("reading"), context)
        thumbnail = _thumbnail(draft, files)
    except (OSError, ValueError) as exc:
        raise RenderError(draft.name, f"reading page failed: {reason_of(exc, out)}") from exc
    with atomic_path(out) as tmp:
        tmp.write_text(html, encoding="utf-8")
    images = ([thumbnail] if thumbnail else []) + written
    return ReadingPage(out, images, _card(draft, language, files, thumbnail, copied))


def _card(draft: Draft, language: str, files: Path, thumbnail: Path | None,
          copied: dict[Path, str]) -> dict[str, Any]:
    doc = draft.doc
    first = next(iter(copied.values()), None)
    figure = next((f for f in doc.figures if draft.images.path(f) is not None), None)
    return {"lead": doc.lead, "author": doc.author or doc.byline or "", "category": doc.category or "",
            "language": language, "text": plain_text(draft)[:SEARCH_CHARS],
            "words": len(plain_text(draft).split()),
            "thumbnail": f"{files.name}/{thumbnail.name}" if thumbnail else None,
            "image": first, "image_alt": (figure.alt or figure.caption) if figure else ""}


def _thumbnail(draft: Draft, files: Path) -> Path | None:
    """A small JPEG of the first picture, for the index card and OPDS (the same bytes for the same picture)."""
    from PIL import Image  # Pillow comes with WeasyPrint

    path = next((p for f in draft.doc.figures if (p := draft.images.path(f)) is not None), None)
    if path is None or draft.images.media_type(path) == "image/svg+xml":
        return None
    with Image.open(path) as image:
        image = image.convert("RGB")
        image.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
        data = io.BytesIO()
        image.save(data, "JPEG", quality=80, optimize=True)
    files.mkdir(parents=True, exist_ok=True)
    target = files / "thumb.jpg"
    target.write_bytes(data.getvalue())
    return target
