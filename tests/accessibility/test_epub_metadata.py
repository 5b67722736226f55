"""EPUB Accessibility 1.1 metadata as declared in the package of every built EPUB."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

pytestmark = pytest.mark.xdist_group("accessibility")
OPF = "{http://www.idpf.org/2007/opf}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _package(epub) -> etree._Element:
    with zipfile.ZipFile(epub) as book:
        return etree.fromstring(book.read("EPUB/content.opf"))


def _meta(package, prop: str) -> list[str]:
    return [m.text for m in package.iter(f"{OPF}meta") if m.get("property") == prop]


def test_every_epub_declares_accessibility(built):
    for output in built:
        package = _package(output.epub)
        assert package.get(XML_LANG) == "vi", output.name
        assert _meta(package, "dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
        assert _meta(package, "schema:accessibilityHazard") == ["none"]
        assert "textual" in _meta(package, "schema:accessModeSufficient")
        features = set(_meta(package, "schema:accessibilityFeature"))
        assert {"structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability",
                "printPageNumbers", "pageBreakMarkers", "pageNavigation"} <= features, output.name
        (summary,) = _meta(package, "schema:accessibilitySummary")
        assert "số trang tương ứng với bản in" in summary
        assert _meta(package, "pageBreakSource") == [f"PDF A4, {output.profile} (bantin)"]


def test_images_add_visual_mode_and_alternative_text(built):
    for output in built:
        package = _package(output.epub)
        with zipfile.ZipFile(output.epub) as book:
            # the cover image (cover.png) is not reading content: it needs no visual access mode
            has_images = any(n.startswith("EPUB/images/img-") for n in book.namelist())
        assert ("visual" in _meta(package, "schema:accessMode")) == has_images, output.name
        assert ("alternativeText" in _meta(package, "schema:accessibilityFeature")) == has_images, output.name
    assert any(b.source == "rich" for b in built)


def test_landmarks_and_semantic_sections(built):
    output = next(b for b in built if b.source == "rich")
    with zipfile.ZipFile(output.epub) as book:
        nav = book.read("EPUB/nav.xhtml").decode()
        chapter = book.read("EPUB/text/bulletin.xhtml").decode()
    assert 'epub:type="landmarks"' in nav and 'epub:type="page-list"' in nav and 'epub:type="toc"' in nav
    assert 'epub:type="bodymatter chapter"' in chapter and 'role="doc-chapter"' in chapter
