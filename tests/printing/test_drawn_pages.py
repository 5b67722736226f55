"""Volumes free each page's layout once it is drawn (issue 20, item 4): the PDF must not change by one
byte, and the pages must really hold only tagging skeletons afterwards."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pikepdf
from helpers import EXAMPLES, SEED

import toolkit
from toolkit.render import drawn_pages
from toolkit.writers import volume_pdf

TABLE_AND_LISTS = """---
title: Bảng, danh sách và liên kết
date: 2026-11-02
---

# Bảng, danh sách và liên kết

Đoạn mở đầu với [một liên kết](https://example.org/trang).

1. Mục một
   - mục con a
   - mục con b
2. Mục hai

| Xã | Hộ nghèo |
|---|---:|
| Cẩm Giàng | 12 |
| Quân Hà | 9 |

> Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.
"""


def _volume(tmp_path: Path, name: str) -> bytes:
    source = tmp_path / "bang.md"
    source.write_text(TABLE_AND_LISTS, encoding="utf-8")
    out = tmp_path / name
    result = toolkit.collect([SEED, EXAMPLES / "tiem-chung-mo-rong.html", source], toolkit.BuildOptions(),
                             "Tập kiểm tra", [out])
    assert out.is_file(), result
    return out.read_bytes()


def test_freeing_pages_as_drawn_changes_no_byte(tmp_path, monkeypatch):
    freed = _volume(tmp_path, "freed.pdf")
    monkeypatch.setattr(volume_pdf, "pages_freed_as_drawn", lambda document: contextlib.nullcontext())
    kept = _volume(tmp_path, "kept.pdf")
    assert freed == kept
    with pikepdf.open(tmp_path / "freed.pdf") as pdf:  # the tagging survived: tables, figures, links, lists
        kinds = {str(element.get("/S")) for element in pdf.Root.StructTreeRoot.ParentTree.Nums[1::2]
                 if isinstance(element, pikepdf.Dictionary)}
    assert {"/Link"} <= kinds


def test_drawn_pages_keep_only_skeletons(tmp_path, monkeypatch):
    documents = []
    freeing = drawn_pages.pages_freed_as_drawn

    def watching(document):
        documents.append(document)
        return freeing(document)

    monkeypatch.setattr(volume_pdf, "pages_freed_as_drawn", watching)
    _volume(tmp_path, "watched.pdf")
    (document,) = documents
    boxes = []

    def walk(box):
        boxes.append(box)
        for child in getattr(box, "_box", box).__dict__.get("children", ()):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    text_boxes = [box for box in boxes if type(box).__name__ == "TextBox"]
    assert text_boxes and not any("text" in box.__dict__ or "pango_layout" in box.__dict__ for box in text_boxes)
    styles = [box.__dict__["style"] for box in boxes if "style" in box.__dict__]
    assert styles and all(set(style) == {"display", "list_style_type"} for style in styles)
