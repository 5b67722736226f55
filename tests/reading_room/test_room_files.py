"""The reading room's files, without a browser: cards, reading pages, the search index, OPDS 1.2 and
OpenSearch, all listed in the manifest and verified."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import etree

from toolkit.archive import ArchiveOptions, archive, opds
from toolkit.archive.manifest import verify
from toolkit.archive.publication import Publication

ATOM = "{http://www.w3.org/2005/Atom}"
OPDS_IMAGE = "http://opds-spec.org/image"


def _html(path: Path):
    return etree.parse(str(path), etree.HTMLParser()).getroot()


def test_index_is_newest_first_with_a_card_per_item(room):
    html = _html(room / "index.html")
    months = [h.text for h in html.iter("h3")]
    assert months == ["Tháng 11/2024", "Tháng 10/2024", "Tháng 6/2024", "Tháng 4/2024", "Tháng 3/2024"]
    cards = html.xpath("//li[contains(@class, 'card')]")
    bulletins = [c for c in cards if "bulletin" in c.get("class")]
    assert len(bulletins) == 6 and len(cards) == 6 + 5
    first_in_month = html.xpath("//section[@class='month'][1]//li[contains(@class, 'card')][1]")[0]
    assert "volume" in first_in_month.get("class")  # volumes first in each month
    for card in bulletins:
        read = card.xpath(".//a[@class='read']")[0].get("href")
        assert (room / read).is_file()
        assert card.xpath(".//p[@class='lead']")[0].text
        for link in card.xpath(".//div[@class='downloads']//a"):
            assert (room / link.get("href")).is_file()
            assert link.text.endswith(" KB") or link.text.endswith(" MB")
    pai = next(c for c in bulletins if "Nà Pài" in "".join(c.itertext()))
    assert "Tác giả: Lan Hương" in "".join(pai.itertext())
    thumb = pai.xpath(".//img[@class='thumb']")[0].get("src")
    assert (room / thumb).is_file() and thumb.endswith("thumb.jpg")


def test_failed_source_is_listed_without_this_machines_folders(room, room_sources):
    failed = "".join(_html(room / "index.html").xpath("//section[@class='failed']")[0].itertext())
    assert "hong.txt" in failed and str(room_sources) not in failed
    # in the publication's language, the file named once: "hong.txt: không có tiêu đề: …"
    assert failed.count("hong.txt") == 1 and "không có tiêu đề" in failed, failed


def test_a_reading_page_is_the_epub_article_with_its_downloads(room):
    page = room / "2024" / "10" / "ban-tin-thang-10.html"
    html = _html(page)
    assert html.get("lang") == "vi"
    assert "".join(html.xpath("//h1[@id='title']")[0].itertext()).startswith("Chi bộ thôn Nà Pài")
    for node in html.xpath("//img/@src | //link/@href | //script/@src"):
        assert (page.parent / node).resolve().is_file(), node
    downloads = {(li.get("data-profile"), li.find("a").get("href"))
                 for li in html.xpath("//section[@class='downloads']//li")}
    assert downloads == {("normal", "ban-tin-thang-10.pdf"), ("normal", "ban-tin-thang-10.epub"),
                         ("x-large", "ban-tin-thang-10.x-large.pdf"), ("x-large", "ban-tin-thang-10.x-large.epub")}
    assert all((page.parent / href).is_file() for _, href in downloads)
    assert html.xpath("//div[@class='toolbar']//button/text()") == ["Giảm cỡ chữ", "Tăng cỡ chữ"]


def test_search_index_holds_the_text_of_each_bulletin(room):
    script = (room / "assets" / "search-index.js").read_text(encoding="utf-8")
    docs = json.loads(script.removeprefix("window.BANTIN_DOCS = ").rstrip().rstrip(";"))
    assert len(docs) == 11
    pai = next(d for d in docs if "Nà Pài" in d["title"])
    assert "đảng viên" in pai["text"] and pai["author"] == "Lan Hương"
    for name in ("small", "normal", "large", "x-large", "xx-large"):
        assert (room / "assets" / f"size-{name}.css").is_file()


def test_manifest_lists_the_reading_room_and_verifies(room):
    manifest = json.loads((room / "manifest.json").read_text(encoding="utf-8"))
    paths = {e["path"] for e in manifest["files"]}
    assert {"assets/reading.js", "assets/search-index.js", "opensearch.xml",
            "2024/10/ban-tin-thang-10.html", "2024/10/ban-tin-thang-10.files/thumb.jpg"} <= paths
    assert not any("card" in e for e in manifest["files"])
    assert verify(room).ok


def test_opds_entries_carry_byline_lead_images_category_and_the_reading_page(room):
    feed = etree.parse(str(room / "catalog" / "2024-03.xml")).getroot()
    entry = next(e for e in feed.iter(f"{ATOM}entry") if "tiêm chủng" in e.findtext(f"{ATOM}title"))
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Ngọc Ánh"
    volume = next(e for e in feed.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}title").startswith("Bản tin tháng"))
    bylines = {a.findtext(f"{ATOM}name") for a in volume.iter(f"{ATOM}author")}
    bulletins = {a.findtext(f"{ATOM}name") for e in feed.iter(f"{ATOM}entry") if e is not volume
                 for a in e.iter(f"{ATOM}author")}
    assert "Ngọc Ánh" in bylines and bylines <= bulletins  # a volume's authors: its bulletins' bylines
    assert "bantin" not in etree.tostring(feed, encoding="unicode")  # never the tool's name as an author
    assert entry.findtext(f"{ATOM}summary").startswith("Trung tâm Y tế huyện Bạch Thông")
    assert entry.findtext("{http://purl.org/dc/terms/}issued") == "2024-03-09"
    rels = {link.get("rel"): link for link in entry.iter(f"{ATOM}link")}
    for rel in (OPDS_IMAGE, OPDS_IMAGE + "/thumbnail", "alternate"):
        assert (room / "catalog" / rels[rel].get("href")).resolve().is_file(), rel
    assert rels["alternate"].get("type") == "text/html"
    pai = etree.parse(str(room / "catalog" / "2024-10.xml")).getroot()
    assert [c.get("term") for c in pai.iter(f"{ATOM}category")] == ["Xây dựng Đảng"]
    root = etree.parse(str(room / "catalog.xml")).getroot()
    titles = [(e.findtext(f"{ATOM}title"), e.findtext(f"{ATOM}content")) for e in root.iter(f"{ATOM}entry")]
    assert titles == [("Bản tin mới nhất", "6 bản tin"), ("Năm 2024", "6 bản tin, 5 tập")]
    search = etree.parse(str(room / "opensearch.xml")).getroot()
    url = search.find("{http://a9.com/-/spec/opensearch/1.1/}Url")
    assert url.get("template") == "index.html?q={searchTerms}" and url.get("type") == "text/html"


def test_long_acquisition_feeds_are_paged(room, room_sources, tmp_path, monkeypatch):
    work = tmp_path / "room"
    shutil.copytree(room, work)
    (work / "index.html").unlink()  # the listing is written again, with pages of two entries
    monkeypatch.setattr(opds, "PAGE_SIZE", 2)
    archive(ArchiveOptions(room_sources, work, Publication(publisher="Ban Tuyên giáo Huyện ủy Bạch Thông",
                                                             sizes=("normal", "x-large")), jobs=1))
    first = etree.parse(str(work / "catalog" / "new.xml")).getroot()
    rels = {link.get("rel"): link.get("href") for link in first.iter(f"{ATOM}link") if link.getparent() is first}
    assert rels["next"] == "new-2.xml" and rels["last"] == "new-3.xml" and "previous" not in rels
    last = etree.parse(str(work / "catalog" / "new-3.xml")).getroot()
    assert len(last.findall(f"{ATOM}entry")) == 2
    dates = [e.findtext(f"{ATOM}updated") for n in ("new", "new-2", "new-3")
             for e in etree.parse(str(work / "catalog" / f"{n}.xml")).getroot().iter(f"{ATOM}entry")]
    assert dates == sorted(dates, reverse=True)
    assert verify(work).ok


@pytest.mark.parametrize("missing", ["index.html"])
def test_a_listing_file_deleted_by_hand_comes_back(room, room_sources, tmp_path, missing):
    work = tmp_path / "room"
    shutil.copytree(room, work)
    (work / missing).unlink()
    archive(ArchiveOptions(room_sources, work, Publication(publisher="Ban Tuyên giáo Huyện ủy Bạch Thông",
                                                             sizes=("normal", "x-large")), jobs=1))
    assert (work / missing).read_bytes() == (room / missing).read_bytes()
