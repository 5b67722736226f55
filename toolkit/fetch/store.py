"""The source folder `bantin fetch` fills, and its record of where everything came from.

    SOURCES/2024/03/2024-03-09-bach-thong-trien-khai-tiem-chung.html         the article page
    SOURCES/2024/03/2024-03-09-bach-thong-trien-khai-tiem-chung.files/       its images
    SOURCES/.bantin-fetch.json                                               the record (this module)

Pages are filed by date like the archive they become, so a folder of years stays browsable; the
images sit beside their page, inside the page's folder, where the image policy looks for them. The
record is a dot-file: `bantin archive` skips hidden files, so it is never taken for a source. It holds,
per article address, the saved path, when it was fetched, the ETag and Last-Modified the site sent,
the SHA-256 of the body, and the same for each image; and per list (feed, sitemap, listing page) its
validators and the entries it gave, so an unchanged list costs one 304.

A name is never taken from a file bantin did not write: a user's file with the same name keeps its
name and the article gets the next free `-2`, `-3` … (reported by the caller).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..atomic import atomic_path

INDEX_NAME = ".bantin-fetch.json"
FILES_SUFFIX = ".files"
INDEX_VERSION = 1
MAX_SLUG = 60


@dataclass
class Saved:
    """One saved document: where it is (relative to the folder) and what the site said of it."""

    path: str
    sha256: str
    fetched_at: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class Article(Saved):
    title: str = ""
    date: str | None = None
    #: "ok", or "gone" once the site answers 404 or 410 (the copy is kept).
    status: str = "ok"
    images: dict[str, Saved] = field(default_factory=dict)


@dataclass
class Listed:
    """A list document (feed, sitemap, listing page) and the entries it gave."""

    etag: str | None = None
    last_modified: str | None = None
    entries: list[list[str | None]] = field(default_factory=list)
    more: list[str] = field(default_factory=list)


@dataclass
class Store:
    root: Path
    articles: dict[str, Article] = field(default_factory=dict)
    lists: dict[str, Listed] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path) -> Store:
        path = root / INDEX_NAME
        if not path.is_file():
            return cls(root)
        data = json.loads(path.read_text(encoding="utf-8"))
        articles = {url: _article(value) for url, value in data.get("articles", {}).items()}
        lists = {url: Listed(**value) for url, value in data.get("lists", {}).items()}
        return cls(root, articles, lists)

    def save(self) -> None:
        data = {"version": INDEX_VERSION, "articles": {url: asdict(a) for url, a in sorted(self.articles.items())},
                "lists": {url: asdict(item) for url, item in sorted(self.lists.items())}}
        with atomic_path(self.root / INDEX_NAME) as tmp:
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    def ours(self) -> set[str]:
        """Every path (relative, POSIX) bantin saved here: pages, their image folders and images."""
        paths = set()
        for article in self.articles.values():
            paths |= {article.path, files_dir(article.path), *(image.path for image in article.images.values())}
        return paths

    def place(self, date: dt.date, title: str) -> tuple[str, bool]:
        """(path for a new article, True if its natural name was taken by a file that is not ours)."""
        stem = f"{date:%Y-%m-%d}-{slug(title) or 'bai-viet'}"
        folder = f"{date:%Y}/{date:%m}"
        ours, number = self.ours(), 1
        while True:
            name = stem if number == 1 else f"{stem}-{number}"
            candidate = f"{folder}/{name}.html"
            if not self._taken(candidate, ours):
                return candidate, number > 1
            number += 1

    def _taken(self, candidate: str, ours: set[str]) -> bool:
        """Taken by anything: a file or folder of the user's, or another article of ours."""
        return candidate in ours or (self.root / candidate).exists() or (self.root / files_dir(candidate)).exists()


def _article(value: dict) -> Article:
    images = {url: Saved(**image) for url, image in value.pop("images", {}).items()}
    return Article(**value, images=images)


def files_dir(page_path: str) -> str:
    """The folder of a page's images: `x.html` → `x.files`."""
    return page_path.removesuffix(".html") + FILES_SUFFIX


def slug(text: str, limit: int = MAX_SLUG) -> str:
    """ASCII words joined by hyphens, Vietnamese letters without their marks: “Bạch Thông” → `bach-thong`."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    words = re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split()
    result = ""
    for word in words:
        if len(result) + len(word) + 1 > limit:
            break
        result = f"{result}-{word}" if result else word
    return result or "-".join(words)[:limit]


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
