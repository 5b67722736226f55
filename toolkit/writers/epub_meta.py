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
UNDESCRIBED = {
    "vi": "Lưu ý: {} hình ảnh chưa có văn bản thay thế.",
    "en": "Note: {} image(s) have no alternative text.",
}
FEATURES = ("structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability")
# The print page features: `pageBreakMarkers` is the current name of the older `printPageNumbers`;
# reading systems look for either, so both are declared.
PAGE_FEATURES = ("printPageNumbers", "pageBreakMarkers", "pageNavigation")


def _meta(book: epub.EpubBook, prop: str, value: str) -> None:
    book.add_metadata(None, "meta", value, {"property": prop})


def add_accessibility(book: epub.EpubBook, language: str, has_images: bool, page_source: str | None,
                      undescribed: int = 0, narrated: bool = False) -> None:
    """EPUB Accessibility 1.1 metadata.

    `page_source` names the printed edition the page-list follows; `undescribed` counts images with
    neither alt text nor caption, which make "text alone is sufficient" untrue.
    """
    _meta(book, "dcterms:conformsTo", CONFORMS_TO)
    _meta(book, "schema:accessMode", "textual")
    if has_images:
        _meta(book, "schema:accessMode", "visual")
    if not undescribed:
        _meta(book, "schema:accessModeSufficient", "textual")
    if has_images:
        _meta(book, "schema:accessModeSufficient", "textual,visual")
    if narrated:  # Media Overlays: the whole text can be heard, in sync with the text
        _meta(book, "schema:accessMode", "auditory")
        _meta(book, "schema:accessModeSufficient", "auditory")
    described = has_images and not undescribed
    features = FEATURES + (("alternativeText",) if described else ()) + (PAGE_FEATURES if page_source else ()) + (
        ("synchronizedAudioText",) if narrated else ())
    for feature in features:
        _meta(book, "schema:accessibilityFeature", feature)
    _meta(book, "schema:accessibilityHazard", "none")
    summary = SUMMARY.get(language, SUMMARY["vi"])
    if undescribed:
        summary += " " + UNDESCRIBED.get(language, UNDESCRIBED["vi"]).format(undescribed)
    _meta(book, "schema:accessibilitySummary", summary)
    if page_source:
        _meta(book, "pageBreakSource", page_source)
