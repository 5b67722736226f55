"""Page design, measured on the printed pages (issue 14) with a PDF text-position library (pdfplumber):
for the seed and the portal-HTML example at small, normal and xx-large on A4 and A5 (and x-large for the
large-print sizes), the characters per full line of body text, the smallest text on any page, and the
clear space between the running head's rule and the content.

The first pages are PNG references under `reference/design/`, compared as in `test_visual.py`
(`BANTIN_UPDATE_REFERENCES=1` rewrites them after an intended change).
"""

from __future__ import annotations

import statistics
from pathlib import Path

import pdfplumber
import pytest
from helpers import EXAMPLES, SEED, pdftotext
from PIL import Image
from printing.test_visual import TOLERANCE, UPDATE, difference, render

import toolkit
from toolkit.render.settings import BuildOptions, resolve

pytestmark = pytest.mark.xdist_group("page-design")
MM = 72 / 25.4
REFERENCE = Path(__file__).parent / "reference" / "design"
SOURCES = {"seed": SEED, "portal-html": EXAMPLES / "tiem-chung-mo-rong.html"}
CASES = [(source, size, paper) for source in SOURCES for size in ("small", "normal", "xx-large")
         for paper in ("A4", "A5")]


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[tuple[str, str, str], Path]:
    out = tmp_path_factory.mktemp("design")
    found = {}
    for source, size, paper in [*CASES, ("seed", "x-large", "A4")]:
        folder = out / f"{source}-{size}-{paper}"
        result = toolkit.build([SOURCES[source]], output_dir=folder, formats=("pdf",), size=size, page_size=paper)
        assert result.ok, result.results[0].error
        found[(source, size, paper)] = result.results[0].outputs[0].path
    return found


def _body_lines(page, body_pt: float, columns: int) -> list[str]:
    """Lines of regular body text (not bold or italic, at the body size), per column."""
    plain = page.filter(lambda o: o.get("object_type") != "char" or (
        abs(o["size"] - body_pt) < 0.2 and "Bold" not in o["fontname"] and "Italic" not in o["fontname"]))
    width = page.width / columns
    parts = [plain.crop((i * width, 0, (i + 1) * width, page.height)) for i in range(columns)]
    return [line for part in parts for line in part.extract_text_lines() if len(line["text"]) > 5]


def characters_per_full_line(pdf_path: Path, body_pt: float, columns: int) -> float:
    """Median length of the full lines (as wide as the widest) of body text."""
    full = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            lines = _body_lines(page, body_pt, columns)
            if lines:
                widest = max(line["x1"] - line["x0"] for line in lines)
                full += [len(line["text"]) for line in lines if line["x1"] - line["x0"] > 0.95 * widest]
    return statistics.median(full)


def smallest_text(pdf_path: Path) -> float:
    with pdfplumber.open(pdf_path) as pdf:
        return min(char["size"] for page in pdf.pages for char in page.chars)


def furniture_gaps(pdf_path: Path, top_margin_mm: float) -> list[float]:
    """For each page with a running head: mm between the head's rule and the first content below it."""
    gaps = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages[1:]:
            limit = top_margin_mm * MM
            rules = [e["top"] for e in page.horizontal_edges if e["top"] < limit]
            if not rules:
                continue
            rule = max(rules)
            content = [c["top"] for c in page.chars if c["top"] > rule] + \
                      [i["top"] for i in page.images if i["top"] > rule]
            gaps.append((min(content) - rule) / MM)
    return gaps


@pytest.mark.parametrize(("source", "size", "paper"), CASES, ids=lambda v: str(v))
def test_lines_are_a_readable_measure(printed, source, size, paper):
    settings = resolve(BuildOptions(size=size, page_size=paper))
    measured = characters_per_full_line(printed[(source, size, paper)], settings.profile.body_pt,
                                        settings.geometry.columns)
    if settings.profile.large_print:
        # 24 pt on A5 fits 28-29 characters between margins a staple and a printer allow.
        assert 27 <= measured <= 75, measured
    else:
        assert 45 <= measured <= 75, measured


@pytest.mark.parametrize("size", ["x-large", "xx-large"])
def test_large_print_is_large_everywhere(printed, size):
    """Captions, tables, dates, the source line, running head and folio: at least 16 pt."""
    for key, pdf in printed.items():
        if key[1] == size:
            assert round(smallest_text(pdf), 1) >= 16, key


@pytest.mark.parametrize(("source", "size", "paper"), CASES, ids=lambda v: str(v))
def test_page_furniture_keeps_clear_of_the_content(printed, source, size, paper):
    settings = resolve(BuildOptions(size=size, page_size=paper))
    gaps = furniture_gaps(printed[(source, size, paper)], settings.geometry.margins_mm[0])
    with pdfplumber.open(printed[(source, size, paper)]) as pdf:
        assert len(gaps) == len(pdf.pages) - 1  # every page after the first has its running head and rule
    assert all(gap >= 4 for gap in gaps), gaps


def test_a_one_page_bulletin_has_no_folio(printed):
    one_page = printed[("seed", "small", "A4")]
    with pdfplumber.open(one_page) as pdf:
        assert len(pdf.pages) == 1
    assert "Trang" not in pdftotext(one_page)


def test_first_pages_look_like_the_references(printed, tmp_path):
    """Each case's first page at 40 dpi, against `reference/design/` (regenerate with BANTIN_UPDATE_REFERENCES=1)."""
    REFERENCE.mkdir(exist_ok=True)
    changed = []
    for (source, size, paper), pdf in printed.items():
        name = f"{source}.{size}.{paper}"
        page = render(pdf, 1, tmp_path / name)
        if UPDATE:
            page.save(REFERENCE / f"{name}.png")
        elif difference(page, Image.open(REFERENCE / f"{name}.png").convert("L")) > TOLERANCE:
            changed.append(name)
    assert changed == []


@pytest.mark.parametrize(("source", "size", "paper"), CASES, ids=lambda v: str(v))
def test_a_last_page_is_never_a_line_or_a_name(printed, source, size, paper):
    """The byline goes with the text's last lines (widows: 3), so the last page holds at least three lines."""
    with pdfplumber.open(printed[(source, size, paper)]) as pdf:
        if len(pdf.pages) == 1:
            return
        last = pdf.pages[-1]
        furniture = 25 * MM  # the running head above, the folio below
        tops = {round(c["top"]) for c in last.chars if furniture < c["top"] < last.height - furniture}
    assert len(tops) >= 3, tops
