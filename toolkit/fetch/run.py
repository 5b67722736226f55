"""One `bantin fetch`: gather the lists, then fetch, check and save each article, one failure failing alone.

1. The addresses: given ones, then the entries of each feed, sitemap and listing page (`lists`),
   filtered by date and counted by `limit`. An unchanged list costs one 304: its entries are remembered.
2. Each article: a conditional request when it was saved before (ETag, Last-Modified; the SHA-256 of
   the body when the site sends neither), so a rerun transfers no unchanged page. A new or changed page
   is hardened and read as `bantin build` would (`page`), its images fetched from its own site and
   checked by the image policy, and written atomically with its images; the record (`store`) after it.
3. An article the site no longer has (404, 410) keeps its copy and is reported as gone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..atomic import atomic_path
from ..errors import ConfigError, ConfigProblem, FetchError
from ..i18n import _
from . import lists, page
from .client import Client, ClientSettings, Fetched, Logged, Validators
from .policy import UrlPolicy, resolve, scheme_problem
from .store import Article, Listed, Saved, Store, files_dir, now, slug

#: `progress(done, total, name)`, as the CLI's progress bar takes it.
Progress = Callable[[int, int, str], None]
#: Sitemaps an index may lead to in one run.
MAX_SITEMAPS = 50
GONE = (404, 410)


@dataclass(frozen=True)
class FetchOptions:
    output: Path
    urls: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    #: Shell-style pattern of article addresses on listing pages (and, if given, in sitemaps).
    follow: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    limit: int | None = None
    allowed_hosts: tuple[str, ...] = ()
    #: Listing pages followed from each --list address.
    max_pages: int = 20
    client: ClientSettings = field(default_factory=ClientSettings)

    @property
    def starts(self) -> tuple[str, ...]:
        return (*self.urls, *self.feeds, *self.sitemaps, *self.listings)

    def problems(self) -> list[str]:
        """Every option that cannot work, all at once."""
        found = []
        if not self.starts:
            found.append(ConfigProblem("urls", _("give article addresses, or --feed, --sitemap or --list")))
        if self.listings and not self.follow:
            found.append(ConfigProblem("listings", _("--list needs --follow PATTERN (the address shape of articles)")))
        if self.output.exists() and not self.output.is_dir():
            found.append(ConfigProblem("output", _("{path} is a file, not a folder").format(path=self.output)))
        if self.since and self.until and self.since > self.until:
            found.append(ConfigProblem("since", _("--since is after --until")))
        if self.limit is not None and self.limit < 1:
            found.append(ConfigProblem("limit", _("{value} is not a number of articles (1 or more)").format(
                value=self.limit)))
        return found


@dataclass
class FetchReport:
    saved: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    failures: list[FetchError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    requests: list[Logged] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def fetch(options: FetchOptions, progress: Progress | None = None, resolver=resolve) -> FetchReport:
    """Fetch every article `options` name into `options.output`; never raises for one address."""
    if problems := options.problems():
        raise ConfigError(problems)
    options.output.mkdir(parents=True, exist_ok=True)
    store, report = Store.load(options.output), FetchReport()
    policy = UrlPolicy.starting_at(options.starts, options.allowed_hosts, resolver)
    client = Client(options.client, policy)
    try:
        entries = _chosen(_gather(client, store, options, report), store, options)
        for done, entry in enumerate(entries):
            if progress:
                progress(done, len(entries), entry.url)
            try:
                _fetch_article(client, store, entry, options, report)
            except FetchError as exc:
                report.failures.append(exc)
        if progress:
            progress(len(entries), len(entries), "")
    finally:
        store.save()
        report.requests = client.log
    return report


# --- 1. the addresses ------------------------------------------------------------------------------

def _gather(client: Client, store: Store, options: FetchOptions, report: FetchReport) -> list[lists.Entry]:
    found = [lists.Entry(url) for url in options.urls]
    sources = ([(url, _feed) for url in options.feeds] + [(url, _sitemap) for url in options.sitemaps]
               + [(url, _listing) for url in options.listings])
    for url, gather in sources:
        try:
            found += gather(client, store, url, options)
        except FetchError as exc:
            report.failures.append(exc)
    return list({entry.url: entry for entry in reversed(found)}.values())[::-1]  # first mention wins


def _listed(client: Client, store: Store, url: str, kind: str, parse) -> Listed:
    """The list at `url`, parsed, or as remembered when the site answers 304."""
    known = store.lists.get(url)
    validators = Validators(known.etag, known.last_modified) if known else None
    fetched = client.get(url, kind, validators)
    if fetched.not_modified and known:
        return known
    try:
        entries, more = parse(fetched)
    except ValueError as exc:
        raise FetchError(url, str(exc)) from exc
    listed = Listed(fetched.etag, fetched.last_modified,
                    [[e.url, e.date.isoformat() if e.date else None] for e in entries], more)
    store.lists[url] = listed
    return listed


def _entries(listed: Listed) -> list[lists.Entry]:
    return [lists.Entry(url, lists.parse_date(date)) for url, date in listed.entries]


def _feed(client: Client, store: Store, url: str, options: FetchOptions) -> list[lists.Entry]:
    return _entries(_listed(client, store, url, "feed", lambda f: (lists.feed_entries(f.body, f.url), [])))


def _sitemap(client: Client, store: Store, url: str, options: FetchOptions) -> list[lists.Entry]:
    found, queue, seen = [], [url], set()
    while queue and len(seen) < MAX_SITEMAPS:
        address = queue.pop(0)
        seen.add(address)
        listed = _listed(client, store, address, "sitemap", lambda f: lists.sitemap_entries(f.body, f.url))
        found += _entries(listed)
        queue += [more for more in listed.more if more not in seen]
    return [e for e in found if not options.follow or lists.matches(e.url, options.follow)]


def _listing(client: Client, store: Store, url: str, options: FetchOptions) -> list[lists.Entry]:
    found, address, seen = [], url, set()
    while address and address not in seen and len(seen) < options.max_pages:
        seen.add(address)
        listed = _listed(client, store, address, "listing",
                         lambda f: _one_listing_page(f, options.follow or "*"))
        new = [e for e in _entries(listed) if e.url not in {f.url for f in found}]
        found += new
        address = listed.more[0] if listed.more and new else None
    return found


def _one_listing_page(fetched: Fetched, pattern: str):
    entries, next_page = lists.listing_links(fetched.body, fetched.url, pattern)
    return entries, [next_page] if next_page else []


def _chosen(entries: list[lists.Entry], store: Store, options: FetchOptions) -> list[lists.Entry]:
    """The entries within --since/--until (by the list's date, else the date saved before), at most --limit."""
    kept = []
    for entry in entries:
        known = store.articles.get(entry.url)
        date = entry.date or (lists.parse_date(known.date) if known else None)
        if date is None or _within(date, options):
            kept.append(lists.Entry(entry.url, date))
    return kept[: options.limit] if options.limit else kept


def _within(date: dt.date, options: FetchOptions) -> bool:
    return (options.since is None or date >= options.since) and (options.until is None or date <= options.until)


# --- 2. one article --------------------------------------------------------------------------------

def _fetch_article(client: Client, store: Store, entry: lists.Entry, options: FetchOptions,
                   report: FetchReport) -> None:
    if (problem := scheme_problem(entry.url)) is not None:
        raise FetchError(entry.url, problem)
    known = store.articles.get(entry.url)
    present = known is not None and (options.output / known.path).is_file()
    try:
        fetched = client.get(entry.url, "page", Validators(known.etag, known.last_modified) if present else None)
    except FetchError as exc:
        if known is None or exc.status not in GONE:
            raise
        known.status = "gone"
        report.gone.append(entry.url)
        report.warnings.append(_("{url}: gone from the site (HTTP {status}); the copy {path} is kept").format(
            url=entry.url, status=exc.status, path=known.path))
        return
    digest = hashlib.sha256(fetched.body).hexdigest()
    if present and (fetched.not_modified or digest == known.sha256):
        _note_unchanged(known, fetched)
        report.unchanged.append(entry.url)
        return
    _save_article(client, store, entry, fetched, digest, options, report)


def _note_unchanged(known: Article, fetched: Fetched) -> None:
    known.status = "ok"
    known.etag = fetched.etag or known.etag
    known.last_modified = fetched.last_modified or known.last_modified


def _save_article(client: Client, store: Store, entry: lists.Entry, fetched: Fetched, digest: str,
                  options: FetchOptions, report: FetchReport) -> None:
    root = page.harden(fetched.body, fetched.url)
    bulletin = page.read_as_source(page.serialized(root, entry.url), entry.url)
    date = bulletin.date or entry.date or dt.date.today()
    if not _within(date, options):
        report.skipped.append(entry.url)
        return
    known = store.articles.get(entry.url)
    path = known.path if known else _new_path(store, date, bulletin.title, entry.url, report)
    images, local = _save_images(client, store, root, fetched.url, path, known, report)
    page.use_local_images(root, fetched.url, local)
    with atomic_path(options.output / path) as tmp:
        tmp.write_bytes(page.serialized(root, entry.url))
    if known:
        _remove_stale_images(options.output, known, images)
    store.articles[entry.url] = Article(path, digest, now(), fetched.etag, fetched.last_modified,
                                        title=bulletin.title, date=date.isoformat(), images=images)
    (report.updated if known else report.saved).append(entry.url)


def _new_path(store: Store, date: dt.date, title: str, url: str, report: FetchReport) -> str:
    path, renamed = store.place(date, title)
    if renamed:
        report.warnings.append(_("{url}: a file bantin did not write has its name; saved as {path}").format(
            url=url, path=path))
    return path


def _save_images(client: Client, store: Store, root, base: str, path: str, known: Article | None,
                 report: FetchReport) -> tuple[dict[str, Saved], dict[str, str]]:
    """(record of each saved image, address → path relative to the page) of the page's images."""
    folder = files_dir(path)
    before = known.images if known else {}
    images, local, names = {}, {}, {Path(s.path).name for s in before.values()}
    for url in page.image_addresses(root, base):
        try:
            client.policy.check_image(url, base)
            saved = _save_image(client, store.root, url, folder, before.get(url), names)
        except FetchError as exc:
            report.warnings.append(str(exc))
            continue
        images[url] = saved
        local[url] = f"{Path(folder).name}/{Path(saved.path).name}"
    return images, local


def _save_image(client: Client, root: Path, url: str, folder: str, known: Saved | None, names: set[str]) -> Saved:
    present = known is not None and (root / known.path).is_file()
    fetched = client.get(url, "image", Validators(known.etag, known.last_modified) if present else None)
    if fetched.not_modified and present:
        return Saved(known.path, known.sha256, now(), fetched.etag or known.etag,
                     fetched.last_modified or known.last_modified)
    suffix = page.checked_image(fetched.body, url)
    name = Path(known.path).name if known and known.path.endswith(suffix) else _image_name(url, suffix, names)
    with atomic_path(root / folder / name) as tmp:
        tmp.write_bytes(fetched.body)
    return Saved(f"{folder}/{name}", hashlib.sha256(fetched.body).hexdigest(), now(), fetched.etag,
                 fetched.last_modified)


def _image_name(url: str, suffix: str, taken: set[str]) -> str:
    stem = slug(Path(urlsplit(url).path).stem, 40) or "anh"
    name, number = f"{stem}{suffix}", 1
    while name in taken:
        number += 1
        name = f"{stem}-{number}{suffix}"
    taken.add(name)
    return name


def _remove_stale_images(root: Path, known: Article, images: dict[str, Saved]) -> None:
    """Images of ours the new version of the page no longer uses."""
    kept = {saved.path for saved in images.values()}
    for saved in known.images.values():
        if saved.path not in kept:
            (root / saved.path).unlink(missing_ok=True)
