"""A whole news page read with the shared HTML steps: the article found by trafilatura, its facts from
the page's metadata.

Article extraction is a solved problem we do not re-solve by hand: trafilatura finds the body
(without menus, related news or comments). Title, date, author and lead come from the page's
metadata (`og:title`, `article:published_time`, author meta) and its usual lead classes; photo
captions, which trafilatura drops, are taken back from the page by the image's address. The news
page reader uses it, and so does the portal reader for a portal page without the bulletin web parts.

Heavy libraries (trafilatura) are imported inside the functions that use them, so `bantin --help` and a
no-op archive rerun never load them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ...dates import is_date_line
from ...errors import SourceError
from ...i18n import _
from ...images import address_warnings
from ...model import Bulletin, Figure, Heading, Paragraph, SourceWarning
from .. import chrome
from .. import heuristics as h
from ..heuristics import is_view_counter
from . import clean, page, rules, walk

#: The format a generic news page is read as.
FORMAT = "html"
_LEAD_CLASS = re.compile(r"sapo|lead|summary|chapeau|excerpt|tom-?tat|standfirst|intro|abstract|mo-?ta|"
                         r"trich-?yeu|description", re.IGNORECASE)
_AUTHOR_CLASS = re.compile(r"(^|[-_\s])(author|tac-?gia|byline|but-?danh|writer)($|[-_\s])", re.IGNORECASE)
#: Paragraphs an element around the title needs to be taken as the article.
MIN_ARTICLE_PARAGRAPHS = 3
#: Words a paragraph needs to be taken as the lead by its look alone.
MIN_LEAD_WORDS = 12
_AUTHOR_META = ("author", "article:author", "dc.creator", "byl", "sailthru.author", "citation_author")


def parse_news_page(root, path: Path, text: str, warnings: tuple[SourceWarning, ...] = ()) -> Bulletin:
    """A news page already parsed by `page.parse_page`."""
    notes = list(warnings) + page.refuse_unsafe_images(root)
    page.unlazy(root)
    captions = _page_captions(root)
    title = _title(root)
    lead = _lead(root)
    items = _article_items(root, title)
    if not lead:
        lead, items = _lead_in_body(items, root)
    items, date = _drop_repeats(items, title, lead, notes)
    if date is None:
        date = rules.published_date(root, notes)
    converted = rules.convert(items)
    blocks = _until_related(_without_repeated_captions(tuple(_recaption(b, captions) for b in converted.blocks)))
    blocks, byline = _without_chrome(blocks, converted.byline)
    title = title or _first_heading(blocks)
    if not title:
        raise SourceError(path, _("no title: the page has no og:title, <title> or heading"))
    notes += address_warnings([b for b in blocks if isinstance(b, Figure)], path.parent, text)
    author = page.meta(root, *_AUTHOR_META)
    if author and re.match(r"https?://", author):
        author = None
    author = author or _author_in_page(root)
    author = author or (byline.author if byline else None)
    return Bulletin(
        title=title, date=date, lead=lead, author=author, byline=byline.text if byline else author,
        language=page.page_language(root), source=path,
        format=FORMAT, url=page.meta(root, "og:url"), blocks=blocks, warnings=tuple(notes),
    )


def _author_in_page(root) -> str | None:
    """The author in an element the page marks as such (`class="author"`, "tac-gia", "byline")."""
    for element in root.iter():
        if isinstance(element.tag, str) and _AUTHOR_CLASS.search(page.classes(element)):
            text = page.text_of(element)
            if 0 < h.words(text) <= h.MAX_BYLINE_WORDS and (byline := h.parse_byline(text) or h.marked_byline(text)):
                return byline.author
    return None


def _title(root) -> str:
    title = page.meta(root, "og:title", "twitter:title", "headline")
    if not title:
        heading = root.find(".//h1")
        title = page.text_of(heading) if heading is not None else ""
    if not title and (node := root.find(".//title")) is not None:
        title = _title_part(root, page.text_of(node))
    return title


def _title_part(root, text: str) -> str:
    """The article's part of a `<title>` such as "Site - Article": the part the page shows as text, else the
    longest (a site's name is short)."""
    parts = [p.strip() for p in re.split(r"\s+[-|–]\s+", text) if p.strip()]
    body = root.find(".//body")
    shown = {page.text_of(e) for e in body.iter() if isinstance(e.tag, str)} if body is not None else set()
    return next((p for p in parts if p in shown), max(parts, key=len, default=""))


def _lead(root) -> str:
    """The lead (sapo) set apart by a class; the meta description only when nothing else says it."""
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in ("html", "body", "meta"):
            continue
        if _LEAD_CLASS.search(page.classes(element)) and 40 <= len(text := page.text_of(element)) <= 1200:
            return text
    return ""


def _lead_in_body(items: list, root) -> tuple[str, list]:
    """A lead the page does not mark by class: a first paragraph set in bold, or one the page's own
    description repeats. Returns (lead, the items without it)."""
    described = page.meta(root, "og:description", "description", "twitter:description") or ""
    for index, item in enumerate(items[:3]):
        if not isinstance(item, walk.Para):
            continue
        text = item.text
        if h.words(text) >= MIN_LEAD_WORDS and (item.bold_only or _same_start(text, described)):
            return text, items[:index] + items[index + 1:]
        if h.words(text) >= MIN_LEAD_WORDS:
            break  # the first real paragraph is not a lead: the body has none
    return "", items


def _same_start(text: str, described: str, length: int = 60) -> bool:
    """The page's description and the paragraph begin alike (descriptions are often cut short)."""
    a, b = " ".join(text.split())[:length], " ".join(described.split())[:length]
    return len(b) >= 30 and a.rstrip("…. ") == b.rstrip("…. ")


def _article_items(root, title: str) -> list:
    """The article body as intermediate items: trafilatura's choice, else the element around the title
    (when trafilatura kept the whole page, as on old table layouts), else the <article>/<main>/<body>."""
    import trafilatura  # slow to import: only when a news page is read

    html = trafilatura.extract(
        page.outer_html(root), output_format="html", include_images=True, include_tables=True,
        include_formatting=True, include_comments=False, favor_recall=True, config=_config(),
    )
    items = walk.walk_html(clean.sanitize(html)) if html else []
    if items and not _kept_the_page(items, title):
        return items
    body = _around_title(root, title)
    if body is None:
        body = next((e for e in root.iter("article", "main") if page.text_of(e)), None)
    body = body if body is not None else root.find(".//body")
    if body is None:
        return items
    page.drop_furniture(body)
    return walk.walk_html(clean.sanitize(page.outer_html(body)))


def _kept_the_page(items: list, title: str) -> bool:
    """The extraction has the site's furniture above the article: the title stands inside, not at the top."""
    texts = [rules.item_text(item) for item in items]
    return bool(title) and title in texts[1:]


def _around_title(root, title: str):
    """The nearest element around the title that holds the article's paragraphs, or None."""
    holder = next((e for e in root.iter() if isinstance(e.tag, str) and e.tag not in ("title", "head")
                   and page.text_of(e) == title), None)
    while holder is not None and holder.tag not in ("body", "html"):
        if len(holder.findall(".//p")) >= MIN_ARTICLE_PARAGRAPHS:
            return holder
        holder = holder.getparent()
    return None


@lru_cache(maxsize=1)
def _config():
    """trafilatura's settings for bulletins: short articles are articles too, and no signal-based timeout."""
    from trafilatura.settings import use_config

    config = use_config()
    for key in ("MIN_EXTRACTED_SIZE", "MIN_OUTPUT_SIZE", "MIN_OUTPUT_COMM_SIZE"):
        config.set("DEFAULT", key, "1")
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def _drop_repeats(items: list, title: str, lead: str, notes: list[SourceWarning]):
    """Without the title, dateline and lead that the body repeats at its top; returns the date seen.

    When the extraction kept the page around the article (old table layouts), the title repeated in the
    body marks where the article starts: what comes before it is the site's, but for a dateline."""
    texts = [rules.item_text(item) for item in items]
    start = next((i + 1 for i, text in enumerate(texts) if title and text == title), 0)
    date = next((rules.date_or_warning(t, notes) for t in texts[:start] if t is not None and is_date_line(t)), None)
    kept = []
    for index, item in enumerate(items[start:], start=start):
        text = texts[index]
        if text is not None and (text == title or (lead and text == lead)):
            continue
        if text is not None and index < start + 5 and is_date_line(text):
            date = date or rules.date_or_warning(text, notes)
            continue
        if text is not None and is_view_counter(text):
            continue
        kept.append(item)
    return kept, date


def _page_captions(root) -> dict[str, str]:
    """Caption of every image of the page, by address, found with the shared caption rules."""
    body = root.find(".//body")
    if body is None:
        return {}
    items = rules.convert(walk.walk_html(clean.sanitize(page.outer_html(body))), find_byline=False)
    return {str(b.src): b.caption for b in items.blocks if isinstance(b, Figure) and b.src and b.caption}


def _recaption(block, captions: dict[str, str]):
    if isinstance(block, Figure) and not block.caption and (caption := captions.get(str(block.src))):
        return Figure(block.src, block.alt, caption)
    return block


def _without_repeated_captions(blocks: tuple) -> tuple:
    """Without a paragraph that repeats the caption of the figure next to it (a caption wrapped in `<p>`)."""
    captions = {b.caption for b in blocks if isinstance(b, Figure) and b.caption}
    kept = []
    for index, block in enumerate(blocks):
        neighbours = blocks[max(0, index - 1): index + 2]
        if isinstance(block, Paragraph) and block.text in captions and any(
                isinstance(n, Figure) and n.caption == block.text for n in neighbours):
            continue
        kept.append(block)
    return tuple(kept)


def _without_chrome(blocks: tuple, byline: h.Byline | None) -> tuple[tuple, h.Byline | None]:
    """Without buttons, contact lines and counters the extraction kept (with their icons); a short name
    left last is then the byline."""
    kept = [b for b in blocks if not chrome.is_furniture(_block_text(b))]
    last = kept[-1] if len(kept) > 1 else None
    if byline is None and isinstance(last, Paragraph | Heading) and (found := h.parse_byline(last.text)):
        return tuple(kept[:-1]), found
    return tuple(kept), byline


def _block_text(block) -> str:
    if isinstance(block, Figure):
        return block.caption
    return block.text if isinstance(block, Paragraph | Heading) else ""


def _until_related(blocks: tuple) -> tuple:
    """The article stops at a "related news" heading that the extraction kept (a sidebar's title)."""
    for index, block in enumerate(blocks):
        if index and isinstance(block, Paragraph | Heading) and chrome.is_related_heading(block.text):
            return blocks[:index]
    return blocks


def _first_heading(blocks) -> str:
    return next((b.text for b in blocks if isinstance(b, Heading)), "")
