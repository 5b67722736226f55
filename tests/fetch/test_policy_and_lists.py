"""The parts of `bantin fetch` that need no server: which addresses may be requested, how lists are read,
how a page is made safe to keep."""

from __future__ import annotations

import datetime as dt

import pytest

from toolkit.errors import FetchRefused
from toolkit.fetch import lists, page
from toolkit.fetch.client import retry_after
from toolkit.fetch.policy import UrlPolicy, site_of
from toolkit.fetch.store import slug

PUBLIC = {"bachthong.backan.gov.vn": ["203.113.131.2"], "cdn.example.com": ["93.184.216.34"],
          "intranet.example.com": ["192.168.1.20"]}


def resolver(host: str) -> list[str]:
    return PUBLIC.get(host, [])


@pytest.fixture
def public_run() -> UrlPolicy:
    return UrlPolicy.starting_at(["https://bachthong.backan.gov.vn/Pages/x.aspx"], resolver=resolver)


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:8080/",
                                 "http://[::1]/", "http://10.1.2.3/", "http://intranet.example.com/",
                                 "http://[::ffff:127.0.0.1]/"])
def test_a_public_run_never_reaches_a_private_network(public_run, url):
    with pytest.raises(FetchRefused, match="private, loopback or link-local"):
        public_run.check(url)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://bachthong.backan.gov.vn/x", "gopher://x/",
                                 "data:text/html,hi", "javascript:alert(1)"])
def test_only_http_and_https(public_run, url):
    with pytest.raises(FetchRefused, match="only http and https"):
        public_run.check(url)


def test_a_run_started_on_a_private_host_may_use_that_host_only():
    policy = UrlPolicy.starting_at(["http://127.0.0.1:8000/rss.xml"], resolver=resolver)
    policy.check("http://127.0.0.1:8000/Pages/x.aspx")
    with pytest.raises(FetchRefused):
        policy.check("http://10.0.0.1/")
    UrlPolicy.starting_at(["http://127.0.0.1:8000/"], ["10.0.0.1"], resolver).check("http://10.0.0.1/x.png")


def test_images_come_from_the_article_site_or_allowed_hosts(public_run):
    article = "https://bachthong.backan.gov.vn/Pages/x.aspx"
    public_run.check_image("https://backan.gov.vn/PublishingImages/a.jpg", article)  # same registrable domain
    with pytest.raises(FetchRefused, match=r"--allow-host cdn\.example\.com"):
        public_run.check_image("https://cdn.example.com/a.jpg", article)
    allowed = UrlPolicy.starting_at([article], ["example.com"], resolver)
    allowed.check_image("https://cdn.example.com/a.jpg", article)


def test_site_of():
    assert site_of("https://bachthong.backan.gov.vn/x") == "backan.gov.vn"
    assert site_of("http://127.0.0.1:8000/") == "127.0.0.1" and site_of("http://localhost/") == "localhost"


def test_retry_after():
    assert retry_after("7") == 7.0 and retry_after(None) is None and retry_after("soon") is None
    assert retry_after("Sat, 09 Mar 2024 08:00:00 GMT") == 0.0  # a date in the past: no wait


def test_feed_entries_rss_and_atom():
    rss = (b'<?xml version="1.0"?><rss version="2.0"><channel><item><link>/a.html</link>'
           b"<pubDate>Sat, 09 Mar 2024 08:00:00 +0700</pubDate></item><item><title>no link</title></item>"
           b"</channel></rss>")
    assert lists.feed_entries(rss, "https://x.vn/rss") == [lists.Entry("https://x.vn/a.html", dt.date(2024, 3, 9))]
    atom = (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="https://x.vn/b"/>'
            b"<updated>2024-06-06T10:00:00Z</updated></entry></feed>")
    assert lists.feed_entries(atom, "https://x.vn/") == [lists.Entry("https://x.vn/b", dt.date(2024, 6, 6))]


def test_a_sitemap_with_an_entity_is_read_without_it(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    body = (f'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file://{secret}">]>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.vn/&x;</loc>'
            "<lastmod>2024-03-09</lastmod></url></urlset>").encode()
    entries, nested = lists.sitemap_entries(body, "https://x.vn/sitemap.xml")
    assert "SECRET" not in repr(entries) and nested == []


def test_listing_links_and_the_next_page():
    body = (b'<a href="/tin-tuc/bai-1.html">1</a><a href="/tin-tuc/bai-1.html#c">again</a>'
            b'<a href="/gioi-thieu.html">x</a><a href="?page=2">Trang sau</a>')
    entries, next_page = lists.listing_links(body, "https://x.vn/tin-tuc/", "/tin-tuc/bai-*.html")
    assert entries == [lists.Entry("https://x.vn/tin-tuc/bai-1.html")]
    assert next_page == "https://x.vn/tin-tuc/?page=2"


@pytest.mark.parametrize(("pattern", "url", "expected"), [
    ("/Pages/*.aspx", "https://x.vn/Pages/a/b.aspx", True),
    ("/Pages/*.aspx", "https://x.vn/tin/a.aspx", False),
    ("https://x.vn/*", "https://x.vn/a", True),
    ("https://x.vn/*", "https://y.vn/a", False),
])
def test_matches(pattern, url, expected):
    assert lists.matches(url, pattern) is expected


def test_parse_date():
    assert lists.parse_date("2024-03-09T10:00:00+07:00") == dt.date(2024, 3, 9)
    assert lists.parse_date("09/03/2024") == dt.date(2024, 3, 9)
    assert lists.parse_date("2024-02-30") is None and lists.parse_date("") is None


def test_harden_removes_what_a_saved_page_must_not_carry():
    body = ('<html><head><base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=x">'
            '<link rel="stylesheet" href="x.css"></head><body><h1 onmouseover="x()">Tiêu đề</h1>'
            '<iframe src="https://evil.example/"></iframe><p style="background:url(x)">Đoạn</p>'
            '<a href="javascript:go()">a</a><a href="/b.html">b</a><img src="file:///etc/passwd">'
            "<object data='x.swf'></object></body></html>").encode()
    html = page.serialized(page.harden(body, "https://x.vn/a/"), "https://x.vn/a/").decode()
    for gone in ("<base", "refresh", "stylesheet", "onmouseover", "<iframe", "url(x)", "javascript:", "file:",
                 "<object"):
        assert gone not in html
    assert 'href="https://x.vn/b.html"' in html and "Tiêu đề" in html


def test_slug():
    assert slug("Đắk Lắk: Bạch Thông triển khai tiêm chủng!") == "dak-lak-bach-thong-trien-khai-tiem-chung"
    assert len(slug("từ " * 100)) <= 60
