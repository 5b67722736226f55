"""The one way `bantin fetch` talks to a web site: polite, bounded and logged.

Every request goes through `Client.get`: the address policy (`policy.UrlPolicy`), robots.txt (Protego),
a pause between requests to one host (`delay`, or the site's Crawl-delay if longer), one connection
per host, a clear User-Agent, timeouts, retries with backoff on 5xx and 429 (honouring Retry-After),
a size limit read as the body arrives (a Content-Length is not trusted to be there or to be true),
the content types each kind of document may have, and redirects followed by hand so that each hop
passes the same checks. Heavy modules (urllib3, protego) are imported when a client is made.
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from ..errors import FetchError, FetchRefused
from ..i18n import _
from ..version import __version__
from .policy import UrlPolicy

USER_AGENT = f"bantin/{__version__} (bulletin archiver; +https://pypi.org/project/bantin/)"
#: The name robots.txt rules address bantin by.
ROBOTS_AGENT = "bantin"
MAX_REDIRECTS = 5
#: The longest Retry-After bantin waits for; a site asking for more is tried again on the next run.
MAX_RETRY_AFTER_S = 120.0
#: Content types each kind of document may have (the part before ';').
TYPES = {
    "page": ("text/html", "application/xhtml+xml"),
    "feed": ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml"),
    "sitemap": ("application/xml", "text/xml"),
    "listing": ("text/html", "application/xhtml+xml"),
    "image": ("image/jpeg", "image/png", "image/gif", "image/webp", "image/svg+xml"),
}


@dataclass(frozen=True)
class ClientSettings:
    """How politely and how far one run fetches (the options of `bantin fetch`)."""

    #: Seconds between two requests to one host.
    delay: float = 1.0
    #: Seconds to connect, and to wait for each piece of a response.
    timeout: float = 20.0
    #: Further tries after a 5xx or a 429 (a timeout is not tried again: the next run will).
    retries: int = 3
    #: Seconds before the first retry (doubled each time) when the site gives no Retry-After.
    backoff: float = 2.0
    #: Largest page, feed or sitemap, in bytes.
    max_bytes: int = 20 * 1024 * 1024
    #: Largest image, in bytes (the image policy's own limit).
    max_image_bytes: int = 25 * 1024 * 1024


@dataclass(frozen=True)
class Validators:
    """What a previous run recorded of a document, for a conditional request."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        found = {"If-None-Match": self.etag, "If-Modified-Since": self.last_modified}
        return {name: value for name, value in found.items() if value}


@dataclass(frozen=True)
class Fetched:
    """A response bantin accepted: 200 with its body, or 304 (not modified) without one."""

    url: str
    status: int
    body: bytes
    etag: str | None
    last_modified: str | None
    content_type: str

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True)
class Logged:
    """One request as it went: method, address, status (0: no response) and the bytes received."""

    method: str
    url: str
    status: int
    size: int
    note: str = ""


@dataclass
class Client:
    settings: ClientSettings
    policy: UrlPolicy
    log: list[Logged] = field(default_factory=list)
    _robots: dict[str, object] = field(default_factory=dict)
    _last: dict[str, float] = field(default_factory=dict)
    #: Images already received in this run: a logo on every page is downloaded once.
    _images: dict[str, Fetched] = field(default_factory=dict)
    _pool: object = None

    def __post_init__(self) -> None:
        import urllib3

        # One connection per host, waited for rather than opened in parallel; retries and redirects are ours.
        self._pool = urllib3.PoolManager(maxsize=1, block=True, retries=False,
                                         timeout=urllib3.Timeout(connect=self.settings.timeout,
                                                                 read=self.settings.timeout),
                                         headers={"User-Agent": USER_AGENT})

    def get(self, url: str, kind: str, validators: Validators | None = None) -> Fetched:
        """The document at `url` (following redirects), checked for `kind`; `FetchError` when it cannot be had."""
        if kind == "image" and url in self._images:
            return self._images[url]
        fetched = self._get(url, kind, validators)
        if kind == "image" and not fetched.not_modified:
            self._images[url] = fetched
        return fetched

    def _get(self, url: str, kind: str, validators: Validators | None) -> Fetched:
        for _hop in range(MAX_REDIRECTS + 1):
            self.policy.check(url)
            self._check_robots(url)
            status, headers, body = self._request(url, kind, validators)
            if status in (301, 302, 303, 307, 308) and headers.get("location"):
                url = urljoin(url, headers["location"])
                continue
            return self._accepted(url, kind, status, headers, body)
        raise FetchError(url, _("too many redirects"))

    def _accepted(self, url: str, kind: str, status: int, headers, body: bytes) -> Fetched:
        if status == 304:
            return Fetched(url, 304, b"", headers.get("etag"), headers.get("last-modified"), "")
        if status != 200:
            raise FetchError(url, _("HTTP {status}").format(status=status), status)
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type not in TYPES[kind]:
            raise FetchError(url, _("wrong content type {type} (expected {expected})").format(
                type=content_type or "?", expected=", ".join(TYPES[kind])))
        return Fetched(url, 200, body, headers.get("etag"), headers.get("last-modified"), content_type)

    def _request(self, url: str, kind: str, validators: Validators | None):
        """(status, headers, body) of one GET, with retries on 5xx and 429."""
        limit = self.settings.max_image_bytes if kind == "image" else self.settings.max_bytes
        headers = validators.headers() if validators else {}
        for attempt in range(self.settings.retries + 1):
            status, response_headers, body = self._once(url, headers, limit)
            if status not in (429, 500, 502, 503, 504) or attempt == self.settings.retries:
                return status, response_headers, body
            time.sleep(self._wait_before_retry(url, attempt, response_headers))
        raise AssertionError("unreachable")

    def _wait_before_retry(self, url: str, attempt: int, headers) -> float:
        wait = retry_after(headers.get("retry-after"))
        if wait is None:
            return self.settings.backoff * 2**attempt
        if wait > MAX_RETRY_AFTER_S:
            raise FetchError(url, _("the site asks to wait {seconds:.0f} s (Retry-After); try again later").format(
                seconds=wait))
        return wait

    def _once(self, url: str, headers: dict[str, str], limit: int):
        import urllib3

        self._pause(url)
        try:
            response = self._pool.request("GET", url, headers=headers, redirect=False, preload_content=False)
        except urllib3.exceptions.TimeoutError as exc:
            self._logged(url, 0, 0, "timeout")
            raise FetchError(url, _("timed out after {seconds:g} s").format(seconds=self.settings.timeout)) from exc
        except urllib3.exceptions.HTTPError as exc:
            self._logged(url, 0, 0, "error")
            raise FetchError(url, _("cannot connect ({reason})").format(reason=_short(exc))) from exc
        try:
            body = self._body(url, response, limit)
        finally:
            response.release_conn()
        self._logged(url, response.status, len(body))
        return response.status, {k.lower(): v for k, v in response.headers.items()}, body

    def _body(self, url: str, response, limit: int) -> bytes:
        import urllib3

        declared = response.headers.get("content-length", "")
        if response.status == 200 and declared.isdigit() and int(declared) > limit:
            response.close()
            self._logged(url, response.status, 0, "too large")
            raise FetchError(url, _too_large(int(declared), limit))
        chunks, size, started = [], 0, time.monotonic()
        try:
            for chunk in response.stream(64 * 1024):
                size += len(chunk)
                if size > limit:
                    response.close()
                    self._logged(url, response.status, size, "too large")
                    raise FetchError(url, _too_large(size, limit, more=True))
                if time.monotonic() - started > 10 * self.settings.timeout:  # a trickle never ends otherwise
                    raise urllib3.exceptions.ReadTimeoutError(None, url, "body too slow")
                chunks.append(chunk)
        except urllib3.exceptions.TimeoutError as exc:
            self._logged(url, response.status, size, "timeout")
            raise FetchError(url, _("timed out after {seconds:g} s").format(seconds=self.settings.timeout)) from exc
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(url, _("connection broken ({reason})").format(reason=_short(exc))) from exc
        return b"".join(chunks)

    def _pause(self, url: str) -> None:
        """Wait so that requests to one host are `delay` seconds apart (or the site's Crawl-delay)."""
        host = urlsplit(url).netloc.lower()
        robots = self._robots.get(_origin(url))
        delay = max(self.settings.delay, (robots.crawl_delay(ROBOTS_AGENT) or 0) if robots else 0)
        if host in self._last:
            time.sleep(max(0.0, self._last[host] + delay - time.monotonic()))
        self._last[host] = time.monotonic()

    def _logged(self, url: str, status: int, size: int, note: str = "") -> None:
        self.log.append(Logged("GET", url, status, size, note))

    def _check_robots(self, url: str) -> None:
        rules = self._robots_of(url)
        if not rules.can_fetch(url, ROBOTS_AGENT):
            raise FetchRefused(url, _("refused by robots.txt"))

    def _robots_of(self, url: str):
        """The site's robots.txt rules, read once per run; none (everything allowed) when it has none."""
        from protego import Protego

        origin = _origin(url)
        if origin not in self._robots:
            self._robots[origin] = Protego.parse(self._robots_text(origin))
        return self._robots[origin]

    def _robots_text(self, origin: str) -> str:
        address = f"{origin}/robots.txt"
        try:
            self.policy.check(address)
            status, _headers, body = self._once(address, {}, 512 * 1024)
        except FetchError:
            return ""  # unreachable: the request for the page itself will say why
        if 500 <= status < 600:
            # RFC 9309: a server error on robots.txt means "assume everything is disallowed".
            return "User-agent: *\nDisallow: /\n"
        return body.decode("utf-8", errors="replace") if status == 200 else ""


def retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number, or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _too_large(size: int, limit: int, more: bool = False) -> str:
    template = _("too large: over {limit:.1f} MB") if more else _("too large: {size:.1f} MB, over {limit:.1f} MB")
    return template.format(size=size / 1024**2, limit=limit / 1024**2)


def _short(error: BaseException) -> str:
    reason = getattr(error, "reason", None) or error
    return str(reason).split(": ")[-1][:120]
