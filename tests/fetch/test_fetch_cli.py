"""`bantin fetch` on the command line (in process), and `bantin archive` of what it saved."""

from __future__ import annotations

import pytest
from helpers import run_cli

from toolkit.archive import ArchiveOptions, archive

pytestmark = pytest.mark.xdist_group("fetch")
FAST = ("--delay", "0", "--timeout", "0.5", "--retries", "0")


def test_feed_then_archive_end_to_end(portal, tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    done = run_cli("fetch", "--feed", portal.url("/rss.xml"), "-o", str(src), *FAST)
    assert done.returncode == 0, done.stderr
    assert "3 saved, 0 updated, 0 unchanged" in done.stdout
    assert done.stderr.strip() == (f"bantin: warning: {portal.other}/cdn/cong-tac-vien.png: refused: image on "
                                   "another site (localhost); allow it with --allow-host localhost")
    report = archive(ArchiveOptions(src, out, jobs=2))
    assert report.ok, [(i.name, i.reason) for i in report.items if i.status == "failed"]
    assert report.count("built") >= 3 and sum(1 for i in report.items if i.kind == "bulletin") == 3
    assert not any("bantin-fetch" in item.name or any("bantin-fetch" in w for w in item.warnings)
                   for item in report.items)
    portal.log.clear()
    again = run_cli("fetch", "--feed", portal.url("/rss.xml"), "-o", str(src), *FAST)
    assert again.returncode == 0 and "0 saved, 0 updated, 3 unchanged" in again.stdout
    assert all(hit.size == 0 for hit in portal.log if hit.path != "/robots.txt")


def test_one_line_per_failed_address_and_exit_1(portal, tmp_path):
    urls = [portal.url(p) for p in ("/khong-co.aspx", "/private/bao-cao.aspx", "/slow.aspx", "/huge-declared.aspx",
                                    "/Pages/tiem-chung-mo-rong.aspx")]
    done = run_cli("fetch", *urls, "-o", str(tmp_path / "src"), *FAST, "--max-size", "1")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"bantin: error: {urls[0]}: HTTP 404",
        f"bantin: error: {urls[1]}: refused by robots.txt",
        f"bantin: error: {urls[2]}: timed out after 0.5 s",
        f"bantin: error: {urls[3]}: too large: 3.0 MB, over 1.0 MB"]
    assert "1 saved" in done.stdout and "4 failed" in done.stdout and "Traceback" not in done.stderr


def test_list_with_follow_and_verbose_log(portal, tmp_path):
    done = run_cli("fetch", "--list", portal.url("/tin-tuc/"), "--follow", "/tin-tuc/bai-*.html",
                   "-o", str(tmp_path / "src"), *FAST, "-v")
    assert done.returncode == 0, done.stderr
    assert f"GET {portal.url('/tin-tuc/trang-2.html')} 200" in done.stdout and "2 saved" in done.stdout


def test_usage_problems_are_one_line(tmp_path):
    done = run_cli("fetch", "--list", "http://127.0.0.1:9/", "-o", str(tmp_path / "src"))
    assert done.returncode == 2
    assert done.stderr.strip() == ("bantin: error: --list: --list needs --follow PATTERN (the address shape of "
                                   "articles)")
    assert run_cli("fetch", "-o", str(tmp_path)).stderr.strip().startswith("bantin: error: URL: give article")


def test_messages_in_vietnamese(portal, tmp_path):
    done = run_cli("fetch", portal.url("/khong-co.aspx"), "-o", str(tmp_path / "src"), *FAST, "--ui-lang", "vi")
    assert done.returncode == 1
    assert done.stderr == f"bantin: lỗi: {portal.url('/khong-co.aspx')}: HTTP 404\n"
    assert done.stdout.startswith("0 bài mới, 0 bài cập nhật, 0 bài không đổi") and "1 lỗi" in done.stdout
    slow = run_cli("fetch", portal.url("/private/x.aspx"), "-o", str(tmp_path / "src"), *FAST, "--ui-lang", "vi")
    assert slow.stderr.strip().endswith(": bị robots.txt từ chối")
