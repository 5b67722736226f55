"""The seed bulletin built in every profile: text, structure, fonts, reproducibility.

EPUBCheck, Ace and PDF/UA-1 on these same builds (`toolkit.build` of the seed in every profile) run in
`tests/accessibility/test_validators.py`, with the rest of the matrix, in one batch."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont
from helpers import SEED, body_text, pdftotext, squash

import toolkit
from toolkit.paths import FONTS_DIR
from toolkit.readers import read_source
from toolkit.render.typography import typeset

PROFILES = ["small", "normal", "large", "x-large", "xx-large"]
pytestmark = pytest.mark.xdist_group("seed-outputs")  # one build of the module's fixture


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, dict[str, Path]]:
    out = tmp_path_factory.mktemp("seed")
    files = {}
    for profile in PROFILES:
        result = toolkit.build([SEED], size=profile, output_dir=out)
        assert result.ok, [str(r.error) for r in result.results]
        files[profile] = {o.format: o.path for o in result.outputs}
    return files


def test_pdf_text_matches_source_exactly(built):
    doc = read_source(SEED)
    text = body_text(built["normal"]["pdf"], doc.title)
    assert unicodedata.is_normalized("NFC", text)
    expected = [doc.title, doc.lead, "Hương Dịu", "Lớp bồi dưỡng nhận thức về Đảng do Trung tâm Chính trị huyện"]
    expected += [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert len(expected) == 10
    for piece in expected:  # as set: the typographic clean-up's dashes and quotes (the text itself is exact)
        assert typeset(piece, names=True).text.replace(" ", "") in text, piece[:60]


def test_vietnamese_date_and_page_numbers(built):
    first = squash(pdftotext(built["normal"]["pdf"], 1, 1))
    assert "Thứ Hai, ngày 15 tháng 4 năm 2024" in first
    pages = len(pikepdf.open(built["normal"]["pdf"]).pages)
    assert "Trang" not in first  # the first page carries the masthead, no folio
    last = squash(pdftotext(built["normal"]["pdf"], pages, pages))
    assert f"Trang {pages}/{pages}" in last


def test_page_counts_grow_with_profile(built):
    counts = [len(pikepdf.open(built[p]["pdf"]).pages) for p in PROFILES]
    assert counts == sorted(set(counts)), counts


def test_output_names_carry_non_default_profile(built):
    assert built["normal"]["pdf"].name == "seed.pdf"
    assert built["x-large"]["pdf"].name == "seed.x-large.pdf"
    assert built["x-large"]["epub"].name == "seed.x-large.epub"


def test_pdf_is_tagged_with_language_and_title(built):
    for profile in PROFILES:
        with pikepdf.open(built[profile]["pdf"]) as pdf:
            root = pdf.Root
            assert "/StructTreeRoot" in root
            assert str(root.Lang) == "vi"
            assert bool(root.ViewerPreferences.DisplayDocTitle)
            assert root.MarkInfo.Marked
            assert str(pdf.docinfo["/Title"]).startswith("Bạch Thông đẩy mạnh")
            assert "/Outlines" in root


def _identity(font: TTFont) -> tuple[str, str]:
    """(full name, version string) as the font's own name table gives them."""
    names = font["name"]
    return names.getDebugName(4), names.getDebugName(5)


def test_pdf_embeds_only_bundled_fonts(built):
    bundled = {_identity(TTFont(path, lazy=True)) for path in FONTS_DIR.glob("*.ttf")}
    for profile in PROFILES:
        with pikepdf.open(built[profile]["pdf"]) as pdf:
            embedded = set()
            for page in pdf.pages:
                for font in page.Resources.Font.values():
                    descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                    data = descendant.FontDescriptor.FontFile2.read_bytes()
                    embedded.add(_identity(TTFont(io.BytesIO(data))))
            assert embedded and embedded <= bundled, embedded - bundled


def test_large_print_profile_uses_sans(built):
    with pikepdf.open(built["x-large"]["pdf"]) as pdf:
        names = {str(f.BaseFont) for p in pdf.pages for f in p.Resources.Font.values()}
    assert all("Serif" not in n for n in names), names


def test_building_twice_gives_identical_bytes(built, tmp_path):
    again = toolkit.build([SEED], size="normal", output_dir=tmp_path)
    outputs = {o.format: o.path for o in again.outputs}
    assert outputs["pdf"].read_bytes() == built["normal"]["pdf"].read_bytes()
    assert outputs["epub"].read_bytes() == built["normal"]["epub"].read_bytes()
