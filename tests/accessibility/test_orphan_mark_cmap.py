"""Regression: the seed's stray combining mark after a space ("trị ̣huyên") made WeasyPrint write an
empty ToUnicode entry (`<074f> <>`, the dotted circle HarfBuzz puts under a mark that starts a line),
which PDF/UA-1 rejects as a malformed CMap. Both layers of the fix are checked here: the glue before
layout, and the repair in the one finishing pass."""

from __future__ import annotations

import pikepdf
import pytest
from accessibility.a11y_matrix import PROFILES
from helpers import findings, pdftotext, squash, validate

from toolkit.paths import FONTS_DIR
from toolkit.writers.pdf_finish import Fixes, finish
from toolkit.writers.pdf_unicode import glue_orphan_marks

pytestmark = pytest.mark.xdist_group("accessibility")
TEXT = "Chính trị \u0323huyên đã xuống cấp"
# A column so narrow that the line breaks at the space before the mark, as in the seed.
HTML = ('<html lang="vi"><head><title>Dấu rơi</title></head><body><p style="width: 3.1em">{}</p></body></html>')
CSS = (f'@font-face {{ font-family: S; src: url("{FONTS_DIR.as_uri()}/NotoSerif-Regular.ttf") }} '
       "body { font-family: S }")


def _render(tmp_path, text: str):
    from weasyprint import CSS as Stylesheet
    from weasyprint import HTML as Document

    out = tmp_path / "out.pdf"
    Document(string=HTML.format(text)).write_pdf(out, pdf_variant="pdf/ua-1", pdf_tags=True,
                                                 stylesheets=[Stylesheet(string=CSS)])
    return out


def _empty_entries(pdf_path) -> int:
    with pikepdf.open(pdf_path) as pdf:
        return sum(obj.ToUnicode.read_bytes().count(b"<>") for obj in pdf.objects
                   if isinstance(obj, pikepdf.Dictionary) and "/ToUnicode" in obj)


def test_unglued_mark_gives_empty_entry_and_the_repair_fixes_it(tmp_path):
    pdf = _render(tmp_path, TEXT)
    assert _empty_entries(pdf) == 1  # the bug, reproduced with WeasyPrint alone
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(pdf.read_bytes())
    finish(pdf, Fixes())
    assert _empty_entries(pdf) == 0
    results = validate([broken, pdf], ["pdfua"])
    assert len(findings(results, broken, "pdfua")) == 1, findings(results, broken, "pdfua")
    assert findings(results, pdf, "pdfua") == []
    assert "\u25cc" not in pdftotext(pdf)


def test_glued_mark_stays_on_its_space_and_extracts_exactly(tmp_path):
    glued = glue_orphan_marks(TEXT)
    assert glued == "Chính trị \u2060\u0323huyên đã xuống cấp"
    pdf = _render(tmp_path, glued)
    assert _empty_entries(pdf) == 0  # no dotted circle: nothing to repair
    assert squash(pdftotext(pdf)) == TEXT


def test_seed_text_is_extracted_exactly_in_every_profile(built):
    seeds = [b for b in built if b.source == "seed"]
    assert len(seeds) == len(PROFILES)
    for output in seeds:
        text = squash(pdftotext(output.pdf))
        assert "Trung tâm Chính trị \u0323huyên đã" in text, output.name
        assert "\u25cc" not in text and "\u2060" not in text
