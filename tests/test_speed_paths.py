"""Shortcuts taken for speed give the same answers as the slow paths they skip."""

from __future__ import annotations

import io
import shutil

import pytest

from toolkit.render.settings import BuildOptions, resolve
from toolkit.render.layouts import load_layout
from toolkit.readers import read_source
from toolkit.images import ImageResolver
from toolkit.writers import pdf
from toolkit.writers.pdf_unicode import might_have_empty_entries, repair_to_unicode


def _raw_pdf(source, tmp_path) -> bytes:
    """What WeasyPrint writes for `source`, before bantin repairs anything."""
    settings = resolve(BuildOptions(output_dir=tmp_path))
    doc = read_source(source)
    document = pdf.layout_document(doc, settings, ImageResolver(doc, None))
    out = io.BytesIO()
    document.write_pdf(out, **pdf._pdf_options(doc, settings))
    return out.getvalue()


@pytest.fixture
def bare_mark_source(tmp_path, seed):
    """The seed with a paragraph that starts with a combining mark: HarfBuzz draws a dotted circle
    whose ToUnicode entry WeasyPrint leaves empty."""
    text = seed.read_text(encoding="utf-8").replace("Công tác quán triệt", "\u0323Công tác quán triệt")
    source = tmp_path / "bare-mark.txt"
    source.write_text(text, encoding="utf-8")
    return source


@pytest.mark.parametrize("case", ["seed", "bare_mark_source"])
def test_precheck_agrees_with_the_full_repair(case, request, tmp_path):
    raw = _raw_pdf(request.getfixturevalue(case), tmp_path)
    target = tmp_path / "raw.pdf"
    target.write_bytes(raw)
    precheck = might_have_empty_entries(raw)

    import pikepdf

    from toolkit.writers.pdf_unicode import _fonts, repaired_cmap

    with pikepdf.open(target) as document:
        needs = any(repaired_cmap(font.ToUnicode.read_bytes(), font) is not None for font in _fonts(document))
    assert precheck == needs
    assert repair_to_unicode(target) == 0 or needs


def test_bare_mark_is_found_and_repaired(bare_mark_source, tmp_path):
    target = tmp_path / "raw.pdf"
    target.write_bytes(_raw_pdf(bare_mark_source, tmp_path))
    assert might_have_empty_entries(target.read_bytes())
    assert repair_to_unicode(target) >= 1
    assert not might_have_empty_entries(target.read_bytes())


def test_clean_pdf_is_left_byte_identical(seed, tmp_path):
    raw = _raw_pdf(seed, tmp_path)
    target = tmp_path / "clean.pdf"
    target.write_bytes(raw)
    assert repair_to_unicode(target) == 0
    assert target.read_bytes() == raw


def test_layouts_share_one_environment_and_compiled_templates(tmp_path):
    first, second = load_layout("bulletin"), load_layout("bulletin")
    assert first is not second and first.environment is second.environment
    assert first.environment.get_template("print.html.j2") is second.environment.get_template("print.html.j2")


def test_edited_layout_template_is_compiled_anew(tmp_path):
    folder = tmp_path / "mine"
    shutil.copytree(load_layout("bulletin").folder, folder)
    layout = load_layout(folder)
    (folder / "only.txt.j2").write_text("một {{ x }}", encoding="utf-8")
    assert layout.render("only.txt.j2", {"x": 1}) == "một 1"
    (folder / "only.txt.j2").write_text("hai {{ x }}", encoding="utf-8")
    fresh = load_layout(folder)
    assert fresh.render("only.txt.j2", {"x": 2}) == "hai 2"
