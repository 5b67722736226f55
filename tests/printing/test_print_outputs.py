"""Print-shop and office outputs: crop marks and bleed, grayscale images, PDF/X-4, paper sizes, duplex."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
from helpers import EXAMPLES, SEED, findings, pdftotext, require_validators, squash, validate

import toolkit
from toolkit.images import ImageResolver
from toolkit.model import Figure
from toolkit.pipeline import write_formats
from toolkit.readers import read_source
from toolkit.render.settings import BuildOptions, resolve
from toolkit.writers.booklet import MM
from toolkit.writers.draft import Draft

pytestmark = pytest.mark.xdist_group("print-outputs")  # one build of the module's fixture
RGB_SPACES = {"/DeviceRGB", "/CalRGB", "/DeviceN", "/Separation", "/DeviceCMYK"}


def built(tmp_path: Path, **options) -> Path:
    result = toolkit.build([SEED], formats=("pdf",), output_dir=tmp_path, **options)
    assert result.ok, [str(r.error) for r in result.results]
    return result.outputs[0].path


def left_edge(pdf: Path, page: int) -> float:
    """Where the text of `page` starts, in points from the left edge of the MediaBox."""
    args = ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"]
    html = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return min(float(x) for x in re.findall(r'xMin="([\d.]+)"', html))


def image_spaces(pdf: Path) -> list[str]:
    """The colour space family of every image XObject (ICCBased reported by its channel count)."""
    spaces = []
    with pikepdf.open(pdf) as doc:
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
                space = obj.get("/ColorSpace")
                if isinstance(space, pikepdf.Array) and str(space[0]) == "/ICCBased":
                    spaces.append({1: "/DeviceGray", 3: "/DeviceRGB", 4: "/DeviceCMYK"}[int(space[1].N)])
                else:
                    spaces.append(str(space[0] if isinstance(space, pikepdf.Array) else space))
    return spaces


# --- crop marks and bleed ------------------------------------------------------------------------

def test_marks_set_trimbox_and_bleedbox_3mm_apart(tmp_path):
    marked = built(tmp_path, marks=True, size="x-large")
    with pikepdf.open(marked) as pdf:
        assert len(pdf.pages) > 1
        for page in pdf.pages:
            trim = [float(v) for v in page.obj.TrimBox]
            bleed = [float(v) for v in page.obj.BleedBox]
            media = [float(v) for v in page.obj.MediaBox]
            assert [round(b - t, 2) for b, t in zip(bleed, trim, strict=True)] == pytest.approx(
                [-3 * MM, -3 * MM, 3 * MM, 3 * MM], abs=0.05)
            assert trim[2] - trim[0] == pytest.approx(210 * MM, abs=0.1)  # the finished page is still A4
            # a 12 mm slug beyond the bleed holds the marks
            assert [round(m - b, 2) for m, b in zip(media, bleed, strict=True)] == pytest.approx(
                [-12 * MM, -12 * MM, 12 * MM, 12 * MM], abs=0.05)
            assert _marks_outside(page, bleed)
    assert "Bạch Thông" in pdftotext(marked, 1, 1)


def _marks_outside(page, bleed: list[float]) -> int:
    """The marks (the page's last content stream) are artifacts, and every point they draw lies outside the
    BleedBox; returns how many."""
    points, inside_artifact = 0, False
    for operands, operator in pikepdf.parse_content_stream(page.obj.Contents[-1]):
        op = str(operator)
        if op == "BMC" and str(operands[0]) == "/Artifact":
            inside_artifact = True
        elif op == "EMC":
            inside_artifact = False
        elif inside_artifact and op in ("m", "l", "c"):
            coordinates = [float(v) for v in operands]
            for x, y in zip(coordinates[::2], coordinates[1::2], strict=True):
                assert not (bleed[0] < x < bleed[2] and bleed[1] < y < bleed[3]), (x, y)
                points += 1
    return points


def test_marks_keep_the_pdf_accessible(tmp_path):
    require_validators("pdfua")
    marked = built(tmp_path, marks=True)
    (result,) = validate([marked], ["pdfua"])[marked]
    assert result.findings == []


def test_without_marks_trim_is_the_page(tmp_path):
    with pikepdf.open(built(tmp_path)) as pdf:
        page = pdf.pages[0]
        assert [float(v) for v in page.trimbox] == [float(v) for v in page.mediabox]


# --- grayscale -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def illustrated(tmp_path_factory):
    """The seed with a JPEG and a PNG photo (from the examples), built in colour and in grayscale."""
    doc = read_source(SEED)
    folder = EXAMPLES
    photos = (Figure(Path("images/tiem-chung.jpg"), "Tiêm chủng cho trẻ", "Ảnh: tiêm chủng"),
              Figure(Path("images/kham-benh.png"), "Khám bệnh", "Ảnh: khám bệnh"))
    doc = replace(doc, source=folder / "illustrated.txt", blocks=(*photos, *doc.blocks))
    out = {}
    for gray in (False, True):
        options = BuildOptions(formats=("pdf",), grayscale=gray, booklet=True,
                               output_dir=tmp_path_factory.mktemp(f"gray-{gray}"))
        draft = Draft(doc, resolve(options), ImageResolver(doc))
        out[gray] = {o.format: o.path for o in write_formats(draft, "illustrated")}
    return out


def test_colour_build_has_rgb_images(illustrated):
    """Guards the grayscale test below: the photos really are colour to begin with."""
    assert set(image_spaces(illustrated[False]["pdf"])) & RGB_SPACES


@pytest.mark.parametrize("output", ["pdf", "booklet"])
def test_grayscale_outputs_have_no_rgb_images(illustrated, output):
    spaces = image_spaces(illustrated[True][output])
    assert len(spaces) == 2, spaces
    assert set(spaces) == {"/DeviceGray"}


def test_grayscale_keeps_the_picture_and_the_tags(illustrated, tmp_path):
    colour, gray = illustrated[False]["pdf"], illustrated[True]["pdf"]
    pixels = []
    for pdf in (colour, gray):
        prefix = tmp_path / pdf.parent.name
        subprocess.run(["pdftoppm", "-r", "30", "-gray", "-f", "1", "-l", "1", str(pdf), str(prefix)], check=True)
        pixels.append(next(tmp_path.glob(f"{prefix.name}*.pgm")).read_bytes())
    assert len(pixels[0]) == len(pixels[1])
    difference = sum(abs(a - b) for a, b in zip(pixels[0], pixels[1], strict=True)) / len(pixels[0])
    assert difference < 3, difference  # the same page, seen in gray: the photo was converted, not lost
    with pikepdf.open(gray) as pdf:
        assert "/StructTreeRoot" in pdf.Root
    assert squash(pdftotext(gray)) == squash(pdftotext(colour))


# --- PDF/X-4 -------------------------------------------------------------------------------------

def test_pdf_x4_is_reproducible(tmp_path):
    first = built(tmp_path / "a", pdf_variant="pdf/x-4")
    second = built(tmp_path / "b", pdf_variant="pdf/x-4")
    assert first.read_bytes() == second.read_bytes()
    with pikepdf.open(first) as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20240415")
        assert str(pdf.docinfo["/ModDate"]).startswith("D:20240415")
        xmp = pdf.Root.Metadata.read_bytes()
        assert b"PDF/X-4" in xmp and b"xmp.did:" in xmp
        assert b"<xmp:MetadataDate>2024-04-15" in xmp


# --- paper sizes and duplex ----------------------------------------------------------------------

@pytest.mark.parametrize(("paper", "size_pt", "inner_mm"), [
    # The normal profile's 33-em measure (139.7 mm) centred: A4 and Letter widen their 20 mm inner margin.
    ("A4", (595.28, 841.89), 36.15), ("A5", (419.53, 595.28), 15), ("Letter", (612.0, 792.0), 39.1),
])
def test_paper_sizes_with_margins_for_the_paper(tmp_path, paper, size_pt, inner_mm):
    pdf = built(tmp_path, page_size=paper)
    with pikepdf.open(pdf) as doc:
        box = doc.pages[0].mediabox
        assert (round(float(box[2]), 2), round(float(box[3]), 2)) == size_pt
    assert left_edge(pdf, 1) == pytest.approx(inner_mm * MM, abs=1.0)


def test_duplex_mirrors_the_margins(tmp_path):
    plain = built(tmp_path / "plain")
    duplex = built(tmp_path / "duplex", duplex=True)
    assert left_edge(plain, 1) == pytest.approx(left_edge(plain, 2), abs=0.5)
    # Normal on A4: inner 20 mm and outer 18 mm, each widened by 16.15 mm to the 33-em measure.
    assert left_edge(duplex, 1) == pytest.approx(36.15 * MM, abs=1.0)  # right-hand page: inner margin on the left
    assert left_edge(duplex, 2) == pytest.approx(34.15 * MM, abs=1.0)  # left-hand page: outer margin on the left


TWO_BULLETINS = """{%- from "_article.html.j2" import article with context -%}
<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"/><title>{{ doc.title }}</title></head>
<body>{% for n in range(2) %}<article class="bulletin">{{ article(doc) }}</article>{% endfor %}</body>
</html>
"""


def test_duplex_starts_each_bulletin_on_a_right_page_after_a_bare_blank(tmp_path):
    """What a volume gets from duplex.css: two one-page bulletins print on pages 1 and 3."""
    layout = tmp_path / "two"
    layout.mkdir()
    (layout / "layout.toml").write_text('name = "two"\nextends = "bulletin"\n[templates]\npdf = "two.html.j2"\n')
    (layout / "two.html.j2").write_text(TWO_BULLETINS, encoding="utf-8")
    single = built(tmp_path / "single", layout=str(layout), size="small")
    duplex = built(tmp_path / "duplex", layout=str(layout), size="small", duplex=True)
    assert len(pikepdf.open(single).pages) == 2
    assert len(pikepdf.open(duplex).pages) == 3
    assert pdftotext(duplex, 2, 2).strip() == ""  # no header, rule text or page number
    assert "Trang 3/3" in pdftotext(duplex, 3, 3)


def test_print_options_keep_the_reading_copy_pdf_ua(illustrated, tmp_path):
    """Grayscale rewrites the file with pikepdf and marks enlarge the MediaBox: both stay PDF/UA-1."""
    pdfs = [illustrated[True]["pdf"], built(tmp_path, marks=True, duplex=True)]
    results = validate(pdfs, ["pdfua"])
    assert [f for pdf in pdfs for f in findings(results, pdf, "pdfua")] == []
