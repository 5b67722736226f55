"""The archive's reading room: `index.html` (cards, search, filters, the size toolbar) and the shared
`assets/` every reading page links (size stylesheets, scripts, fonts, the search index).

Static files only, relative links only: the archive reads the same from a USB stick (file://) as from
a web server. Search runs in the browser (MiniSearch, vendored in the volume layout's assets).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..atomic import write_if_changed
from ..paths import FONTS_DIR
from ..render.layouts import load_layout
from ..render.profiles import load_profiles
from ..render.settings import BuildOptions, resolve
from ..render.stylesheets import epub_stylesheet_text
from .index import UNDATED, Listing
from .publication import Publication

ASSETS = "assets"
#: Copied as they are from the volume layout's `assets/` folder.
STATIC_ASSETS = ("reading.css", "reading.js", "search.js", "minisearch.js", "LICENSE-minisearch.txt")
FONTS = ("NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "OFL.txt")


def write_reading_room(archive_dir: Path, listing: Listing, failures: list[tuple[str, str]] = ()) -> list[Path]:
    """Write the index page and the assets; returns every file of the reading room (a file that would not
    change is not written again)."""
    assets = archive_dir / ASSETS
    written = _copy_static(assets) + _size_assets(assets, listing.publication, listing.entries)
    written.append(_write_text(assets / "search-index.js", _search_index(listing)))
    years = listing.context["years"]
    context = dict(listing.context, failures=[{"name": name, "reason": reason} for name, reason in failures],
                   periods=_periods(years),
                   categories=sorted({row["category"] for year in years for group in year["groups"]
                                      for row in group["bulletins"] if row["category"]}),
                   podcast=any(entry["format"] == "mp3" for entry in listing.entries))
    layout = load_layout("volume")
    written.insert(0, _write_text(archive_dir / "index.html",
                                  layout.render(layout.template_for("archive_index"), context)))
    return written


def _write_text(target: Path, text: str) -> Path:
    write_if_changed(target, text.encode("utf-8"))
    return target


def _copy(source: Path, target: Path) -> Path:
    write_if_changed(target, source.read_bytes())  # an unchanged file keeps its time
    return target


def _copy_static(assets: Path) -> list[Path]:
    layout = load_layout("volume")
    written = [_copy(layout.find(f"{ASSETS}/{name}"), assets / name) for name in STATIC_ASSETS]
    return written + [_copy(FONTS_DIR / name, assets / "fonts" / name) for name in FONTS]


def _size_assets(assets: Path, publication: Publication, entries: list[dict[str, Any]]) -> list[Path]:
    """`size-NAME.css` for every profile (the EPUB's stylesheet at that size) and `sizes.js`, which the
    toolbar steps through."""
    base = BuildOptions(layout=publication.layout, page_size=publication.page_size, language=publication.language)
    profiles = load_profiles(resolve(base).layout.profile_files)
    written = []
    for profile in profiles.profiles:
        settings = resolve(BuildOptions(size=profile.name, layout=publication.layout,
                                        page_size=publication.page_size, language=publication.language))
        written.append(_write_text(assets / f"size-{profile.name}.css",
                                   epub_stylesheet_text(settings, publication.language)))
    built = [name for name in (p.name for p in profiles.profiles)
             if any(e["profile"] == name for e in entries)] or [profiles.default]
    sizes = {"names": [p.name for p in profiles.profiles], "default": profiles.default, "built": built,
             "labels": {p.name: p.label_in(publication.language) for p in profiles.profiles},
             "scale": {p.name: round(p.body_pt / 12, 3) for p in profiles.profiles},
             "font": {p.name: p.font for p in profiles.profiles}}
    layout = load_layout("volume")
    written.append(_write_text(assets / "sizes.js", layout.render(f"{ASSETS}/sizes.js.j2", {"sizes": sizes})))
    return written


def _search_index(listing: Listing) -> str:
    """The documents MiniSearch indexes in the browser, as a script (a JSON file cannot be read from file://)."""
    docs = []
    for item in listing.items:
        card = item.card
        docs.append({"id": item.id, "title": item.title, "lead": card.get("lead") or item.period or "",
                     "text": card.get("text", ""), "author": card.get("author", ""),
                     "category": card.get("category", "")})
    return "window.BANTIN_DOCS = " + json.dumps(docs, ensure_ascii=False, separators=(",", ":")) + ";\n"


def _periods(years: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The period filter's options: each year, then its months."""
    options = []
    for year in years:
        options.append({"value": year["name"], "label": year["label"]})
        options += [{"value": group["id"], "label": "— " + group["label"]} for group in year["groups"]
                    if group["id"] != year["name"] and year["name"] != UNDATED]
    return options
