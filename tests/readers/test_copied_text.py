"""Page text copied from a browser: the article between the chrome, and named warnings when unsure.

The corpus (`tests/corpus/`) measures the reader on many sites; these pin down its rules one by one.
"""

from __future__ import annotations

import pytest

from toolkit.readers import read_source
from toolkit.readers.chrome import BREADCRUMB, BUTTONS, CONTACT, MENU, RELATED, classify

MOBILE_PAGE = """Trang chủ > Tin tức > Địa phương
Tìm kiếm
Na Rì: Hội nghị tổng kết công tác dân vận năm 2024
Cập nhật lúc: 15:30, 20/12/2024
Lượt xem: 1.245
Chiều 19/12, Ban Dân vận Huyện ủy Na Rì tổ chức hội nghị tổng kết công tác dân vận năm 2024.
Năm 2024, công tác dân vận của hệ thống chính trị huyện có nhiều đổi mới, với 125 mô hình "Dân vận khéo".
Quang cảnh hội nghị
Dịp này, huyện khen thưởng 12 tập thể, 20 cá nhân có thành tích xuất sắc trong công tác dân vận.
Tin, ảnh: Minh Hải
Tags: dân vận, Na Rì
Tin khác
Bạch Thông tổ chức lễ ra quân đầu xuân
Chợ Đồn khánh thành cầu treo Bản Cậu
Xem bản đầy đủ
Thời sự
Kinh tế
Xã hội
Liên hệ: 0209 3870 123 - Email: toasoan@baobackan.vn
"""

UNDATED_PORTAL = """CỔNG THÔNG TIN ĐIỆN TỬ XÃ CAO KỲ
Giới thiệu
Tin tức - Sự kiện
Văn bản
Thủ tục hành chính
Liên hệ
Tin tức - Sự kiện » Kinh tế
Xã Cao Kỳ ra quân làm đường giao thông nông thôn
Sáng ngày 5/3, UBND xã Cao Kỳ phối hợp với các thôn ra quân làm đường bê tông tại thôn Nà Hoạt dài 500 m.
Tham gia có hơn 100 người dân, đoàn viên thanh niên và cán bộ xã. Công trình dự kiến hoàn thành trong tháng 4.
Người dân đóng góp ngày công, vật liệu cát sỏi, nhà nước hỗ trợ xi măng theo chương trình nông thôn mới.
Văn phòng UBND xã
Bản quyền thuộc UBND xã Cao Kỳ. Địa chỉ: thôn Nà Kha, xã Cao Kỳ, huyện Chợ Mới.
"""


def _read(tmp_path, text: str, name: str = "trang.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_source(path)


def test_the_article_is_found_between_chrome_in_another_order(tmp_path):
    doc = _read(tmp_path, MOBILE_PAGE)
    assert doc.format == "copied-text"
    assert doc.title == "Na Rì: Hội nghị tổng kết công tác dân vận năm 2024"
    assert doc.date.isoformat() == "2024-12-20"
    assert doc.lead.startswith("Chiều 19/12, Ban Dân vận")
    assert (doc.author, doc.byline) == ("Minh Hải", "Tin, ảnh: Minh Hải")
    assert [b.kind for b in doc.blocks] == ["paragraph", "figure", "paragraph"]
    assert doc.blocks[1].caption == "Quang cảnh hội nghị" and doc.blocks[1].src is None
    text = " ".join([doc.title, doc.lead, *(getattr(b, "text", "") for b in doc.blocks)])
    for chrome in ("Trang chủ", "Lượt xem", "Tags", "Tin khác", "Bạch Thông tổ chức", "Liên hệ", "Xem bản"):
        assert chrome not in text
    assert {w.code for w in doc.warnings} == {"caption-without-photo"}


def test_without_a_date_the_reader_says_what_it_guessed(tmp_path):
    doc = _read(tmp_path, UNDATED_PORTAL)
    assert doc.format == "copied-text"
    assert doc.title == "Xã Cao Kỳ ra quân làm đường giao thông nông thôn" and doc.date is None
    assert doc.author == "Văn phòng UBND xã" and len(doc.blocks) == 2
    codes = {w.code: w for w in doc.warnings}
    assert {"uncertain-title", "no-date"} <= set(codes)
    assert codes["uncertain-title"].line == 8 and "check it" in codes["uncertain-title"].message


def test_a_page_of_menus_only_is_refused_in_words_for_who_pasted_it(tmp_path):
    menus = "Trang chủ\n• Thời sự\n• Kinh tế\n• Xã hội\nTrang chủ › Xã hội\nĐường dây nóng: 0209 3 811 222\n"
    with pytest.raises(Exception, match="no article found in the copied page"):
        _read(tmp_path, menus)


def test_thin_article_is_flagged_mostly_chrome(tmp_path):
    page = MOBILE_PAGE.replace(MOBILE_PAGE[MOBILE_PAGE.index("Năm 2024"):MOBILE_PAGE.index("Tin, ảnh")], "")
    assert "mostly-chrome" in {w.code for w in _read(tmp_path, page).warnings}


@pytest.mark.parametrize("case", ["seed-bach-thong", "portal-text-no-markers", "portal-text-theo", "utf16-portal-text",
                                  "portal-text-crlf-bom", "legacy-cp1258"])
def test_text_dumps_are_not_taken_for_copied_pages(case):
    from readers.test_golden import input_of

    assert read_source(input_of(case)).format == "portal-text"


def test_chrome_rules_judge_the_form_of_lines():
    lines = ["• Thời sự", "Trang chủ › Xã hội › Giáo dục", "Đường dây nóng: 0209 3 811 222",
             "Chia sẻ   Facebook   Zalo",
             "Tin cùng chuyên mục", "Giới thiệu", "Văn bản", "Thủ tục hành chính",
             "Sáng 11/11, UBND huyện Ba Bể tổ chức lễ khánh thành điểm trường.", "Các đại biểu cắt băng"]
    kinds = classify(lines, lines)
    assert kinds == [MENU, BREADCRUMB, CONTACT, BUTTONS, RELATED, MENU, MENU, MENU, None, None]
