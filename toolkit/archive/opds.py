"""The archive's OPDS 1.2 catalog, for e-reader apps, from any static server or folder:

    catalog.xml                 navigation: the newest bulletins, then each year
    catalog/new.xml             acquisition: the newest bulletins and volumes
    catalog/2024.xml            navigation: each month of 2024
    catalog/2024-04.xml         acquisition: April 2024, newest first, volumes first (…-2.xml when long)
    opensearch.xml              OpenSearch description: searches the reading room (index.html?q=…)

Entries carry the byline (or the issuing body) as author, the lead as summary, the category, the
issue date, cover and thumbnail images and the reading page. Every href is relative.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..atomic import write_if_changed
from .index import ArchiveItem, Listing, date_text, items_in, links_of, urn
from .publication import Publication

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/terms/"
OPDS = "http://opds-spec.org/2010/catalog"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
NAV_TYPE = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQ_TYPE = "application/atom+xml;profile=opds-catalog;kind=acquisition"
MEDIA = {"pdf": "application/pdf", "epub": "application/epub+zip", "pef": "application/x-pef+xml",
         "brf": "text/plain", "mp3": "audio/mpeg", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png",
         "gif": "image/gif", "webp": "image/webp", "svg": "image/svg+xml", "html": "text/html"}
#: Entries per acquisition feed page: reader apps load a page at a time.
PAGE_SIZE = 50
NEWEST = 30


def _stamp(date: str | None) -> str:
    return f"{date or '2000-01-01'}T00:00:00Z"


def _last(items: list[ArchiveItem]) -> str:
    return _stamp(max((i.date for i in items if i.date), default=None))


def _media(href: str) -> str:
    return MEDIA.get(Path(href).suffix[1:].lower(), "application/octet-stream")


def _feed(feed_id: str, title: str, updated: str, self_href: str, kind: str, publication: Publication,
          up: str | None) -> etree._Element:
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM, "dc": DC, "opds": OPDS})
    etree.SubElement(feed, f"{{{ATOM}}}id").text = urn("feed", feed_id)
    etree.SubElement(feed, f"{{{ATOM}}}title").text = title
    etree.SubElement(feed, f"{{{ATOM}}}updated").text = updated
    _authors(feed, [publication.publisher or title])
    _link(feed, "self", self_href, kind)
    root = "../" if up else ""
    _link(feed, "start", f"{root}catalog.xml", NAV_TYPE)
    _link(feed, "search", f"{root}opensearch.xml", "application/opensearchdescription+xml")
    if up:
        _link(feed, "up", up, NAV_TYPE)
    return feed


def _authors(parent, names: list[str]) -> None:
    for name in names:
        author = etree.SubElement(parent, f"{{{ATOM}}}author")
        etree.SubElement(author, f"{{{ATOM}}}name").text = name


def _entry_authors(item: ArchiveItem, publication: Publication, bylines: dict[str, str]) -> list[str]:
    """A bulletin's byline; a volume's the bylines of its bulletins; else the issuing body, else the title."""
    if item.kind == "volume":
        names = list(dict.fromkeys(bylines[s] for s in item.sources if s in bylines))
    else:
        names = [item.card["author"]] if item.card.get("author") else []
    return names or [publication.publisher or item.title]


def _link(parent, rel: str, href: str, kind: str, title: str | None = None) -> None:
    link = etree.SubElement(parent, f"{{{ATOM}}}link", rel=rel, href=href, type=kind)
    if title:
        link.set("title", title)


def _nav_entry(feed, entry_id: str, title: str, href: str, updated: str, summary: str, kind: str,
               rel: str = "subsection") -> None:
    entry = etree.SubElement(feed, f"{{{ATOM}}}entry")
    etree.SubElement(entry, f"{{{ATOM}}}title").text = title
    etree.SubElement(entry, f"{{{ATOM}}}id").text = urn("nav", entry_id)
    etree.SubElement(entry, f"{{{ATOM}}}updated").text = updated
    etree.SubElement(entry, f"{{{ATOM}}}content", type="text").text = summary
    _link(entry, rel, href, kind)


def _count_text(items: list[ArchiveItem], labels: dict[str, str]) -> str:
    """"12 bản tin, 1 tập": what a navigation entry leads to, in words."""
    bulletins = sum(1 for i in items if i.kind == "bulletin")
    volumes = len(items) - bulletins
    parts = [labels["bulletins_count"].format(count=bulletins)] if bulletins else []
    parts += [labels["volumes_count"].format(count=volumes)] if volumes else []
    return ", ".join(parts)


def _acquisition_entry(feed, item: ArchiveItem, publication: Publication, labels, profile_labels,
                       bylines: dict[str, str]) -> None:
    language = publication.language
    card = item.card
    entry = etree.SubElement(feed, f"{{{ATOM}}}entry")
    etree.SubElement(entry, f"{{{ATOM}}}title").text = item.title
    etree.SubElement(entry, f"{{{ATOM}}}id").text = urn(item.kind, *item.sources)
    etree.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(item.date)
    _authors(entry, _entry_authors(item, publication, bylines))
    etree.SubElement(entry, f"{{{DC}}}language").text = card.get("language") or language
    if publication.publisher:
        etree.SubElement(entry, f"{{{DC}}}publisher").text = publication.publisher
    if item.date:
        etree.SubElement(entry, f"{{{DC}}}issued").text = item.date
    if card.get("category"):
        etree.SubElement(entry, f"{{{ATOM}}}category", term=card["category"], label=card["category"])
    if item.kind == "volume":
        summary = ", ".join(filter(None, [item.period, labels["bulletins_count"].format(count=len(item.sources))]))
    else:
        summary = card.get("lead") or date_text(item.date, language)
    etree.SubElement(entry, f"{{{ATOM}}}summary", type="text").text = summary or item.title
    if item.image:
        _link(entry, "http://opds-spec.org/image", "../" + item.image, _media(item.image))
    if item.thumbnail:
        _link(entry, "http://opds-spec.org/image/thumbnail", "../" + item.thumbnail, _media(item.thumbnail))
    if item.read_href:
        _link(entry, "alternate", "../" + item.read_href, "text/html", labels["read"])
    for link in links_of(item, profile_labels, labels, language):
        _link(entry, "http://opds-spec.org/acquisition", "../" + link["href"], _media(link["href"]), link["text"])


def _write_xml(target: Path, root) -> Path:
    write_if_changed(target, etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))
    return target


def _newest_first(items: list[ArchiveItem]) -> list[ArchiveItem]:
    """Newest first; in one month its volumes before its bulletins."""
    return sorted(items, key=lambda i: (i.folder if i.folder != "undated" else "", i.kind == "volume",
                                        i.date or "", i.title), reverse=True)


def _write_acquisition(archive_dir: Path, name: str, title: str, items: list[ArchiveItem], up: str,
                       publication: Publication, labels, profile_labels, bylines: dict[str, str]) -> list[Path]:
    """`catalog/NAME.xml`, and `NAME-2.xml`… when there are more than `PAGE_SIZE` items (RFC 5005 paging)."""
    ordered = _newest_first(items)
    pages = [ordered[i:i + PAGE_SIZE] for i in range(0, len(ordered), PAGE_SIZE)] or [[]]
    hrefs = [f"{name}.xml" if n == 0 else f"{name}-{n + 1}.xml" for n in range(len(pages))]
    written = []
    for n, members in enumerate(pages):
        feed = _feed(name if n == 0 else f"{name}-{n + 1}", title, _last(items), hrefs[n], ACQ_TYPE, publication, up)
        if len(pages) > 1:
            _link(feed, "first", hrefs[0], ACQ_TYPE)
            _link(feed, "last", hrefs[-1], ACQ_TYPE)
            if n > 0:
                _link(feed, "previous", hrefs[n - 1], ACQ_TYPE)
            if n < len(pages) - 1:
                _link(feed, "next", hrefs[n + 1], ACQ_TYPE)
        for item in members:
            _acquisition_entry(feed, item, publication, labels, profile_labels, bylines)
        written.append(_write_xml(archive_dir / "catalog" / hrefs[n], feed))
    return written


def write_catalog(archive_dir: Path, listing: Listing) -> list[Path]:
    """The catalog's feeds and the OpenSearch description; returns the files it consists of (a file that
    would not change is not written again)."""
    publication, labels, profile_labels, items = listing.publication, listing.labels, listing.profile_labels, \
        listing.items
    bylines = {i.sources[0]: i.card["author"] for i in items if i.kind == "bulletin" and i.card.get("author")}
    root = _feed("root", listing.context["title"], _last(items), "catalog.xml", NAV_TYPE, publication, None)
    written = []
    if items:
        newest = _newest_first([i for i in items if i.kind == "bulletin"])[:NEWEST]
        _nav_entry(root, "new", labels["newest"], "catalog/new.xml", _last(items), _count_text(newest, labels),
                   ACQ_TYPE, rel="http://opds-spec.org/sort/new")
        written += _write_acquisition(archive_dir, "new", labels["newest"], newest, "../catalog.xml", publication,
                                      labels, profile_labels, bylines)
    for year in listing.context["years"]:
        year_items = [item for group in year["groups"] for item in items_in(group)]
        _nav_entry(root, year["name"], year["label"], f"catalog/{year['name']}.xml", _last(year_items),
                   _count_text(year_items, labels), NAV_TYPE)
        written += _write_year(archive_dir, year, year_items, publication, labels, profile_labels, bylines)
    written.insert(0, _write_xml(archive_dir / "catalog.xml", root))
    written.append(write_opensearch(archive_dir, publication, labels))
    return written


def _write_year(archive_dir: Path, year, year_items, publication, labels, profile_labels,
                bylines: dict[str, str]) -> list[Path]:
    nav = _feed(year["name"], year["label"], _last(year_items), f"{year['name']}.xml", NAV_TYPE, publication,
                "../catalog.xml")
    written = []
    for group in year["groups"]:
        members = items_in(group)
        # a group named like its year (a year's volumes, the undated ones) must not overwrite the year's feed
        name = group["id"] if group["id"] != year["name"] else f"{group['id']}-all"
        written += _write_acquisition(archive_dir, name, group["label"], members, f"{year['name']}.xml",
                                      publication, labels, profile_labels, bylines)
        _nav_entry(nav, name, group["label"], f"{name}.xml", _last(members), _count_text(members, labels), ACQ_TYPE)
    written.insert(0, _write_xml(archive_dir / "catalog" / f"{year['name']}.xml", nav))
    return written


def write_opensearch(archive_dir: Path, publication: Publication, labels: dict[str, str]) -> Path:
    """`opensearch.xml`: lets browsers and reader apps search the archive through the reading room."""
    root = etree.Element(f"{{{OPENSEARCH}}}OpenSearchDescription", nsmap={None: OPENSEARCH})
    etree.SubElement(root, f"{{{OPENSEARCH}}}ShortName").text = labels["archive"][:16]
    etree.SubElement(root, f"{{{OPENSEARCH}}}Description").text = labels["opensearch"] + (
        f" — {publication.publisher}" if publication.publisher else "")
    etree.SubElement(root, f"{{{OPENSEARCH}}}InputEncoding").text = "UTF-8"
    etree.SubElement(root, f"{{{OPENSEARCH}}}Language").text = publication.language
    etree.SubElement(root, f"{{{OPENSEARCH}}}Url", type="text/html", template="index.html?q={searchTerms}")
    return _write_xml(archive_dir / "opensearch.xml", root)
