"""Writing a long PDF without keeping every page's layout until the end.

WeasyPrint draws all pages, then tags them: its structure tree is built from each page's box tree
after the last page is drawn, so a 1,800-page volume holds every box, computed style and line layout
(about 0.15 MB a page) while the PDF is drawn and written. Tagging reads little of a box: its kind,
element, children, the two style values that decide list items, an image's position, table cell
spans and link annotations. `pages_freed_as_drawn` replaces each page's boxes, once drawn, by
skeletons that keep exactly that (the same classes, so WeasyPrint's own tagging code runs on them
unchanged) and lets the rest go. The PDF is byte-identical; tests compare it with and without.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

# What `weasyprint.pdf.tags` reads from a box, besides its children and its style.
_TAGGING_ATTRIBUTES = ("element", "element_tag", "is_table_wrapper", "link_annotation", "widget_annotation",
                       "colspan", "rowspan")
# A Figure's bounding box (`content_box_x()`, `content_box_y()`, width and height); Figures are these elements.
_FIGURE_TAGS = ("img", "{http://www.w3.org/2000/svg}svg")
_GEOMETRY = ("position_x", "position_y", "margin_left", "margin_top", "padding_left", "padding_top",
             "border_left_width", "border_top_width", "width", "height")
_STYLE_KEYS = ("display", "list_style_type")


@contextmanager
def pages_freed_as_drawn(document: Any) -> Iterator[None]:
    """While the block runs, each page of WeasyPrint's `document` keeps only a tagging skeleton of
    its boxes once it is drawn (the document cannot be drawn again afterwards)."""
    from weasyprint.document import Page

    for page in document.pages:
        page.paint = partial(_paint_and_shrink, Page.paint, page)
    try:
        yield
    finally:
        for page in document.pages:
            page.__dict__.pop("paint", None)


def _paint_and_shrink(paint, page: Any, stream: Any, scale: float = 1) -> None:
    paint(page, stream, scale)
    skeletons: dict[int, Any] = {}
    page._page_box = _skeleton(page._page_box, skeletons)
    tags = stream._tags
    if tags:  # WeasyPrint's marked content, keyed by box: the same entries, keyed by the skeletons
        entries = list(tags.items())
        tags.clear()
        tags.update((skeletons.get(id(box), box), value) for box, value in entries)


def _skeleton(box: Any, made: dict[int, Any]) -> Any:
    from weasyprint.layout.absolute import AbsolutePlaceholder

    if isinstance(box, AbsolutePlaceholder):
        return AbsolutePlaceholder(_skeleton(box._box, made))
    kept = type(box).__new__(type(box))
    attributes = box.__dict__
    for name in _TAGGING_ATTRIBUTES:
        if name in attributes:
            kept.__dict__[name] = attributes[name]
    if attributes.get("element_tag") in _FIGURE_TAGS:
        for name in _GEOMETRY:
            if name in attributes:
                kept.__dict__[name] = attributes[name]
    style = attributes.get("style")
    if style is not None:
        kept.__dict__["style"] = {key: style[key] for key in _STYLE_KEYS}
    if "children" in attributes:
        kept.__dict__["children"] = [_skeleton(child, made) for child in attributes["children"]]
    made[id(box)] = kept
    return kept
