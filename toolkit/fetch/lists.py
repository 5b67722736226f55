"""The articles a site lists: an RSS/Atom feed (feedparser), a sitemap, or listing pages with paging.

Each gives `Entry(url, date)` in the site's order; the date is what the list says (None when it says
nothing, as on a listing page: the article's own date is read when it is fetched). Parsing only: the
documents are fetched by `run`, which remembers them for conditional requests.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import io
import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin

from ..i18n import _

#: Words of a "next page" link on Vietnamese and English listing pages.
NEXT_WORDS = frozenset({"trang sau", "tiếp", "tiếp theo", "sau", "xem tiếp", "next", "next page", "older", "»", "›",
                        ">", ">>", "tiếp »", "sau »"})


@dataclass(frozen=True)
class Entry:
    url: str
    date: dt.date | None = None


def feed_entries(body: bytes, base: str) -> list[Entry]:
    """The articles of an RSS or Atom feed, newest first as the feed gives them."""
    import feedparser

    # A stream, never a string: feedparser fetches a string that looks like an address (or a file name).
    parsed = feedparser.parse(io.BytesIO(body), sanitize_html=False, resolve_relative_uris=False)
    if parsed.get("bozo") and not parsed.entries:
        raise ValueError(_("not a readable feed ({reason})").format(reason=parsed.get("bozo_exception")))
    entries = []
    for item in parsed.entries:
        link = item.get("link") or item.get("id")
        if not link:
            continue
        stamp = item.get("published_parsed") or item.get("updated_parsed")
        entries.append(Entry(urljoin(base, link.strip()), dt.date(*stamp[:3]) if stamp else None))
    return entries


def sitemap_entries(body: bytes, base: str) -> tuple[list[Entry], list[str]]:
    """(articles, further sitemaps) of a sitemap or a sitemap index; parsed without DTDs or entities."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(_("not a readable sitemap ({reason})").format(reason=exc)) from exc
    entries, nested = [], []
    for node in root:
        if not isinstance(node.tag, str):
            continue
        loc, lastmod = _child(node, "loc"), _child(node, "lastmod")
        if not loc:
            continue
        if node.tag.rpartition("}")[2] == "sitemap":
            nested.append(urljoin(base, loc))
        else:
            entries.append(Entry(urljoin(base, loc), parse_date(lastmod)))
    return entries, nested


def _child(node, name: str) -> str:
    for child in node:
        if isinstance(child.tag, str) and child.tag.rpartition("}")[2] == name:
            return (child.text or "").strip()
    return ""


def listing_links(body: bytes, base: str, pattern: str) -> tuple[list[Entry], str | None]:
    """(links matching `pattern`, the next page's address or None) of one listing page."""
    import lxml.html
    from lxml import etree

    from ..readers.decoding import DecodeError, decode

    try:
        root = lxml.html.document_fromstring(decode(body).text)
    except (etree.ParserError, DecodeError, ValueError) as exc:
        raise ValueError(_("not a readable listing page ({reason})").format(reason=exc)) from exc
    found: dict[str, Entry] = {}
    next_page = None
    for anchor in root.iter("a", "link"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        url = urldefrag(urljoin(base, href)).url
        if matches(url, pattern) and anchor.tag == "a":
            found.setdefault(url, Entry(url))
        elif next_page is None and _is_next(anchor) and url != urldefrag(base).url:
            next_page = url
    return list(found.values()), next_page


def _is_next(anchor) -> bool:
    rel = (anchor.get("rel") or "").lower().split()
    words = " ".join((anchor.text_content() if anchor.tag == "a" else "").split()).lower()
    label = (anchor.get("aria-label") or anchor.get("title") or "").strip().lower()
    return "next" in rel or words in NEXT_WORDS or label in NEXT_WORDS


def matches(url: str, pattern: str) -> bool:
    """`pattern` is a shell-style pattern (`*` matches anything, `/` too) over the whole address when it has
    a scheme (`https://*/Pages/*.aspx`), else over its path and query (`/tin-tuc/*.html`)."""
    if "://" in pattern:
        return fnmatch.fnmatchcase(url, pattern)
    path = re.sub(r"^[a-z]+://[^/]*", "", url, flags=re.IGNORECASE) or "/"
    return fnmatch.fnmatchcase(path, pattern)


def parse_date(value: str | None) -> dt.date | None:
    """A date from a sitemap's `lastmod` or an option: 2024-03-09, 2024-03-09T10:00:00+07:00, 09/03/2024."""
    if not value:
        return None
    value = value.strip()
    if match := re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", value):
        year, month, day = map(int, match.groups())
    elif match := re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})$", value):
        day, month, year = map(int, match.groups())
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
