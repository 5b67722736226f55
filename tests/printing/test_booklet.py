"""A5 saddle-stitch booklets: page order of the folded stack, sheet size, reproducibility, `bantin impose`."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pikepdf
import pytest
from helpers import SEED, pdftotext, run_cli, squash

import toolkit
from toolkit.images import ImageResolver
from toolkit.model import Bulletin, Paragraph, spans
from toolkit.pipeline import write_formats
from toolkit.render.settings import BuildOptions, RenderSettings, resolve
from toolkit.writers.booklet import A4_LANDSCAPE_PT, impose
from toolkit.writers.draft import Draft

HALF_WIDTH = A4_LANDSCAPE_PT[0] / 2
pytestmark = pytest.mark.xdist_group("booklet")  # one build of the module's fixture


def half_page_text(pdf: Path, side: int, half: int) -> str:
    """Text of the left (half 0) or right (half 1) A5 page of one A4 side, by cropping with pdftotext."""
    x = int(half * HALF_WIDTH) + 1
    args = ["pdftotext", "-enc", "UTF-8", "-f", str(side), "-l", str(side), "-x", str(x), "-y", "0",
            "-W", str(int(HALF_WIDTH) - 2), "-H", str(int(A4_LANDSCAPE_PT[1]) + 1), str(pdf), "-"]
    return squash(subprocess.run(args, check=True, capture_output=True, text=True).stdout)


def folded_order(pages: int) -> list[tuple[int, int]]:
    """(left, right) page numbers of each side of a saddle-stitched stack, outer sheet first.

    Written out from the rule of a folded booklet, independently of pdfimpose: the outer sheet's
    front carries the last and the first page, its back the second and the second-to-last, and so on.
    """
    sides = []
    for sheet in range(pages // 4):
        low, high = 2 * sheet + 1, pages - 2 * sheet
        sides += [(high, low), (low + 1, high - 1)]
    return sides


def test_folded_order_of_eight_pages():
    assert folded_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]


def booklet_settings(out: Path) -> RenderSettings:
    return resolve(BuildOptions(size="x-large", page_size="A5", formats=("pdf",), booklet=True, output_dir=out))


def generated_bulletin(folder: Path) -> Bulletin:
    """A bulletin of a few paragraphs, each sentence its own (so every page's words are its own)."""
    paragraphs = tuple(Paragraph(spans(" ".join(
        f"Câu {n}.{k}: tổ {n} thôn {k} học {n + k} chuyên đề, làm {n * k + 1} việc cụ thể trong năm {2000 + n}."
        for k in range(1, 6)))) for n in range(1, 9))
    return Bulletin(title="Bạch Thông: các chi bộ học tập chuyên đề năm 2024", date=dt.date(2024, 4, 15),
                    lead="Bản tin thử in tập gấp đôi.", source=folder / "tap.txt", blocks=paragraphs)


def padded(pages: int) -> int:
    """A5 pages of the booklet: the reading copy's, padded with blanks to whole A4 sheets (4 pages each)."""
    return -(-pages // 4) * 4


def assert_folded(booklet: Path, pages: int, page_text) -> None:
    """Every half of every side holds the page `folded_order` puts there: `page_text(n)`, or a blank pad page."""
    with pikepdf.open(booklet) as pdf:
        assert len(pdf.pages) == padded(pages) // 2  # both sides of each sheet
        for page in pdf.pages:
            width, height = float(page.mediabox[2]), float(page.mediabox[3])
            assert (round(width, 1), round(height, 1)) == (841.9, 595.3)  # A4 landscape
    for side, pair in enumerate(folded_order(padded(pages)), start=1):
        for half, page in enumerate(pair):
            text = half_page_text(booklet, side, half)
            if page > pages:
                assert text == "", f"side {side}: page {page} should be a blank pad page"
            else:  # the whole page is there: the same words as the reading copy's page
                assert text.replace(" ", "") == page_text(page).replace(" ", ""), (side, half, page, text[-80:])


@pytest.fixture(scope="module")
def booklet(tmp_path_factory) -> dict[str, object]:
    """A generated bulletin on A5, its reading copy and its booklet, however many pages it lays out."""
    out = tmp_path_factory.mktemp("booklet")
    doc = generated_bulletin(out)
    settings = booklet_settings(out)
    files = {o.format: o for o in write_formats(Draft(doc, settings, ImageResolver(doc)), "tap")}
    return {"pdf": files["pdf"].path, "pages": files["pdf"].pages, "booklet": files["booklet"].path,
            "sides": files["booklet"].pages, "doc": doc}


def test_booklet_pads_to_whole_sheets_and_follows_the_fold(booklet):
    reading, pages = booklet["pdf"], booklet["pages"]
    assert pages == len(pikepdf.open(reading).pages) > 1
    assert booklet["booklet"].name == "tap.x-large.a5.booklet.pdf" and booklet["booklet"].parent == reading.parent
    assert booklet["sides"] == padded(pages) // 2
    for page in range(2, pages + 1):  # the first page carries the masthead, no folio
        assert f"Trang {page}/{pages}" in squash(pdftotext(reading, page, page))
    assert_folded(booklet["booklet"], pages, lambda n: squash(pdftotext(reading, n, n)))


def test_any_page_count_is_padded_and_folded(booklet, tmp_path):
    """The first 1, 2, … pages of the reading copy (every remainder of 4 that it allows) imposed alone."""
    reading, pages = booklet["pdf"], booklet["pages"]
    for count in range(1, min(pages, 5) + 1):
        part = tmp_path / f"first-{count}.pdf"
        with pikepdf.open(reading) as pdf:
            del pdf.pages[count:]
            pdf.save(part)
        made = impose(part, tmp_path / f"first-{count}.booklet.pdf")
        assert (made.pages, made.sides, made.sheets) == (padded(count), padded(count) // 2, padded(count) // 4)
        assert_folded(made.path, count, lambda n: squash(pdftotext(reading, n, n)))


def test_reading_copy_stays_tagged_and_booklet_is_reproducible(booklet, tmp_path):
    with pikepdf.open(booklet["pdf"]) as pdf:
        assert "/StructTreeRoot" in pdf.Root
    doc = booklet["doc"]
    again = write_formats(Draft(doc, booklet_settings(tmp_path), ImageResolver(doc)), "tap")
    twin = next(o.path for o in again if o.format == "booklet")
    assert twin.read_bytes() == booklet["booklet"].read_bytes()
    with pikepdf.open(twin) as pdf:
        assert str(pdf.docinfo["/Title"]).startswith("Bạch Thông")
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20240415")
        assert str(pdf.Root.Lang) == "vi"


def test_impose_command_scales_an_a4_pdf(tmp_path):
    result = toolkit.build([SEED], formats=("pdf",), output_dir=tmp_path)
    reading, pages = result.outputs[0].path, result.outputs[0].pages
    done = run_cli("impose", str(reading))
    assert done.returncode == 0, done.stderr
    booklet = tmp_path / "seed.booklet.pdf"
    n = padded(pages)
    assert done.stdout.strip() == f"wrote {booklet} ({n} A5 pages on {n // 4} A4 sheets, {n // 2} sides)"
    # Scaled to A5, each A4 page keeps its words and its own "Trang N/M".
    assert_folded(booklet, pages, lambda page: squash(pdftotext(reading, page, page)))
    for side, pair in enumerate(folded_order(n), start=1):
        for half, page in enumerate(pair):
            if 1 < page <= pages:
                assert f"Trang {page}/{pages}" in half_page_text(booklet, side, half)


def test_impose_command_refuses_what_is_not_a_pdf(tmp_path):
    done = run_cli("impose", str(SEED), "-o", str(tmp_path / "b.pdf"))
    assert done.returncode == 1
    assert done.stderr.startswith(f"bantin: error: {SEED}: cannot impose, not a readable PDF")
    assert len(done.stderr.splitlines()) == 1
    assert not (tmp_path / "b.pdf").exists()
    missing = run_cli("impose", str(tmp_path / "missing.pdf"))
    assert missing.returncode == 1 and "no such file" in missing.stderr
