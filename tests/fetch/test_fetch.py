"""`bantin fetch` against the fake portal: what is saved, what is requested, what is refused, and that
`archive` builds the result."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from fake_portal import ARTICLES, FAST, Route, saved_pages

from toolkit.errors import ConfigError, FetchRefused
from toolkit.fetch import INDEX_NAME, ClientSettings, fetch
from toolkit.readers import read_source

pytestmark = pytest.mark.xdist_group("fetch")

TIEM_CHUNG = "2024/03/2024-03-09-bach-thong-trien-khai-tiem-chung-mo-rong-nam-2024.html"
CAM_GIANG = "2024/06/2024-06-06-xa-cam-giang-ve-dich-nong-thon-moi-nang-cao.html"
SO_KET = "2024/11/2024-11-22-huyen-uy-bach-thong-so-ket-giua-nhiem-ky.html"


def article_hits(portal):
    return [hit for hit in portal.log if hit.path in ARTICLES]


def reasons(report) -> dict[str, str]:
    return {failure.url.split("/", 3)[-1]: failure.reason for failure in report.failures}


# --- a feed, saved and fetched again -----------------------------------------------------------------

def test_feed_saves_every_article_with_its_images(portal, options):
    report = fetch(options(feeds=(portal.url("/rss.xml"),)))
    src = options().output
    assert report.ok and len(report.saved) == 3
    assert saved_pages(src) == [TIEM_CHUNG, CAM_GIANG, SO_KET]
    files = sorted(p.name for p in (src / TIEM_CHUNG.replace(".html", ".files")).iterdir())
    assert files == ["kham-benh.png", "logo.png", "tiem-chung.jpg"]
    page = (src / TIEM_CHUNG).read_text(encoding="utf-8")
    assert 'src="2024-03-09-bach-thong-trien-khai-tiem-chung-mo-rong-nam-2024.files/tiem-chung.jpg"' in page
    bulletin = read_source(src / TIEM_CHUNG)
    assert bulletin.title == ARTICLES["/Pages/tiem-chung-mo-rong.aspx"][0] and bulletin.date == dt.date(2024, 3, 9)


def test_saved_pages_are_hardened(portal, options):
    fetch(options(urls=(portal.url("/tin-tuc/bai-hoi-nghi-so-ket.html"),)))
    page = (options().output / SO_KET).read_text(encoding="utf-8")
    for gone in ("<script", "alert(", "onclick", "javascript:", "blank.gif"):
        assert gone not in page
    assert 'src="2024-11-22-huyen-uy-bach-thong-so-ket-giua-nhiem-ky.files/hoi-nghi.jpg"' in page  # was lazy
    assert '<meta charset="utf-8">' in page and portal.url("/tin-tuc/bai-hoi-nghi-so-ket.html") in page


def test_the_record_says_where_everything_came_from(portal, options):
    fetch(options(feeds=(portal.url("/rss.xml"),)))
    record = json.loads((options().output / INDEX_NAME).read_text(encoding="utf-8"))
    article = record["articles"][portal.url("/Pages/tiem-chung-mo-rong.aspx")]
    assert article["path"] == TIEM_CHUNG and len(article["sha256"]) == 64
    assert article["etag"] == portal.routes["/Pages/tiem-chung-mo-rong.aspx"].etag
    assert article["last_modified"] == "Sat, 09 Mar 2024 08:00:00 GMT" and article["fetched_at"].startswith("20")
    assert set(article["images"]) == {portal.url(p) for p in ("/PublishingImages/logo.png",
                                                             "/PublishingImages/tiem-chung.jpg",
                                                             "/PublishingImages/kham-benh.png")}
    assert portal.url("/rss.xml") in record["lists"]


def test_a_rerun_transfers_no_article_body(portal, options):
    fetch(options(feeds=(portal.url("/rss.xml"),)))
    before = {p: (options().output / p).read_bytes() for p in saved_pages(options().output)}
    portal.log.clear()
    report = fetch(options(feeds=(portal.url("/rss.xml"),)))
    assert report.ok and report.saved == [] and len(report.unchanged) == 3
    hits = [hit for hit in portal.log if hit.path != "/robots.txt"]
    assert [(h.path, h.status, h.conditional, h.size) for h in hits] == [
        ("/rss.xml", 304, True, 0), *((path, 304, True, 0) for path in ARTICLES)]
    assert {p: (options().output / p).read_bytes() for p in saved_pages(options().output)} == before


def test_a_changed_article_is_saved_again_in_place(portal, options):
    fetch(options(feeds=(portal.url("/rss.xml"),)))
    route = portal.routes["/Pages/cam-giang-nong-thon-moi.aspx"]
    route.body = route.body.replace("Cẩm Giàng".encode(), "Cẩm Giàng (sửa)".encode(), 1)
    report = fetch(options(feeds=(portal.url("/rss.xml"),)))
    assert report.updated == [portal.url("/Pages/cam-giang-nong-thon-moi.aspx")] and len(report.unchanged) == 2
    assert saved_pages(options().output) == [TIEM_CHUNG, CAM_GIANG, SO_KET]
    assert "(sửa)" in (options().output / CAM_GIANG).read_text(encoding="utf-8")


def test_an_article_gone_from_the_site_is_kept_and_reported(portal, options):
    fetch(options(feeds=(portal.url("/rss.xml"),)))
    del portal.routes["/Pages/tiem-chung-mo-rong.aspx"]
    report = fetch(options(feeds=(portal.url("/rss.xml"),)))
    assert report.ok and report.gone == [portal.url("/Pages/tiem-chung-mo-rong.aspx")]
    assert (options().output / TIEM_CHUNG).is_file()
    assert any("gone from the site (HTTP 404)" in warning for warning in report.warnings)
    record = json.loads((options().output / INDEX_NAME).read_text(encoding="utf-8"))
    assert record["articles"][portal.url("/Pages/tiem-chung-mo-rong.aspx")]["status"] == "gone"


def test_a_file_of_the_users_keeps_its_name(portal, options):
    src = options().output
    (src / "2024/03").mkdir(parents=True)
    (src / TIEM_CHUNG).write_text("<p>của tôi</p>", encoding="utf-8")
    report = fetch(options(urls=(portal.url("/Pages/tiem-chung-mo-rong.aspx"),)))
    assert (src / TIEM_CHUNG).read_text(encoding="utf-8") == "<p>của tôi</p>"
    assert (src / TIEM_CHUNG.replace(".html", "-2.html")).is_file()
    assert any("a file bantin did not write has its name" in warning for warning in report.warnings)


# --- lists -------------------------------------------------------------------------------------------

def test_listing_pages_are_followed_page_by_page(portal, options):
    report = fetch(options(listings=(portal.url("/tin-tuc/"),), follow="/tin-tuc/bai-*.html"))
    assert report.ok and len(report.saved) == 2
    assert [hit.path for hit in portal.log if not hit.path.startswith(("/images", "/Publishing"))] == [
        "/robots.txt", "/tin-tuc/", "/tin-tuc/trang-2.html", "/tin-tuc/bai-hoi-nghi-so-ket.html",
        "/tin-tuc/bai-nong-thon-moi.html"]


def test_sitemap_index_with_a_pattern_and_dates(portal, options):
    report = fetch(options(sitemaps=(portal.url("/sitemap.xml"),), follow="/Pages/*.aspx",
                           since=dt.date(2024, 1, 1)))
    assert report.ok and sorted(report.saved) == [portal.url("/Pages/cam-giang-nong-thon-moi.aspx"),
                                                  portal.url("/Pages/tiem-chung-mo-rong.aspx")]
    assert not portal.hits("/Pages/gioi-thieu.aspx") and not portal.hits("/")


def test_since_until_and_limit(portal, options):
    feed = (portal.url("/rss.xml"),)
    report = fetch(options(feeds=feed, since=dt.date(2024, 6, 1), until=dt.date(2024, 6, 30)))
    assert report.saved == [portal.url("/Pages/cam-giang-nong-thon-moi.aspx")]
    assert not portal.hits("/Pages/tiem-chung-mo-rong.aspx")
    report = fetch(options(output=options().output.with_name("other"), feeds=feed, limit=1))
    assert report.saved == [portal.url("/Pages/tiem-chung-mo-rong.aspx")]


def test_options_that_cannot_work_are_reported_together(options):
    with pytest.raises(ConfigError) as caught:
        fetch(options(listings=("http://127.0.0.1:9/",), since=dt.date(2024, 2, 1), until=dt.date(2024, 1, 1),
                      limit=0))
    assert {problem.field for problem in caught.value.problems} == {"listings", "since", "limit"}


# --- the troublesome addresses -----------------------------------------------------------------------

def test_a_redirect_is_followed(portal, options):
    report = fetch(options(urls=(portal.url("/redirect"),)))
    assert report.saved == [portal.url("/redirect")] and saved_pages(options().output) == [TIEM_CHUNG]


def test_a_404_fails_alone(portal, options):
    report = fetch(options(urls=(portal.url("/khong-co.aspx"), portal.url("/Pages/tiem-chung-mo-rong.aspx"))))
    assert reasons(report) == {"khong-co.aspx": "HTTP 404"} and len(report.saved) == 1


def test_a_server_error_is_tried_again(portal, options, waits):
    report = fetch(options(urls=(portal.url("/flaky.aspx"),),
                           client=ClientSettings(delay=0, timeout=0.5, retries=2, backoff=0.25)))
    assert report.ok and len(report.saved) == 1
    assert [hit.status for hit in portal.hits("/flaky.aspx")] == [500, 200] and waits == [0.25]


def test_retry_after_is_honoured(portal, options, waits):
    report = fetch(options(urls=(portal.url("/busy.aspx"),)))
    assert report.ok and [hit.status for hit in portal.hits("/busy.aspx")] == [429, 200] and waits == [1.0]


def test_a_server_error_that_stays_fails(portal, options, waits):
    portal.routes["/flaky.aspx"].statuses = [503]
    report = fetch(options(urls=(portal.url("/flaky.aspx"),)))
    assert reasons(report) == {"flaky.aspx": "HTTP 503"} and len(portal.hits("/flaky.aspx")) == 2


def test_a_slow_response_times_out(portal, options):
    report = fetch(options(urls=(portal.url("/slow.aspx"),),
                           client=ClientSettings(delay=0, timeout=0.2, retries=0)))
    assert reasons(report) == {"slow.aspx": "timed out after 0.2 s"}


def test_a_huge_response_is_cut_off(portal, options):
    report = fetch(options(urls=(portal.url("/huge.aspx"), portal.url("/huge-declared.aspx"))))
    assert reasons(report) == {"huge.aspx": "too large: over 1.0 MB",
                               "huge-declared.aspx": "too large: 3.0 MB, over 1.0 MB"}
    assert portal.hits("/huge.aspx")[0].size > 1024 * 1024  # the server sent it; bantin stopped reading


def test_robots_txt_is_honoured(portal, options):
    report = fetch(options(urls=(portal.url("/private/bao-cao.aspx"),)))
    assert reasons(report) == {"private/bao-cao.aspx": "refused by robots.txt"}
    assert isinstance(report.failures[0], FetchRefused) and not portal.hits("/private/bao-cao.aspx")


def test_wrong_content_type(portal, options):
    report = fetch(options(urls=(portal.url("/notes.txt"),)))
    assert reasons(report) == {"notes.txt": "wrong content type text/plain (expected text/html, "
                                            "application/xhtml+xml)"}


def test_other_schemes_are_refused(portal, options):
    report = fetch(options(urls=("file:///etc/passwd", portal.url("/Pages/tiem-chung-mo-rong.aspx"))))
    assert [f.reason for f in report.failures] == ["refused: only http and https addresses are fetched"]
    assert len(report.saved) == 1


def test_no_redirect_to_a_private_host_the_run_did_not_start_on(portal, options):
    report = fetch(options(urls=(portal.url("/to-private"),)))
    assert [f.reason for f in report.failures] == [
        "refused: the address leads to a private, loopback or link-local network"]
    assert not [hit for hit in portal.log if hit.host.startswith("localhost")]


def test_an_image_on_another_site_needs_allow_host(portal, options):
    url = (portal.url("/tin-tuc/bai-hoi-nghi-so-ket.html"),)
    report = fetch(options(urls=url))
    assert report.ok and report.warnings == [
        f"{portal.other}/cdn/cong-tac-vien.png: refused: image on another site (localhost); "
        "allow it with --allow-host localhost"]
    assert not portal.hits("/cdn/cong-tac-vien.png")
    report = fetch(options(output=options().output.with_name("allowed"), urls=url, allowed_hosts=("localhost",)))
    assert report.ok and not report.warnings and len(portal.hits("/cdn/cong-tac-vien.png")) == 1
    page = (options().output.with_name("allowed") / SO_KET).read_text(encoding="utf-8")
    assert "files/cong-tac-vien.png" in page


def test_an_image_that_is_not_one_is_refused(portal, options):
    portal.routes["/images/hoi-nghi.jpg"] = Route(b"<html>not a picture</html>", "image/jpeg")
    report = fetch(options(urls=(portal.url("/tin-tuc/bai-nong-thon-moi.html"),)))
    assert report.ok and any("hoi-nghi.jpg: image refused: not a readable" in w for w in report.warnings)


def test_the_request_log(portal, options):
    report = fetch(options(urls=(portal.url("/redirect"),)))
    assert [(r.url.split("/", 3)[-1], r.status) for r in report.requests[:3]] == [
        ("robots.txt", 200), ("redirect", 302), ("Pages/tiem-chung-mo-rong.aspx", 200)]
    assert sum(r.size for r in report.requests) == sum(hit.size for hit in portal.log)


def test_fast_settings_are_fast():
    assert FAST.delay == 0 and FAST.timeout < 1


def test_progress_counts_the_articles(portal, options):
    calls = []
    fetch(options(feeds=(portal.url("/rss.xml"),)), progress=lambda done, total, name: calls.append((done, total)))
    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]
