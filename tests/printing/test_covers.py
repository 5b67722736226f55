"""EPUB covers (issue 14, item 4): a PNG an e-reader's library can show, for bulletins and volumes, whose
title always fits: laid out line by line inside the frame before it is drawn."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from helpers import EXAMPLES, SEED

import toolkit
from toolkit.render.cover import FRAME, HEIGHT, WIDTH, CoverText, lay_out

REFERENCE = Path(__file__).parent / "reference" / "design"

LONG = ("Hội nghị Ban Chấp hành Đảng bộ huyện Bạch Thông lần thứ mười hai quán triệt, triển khai thực hiện "
        "Nghị quyết Trung ương và chương trình hành động của Tỉnh ủy về phát triển kinh tế – xã hội miền núi")


@pytest.mark.parametrize("title", ["Bản tin", "Bạch Thông đẩy mạnh công tác bồi dưỡng lý luận chính trị", LONG,
                                   "Từ-rất-dài-không-có-khoảng-trắng-nào-để-ngắt-dòng-trong-tiêu-đề-này"])
def test_the_whole_title_fits_inside_the_frame(title):
    lines = lay_out(CoverText(title, "Ban Tuyên giáo Huyện ủy Bạch Thông", ("Tháng 4/2024", "12 bản tin")))
    title_lines = [line.text for line in lines if line.colour == (0, 0, 0)]
    assert " ".join(title_lines) == title
    for line in lines:
        left, top, right, bottom = line.box
        assert left > FRAME and right < WIDTH - FRAME and top > FRAME and bottom < HEIGHT - FRAME, line
    tops = [line.box[1] for line in lines]
    assert tops == sorted(tops)  # nothing drawn over anything else


def test_bulletin_and_volume_epubs_have_a_png_cover(tmp_path):
    assert toolkit.build([SEED], output_dir=tmp_path, formats=("epub",)).ok
    volume = tmp_path / "tap.epub"
    toolkit.collect([SEED, EXAMPLES / "tiem-chung-mo-rong.html"], toolkit.BuildOptions(), "Bản tin tháng 4/2024",
                    [volume])
    for book in (tmp_path / "seed.epub", volume):
        with zipfile.ZipFile(book) as epub:
            opf = epub.read("EPUB/content.opf").decode()
            assert epub.read("EPUB/images/cover.png").startswith(b"\x89PNG")
        assert 'href="images/cover.png" id="cover-image" media-type="image/png" properties="cover-image"' in opf
        assert '<meta name="cover" content="cover-image"/>' in opf


def test_covers_look_like_the_references(tmp_path):
    """The seed's cover and a volume's, against `reference/design/cover-*.png` (BANTIN_UPDATE_REFERENCES=1)."""
    import io

    from PIL import Image
    from printing.test_visual import TOLERANCE, UPDATE, difference

    from toolkit.render.cover import cover_png

    covers = {
        "cover-bulletin": CoverText("Bạch Thông đẩy mạnh công tác bồi dưỡng lý luận chính trị, cập nhật kiến thức "
                                    "cho cán bộ, đảng viên", "Đảng bộ huyện Bạch Thông",
                                    ("Thứ Hai, ngày 15 tháng 4 năm 2024",)),
        "cover-volume": CoverText("Bản tin huyện Bạch Thông tháng 4 năm 2024", "Đảng bộ huyện Bạch Thông",
                                  ("Tháng 4/2024", "12 bản tin")),
    }
    changed = []
    for name, text in covers.items():
        image = Image.open(io.BytesIO(cover_png(text))).convert("L")
        reference = REFERENCE / f"{name}.png"
        if UPDATE:
            image.save(reference)
        elif difference(image, Image.open(reference).convert("L")) > TOLERANCE:
            changed.append(name)
    assert changed == []
