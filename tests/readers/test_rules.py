"""One test per editorial rule: bylines, captions, datelines, subheadings, images, decoding."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from toolkit.dates import ImpossibleDate, is_date_line, parse_date
from toolkit.errors import SourceError
from toolkit.readers import read_source
from toolkit.readers.heuristics import is_caption, parse_byline

DUMP = """PublishingPortal - Block_BanTin_Toolbar

{date}
Tăng cỡ chữ Giảm cỡ chữ
Tiêu đề bản tin thử nghiệm
Đoạn mở đầu của bản tin thử nghiệm.

 PublishingPortal - Block_BanTin_ViewData

{body}
"""
BODY = "Nội dung thứ nhất của bản tin, đủ dài để là một đoạn văn bình thường trong thân bài."


def dump(tmp_path: Path, body: str, date: str = "15/04/2024", name: str = "dump.txt") -> Path:
    path = tmp_path / name
    path.write_text(DUMP.format(date=date, body=body), encoding="utf-8")
    return path


# ---------------------------------------------------------------- bylines


@pytest.mark.parametrize(("line", "author"), [
    ("Hương Dịu", "Hương Dịu"),
    ("Tin, ảnh: Hoàng Nam", "Hoàng Nam"),
    ("Tin và ảnh: Lê Minh", "Lê Minh"),
    ("Bài, ảnh: Thu Hà", "Thu Hà"),
    ("Theo Báo Bắc Kạn", "Báo Bắc Kạn"),
    ("Minh Quân (Ban Tuyên giáo Huyện ủy)", "Minh Quân (Ban Tuyên giáo Huyện ủy)"),
    ("BAN TUYÊN GIÁO HUYỆN ỦY", "BAN TUYÊN GIÁO HUYỆN ỦY"),
])
def test_byline_is_the_author(tmp_path, line, author):
    doc = read_source(dump(tmp_path, f"{BODY}\n\n{BODY}\n\n{line}"))
    assert (doc.author, doc.byline) == (author, line)
    assert [b.text for b in doc.blocks] == [BODY, BODY]


@pytest.mark.parametrize("line", [
    "Các cấp ủy cần tiếp tục thực hiện tốt công tác này trong thời gian tới./.",
    "Hội nghị đã thống nhất cao các chỉ tiêu, nhiệm vụ trọng tâm của năm tới và giao cho các đơn vị triển khai.",
    "hội nghị kết thúc",
])
def test_last_line_of_body_text_is_no_byline(tmp_path, line):
    doc = read_source(dump(tmp_path, f"{BODY}\n\n{line}"))
    assert doc.author is None and doc.byline is None
    assert doc.blocks[-1].text == line


def test_byline_rules_directly():
    assert parse_byline("Nguyễn Văn A.") is None  # ends like a sentence
    assert parse_byline("Theo TTXVN").author == "TTXVN"


# ---------------------------------------------------------------- captions


def test_first_short_line_of_body_is_the_top_caption(tmp_path):
    doc = read_source(dump(tmp_path, f"Quang cảnh hội nghị\n\n{BODY}"))
    assert doc.blocks[0].kind == "figure" and doc.blocks[0].caption == "Quang cảnh hội nghị"


def test_no_caption_when_the_body_starts_with_a_sentence(tmp_path):
    doc = read_source(dump(tmp_path, f"{BODY}\n\n{BODY}"))
    assert not doc.figures


def test_every_anh_line_is_a_caption(tmp_path):
    body = f"{BODY}\n\nẢnh: Người dân làm đường\n\n{BODY}\n\nẢnh minh họa: Cánh đồng lúa\n\n{BODY}"
    doc = read_source(dump(tmp_path, body))
    assert [f.caption for f in doc.figures] == ["Ảnh: Người dân làm đường", "Ảnh minh họa: Cánh đồng lúa"]


@pytest.mark.parametrize("line", ["Ảnh: Minh Đức", "(Ảnh: TTXVN)", "Đại biểu dự hội nghị (Ảnh: Thu Hà)"])
def test_caption_patterns(line):
    assert is_caption(line)


HTML = """<html><body><div>
<h2>PublishingPortal - Block_BanTin_Toolbar</h2><h1>Tiêu đề</h1>
<h2>PublishingPortal - Block_BanTin_ViewData</h2><div class="body">{body}<p>{text}</p></div></div></body></html>"""


@pytest.mark.parametrize(("markup", "caption"), [
    ('<table><tr><td><img src="a.jpg"></td></tr><tr><td>Chú thích hàng sau</td></tr></table>', "Chú thích hàng sau"),
    ('<p><img src="a.jpg"><br>Chú thích ở dòng sau</p>', "Chú thích ở dòng sau"),
    ('<p><img src="a.jpg"></p><p><em>Chú thích in nghiêng</em></p>', "Chú thích in nghiêng"),
    ('<p><img src="a.jpg"></p><p><i>Chú thích thẻ i</i></p>', "Chú thích thẻ i"),
    ('<figure><img src="a.jpg"><figcaption>Chú thích figcaption</figcaption></figure>', "Chú thích figcaption"),
    ('<div><img src="a.jpg"></div><div class="image-caption">Chú thích theo lớp</div>', "Chú thích theo lớp"),
    ('<p style="text-align:center"><img src="a.jpg"></p><p style="text-align:center">Chú thích căn giữa</p>',
     "Chú thích căn giữa"),
])
def test_html_caption_sources(tmp_path, markup, caption):
    (tmp_path / "a.jpg").write_bytes(b"\xff\xd8\xff")
    path = tmp_path / "page.html"
    path.write_text(HTML.format(body=markup, text=BODY), encoding="utf-8")
    doc = read_source(path)
    assert [(str(f.src), f.caption) for f in doc.figures] == [("a.jpg", caption)]
    assert doc.blocks[-1].text == BODY


def test_lazy_image_uses_data_src(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML.format(body='<p><img src="data:image/gif;base64,R0l=" data-src="that.jpg"></p>', text=BODY),
                    encoding="utf-8")
    doc = read_source(path)
    assert [str(f.src) for f in doc.figures] == ["that.jpg"]
    assert [w.code for w in doc.warnings] == ["missing-image", "no-date"]


def test_bold_only_paragraph_is_a_subheading_and_right_aligned_last_is_the_byline(tmp_path):
    body = f"<p>{BODY}</p><p><strong>Kết quả nổi bật</strong></p><p>{BODY}</p>"
    path = tmp_path / "page.html"
    path.write_text(HTML.format(body=body, text="Ngọc Ánh").replace("<p>Ngọc", '<p align="right">Ngọc'),
                    encoding="utf-8")
    doc = read_source(path)
    assert [b.kind for b in doc.blocks] == ["paragraph", "heading", "paragraph"]
    assert doc.author == "Ngọc Ánh"


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(("text", "date"), [
    ("15/04/2024", dt.date(2024, 4, 15)),
    ("5/4/2024", dt.date(2024, 4, 5)),
    ("Thứ Năm, 06/06/2024", dt.date(2024, 6, 6)),
    ("15/05/2024 08:45", dt.date(2024, 5, 15)),
    ("ngày 15 tháng 4 năm 2024", dt.date(2024, 4, 15)),
    ("2024-05-15", dt.date(2024, 5, 15)),
    ("2024-05-15T08:45:00+07:00", dt.date(2024, 5, 15)),
    ("Ngày đăng: 09/03/2024 | Lượt xem: 1.234", dt.date(2024, 3, 9)),
    ("Cập nhật lúc 08:45, 15/5/2024 (GMT+7)", dt.date(2024, 5, 15)),
])
def test_dateline_forms(text, date):
    assert is_date_line(text)
    assert parse_date(text) == date


@pytest.mark.parametrize("text", ["Ngày 21/11, Ban Chấp hành họp", "Tăng cỡ chữ", "Năm 2024 đạt 12/12/2024 chỉ tiêu"])
def test_not_a_dateline(text):
    assert not is_date_line(text)


def test_impossible_date_warns_and_gives_no_date(tmp_path):
    with pytest.raises(ImpossibleDate):
        parse_date("31/02/2024")
    doc = read_source(dump(tmp_path, BODY, date="31/02/2024"))
    assert doc.date is None
    assert [(w.code, w.line) for w in doc.warnings] == [("impossible-date", 3)]


def test_dateline_with_weekday_and_time_in_a_dump(tmp_path):
    doc = read_source(dump(tmp_path, BODY, date="Thứ Hai, 15/04/2024 08:45"))
    assert doc.date == dt.date(2024, 4, 15) and doc.title == "Tiêu đề bản tin thử nghiệm"


# ---------------------------------------------------------------- decoding and line endings


def test_crlf_bom_and_trailing_spaces(tmp_path):
    text = DUMP.format(date="15/04/2024  ", body=f"{BODY}   \n\nHương Dịu  ").replace("\n", "\r\n")
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    doc = read_source(path)
    assert (doc.title, doc.author, doc.blocks[0].text) == ("Tiêu đề bản tin thử nghiệm", "Hương Dịu", BODY)


TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes it: letters with their vowel marks, then the tone mark apart."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tone = "".join(c for c in parts if c in TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES)) + tone)
    return "".join(out).encode("cp1258")


def test_windows_1258_becomes_nfc(tmp_path):
    path = tmp_path / "cp1258.txt"
    path.write_bytes(cp1258(DUMP.format(date="15/04/2024", body=BODY)))
    doc = read_source(path)
    assert doc.title == "Tiêu đề bản tin thử nghiệm" and doc.blocks[0].text == BODY
    assert unicodedata.is_normalized("NFC", doc.blocks[0].text)
    assert [w.code for w in doc.warnings] == ["legacy-encoding"]


def test_utf16_with_bom(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(DUMP.format(date="15/04/2024", body=BODY).encode("utf-16"))
    assert read_source(path).title == "Tiêu đề bản tin thử nghiệm"


# ---------------------------------------------------------------- images


def test_remote_and_missing_images_warn_and_keep_the_caption(tmp_path):
    path = tmp_path / "b.md"
    path.write_text('---\ntitle: Thử\n---\n\n![a](https://x.vn/a.jpg "Ảnh xa")\n\n![b](khong-co.png "Ảnh thiếu")\n',
                    encoding="utf-8")
    doc = read_source(path)
    assert [f.caption for f in doc.figures] == ["Ảnh xa", "Ảnh thiếu"]
    assert [(w.code, w.line) for w in doc.warnings] == [("remote-image", 5), ("missing-image", 7), ("no-date", None)]
    assert str(doc.figures[0].src) == "https://x.vn/a.jpg"


@pytest.mark.parametrize(("data", "font"), [
    (b"Th\xabng b\xb8o c\xf1a c\xb8c \xf1\xa7ng vi\xaan v\xb5 nh\xa9n d\xa9n\n", "TCVN3"),
    ("Thoâng baùo cuûa caùc ñaûng vieân vaø nhaân daân naêm\n".encode("cp1252"), "VNI"),
])
def test_legacy_font_text_is_refused_with_a_clear_reason(tmp_path, data, font):
    path = tmp_path / "cu.txt"
    path.write_bytes(data)
    with pytest.raises(SourceError, match=f"old {font}"):
        read_source(path)


def test_icelandic_eth_for_d_is_flagged(tmp_path):
    doc = read_source(dump(tmp_path, f"{BODY}\n\nÐảng viên gương mẫu."))
    assert [(w.code, w.line) for w in doc.warnings] == [("eth-for-d", 12)]
    assert doc.blocks[-1].text == "Ðảng viên gương mẫu."  # flagged, not silently changed
