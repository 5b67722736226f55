"""What readers browse: `index.html` (volumes and bulletins by date, every format and profile) and
an OPDS 1.2 catalog (`catalog.xml` → year → month) that e-reader apps open from any static server.

Both are made from the manifest's entries only, so they describe exactly what the archive holds.
Times in the catalog come from the bulletins' dates, never from the clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
import time
import uuid
from dataclasses import dataclass, field
from email.utils import formatdate
from pathlib import Path
from typing import Any

from lxml import etree

from ..atomic import atomic_path
from ..dates import format_date
from ..render.layouts import load_layout
from ..render.profiles import load_profiles
from .publication import Publication

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/terms/"
OPDS = "http://opds-spec.org/2010/catalog"
NAV_TYPE = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQ_TYPE = "application/atom+xml;profile=opds-catalog;kind=acquisition"
MEDIA = {"pdf": "application/pdf", "epub": "application/epub+zip", "pef": "application/x-pef+xml",
         "brf": "text/plain", "mp3": "audio/mpeg"}
UNDATED = "undated"


@dataclass
class ArchiveItem:
    """A row of the index: one bulletin or volume with all its files (formats, profiles)."""

    kind: str
    title: str
    date: str | None
    period: str | None
    sources: tuple[str, ...]
    files: list[dict[str, Any]] = field(default_factory=list)

    @property
    def folder(self) -> str:
        """"2024/04" (or "2024" for a volume of a year, "undated")."""
        if self.kind == "volume":
            stem = Path(self.files[0]["path"]).name.split(".")[0]
            return stem.replace("-", "/")
        parent = Path(self.files[0]["path"]).parent.as_posix()
        return parent


def group_items(entries: list[dict[str, Any]]) -> list[ArchiveItem]:
    items: dict[tuple, ArchiveItem] = {}
    for entry in entries:
        key = (entry["kind"], tuple(entry["sources"]))
        item = items.setdefault(key, ArchiveItem(entry["kind"], entry["title"], entry["date"], entry["period"],
                                                      key[1]))
        item.files.append(entry)
    return sorted(items.values(), key=lambda i: (i.date or "9999", i.kind != "volume", i.title))


def _labels(publication: Publication) -> tuple[dict[str, str], dict[str, str]]:
    """Layout labels and each profile's label, in the publication's language."""
    layout = load_layout("volume")
    profiles = load_profiles(load_layout(publication.layout).profile_files)
    return layout.label(publication.language), {p.name: p.label_in(publication.language) for p in profiles.profiles}


def _links(item: ArchiveItem, profile_labels: dict[str, str], labels: dict[str, str]) -> list[dict[str, str]]:
    links = []
    for entry in sorted(item.files, key=lambda e: (list(profile_labels).index(e["profile"])
                                                  if e["profile"] in profile_labels else 99, e["format"])):
        parts = [entry["format"].upper(), profile_labels.get(entry["profile"], entry["profile"])]
        if entry["pages"] and entry["format"] == "pdf":
            parts.append(labels["pages_count"].format(pages=entry["pages"]))
        links.append({"href": entry["path"], "text": ", ".join(parts), "audio": entry["format"] == "mp3"})
    return links


def _date_text(date: str | None, language: str) -> str:
    return format_date(dt.date.fromisoformat(date), language) if date else ""


def index_context(entries: list[dict[str, Any]], publication: Publication) -> dict[str, Any]:
    labels, profile_labels = _labels(publication)
    years: dict[str, dict[str, Any]] = {}
    for item in group_items(entries):
        year_name = item.folder.split("/")[0]
        year = years.setdefault(year_name, {"name": year_name, "groups": {}, "label": year_name if year_name !=
                                            UNDATED else labels["undated"]})
        group = year["groups"].setdefault(item.folder, {"id": item.folder.replace("/", "-"), "volumes": [],
                                                        "bulletins": [], "label": _group_label(item.folder, labels)})
        row = {"title": item.title, "date": item.date, "period": item.period,
               "date_text": _date_text(item.date, publication.language),
               "links": _links(item, profile_labels, labels)}
        group["volumes" if item.kind == "volume" else "bulletins"].append(row)
    # newest first: years, then months, then items (the undated ones last)
    ordered = [dict(y, groups=[dict(g, volumes=g["volumes"][::-1], bulletins=g["bulletins"][::-1])
                               for g in (y["groups"][k] for k in sorted(y["groups"], reverse=True))])
               for _, y in sorted(years.items(), key=lambda pair: (pair[0] != UNDATED, pair[0]), reverse=True)]
    title = labels["archive"] + (f" — {publication.publisher}" if publication.publisher else "")
    return {"years": ordered, "labels": labels, "language": publication.language, "title": title,
            "publisher": publication.publisher}


def _group_label(folder: str, labels: dict[str, str]) -> str:
    if folder == UNDATED:
        return labels["undated"]
    parts = folder.split("/")
    if len(parts) == 2:
        return labels["month"].format(year=parts[0], month=int(parts[1]))
    return labels["year"].format(year=parts[0])


def write_index(archive_dir: Path, entries: list[dict[str, Any]], publication: Publication,
                failures: list[tuple[str, str]] = ()) -> Path:
    layout = load_layout("volume")
    context = index_context(entries, publication)
    context["failures"] = [{"name": name, "reason": reason} for name, reason in failures]
    html = layout.render(layout.template_for("archive_index"), context)
    target = archive_dir / "index.html"
    with atomic_path(target) as tmp:
        tmp.write_text(html, encoding="utf-8")
    return target


# OPDS --------------------------------------------------------------------------------------------

def _urn(*parts: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, "bantin:" + "/".join(parts)).urn


def _stamp(date: str | None) -> str:
    return f"{date or '2000-01-01'}T00:00:00Z"


def _feed(feed_id: str, title: str, updated: str, self_href: str, kind: str, publication: Publication,
          up: str | None) -> etree._Element:
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM, "dc": DC, "opds": OPDS})
    etree.SubElement(feed, f"{{{ATOM}}}id").text = _urn("feed", feed_id)
    etree.SubElement(feed, f"{{{ATOM}}}title").text = title
    etree.SubElement(feed, f"{{{ATOM}}}updated").text = updated
    author = etree.SubElement(feed, f"{{{ATOM}}}author")
    etree.SubElement(author, f"{{{ATOM}}}name").text = publication.publisher or "bantin"
    _link(feed, "self", self_href, kind)
    _link(feed, "start", "../catalog.xml" if up else "catalog.xml", NAV_TYPE)
    if up:
        _link(feed, "up", up, NAV_TYPE)
    return feed


def _link(parent, rel: str, href: str, kind: str, title: str | None = None) -> None:
    link = etree.SubElement(parent, f"{{{ATOM}}}link", rel=rel, href=href, type=kind)
    if title:
        link.set("title", title)


def _nav_entry(feed, entry_id: str, title: str, href: str, updated: str, summary: str, kind: str) -> None:
    entry = etree.SubElement(feed, f"{{{ATOM}}}entry")
    etree.SubElement(entry, f"{{{ATOM}}}title").text = title
    etree.SubElement(entry, f"{{{ATOM}}}id").text = _urn("nav", entry_id)
    etree.SubElement(entry, f"{{{ATOM}}}updated").text = updated
    etree.SubElement(entry, f"{{{ATOM}}}content", type="text").text = summary
    _link(entry, "subsection", href, kind)


def _acquisition_entry(feed, item: ArchiveItem, publication: Publication, labels, profile_labels) -> None:
    entry = etree.SubElement(feed, f"{{{ATOM}}}entry")
    etree.SubElement(entry, f"{{{ATOM}}}title").text = item.title
    etree.SubElement(entry, f"{{{ATOM}}}id").text = _urn(item.kind, *item.sources)
    etree.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(item.date)
    author = etree.SubElement(entry, f"{{{ATOM}}}author")
    etree.SubElement(author, f"{{{ATOM}}}name").text = publication.publisher or "bantin"
    etree.SubElement(entry, f"{{{DC}}}language").text = publication.language
    if item.date:
        etree.SubElement(entry, f"{{{DC}}}issued").text = item.date
    summary = item.period if item.kind == "volume" and item.period else _date_text(item.date, publication.language)
    etree.SubElement(entry, f"{{{ATOM}}}summary", type="text").text = summary or item.title
    for link in _links(item, profile_labels, labels):
        media = MEDIA.get(Path(link["href"]).suffix[1:], "application/octet-stream")
        _link(entry, "http://opds-spec.org/acquisition", "../" + link["href"], media, link["text"])


def _write_xml(target: Path, feed) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_bytes(etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True))
    return target


def write_catalog(archive_dir: Path, entries: list[dict[str, Any]], publication: Publication) -> list[Path]:
    """`catalog.xml` (years), `catalog/YYYY.xml` (months), `catalog/YYYY-MM.xml` (volumes and bulletins)."""
    labels, profile_labels = _labels(publication)
    context = index_context(entries, publication)
    items = group_items(entries)
    last = max((i.date for i in items if i.date), default=None)
    root = _feed("root", context["title"], _stamp(last), "catalog.xml", NAV_TYPE, publication, None)
    root.find(f"{{{ATOM}}}link[@rel='start']").set("href", "catalog.xml")
    written = []
    for year in context["years"]:
        year_items = [i for i in items if i.folder.split("/")[0] == year["name"]]
        year_last = _stamp(max((i.date for i in year_items if i.date), default=None))
        href = f"catalog/{year['name']}.xml"
        _nav_entry(root, year["name"], year["label"], href, year_last, f"{len(year_items)}", NAV_TYPE)
        written += _write_year(archive_dir, year, year_items, publication, labels, profile_labels)
    written.insert(0, _write_xml(archive_dir / "catalog.xml", root))
    return written


def _write_year(archive_dir: Path, year, year_items, publication, labels, profile_labels) -> list[Path]:
    nav = _feed(year["name"], year["label"], _stamp(max((i.date for i in year_items if i.date), default=None)),
                f"{year['name']}.xml", NAV_TYPE, publication, "../catalog.xml")
    written = []
    for group in year["groups"]:
        members = [i for i in year_items if i.folder.replace("/", "-") == group["id"]]
        # a group named like its year (a year's volumes, the undated ones) must not overwrite the year's feed
        name = group["id"] if group["id"] != year["name"] else f"{group['id']}-all"
        updated = _stamp(max((i.date for i in members if i.date), default=None))
        feed = _feed(name, group["label"], updated, f"{name}.xml", ACQ_TYPE, publication, f"{year['name']}.xml")
        for item in members:
            _acquisition_entry(feed, item, publication, labels, profile_labels)
        written.append(_write_xml(archive_dir / "catalog" / f"{name}.xml", feed))
        _nav_entry(nav, name, group["label"], f"{name}.xml", updated, f"{len(members)}", ACQ_TYPE)
    written.insert(0, _write_xml(archive_dir / "catalog" / f"{year['name']}.xml", nav))
    return written


def write_podcast(archive_dir: Path, entries: list[dict[str, Any]], publication: Publication) -> Path | None:
    """`podcast.xml`: an RSS 2.0 feed of the spoken editions (newest first) a loudspeaker operator subscribes
    to; enclosures are relative to the feed, as everything in a static archive. None when there is no audio."""
    labels, _ = _labels(publication)
    items = [(item, entry) for item in group_items(entries) for entry in item.files if entry["format"] == "mp3"]
    if not items:
        return None
    rss = etree.Element("rss", version="2.0")
    channel = etree.SubElement(rss, "channel")
    etree.SubElement(channel, "title").text = labels["archive"] + (f" — {publication.publisher}"
                                                                    if publication.publisher else "")
    etree.SubElement(channel, "link").text = "index.html"
    etree.SubElement(channel, "description").text = labels["podcast"]
    etree.SubElement(channel, "language").text = publication.language
    for item, entry in sorted(items, key=lambda pair: (pair[0].date or "", pair[1]["path"]), reverse=True):
        node = etree.SubElement(channel, "item")
        etree.SubElement(node, "title").text = item.title
        etree.SubElement(node, "guid", isPermaLink="false").text = _urn("audio", entry["path"])
        if item.date:
            etree.SubElement(node, "pubDate").text = formatdate(
                calendar.timegm(time.strptime(item.date, "%Y-%m-%d")), usegmt=True)
        etree.SubElement(node, "enclosure", url=entry["path"], length=str(entry["bytes"]), type="audio/mpeg")
    target = archive_dir / "podcast.xml"
    with atomic_path(target) as tmp:
        tmp.write_bytes(etree.tostring(rss, xml_declaration=True, encoding="utf-8", pretty_print=True))
    return target
