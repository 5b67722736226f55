"""A small fake portal on 127.0.0.1 for `tests/fetch`, built from the sample sources, that counts every request.

Routes are data (`Route`); a test changes them (`portal.routes[path] = …`) between runs. Every
response honours If-None-Match and If-Modified-Since, as a real portal behind a cache does.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from helpers import EXAMPLES, IMAGES, SAMPLES

from toolkit.fetch import ClientSettings

#: No pause between requests and short timeouts: the fetch tests run in seconds.
FAST = ClientSettings(delay=0, timeout=0.5, retries=1, backoff=0, max_bytes=1024 * 1024)

LAST_MODIFIED = "Sat, 09 Mar 2024 08:00:00 GMT"
PORTAL_TITLE = "Bạch Thông triển khai tiêm chủng mở rộng năm 2024"


@dataclass
class Route:
    body: bytes = b""
    type: str = "text/html; charset=utf-8"
    #: Statuses of successive requests; the last one repeats (e.g. [500, 200]).
    statuses: list[int] = field(default_factory=lambda: [200])
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    #: Send the body without a Content-Length (as a trickle of unknown size).
    no_length: bool = False
    served: int = 0

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


@dataclass(frozen=True)
class Hit:
    host: str
    path: str
    status: int
    conditional: bool
    size: int


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """Quiet: bantin hangs up on purpose (timeouts, bodies too large), and the tests capture stderr."""


class Portal:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[Hit] = []
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.portal = self
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.other = f"http://localhost:{self.port}"  # another site (not the same registrable domain)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    def __enter__(self) -> Portal:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str | None = None) -> list[Hit]:
        return [hit for hit in self.log if path is None or hit.path == path]

    def table(self) -> str:
        """The request log as the closing note shows it."""
        return "\n".join(f"GET {h.host}{h.path} {h.status}{' (conditional)' if h.conditional else ''} {h.size} B"
                         for h in self.log)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else headers and body wait for a delayed ACK: 40 ms a request

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        portal: Portal = self.server.portal
        route = portal.routes.get(self.path)
        conditional = bool(self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"))
        if route is None:
            return self._send(portal, 404, {"Content-Type": "text/html"}, b"<html><body>not here</body></html>",
                              conditional)
        status = route.statuses[min(route.served, len(route.statuses) - 1)]
        route.served += 1
        time.sleep(route.delay)
        if status == 200 and self.headers.get("If-None-Match") == route.etag:
            return self._send(portal, 304, {"ETag": route.etag}, b"", conditional)
        headers = {"Content-Type": route.type, "ETag": route.etag, "Last-Modified": LAST_MODIFIED, **route.headers}
        body = route.body if status in (200, 301, 302) else f"<html><body>error {status}</body></html>".encode()
        self._send(portal, status, headers, body, conditional, route.no_length)

    def _send(self, portal: Portal, status: int, headers: dict[str, str], body: bytes, conditional: bool,
              no_length: bool = False) -> None:
        portal.log.append(Hit(self.headers.get("Host", ""), self.path, status, conditional,
                              len(body) if status != 304 else 0))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if no_length:
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            for start in range(0, len(body), 65536):
                self.wfile.write(body[start:start + 65536])
        except (BrokenPipeError, ConnectionResetError):
            pass


# --- the pages --------------------------------------------------------------------------------------

def portal_page(title: str, date: str, images: tuple[str, str]) -> bytes:
    """The sample PublishingPortal page with another title, date and image addresses."""
    text = (EXAMPLES / "tiem-chung-mo-rong.html").read_text(encoding="utf-8")
    text = text.replace(PORTAL_TITLE, title).replace("09/03/2024", date)
    text = text.replace("images/tiem-chung.jpg", images[0]).replace("images/kham-benh.png", images[1])
    text = text.replace("https://bachthong.backan.gov.vn/PublishingImages/logo.png", "/PublishingImages/logo.png")
    return text.encode("utf-8")


def news_page(title: str, iso_date: str, paragraphs: list[str], image: str, other_image: str) -> bytes:
    """A provincial newspaper's article page: metadata, a lazy image, a photo from a CDN on another site."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{title} - Báo Bắc Kạn điện tử</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{iso_date}T08:00:00+07:00">
<script>alert("tracking")</script></head>
<body><nav class="menu"><a href="/">Trang chủ</a></nav>
<article><h1>{title}</h1>
<figure><img src="/images/blank.gif" data-src="{image}" alt="Quang cảnh"><figcaption>Quang cảnh hội nghị</figcaption>
</figure>
{body}
<figure><img src="{other_image}" alt="Ảnh từ nơi khác"><figcaption>Ảnh của cộng tác viên</figcaption></figure>
<p onclick="steal()"><a href="javascript:void(0)">Chia sẻ</a></p>
</article><footer>Báo Bắc Kạn</footer></body></html>""".encode()


def sample_paragraphs(name: str) -> list[str]:
    text = (SAMPLES / "portal-text" / name).read_text(encoding="utf-8")
    body = text.split("Block_BanTin_ViewData", 1)[1]
    return [p.strip() for p in body.split("\n\n") if len(p.strip()) > 80][:4]


def rss(base: str, items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(f"<item><title>{t}</title><link>{base}{p}</link><pubDate>{d}</pubDate></item>"
                      for p, t, d in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Tin tức</title>'
            f"<link>{base}/</link>{entries}</channel></rss>").encode()


def listing(links: list[str], next_page: str | None) -> bytes:
    anchors = "".join(f'<li><a href="{link}">Bài viết</a></li>' for link in links)
    pager = f'<div class="pager"><a href="/tin-tuc/">1</a> <a href="{next_page}">Trang sau</a></div>'
    more = pager if next_page else ""
    return (f'<html><body><ul class="menu"><li><a href="/Pages/gioi-thieu.aspx">Giới thiệu</a></li></ul>'
            f"<ul>{anchors}</ul>{more}</body></html>").encode()


ARTICLES = {  # path: (title, date for the feed)
    "/Pages/tiem-chung-mo-rong.aspx": ("Bạch Thông triển khai tiêm chủng mở rộng năm 2024",
                                       "Sat, 09 Mar 2024 08:00:00 +0700"),
    "/Pages/cam-giang-nong-thon-moi.aspx": ("Xã Cẩm Giàng về đích nông thôn mới nâng cao",
                                            "Thu, 06 Jun 2024 08:00:00 +0700"),
    "/tin-tuc/bai-hoi-nghi-so-ket.html": ("Huyện ủy Bạch Thông sơ kết giữa nhiệm kỳ",
                                          "Fri, 22 Nov 2024 08:00:00 +0700"),
}


def build(portal: Portal) -> Portal:
    """The fake portal: robots.txt, a feed, a sitemap index, two listing pages, three articles with images,
    and the troublesome addresses."""
    jpg, png = (IMAGES / "tiem-chung.jpg").read_bytes(), (IMAGES / "kham-benh.png").read_bytes()
    r = portal.routes
    r["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", "text/plain")
    r["/PublishingImages/tiem-chung.jpg"] = Route(jpg, "image/jpeg")
    r["/PublishingImages/kham-benh.png"] = Route(png, "image/png")
    r["/PublishingImages/logo.png"] = Route(png, "image/png")
    r["/images/hoi-nghi.jpg"] = Route(jpg, "image/jpeg")
    r["/cdn/cong-tac-vien.png"] = Route(png, "image/png")  # asked for as localhost: another site
    r["/Pages/tiem-chung-mo-rong.aspx"] = Route(portal_page(
        ARTICLES["/Pages/tiem-chung-mo-rong.aspx"][0], "09/03/2024",
        ("/PublishingImages/tiem-chung.jpg", "/PublishingImages/kham-benh.png")))
    r["/Pages/cam-giang-nong-thon-moi.aspx"] = Route(portal_page(
        ARTICLES["/Pages/cam-giang-nong-thon-moi.aspx"][0], "06/06/2024",
        (f"{portal.base}/PublishingImages/tiem-chung.jpg", "../PublishingImages/kham-benh.png")))
    r["/tin-tuc/bai-hoi-nghi-so-ket.html"] = Route(news_page(
        ARTICLES["/tin-tuc/bai-hoi-nghi-so-ket.html"][0], "2024-11-22",
        sample_paragraphs("hoi-nghi-so-ket-nghi-quyet.txt"), "/images/hoi-nghi.jpg",
        f"{portal.other}/cdn/cong-tac-vien.png"))
    r["/tin-tuc/bai-nong-thon-moi.html"] = Route(news_page(
        "Cẩm Giàng: nông thôn mới nâng cao", "2024-06-07", sample_paragraphs("nong-thon-moi-cam-giang.txt"),
        "/images/hoi-nghi.jpg", "/PublishingImages/kham-benh.png"))
    r["/rss.xml"] = Route(rss(portal.base, [(p, t, d) for p, (t, d) in ARTICLES.items()]), "application/rss+xml")
    r["/tin-tuc/"] = Route(listing(["/tin-tuc/bai-hoi-nghi-so-ket.html"], "/tin-tuc/trang-2.html"))
    r["/tin-tuc/trang-2.html"] = Route(listing(["/tin-tuc/bai-nong-thon-moi.html"], None))
    r["/sitemap.xml"] = Route(_sitemap_index(portal.base), "application/xml")
    r["/sitemap-pages.xml"] = Route(_sitemap(portal.base), "application/xml")
    _troubles(portal)
    return portal


def _troubles(portal: Portal) -> None:
    page = portal.routes["/Pages/tiem-chung-mo-rong.aspx"].body
    r = portal.routes
    r["/redirect"] = Route(b"", statuses=[302], headers={"Location": "/Pages/tiem-chung-mo-rong.aspx"})
    r["/flaky.aspx"] = Route(portal_page("Bản tin sau lỗi máy chủ", "10/03/2024",
                                         ("/PublishingImages/tiem-chung.jpg", "/PublishingImages/kham-benh.png")),
                             statuses=[500, 200])
    r["/busy.aspx"] = Route(portal_page("Bản tin lúc máy chủ bận", "11/03/2024",
                                        ("/PublishingImages/tiem-chung.jpg", "/PublishingImages/kham-benh.png")),
                            statuses=[429, 200], headers={"Retry-After": "1"})
    r["/slow.aspx"] = Route(page, delay=2.0)
    r["/huge.aspx"] = Route(page + b" " * (3 * 1024 * 1024), no_length=True)
    r["/huge-declared.aspx"] = Route(b" " * (3 * 1024 * 1024))
    r["/private/bao-cao.aspx"] = Route(page)
    r["/notes.txt"] = Route(b"plain text", "text/plain")
    # The same server under another name: a host the run did not start on, on a loopback address.
    r["/to-private"] = Route(b"", statuses=[302], headers={"Location": f"{portal.other}/Pages/tiem-chung-mo-rong.aspx"})


def _sitemap_index(base: str) -> bytes:
    return (f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{base}/sitemap-pages.xml</loc></sitemap></sitemapindex>").encode()


def _sitemap(base: str) -> bytes:
    urls = [("/", "2024-01-01"), ("/Pages/tiem-chung-mo-rong.aspx", "2024-03-09"),
            ("/Pages/cam-giang-nong-thon-moi.aspx", "2024-06-06"), ("/Pages/gioi-thieu.aspx", "2023-01-01")]
    body = "".join(f"<url><loc>{base}{p}</loc><lastmod>{d}</lastmod></url>" for p, d in urls)
    return (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}'
            f"</urlset>").encode()


def saved_pages(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))
