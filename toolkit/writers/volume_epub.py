"""A volume as EPUB 3: front matter (cover, contents), one chapter per bulletin, one page-list.

The steps are the bulletin EPUB writer's (`epub.build_stylesheet`, `build_metadata`,
`write_package`); each chapter is the bulletin layout's own chapter template. Page numbers come
from WeasyPrint's layout of the printed volume, so page N of the EPUB is page N on paper.
"""

from __future__ import annotations

from pathlib import Path

from ebooklib import epub as ebook

from ..errors import RenderError, reason_of
from ..images import ImageResolver
from ..model import Volume
from ..render.context import chapter_name, template_context, volume_context, volume_language
from ..render.cover import CoverText, cover_png
from ..render.pagemap import PageStart
from ..render.settings import RenderSettings
from . import epub, epub_pages
from .draft import VolumeDraft, Written
from .epub import add_cover

FORMAT = "epub"
FRONT = "text/front.xhtml"
COVER_IMAGE = "images/cover.png"


def write(draft: VolumeDraft, out: Path) -> Written:
    """Write the volume's EPUB to `out` (atomically, byte-reproducible), its page-list following the
    printed volume (laid out once for both when the PDF is written first)."""
    volume, settings = draft.volume, draft.settings
    printed = draft.printed()
    language = volume_language(volume, settings)
    starts = fill_page_gaps(printed.page_starts, printed.pages)
    book = ebook.EpubBook()
    try:
        build_cover_image(book, volume, settings, language)
        front = build_front(book, volume, settings, language, starts)
        chapters = build_chapters(book, volume, settings, draft.resolvers, starts)
        epub.build_stylesheet(book, settings, language)
        nav = build_navigation(book, volume, settings, language, starts)
        pages = epub.PageList(starts, epub.edition_name(settings), printed.pages)
        epub.build_metadata(book, volume.as_bulletin(), settings, language, True, pages)
        book.spine = [front, (nav, "no"), *chapters]
        epub.write_package(book, volume.as_bulletin(), out, language)
    except (OSError, ValueError) as exc:
        raise RenderError(draft.name, f"volume EPUB failed: {reason_of(exc, out)}") from exc
    return Written(out, FORMAT, printed.pages)


def fill_page_gaps(starts: list[PageStart], total: int) -> list[PageStart]:
    """A start for every page 1..total: page 1 is the cover; a page without text (a blank left-hand
    page before a bulletin) shares the place of the next page that has one."""
    by_number = {start.number: start for start in starts}
    by_number[1] = PageStart(1, "cover", 0)
    filled: list[PageStart] = []
    following = by_number[1]
    for number in range(total, 0, -1):
        following = by_number.get(number, following)
        filled.append(PageStart(number, following.block_id, following.offset))
    return sorted(filled, key=lambda s: s.number)


def _split(block_id: str) -> tuple[int, str]:
    """("a3-b5") -> (3, "b5"); front-matter ids belong to chapter 0."""
    head, _, rest = block_id.partition("-")
    if head.startswith("a") and head[1:].isdigit() and rest:
        return int(head[1:]), rest
    return 0, block_id


def starts_in(chapter: int, starts: list[PageStart]) -> list[PageStart]:
    found = []
    for start in starts:
        number, block = _split(start.block_id)
        if number == chapter:
            found.append(PageStart(start.number, block, start.offset))
    return found


def front_pages(starts: list[PageStart]) -> int:
    """Pages before the first bulletin (cover, contents): the printed folio does not count them."""
    first = [s.number for s in starts if _split(s.block_id)[0] == 1]
    return min(first) - 1 if first else 0


def page_file(start: PageStart) -> str:
    chapter, _ = _split(start.block_id)
    return chapter_name(chapter) if chapter else FRONT


def build_cover_image(book, volume: Volume, settings: RenderSettings, language: str) -> None:
    """A PNG cover (what e-reader libraries show), with the same words as the front matter's cover."""
    publisher = volume.publisher or settings.options.publisher or ""
    count = f"{len(volume.bulletins)} {settings.layout.label(language)['bulletins']}"
    text = CoverText(volume.title, publisher, tuple(w for w in (volume.period, count) if w))
    add_cover(book, cover_png(text), COVER_IMAGE)


def _cover_alt(volume: Volume, settings: RenderSettings, language: str) -> str:
    """"Bìa tập: <title>, <period>, <publisher>": the words the cover image shows."""
    words = [volume.title, volume.period, volume.publisher or settings.options.publisher or ""]
    return f"{settings.layout.label(language)['cover_alt']}: " + ", ".join(w for w in words if w)


def build_front(book, volume: Volume, settings: RenderSettings, language: str,
                starts: list[PageStart]) -> ebook.EpubItem:
    context = volume_context(volume, settings, stylesheet_links=["../" + epub.STYLESHEET],
                             cover_image="../" + COVER_IMAGE, cover_alt=_cover_alt(volume, settings, language))
    context["entries"] = [{**e, "href": "../" + e["href"]} for e in context["entries"]]
    xhtml = settings.layout.render(settings.layout.template_for("front"), context)
    xhtml = epub_pages.insert_markers(xhtml, starts_in(0, starts), first_page=False, front=front_pages(starts))
    item = ebook.EpubItem(uid="front", file_name=FRONT, media_type="application/xhtml+xml",
                          content=xhtml.encode("utf-8"))
    book.add_item(item)
    return item


def build_chapters(book, volume: Volume, settings: RenderSettings, resolvers: list[ImageResolver],
                   starts: list[PageStart]) -> list:
    chapters = []
    for number, (doc, images) in enumerate(zip(volume.bulletins, resolvers, strict=True), start=1):
        hrefs = epub.build_images(book, doc, images, prefix=f"a{number}-")
        context = template_context(doc, settings, hrefs.get, ["../" + epub.STYLESHEET])
        xhtml = settings.layout.render(settings.layout.template_for("epub"), context)
        xhtml = epub_pages.insert_markers(xhtml, starts_in(number, starts), first_page=False,
                                          front=front_pages(starts))
        item = ebook.EpubItem(uid=f"bulletin-{number:04d}", file_name=chapter_name(number),
                              media_type="application/xhtml+xml", content=xhtml.encode("utf-8"))
        book.add_item(item)
        chapters.append(item)
    return chapters


def _toc(volume: Volume) -> list[dict]:
    toc = []
    for number, doc in enumerate(volume.bulletins, start=1):
        name = chapter_name(number)
        children = [{"href": f"{name}#b{i}", "title": block.text}
                    for i, block in enumerate(doc.blocks, start=1) if block.kind == "heading" and block.level == 2]
        toc.append({"href": f"{name}#title", "title": doc.title, "children": children})
    return toc


def build_navigation(book, volume: Volume, settings: RenderSettings, language: str,
                     starts: list[PageStart]) -> ebook.EpubItem:
    toc = _toc(volume)
    front = front_pages(starts)
    pages = [{"href": f"{page_file(s)}#page-{s.number}", "label": epub_pages.page_label(s.number, front)}
             for s in starts]
    context = {"toc": toc, "labels": settings.layout.label(language), "language": language, "pages": pages,
               "start_href": f"{chapter_name(1)}#title"}
    nav_xhtml = settings.layout.render(settings.layout.template_for("nav"), context)
    nav = ebook.EpubItem(uid="nav", file_name="nav.xhtml", media_type="application/xhtml+xml",
                         content=nav_xhtml.encode("utf-8"))
    nav.properties = ["nav"]
    book.add_item(nav)
    book.toc = [ebook.Link(entry["href"], entry["title"], f"toc{i}") for i, entry in enumerate(toc)]
    book.add_item(ebook.EpubNcx())
    return nav

