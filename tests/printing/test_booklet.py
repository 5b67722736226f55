"""A5 saddle-stitch booklets: page order of the folded stack, sheet size, reproducibility, `bantin impose`."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
from helpers import SEED, pdftotext, run_cli, squash

import toolkit
from toolkit.images import ImageResolver
from toolkit.model import Bulletin
from toolkit.pipeline import write_formats
from toolkit.readers import read_source
from toolkit.render.settings import BuildOptions, RenderSettings, resolve
from toolkit.writers.booklet import A4_LANDSCAPE_PT
from toolkit.writers.draft import Draft

HALF_WIDTH = A4_LANDSCAPE_PT[0] / 2


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


def booklet_settings(size: str, out: Path) -> RenderSettings:
    return resolve(BuildOptions(size=size, page_size="A5", formats=("pdf",), booklet=True, output_dir=out))


def six_page_bulletin(settings: RenderSettings) -> Bulletin | None:
    """The seed cut after as many blocks as fill exactly six A5 pages (None if no cut does)."""
    doc = read_source(SEED)
    low, high = 1, len(doc.blocks)
    while low < high:  # the first cut that needs six pages or more
        middle = (low + high) // 2
        cut = replace(doc, blocks=doc.blocks[:middle])
        if Draft(cut, settings, ImageResolver(cut)).printed().pages < 6:
            low = middle + 1
        else:
            high = middle
    cut = replace(doc, blocks=doc.blocks[:low])
    return cut if Draft(cut, settings, ImageResolver(cut)).printed().pages == 6 else None


@pytest.fixture(scope="module")
def six_pages(tmp_path_factory) -> dict[str, object]:
    """A six-page A5 bulletin (the seed, cut), its reading copy and its booklet."""
    out = tmp_path_factory.mktemp("booklet")
    for size in ("x-large", "xx-large", "large"):
        settings = booklet_settings(size, out)
        doc = six_page_bulletin(settings)
        if doc is not None:
            files = {o.format: o.path for o in write_formats(Draft(doc, settings, ImageResolver(doc)), "six")}
            return {**files, "doc": doc, "size": size}
    pytest.fail("no cut of the seed fills exactly six A5 pages in the large profiles")


def test_six_pages_give_eight_on_two_a4_sheets(six_pages):
    booklet = six_pages["booklet"]
    assert booklet.name.endswith(".a5.booklet.pdf") and booklet.parent == six_pages["pdf"].parent
    with pikepdf.open(booklet) as pdf:
        assert len(pdf.pages) == 4  # 2 sheets, both sides
        for page in pdf.pages:
            width, height = float(page.mediabox[2]), float(page.mediabox[3])
            assert (round(width, 1), round(height, 1)) == (841.9, 595.3)  # A4 landscape


def test_half_pages_follow_the_folded_booklet(six_pages):
    reading, booklet = six_pages["pdf"], six_pages["booklet"]
    for side, pair in enumerate(folded_order(8), start=1):
        for half, page in enumerate(pair):
            text = half_page_text(booklet, side, half)
            if page > 6:
                assert text == "", f"side {side}: page {page} should be a blank pad page"
                continue
            assert f"Trang {page}/6" in text, (side, half, text[-80:])
            # The whole page is there: the same words as the reading copy's page.
            assert text.replace(" ", "") == squash(pdftotext(reading, page, page)).replace(" ", "")


def test_reading_copy_stays_tagged_and_booklet_is_reproducible(six_pages, tmp_path):
    with pikepdf.open(six_pages["pdf"]) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert len(pdf.pages) == 6
    doc = six_pages["doc"]
    again = write_formats(Draft(doc, booklet_settings(six_pages["size"], tmp_path), ImageResolver(doc)), "six")
    twin = next(o.path for o in again if o.format == "booklet")
    assert twin.read_bytes() == six_pages["booklet"].read_bytes()
    with pikepdf.open(twin) as pdf:
        assert str(pdf.docinfo["/Title"]).startswith("Bạch Thông")
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20240415")
        assert str(pdf.Root.Lang) == "vi"


def test_impose_command_scales_an_a4_pdf(tmp_path):
    result = toolkit.build([SEED], formats=("pdf",), output_dir=tmp_path)
    reading = result.outputs[0].path
    pages = len(pikepdf.open(reading).pages)
    assert pages == 2, "the seed on A4 is expected on two pages"
    done = run_cli("impose", str(reading))
    assert done.returncode == 0, done.stderr
    booklet = tmp_path / "seed.booklet.pdf"
    assert done.stdout.strip() == f"wrote {booklet} (4 A5 pages on 1 A4 sheets, 2 sides)"
    assert [half_page_text(booklet, 1, 0), half_page_text(booklet, 2, 1)] == ["", ""]  # pages 4 and 3: blank
    assert "Trang 1/2" in half_page_text(booklet, 1, 1)
    assert "Trang 2/2" in half_page_text(booklet, 2, 0)


def test_impose_command_refuses_what_is_not_a_pdf(tmp_path):
    done = run_cli("impose", str(SEED), "-o", str(tmp_path / "b.pdf"))
    assert done.returncode == 1
    assert done.stderr.startswith(f"bantin: error: {SEED}: cannot impose, not a readable PDF")
    assert len(done.stderr.splitlines()) == 1
    assert not (tmp_path / "b.pdf").exists()
    missing = run_cli("impose", str(tmp_path / "missing.pdf"))
    assert missing.returncode == 1 and "no such file" in missing.stderr
