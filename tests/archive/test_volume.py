"""A volume of the samples: same validators as a bulletin (PDF/UA-1, PDF/A-3a, EPUBCheck, Ace),
contents with the right page numbers, bulletins in date order on new pages, reproducible bytes."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pikepdf
import pytest
from helpers import SAMPLES, SEED, findings, pdftotext, require_validators, run_cli, squash, validate
from lxml import etree

from toolkit.model import Volume
from toolkit.pipeline import collect
from toolkit.readers import read_source
from toolkit.render.settings import BuildOptions

pytestmark = pytest.mark.xdist_group("volume")  # one build and one validation of the module's volumes
TITLE = "Bản tin tháng 4/2024"
PUBLISHER = "Ban Tuyên giáo Huyện ủy Bạch Thông"


@pytest.fixture(scope="module")
def volume_files(tmp_path_factory) -> dict[str, Path]:
    sources = [SEED, *sorted((SAMPLES / "portal-text").glob("*.txt")), SAMPLES / "legacy" / "cp1258-windows.txt"]
    out = tmp_path_factory.mktemp("volume")
    files = {"pdf": out / "v.pdf", "epub": out / "v.epub", "plain": out / "plain.pdf", "sources": sources}
    options = BuildOptions(publisher=PUBLISHER)
    result = collect(sources, options, TITLE, [files["pdf"], files["epub"]], period="Tháng 4/2024")
    assert result.ok and len(result.outputs) == 2
    collect(sources, options, TITLE, [files["plain"]], archival=False)
    return files


@pytest.fixture(scope="module")
def cli_volume(tmp_path_factory) -> tuple[Path, object]:
    """`bantin collect` of the seed and an empty file: the bad source is reported, the seed still bound."""
    out = tmp_path_factory.mktemp("cli-volume") / "v.epub"
    done = run_cli("collect", str(SEED), str(SAMPLES / "bad" / "empty.txt"), "--title", TITLE, "-o", str(out))
    return out, done


@pytest.fixture(scope="module")
def epubs_checked(volume_files, cli_volume) -> dict[Path, list]:
    """EPUBCheck (one JVM) and Ace on both volume EPUBs, in one run."""
    return validate([volume_files["epub"], cli_volume[0]], ["epubcheck", "ace"])


def _report(path: Path, profile: str) -> str:
    require_validators("pdfua")  # PDF/A-3a comes from the same package
    import page

    return str(page.validate_pdf(str(path), profile=profile))


@pytest.mark.parametrize(("name", "profile"), [("pdf", "ua1"), ("pdf", "3a"), ("plain", "ua1")])
def test_volume_pdf_passes_validators(volume_files, name, profile):
    report = _report(volume_files[name], profile)
    assert "no failures in implemented checks" in report, report


def test_archival_volume_identifies_as_pdfa3a_and_pdfua1(volume_files):
    with pikepdf.open(volume_files["pdf"]) as pdf:
        xmp = pdf.Root.Metadata
        assert "/Filter" not in xmp, "PDF/A needs the XMP stream uncompressed"
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "3" and meta["pdfaid:conformance"] == "A"
        assert meta["pdfuaid:part"] == "1"
        assert meta["xmp:CreateDate"].startswith("2024-11-22")  # the latest bulletin, not today


def test_each_source_is_attached_with_relationship_source(volume_files):
    with pikepdf.open(volume_files["pdf"]) as pdf:
        names = pdf.Root.Names.EmbeddedFiles.Names
        specs = {str(names[i]): names[i + 1] for i in range(0, len(names), 2)}
        assert set(specs) == {p.name for p in volume_files["sources"]}
        for source in volume_files["sources"]:
            spec = specs[source.name]
            assert spec.AFRelationship == pikepdf.Name.Source
            assert spec.EF.F.read_bytes() == source.read_bytes()
            date = read_source(source).date
            assert str(spec.EF.F.Params.ModDate).startswith(f"D:{date:%Y%m%d}")
        assert len(pdf.Root.AF) == len(specs)


def test_bulletins_in_date_order_each_on_a_new_page_with_contents_page_numbers(volume_files):
    docs = sorted((read_source(p) for p in volume_files["sources"]), key=lambda d: (d.date, d.title))
    with pikepdf.open(volume_files["pdf"]) as pdf:
        pages = len(pdf.pages)
    starts = {}
    for number in range(1, pages + 1):
        text = squash(pdftotext(volume_files["pdf"], number, number))
        for doc in docs:
            if doc not in starts and squash(doc.title)[:50] in text and number > 2:
                starts[doc] = number
    assert list(starts) == docs, "bulletins must follow in date order"
    assert sorted(starts.values()) == list(starts.values())
    contents = squash(pdftotext(volume_files["pdf"], 2, 2))
    assert contents.startswith("Mục lục")
    for doc in docs:
        # the contents line ends in the page where that bulletin begins (target-counter); the cover and
        # the contents are not counted, so the first bulletin begins on "Trang 1"
        pattern = re.escape(squash(doc.title)[-20:]) + r"[ .]*" + str(starts[doc] - 2) + r"\b"
        assert f"Trang {starts[doc] - 2}" in squash(pdftotext(volume_files["pdf"], starts[doc], starts[doc]))
        assert re.search(pattern, contents), (doc.title, starts[doc])


def test_cover_running_headers_and_bookmarks(volume_files):
    cover = squash(pdftotext(volume_files["pdf"], 1, 1))
    assert TITLE in cover and "Tháng 4/2024" in cover and PUBLISHER.upper() in cover.upper()
    assert "Trang" not in cover, "the cover has no page furniture"
    marks = _bookmarked_pages(volume_files["pdf"])
    docs = sorted((read_source(p) for p in volume_files["sources"]), key=lambda d: (d.date, d.title))
    assert [marks[doc.title] for doc in docs] == sorted(marks[doc.title] for doc in docs)
    assert marks[TITLE] == 1
    seed_title = read_source(volume_files["sources"][0]).title
    second_seed_page = squash(pdftotext(volume_files["pdf"], 4, 4))
    assert second_seed_page.startswith(squash(seed_title)[:40]), "running header names the bulletin"


def test_volume_epub_passes_epubcheck_with_one_page_list(volume_files, epubs_checked):
    assert findings(epubs_checked, volume_files["epub"], "epubcheck") == []
    with zipfile.ZipFile(volume_files["epub"]) as book:
        nav = etree.fromstring(book.read("EPUB/nav.xhtml"))
        names = book.namelist()
    ns = {"h": "http://www.w3.org/1999/xhtml", "e": "http://www.idpf.org/2007/ops"}
    page_list = nav.xpath("//h:nav[@e:type='page-list']//h:a/text()", namespaces=ns)
    with pikepdf.open(volume_files["pdf"]) as pdf:
        # as on paper: the cover and the contents (i, ii) are not counted, the first bulletin starts at 1
        assert page_list == ["i", "ii", *(str(n) for n in range(1, len(pdf.pages) - 1))]
    chapters = [n for n in names if re.match(r"EPUB/text/bulletin-\d{4}\.xhtml", n)]
    assert len(chapters) == len(volume_files["sources"])
    assert "EPUB/images/cover.png" in names


def test_collect_twice_gives_identical_bytes(volume_files, tmp_path):
    again = collect(volume_files["sources"], BuildOptions(publisher=PUBLISHER), TITLE,
                    [tmp_path / "v.pdf", tmp_path / "v.epub"], period="Tháng 4/2024")
    assert again.ok
    assert (tmp_path / "v.pdf").read_bytes() == volume_files["pdf"].read_bytes()
    assert (tmp_path / "v.epub").read_bytes() == volume_files["epub"].read_bytes()


def _bookmarked_pages(pdf_path: Path) -> dict[str, int]:
    """Top-level bookmark title -> 1-based page number it points to."""
    with pikepdf.open(pdf_path) as pdf:
        numbers = {page.obj.objgen: n for n, page in enumerate(pdf.pages, start=1)}
        with pdf.open_outline() as outline:
            return {item.title: numbers[item.destination[0].objgen] for item in outline.root}


def test_duplex_starts_every_bulletin_on_a_right_hand_page(volume_files, tmp_path):
    out = tmp_path / "duplex.pdf"
    collect(volume_files["sources"], BuildOptions(duplex=True), TITLE, [out], archival=False)
    marks = _bookmarked_pages(out)
    starts = [marks[read_source(p).title] for p in volume_files["sources"]]
    assert all(n % 2 == 1 for n in starts), starts
    assert "no failures in implemented checks" in _report(out, "ua1")


def test_volume_keeps_samples_in_date_order_model():
    doc = read_source(SEED)
    undated = doc.__class__(title="Không ngày", blocks=doc.blocks)
    volume = Volume("T", (undated, doc))
    assert volume.bulletins == (doc, undated)
    with pytest.raises(ValueError):
        Volume("T", ())


def test_cli_collect_reports_bad_source_and_binds_the_rest(cli_volume, epubs_checked):
    out, done = cli_volume
    assert done.returncode == 1
    assert "empty.txt" in done.stderr
    assert out.is_file()
    assert findings(epubs_checked, out, "epubcheck") == []


def test_volume_epub_passes_ace(volume_files, epubs_checked):
    assert findings(epubs_checked, volume_files["epub"], "ace") == []


@pytest.mark.parametrize("name", ["pdf", "plain"])
def test_volume_pdf_passes_builtin_structure_checks(volume_files, name):
    """Running headers and page numbers are artifacts, fonts map to Unicode, headings nest, as for bulletins."""
    from toolkit.qa.check import FAIL, check_file

    failed = [(c.name, c.detail) for c in check_file(volume_files[name]).checks if c.status == FAIL]
    assert failed == []


def test_volume_pdf_is_about_the_size_the_engine_writes(volume_files, tmp_path, monkeypatch):
    """The finishing pass (artifacts, ToUnicode, PDF/A) keeps streams compressed: at most 1.1x the bytes of
    WeasyPrint's own file for the same HTML (it was 6.5x when rewritten streams were saved uncompressed)."""
    import toolkit.writers.volume_pdf as volume_pdf

    monkeypatch.setattr(volume_pdf, "finish", lambda path, fixes, parts: None)
    engine_only = tmp_path / "engine.pdf"
    assert collect(volume_files["sources"], BuildOptions(publisher=PUBLISHER), TITLE, [engine_only],
                   period="Tháng 4/2024").ok
    assert volume_files["pdf"].stat().st_size <= 1.1 * engine_only.stat().st_size
    assert b"\r\nendstream" not in volume_files["pdf"].read_bytes()  # PDF/A: no stream ends in CR
