"""Each problem is reported once (issue 11: a remote image was announced twice, by the reader and again by
the image resolver, with two wordings of one rule)."""

from __future__ import annotations

import shutil

from helpers import IMAGES

import toolkit

IMAGE_CODES = ("missing-image", "remote-image", "image-outside", "image-refused", "image-type")
URL = "https://baobackan.vn/anh/le-ky-niem.jpg"
SOURCE = f"""---
title: Lễ kỷ niệm
date: 2024-04-15
---

Đoạn mở đầu của bản tin.

![Lễ kỷ niệm]({URL} "Quang cảnh buổi lễ")

![Hội trường](thieu.jpg "Ảnh không có tệp")

Đoạn cuối.
"""


def _image_warnings(tmp_path, **options):
    source = tmp_path / "tin.md"
    source.write_text(SOURCE, encoding="utf-8")
    result = toolkit.build([source], output_dir=tmp_path / "out", formats=("epub",), **options)
    assert result.ok, result.results[0].error
    return [w for w in result.results[0].warnings if w.code in IMAGE_CODES]


def test_remote_and_missing_images_are_each_reported_once_with_their_line(tmp_path):
    warnings = _image_warnings(tmp_path)
    assert [(w.code, w.line) for w in warnings] == [("remote-image", 8), ("missing-image", 10)]
    assert URL in warnings[0].message and "--images DIR" in warnings[0].message


def test_a_remote_image_found_with_images_dir_is_not_reported(tmp_path):
    local = tmp_path / "anh"
    local.mkdir()
    shutil.copy(IMAGES / "tiem-chung.jpg", local / "le-ky-niem.jpg")
    warnings = _image_warnings(tmp_path, images_dir=local)
    assert [w.code for w in warnings] == ["missing-image"]


def test_the_seeds_stray_mark_is_a_build_warning_with_its_line(seed, tmp_path):
    result = toolkit.build([seed], output_dir=tmp_path, formats=("epub",))
    stray = [w for w in result.results[0].warnings if w.code == "stray-mark"]
    assert [(w.line, "trị ̣huyên" in w.message) for w in stray] == [(20, True)]
