"""EPUB Accessibility 1.1 metadata (schema.org properties) and the package's Dublin Core fields."""

from __future__ import annotations

from ebooklib import epub

CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
SUMMARY = {
    "vi": (
        "Ấn phẩm có cấu trúc tiêu đề, mục lục, thứ tự đọc hợp lý và số trang tương ứng với bản in; "
        "mọi hình ảnh đều có văn bản thay thế hoặc chú thích; người đọc có thể thay đổi cỡ chữ. "
        "Đáp ứng EPUB Accessibility 1.1, WCAG 2.2 mức AA."
    ),
    "en": (
        "Structured headings, a table of contents, a logical reading order and page numbers matching "
        "the printed edition; every image has alternative text or a caption; text can be resized. "
        "Meets EPUB Accessibility 1.1, WCAG 2.2 Level AA."
    ),
}
FEATURES = ("structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability",
            "alternativeText")


def _meta(book: epub.EpubBook, prop: str, value: str) -> None:
    book.add_metadata(None, "meta", value, {"property": prop})


def add_accessibility(book: epub.EpubBook, language: str, has_images: bool, page_source: str | None) -> None:
    _meta(book, "dcterms:conformsTo", CONFORMS_TO)
    _meta(book, "schema:accessMode", "textual")
    if has_images:
        _meta(book, "schema:accessMode", "visual")
    _meta(book, "schema:accessModeSufficient", "textual")
    features = FEATURES + (("printPageNumbers", "pageNavigation") if page_source else ())
    for feature in features:
        _meta(book, "schema:accessibilityFeature", feature)
    _meta(book, "schema:accessibilityHazard", "none")
    _meta(book, "schema:accessibilitySummary", SUMMARY.get(language, SUMMARY["vi"]))
    if page_source:
        _meta(book, "pageBreakSource", page_source)
