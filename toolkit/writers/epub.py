"""EPUB 3 through ebooklib, built as a list of steps like Sphinx's EPUB builder.

The chapter comes from the layout's XHTML template (the same article macros as the print
layout); the nav document from the layout's nav template; ebooklib writes the package and NCX;
`epub_zip` makes the zip reproducible.
"""

from __future__ import annotations

import hashlib
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from ebooklib import epub

from ..atomic import atomic_path
from ..dates import format_date
from ..errors import RenderError, SpeechUnavailable, reason_of
from ..images import ImageResolver
from ..model import Bulletin, Figure
from ..render.context import document_time, language_of, template_context
from ..render.cover import CoverText, cover_png
from ..render.pagemap import PageStart
from ..render.settings import RenderSettings
from ..render.stylesheets import epub_stylesheet_text
from . import epub_meta, epub_pages, epub_zip
from .draft import Draft, Written
from .epub_overlays import ACTIVE_CSS, narrate

FORMAT = "epub"
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp",
              "image/svg+xml": ".svg"}
CHAPTER = "text/bulletin.xhtml"
STYLESHEET = "styles/bulletin.css"
COVER_IMAGE = "images/cover.png"


@dataclass(frozen=True)
class PageList:
    """Printed page starts and the edition they come from (e.g. "bản in A4, cỡ chữ thường")."""

    starts: list[PageStart]
    edition: str
    total: int


def edition_name(settings: RenderSettings) -> str:
    """The printed edition the EPUB's page numbers follow."""
    return f"PDF {settings.page.name}, {settings.profile.name} (bantin)"


def write(draft: Draft, out: Path) -> Written:
    """Write the bulletin as EPUB 3 to `out` (atomically), its page-list following the printed layout."""
    doc, settings, images = draft.doc, draft.settings, draft.images
    printed = draft.printed()
    pages = PageList(printed.page_starts, edition_name(settings), printed.pages)
    language = language_of(doc, settings)
    book = epub.EpubBook()
    try:
        image_items = build_images(book, doc, images)
        chapter = build_chapter(book, doc, settings, image_items, pages)
        build_stylesheet(book, settings, language)
        nav = build_navigation(book, doc, settings, language, pages)
        if settings.options.narrate:
            narrate(book, doc, chapter, settings.options)
        build_metadata(book, doc, settings, language, bool(image_items), pages)
        add_cover(book, cover_png(bulletin_cover(doc, settings, language)), COVER_IMAGE)
        book.spine = [(nav, "no"), chapter]
        write_package(book, doc, out, language)
    except SpeechUnavailable as exc:
        raise RenderError(draft.name, f"narration failed: {exc}") from exc
    except (OSError, ValueError) as exc:
        raise RenderError(draft.name, f"EPUB writing failed: {reason_of(exc, out)}") from exc
    return Written(out, FORMAT)


def bulletin_cover(doc: Bulletin, settings: RenderSettings, language: str) -> CoverText:
    date = format_date(doc.date, language) if doc.date else ""
    masthead = settings.options.masthead
    issuer = (masthead.issuer if masthead else "") or settings.options.publisher or ""
    return CoverText(doc.title, issuer, (date,) if date else ())


def add_cover(book: epub.EpubBook, png: bytes, name: str) -> None:
    """The cover image: `properties="cover-image"` for EPUB 3, `<meta name="cover">` for older readers."""
    cover = epub.EpubCover(uid="cover-image", file_name=name)
    cover.media_type = "image/png"
    cover.content = png
    book.add_item(cover)
    book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})


def build_images(book: epub.EpubBook, doc: Bulletin, images: ImageResolver, prefix: str = "") -> dict[Figure, str]:
    """Add each usable image once; returns the href of each figure's image inside the book.

    `prefix` keeps the names of several bulletins' images apart when they share one book (volumes).
    """
    hrefs: dict[Figure, str] = {}
    by_path: dict[Path, str] = {}
    for figure in doc.figures:
        path = images.path(figure)
        if path is None:
            continue
        if path not in by_path:
            uid = f"{prefix}img-{len(by_path) + 1}"
            mime = images.media_type(path)  # from the bytes: a PNG named .jpg is declared a PNG
            name = f"images/{uid}{EXTENSIONS.get(mime, path.suffix.lower())}"
            book.add_item(epub.EpubItem(uid=uid, file_name=name, media_type=mime, content=path.read_bytes()))
            by_path[path] = name
        hrefs[figure] = "../" + by_path[path]
    return hrefs


def build_chapter(book, doc, settings, image_items, pages: PageList | None) -> epub.EpubItem:
    context = template_context(doc, settings, image_items.get, ["../" + STYLESHEET],
                               narrated=settings.options.narrate)
    xhtml = settings.layout.render(settings.layout.template_for("epub"), context)
    if pages:
        xhtml = epub_pages.insert_markers(xhtml, pages.starts, total=pages.total)
    chapter = epub.EpubItem(uid="bulletin", file_name=CHAPTER, media_type="application/xhtml+xml",
                            content=xhtml.encode("utf-8"))
    book.add_item(chapter)
    return chapter


def build_stylesheet(book, settings: RenderSettings, language: str) -> None:
    css = epub_stylesheet_text(settings, language) + (ACTIVE_CSS if settings.options.narrate else "")
    book.add_item(epub.EpubItem(uid="style", file_name=STYLESHEET, media_type="text/css", content=css.encode()))


def _toc(doc: Bulletin) -> list[dict]:
    children = [{"href": f"{CHAPTER}#b{i}", "title": block.text}
                for i, block in enumerate(doc.blocks, start=1) if block.kind == "heading" and block.level == 2]
    return [{"href": f"{CHAPTER}#title", "title": doc.title, "children": children}]


def build_navigation(book, doc: Bulletin, settings: RenderSettings, language: str,
                     pages: PageList | None) -> epub.EpubItem:
    page_entries = epub_pages.nav_entries(CHAPTER, pages.total) if pages else []
    context = {"toc": _toc(doc), "labels": settings.layout.label(language), "language": language,
               "pages": page_entries, "start_href": f"{CHAPTER}#title"}
    nav_xhtml = settings.layout.render(settings.layout.template_for("nav"), context)
    nav = epub.EpubItem(uid="nav", file_name="nav.xhtml", media_type="application/xhtml+xml",
                        content=nav_xhtml.encode("utf-8"))
    nav.properties = ["nav"]
    book.add_item(nav)
    book.toc = [epub.Link(entry["href"], entry["title"], f"toc{i}") for i, entry in enumerate(_toc(doc))]
    book.add_item(epub.EpubNcx())
    return nav


def book_identifier(doc: Bulletin) -> str:
    """A stable identifier: the same bulletin always gets the same UUID."""
    key = f"{doc.title}\x00{doc.date}\x00{doc.author}\x00{doc.url}"
    return f"urn:uuid:{uuid.UUID(hashlib.sha256(key.encode()).hexdigest()[:32], version=5)}"


def build_metadata(book, doc: Bulletin, settings: RenderSettings, language: str, has_images: bool,
                   pages: PageList | None) -> None:
    book.set_identifier(book_identifier(doc))
    book.set_title(doc.title)
    book.set_language(language)
    if doc.author:
        book.add_author(doc.author)
    if doc.date:
        book.add_metadata("DC", "date", doc.date.isoformat())
    if doc.lead:
        book.add_metadata("DC", "description", doc.lead)
    if doc.category:
        book.add_metadata("DC", "subject", doc.category)
    if doc.url:
        book.add_metadata("DC", "source", doc.url)
    book.add_metadata("DC", "publisher", publisher_of(doc, settings, language))
    undescribed = sum(1 for figure in doc.figures if not (figure.alt or figure.caption))
    epub_meta.add_accessibility(book, language, has_images, pages.edition if pages else None, undescribed,
                                narrated=settings.options.narrate)


def publisher_of(doc: Bulletin, settings: RenderSettings, language: str) -> str:
    if settings.options.publisher:
        return settings.options.publisher
    if doc.url and "//" in doc.url:
        return doc.url.split("//", 1)[1].split("/", 1)[0]
    return settings.layout.label(language).get("publisher", "bantin")


def write_package(book: epub.EpubBook, doc: Bulletin, out: Path, language: str) -> None:
    stamp = document_time(doc)
    with tempfile.TemporaryDirectory(prefix="bantin-epub-") as tmp, atomic_path(out) as final:
        raw = Path(tmp) / "raw.epub"
        epub.write_epub(str(raw), book, {"epub3_pages": False, "mtime": epub_zip.zip_time(stamp),
                                         "play_order": {"enabled": False}, "epub2_guide": False,
                                         "raise_exceptions": True})
        epub_zip.normalise(raw, final, stamp, language)
