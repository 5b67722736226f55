"""What an archive holds, as readers browse it: its items (a bulletin or volume with every format and
profile, and a bulletin's reading page and card), grouped by year and month, newest first; and the
podcast feed of its spoken editions. The reading room (`reading_room.py`) and the OPDS catalog
(`opds.py`) are drawn from these.

Everything is made from the manifest's entries only, so it describes exactly what the archive holds.
Times come from the bulletins' dates, never from the clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import time
import uuid
from dataclasses import dataclass, field
from email.utils import formatdate
from pathlib import Path
from typing import Any

from lxml import etree

from ..atomic import write_if_changed
from ..dates import format_date
from ..render.layouts import load_layout
from ..render.profiles import load_profiles
from .publication import Publication

UNDATED = "undated"


@dataclass
class ArchiveItem:
    """One bulletin or volume with all its files (formats, profiles) and, for a bulletin, its reading page
    and the card the page's job made (lead, byline, category, thumbnail, text)."""

    kind: str
    title: str
    date: str | None
    period: str | None
    sources: tuple[str, ...]
    files: list[dict[str, Any]] = field(default_factory=list)
    page: dict[str, Any] | None = None

    @property
    def card(self) -> dict[str, Any]:
        return (self.page or {}).get("card") or {}

    @property
    def folder(self) -> str:
        """"2024/04" (or "2024" for a volume of a year, "undated")."""
        first = (self.files or [self.page])[0]
        if self.kind == "volume":
            stem = Path(first["path"]).name.split(".")[0]
            return stem.replace("-", "/")
        return Path(first["path"]).parent.as_posix()

    @property
    def id(self) -> str:
        """A stable HTML id: the same sources always give the same id."""
        return f"{self.kind[0]}-{hashlib.sha256(chr(0).join(self.sources).encode()).hexdigest()[:12]}"

    @property
    def read_href(self) -> str | None:
        return self.page["path"] if self.page else None

    @property
    def thumbnail(self) -> str | None:
        """The thumbnail's path in the archive."""
        name = self.card.get("thumbnail")
        return f"{Path(self.page['path']).parent.as_posix()}/{name}" if self.page and name else None

    @property
    def image(self) -> str | None:
        """The first picture's path in the archive (the OPDS cover)."""
        name = self.card.get("image")
        return f"{Path(self.page['path']).parent.as_posix()}/{name}" if self.page and name else None


def group_items(entries: list[dict[str, Any]]) -> list[ArchiveItem]:
    """The archive's items, oldest first (the reading room and feeds turn them round)."""
    items: dict[tuple, ArchiveItem] = {}
    for entry in entries:
        if entry["format"] == "image":
            continue
        kind = "bulletin" if entry["kind"] == "page" else entry["kind"]
        key = (kind, tuple(entry["sources"]))
        item = items.setdefault(key, ArchiveItem(kind, entry["title"], entry["date"], entry["period"], key[1]))
        if entry["kind"] == "page":
            item.page = entry
        else:
            item.files.append(entry)
    return sorted(items.values(), key=lambda i: (i.date or "9999", i.kind != "volume", i.title))


def labels_of(publication: Publication) -> tuple[dict[str, str], dict[str, str]]:
    """Layout labels and each profile's label, in the publication's language."""
    layout = load_layout("volume")
    profiles = load_profiles(load_layout(publication.layout).profile_files)
    return layout.label(publication.language), {p.name: p.label_in(publication.language) for p in profiles.profiles}


def size_text(size: int, language: str) -> str:
    """"1,2 MB" in Vietnamese (decimal comma), "1.2 MB" in English."""
    value, unit = (size / 1024**2, "MB") if size >= 1024**2 else (max(1, round(size / 1024)), "KB")
    text = f"{value:.1f}" if unit == "MB" else str(value)
    return (text.replace(".", ",") if language == "vi" else text) + f" {unit}"


def links_of(item: ArchiveItem, profile_labels: dict[str, str], labels: dict[str, str],
             language: str) -> list[dict[str, Any]]:
    """The downloads of an item: each format of each profile, smallest profile first."""
    links = []
    order = list(profile_labels)
    for entry in sorted(item.files, key=lambda e: (order.index(e["profile"]) if e["profile"] in order else 99,
                                                  e["format"])):
        parts = [entry["format"].upper(), profile_labels.get(entry["profile"], entry["profile"])]
        if entry["pages"] and entry["format"] == "pdf":
            parts.append(labels["pages_count"].format(pages=entry["pages"]))
        parts.append(size_text(entry["bytes"], language))
        links.append({"href": entry["path"], "text": " · ".join(parts), "audio": entry["format"] == "mp3",
                      "profile": entry["profile"], "format": entry["format"]})
    return links


def date_text(date: str | None, language: str) -> str:
    return format_date(dt.date.fromisoformat(date), language) if date else ""


@dataclass(frozen=True)
class Listing:
    """What the reading room, the OPDS catalog and the podcast feed are drawn from, worked out once per run:
    the manifest's entries, the items they make, the labels, and the years of `index_context`."""

    publication: Publication
    entries: list[dict[str, Any]]
    items: list[ArchiveItem]
    labels: dict[str, str]
    profile_labels: dict[str, str]
    context: dict[str, Any]


def listing_of(entries: list[dict[str, Any]], publication: Publication) -> Listing:
    labels, profile_labels = labels_of(publication)
    items = group_items(entries)
    return Listing(publication, entries, items, labels, profile_labels,
                   index_context(items, publication, labels, profile_labels))


def index_context(items: list[ArchiveItem], publication: Publication, labels: dict[str, str],
                  profile_labels: dict[str, str]) -> dict[str, Any]:
    """Years, then months, then volumes and bulletins, newest first (the undated ones last)."""
    language = publication.language
    years: dict[str, dict[str, Any]] = {}
    for item in items:
        year_name = item.folder.split("/")[0]
        year_label = labels["year"].format(year=year_name) if year_name != UNDATED else labels["undated"]
        year = years.setdefault(year_name, {"name": year_name, "groups": {}, "label": year_label})
        group = year["groups"].setdefault(item.folder, {"id": item.folder.replace("/", "-"), "volumes": [],
                                                        "bulletins": [], "label": _group_label(item.folder, labels)})
        card = item.card
        row = {"id": item.id, "kind": item.kind, "title": item.title, "date": item.date, "period": item.period,
               "period_key": item.folder.replace("/", "-"), "date_text": date_text(item.date, language),
               "lead": card.get("lead", ""), "author": card.get("author", ""), "category": card.get("category", ""),
               "thumbnail": item.thumbnail, "read_href": item.read_href,
               "count": labels["bulletins_count"].format(count=len(item.sources)) if item.kind == "volume" else "",
               "links": links_of(item, profile_labels, labels, language), "item": item}
        group["volumes" if item.kind == "volume" else "bulletins"].append(row)
    ordered = [dict(y, groups=[dict(g, volumes=g["volumes"][::-1], bulletins=g["bulletins"][::-1])
                               for g in (y["groups"][k] for k in sorted(y["groups"], reverse=True))])
               for _, y in sorted(years.items(), key=lambda pair: (pair[0] != UNDATED, pair[0]), reverse=True)]
    title = labels["archive"] + (f" — {publication.publisher}" if publication.publisher else "")
    return {"years": ordered, "labels": labels, "language": language, "title": title,
            "publisher": publication.publisher}


def items_in(group: dict[str, Any]) -> list[ArchiveItem]:
    """The items of one month (or year) of `index_context`."""
    return [row["item"] for row in group["volumes"] + group["bulletins"]]


def _group_label(folder: str, labels: dict[str, str]) -> str:
    if folder == UNDATED:
        return labels["undated"]
    parts = folder.split("/")
    if len(parts) == 2:
        return labels["month"].format(year=parts[0], month=int(parts[1]))
    return labels["year"].format(year=parts[0])


def urn(*parts: str) -> str:
    """A stable URN for a feed, entry or file: the same parts always give the same id."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "bantin:" + "/".join(parts)).urn


def write_podcast(archive_dir: Path, listing: Listing) -> Path | None:
    """`podcast.xml`: an RSS 2.0 feed of the spoken editions (newest first) a loudspeaker operator subscribes
    to; enclosures are relative to the feed, as everything in a static archive. None when there is no audio."""
    publication, labels = listing.publication, listing.labels
    items = [(item, entry) for item in listing.items for entry in item.files if entry["format"] == "mp3"]
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
        etree.SubElement(node, "guid", isPermaLink="false").text = urn("audio", entry["path"])
        if item.date:
            etree.SubElement(node, "pubDate").text = formatdate(
                calendar.timegm(time.strptime(item.date, "%Y-%m-%d")), usegmt=True)
        etree.SubElement(node, "enclosure", url=entry["path"], length=str(entry["bytes"]), type="audio/mpeg")
    target = archive_dir / "podcast.xml"
    write_if_changed(target, etree.tostring(rss, xml_declaration=True, encoding="utf-8", pretty_print=True))
    return target
