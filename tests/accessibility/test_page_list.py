"""Print page numbers in the EPUB match the PDF of the same profile: for every page N, the text right
after EPUB marker N is on page N of the PDF (`pdftotext -f N -l N`), for every profile and source."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from collections import Counter

import pytest
from helpers import IMAGES, pdftotext, squash
from lxml import etree

from toolkit.images import ImageResolver
from toolkit.model import Bulletin, Figure
from toolkit.pipeline import write_formats
from toolkit.qa.check import check_files
from toolkit.render.settings import BuildOptions, resolve
from toolkit.writers.draft import Draft

pytestmark = pytest.mark.xdist_group("accessibility")
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
NO_PHRASING = {f"{XHTML}{t}" for t in ("ul", "ol", "table", "thead", "tbody", "tfoot", "tr")}
WORDS = 4


def _chapter(epub) -> etree._Element:
    with zipfile.ZipFile(epub) as book:
        return etree.fromstring(book.read("EPUB/text/bulletin.xhtml"))


def _page_list(epub) -> list[str]:
    with zipfile.ZipFile(epub) as book:
        nav = etree.fromstring(book.read("EPUB/nav.xhtml"))
    lists = [n for n in nav.iter(f"{XHTML}nav") if n.get(EPUB_TYPE) == "page-list"]
    assert len(lists) == 1
    return [a.get("href") for a in lists[0].iter(f"{XHTML}a")]


def _markers(root) -> list[etree._Element]:
    return [el for el in root.iter(f"{XHTML}span") if el.get("role") == "doc-pagebreak"]


INLINE = {"span", "strong", "em", "a", "b", "i"}


def _text_after(marker, words: int = WORDS) -> str:
    """The first `words` words of text after `marker` in document order."""
    collected = ""
    for text in marker.xpath("following::text()"):
        # A word may run across inline elements (<span class="nw">Giàng</span>:); block elements part words.
        inline = etree.QName(text.getparent()).localname in INLINE
        collected += text if inline else " " + text
        if len(collected.split()) > words:
            break
    return " ".join(collected.split()[:words])


def _unhyphenated(text: str) -> str:
    """Page text with words split at line ends by hyphenation joined again."""
    return squash(text.replace("\u00ad\n", "").replace("-\n", "").replace("\u2010\n", ""))


def test_every_page_has_one_marker_and_one_nav_entry(paged):
    for output in paged:
        markers = _markers(_chapter(output.epub))
        labels = [m.get("aria-label") for m in markers]
        assert labels == [str(n) for n in range(1, output.pages + 1)], output.name
        ids = [m.get("id") for m in markers]
        assert _page_list(output.epub) == [f"text/bulletin.xhtml#{i}" for i in ids], output.name
        assert all(m.get(EPUB_TYPE) == "pagebreak" for m in markers)


def test_ids_unique_and_markers_never_directly_in_lists_or_tables(paged):
    for output in paged:
        root = _chapter(output.epub)
        counts = Counter(el.get("id") for el in root.iter() if el.get("id"))
        assert [i for i, n in counts.items() if n > 1] == [], output.name
        assert [m.getparent().tag for m in _markers(root) if m.getparent().tag in NO_PHRASING] == [], output.name


def test_text_after_marker_n_is_on_pdf_page_n(paged):
    problems = []
    checked = 0
    for output in paged:
        for marker in _markers(_chapter(output.epub)):
            number = int(marker.get("aria-label"))
            expected = squash(_text_after(marker))
            page = _unhyphenated(pdftotext(output.pdf, number, number))
            checked += 1
            if not expected or expected not in page:
                problems.append(f"{output.name} page {number}: {expected!r} not in {page[:200]!r}")
    assert problems == []
    assert checked > 2 * len(paged)  # the matrix has multi-page outputs, not only page 1


def test_marker_text_starts_the_page_body(paged):
    """Stronger than "on the page": nothing of page N-1's text comes between marker N and its words."""
    problems = []
    for output in paged:
        for marker in _markers(_chapter(output.epub))[1:]:
            number = int(marker.get("aria-label"))
            before = _unhyphenated(pdftotext(output.pdf, number - 1, number - 1))
            words = squash(_text_after(marker, 12))
            if words and words in before:
                problems.append(f"{output.name} page {number}: {words!r} already on page {number - 1}")
    assert problems == []


def test_pages_that_start_with_an_image_get_markers(tmp_path):
    """Figures without captions: pages that hold only an image still get a marker, placed before it."""
    shutil.copy(IMAGES / "kham-benh.png", tmp_path / "anh.png")
    figures = tuple(Figure("anh.png", alt=f"Ảnh số {n}: hội nghị tổng kết") for n in range(1, 6))
    doc = Bulletin(title="Ảnh hoạt động", date=dt.date(2024, 6, 1), source=tmp_path / "anh.txt", blocks=figures)
    settings = resolve(BuildOptions(output_dir=tmp_path / "out"))
    outputs = {o.format: o for o in write_formats(Draft(doc, settings, ImageResolver(doc)), "anh")}
    pages = outputs["pdf"].pages
    assert pages >= 3
    markers = _markers(_chapter(outputs["epub"].path))
    assert [m.get("aria-label") for m in markers] == [str(n) for n in range(1, pages + 1)]
    for marker in markers[1:]:
        assert marker.getnext() is not None and marker.getnext().tag == f"{XHTML}figure", marker.get("id")
    (report,) = check_files([outputs["epub"].path], run_validators=False)
    assert report.ok, report.checks


def test_insert_markers_never_leaves_a_page_without_a_marker():
    """A page the layout gave no start for (nothing but an image, say) still gets its marker, after the
    previous page's, so the page-list never links to a missing id; markers stay out of table rows."""
    from toolkit.render.pagemap import PageStart
    from toolkit.writers.epub_pages import insert_markers

    xhtml = ('<html xmlns="http://www.w3.org/1999/xhtml"><body><h1 id="title">Tiêu đề</h1>'
             '<p id="b1">Một hai ba bốn năm sáu</p><div id="b2"><table>\n<tbody>\n<tr><td>ô một</td>'
             '<td>ô hai</td></tr>\n</tbody></table></div></body></html>')
    root = etree.fromstring(insert_markers(xhtml, [PageStart(2, "b1", 4), PageStart(4, "b2", 0)], total=5)
                            .encode())
    markers = _markers(root)
    assert [m.get("id") for m in markers] == [f"page-{n}" for n in range(1, 6)]
    assert _text_after(markers[1], 2) == "hai ba"
    assert _text_after(markers[2], 2) == "hai ba"  # page 3 had no start: right after page 2's marker
    assert markers[3].getparent().tag == f"{XHTML}td" and _text_after(markers[3], 2) == "ô một"
    assert all(m.getparent().tag not in NO_PHRASING for m in markers)
