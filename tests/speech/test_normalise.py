"""The speech text (issue 15, item 1): what an announcer says for what is written. Table-driven."""

from __future__ import annotations

import pytest
from helpers import SEED, run_cli

from toolkit.readers import read_source
from toolkit.speech.normalise import load_glossary, say, sentences, speech_text
from toolkit.speech.numbers import say_integer

INTEGERS = [
    (0, "không"), (1, "một"), (4, "bốn"), (5, "năm"), (10, "mười"), (11, "mười một"), (14, "mười bốn"),
    (15, "mười lăm"), (20, "hai mươi"), (21, "hai mươi mốt"), (24, "hai mươi tư"), (25, "hai mươi lăm"),
    (34, "ba mươi tư"), (35, "ba mươi lăm"), (42, "bốn mươi hai"), (99, "chín mươi chín"), (100, "một trăm"),
    (101, "một trăm lẻ một"), (105, "một trăm lẻ năm"), (110, "một trăm mười"), (115, "một trăm mười lăm"),
    (212, "hai trăm mười hai"), (1000, "một nghìn"), (1005, "một nghìn không trăm lẻ năm"),
    (2016, "hai nghìn không trăm mười sáu"), (2024, "hai nghìn không trăm hai mươi tư"),
    (3234, "ba nghìn hai trăm ba mươi tư"), (10000, "mười nghìn"), (12500, "mười hai nghìn năm trăm"),
    (100000, "một trăm nghìn"), (1000000, "một triệu"), (1500000, "một triệu năm trăm nghìn"),
    (2000000000, "hai tỷ"), (1001001, "một triệu không trăm lẻ một nghìn không trăm lẻ một"),
]

TEXTS = [
    # numbers as written in bulletins
    ("có 3.234 đảng viên", "có ba nghìn hai trăm ba mươi tư đảng viên"),
    ("212 chi bộ", "hai trăm mười hai chi bộ"),
    ("4,5 tỷ đồng", "bốn phẩy năm tỷ đồng"),
    ("0,05 ha", "không phẩy không năm héc ta"),
    ("tăng 35%", "tăng ba mươi lăm phần trăm"),
    ("đạt 96,2%", "đạt chín mươi sáu phẩy hai phần trăm"),
    ("12,5 %", "mười hai phẩy năm phần trăm"),
    ("15.000 người", "mười lăm nghìn người"),
    ("1.579 học viên", "một nghìn năm trăm bảy mươi chín học viên"),
    ("năm 2016", "năm hai nghìn không trăm mười sáu"),
    # ordinals and Roman numerals
    ("lần thứ 42", "lần thứ bốn mươi hai"),
    ("lần thứ 1", "lần thứ nhất"),
    ("thứ 4", "thứ tư"),
    ("Đại hội XIV", "Đại hội mười bốn"),
    ("khóa IX", "khóa chín"),
    ("nhiệm kỳ khóa XX", "nhiệm kỳ khóa hai mươi"),
    ("Quý III", "Quý ba"),
    ("thế kỷ XXI", "thế kỷ hai mươi mốt"),
    ("Đại hội lần thứ XIII", "Đại hội lần thứ mười ba"),
    # dates and times
    ("ngày 15/04/2024", "ngày mười lăm tháng tư năm hai nghìn không trăm hai mươi tư"),
    ("15/04/2024", "ngày mười lăm tháng tư năm hai nghìn không trăm hai mươi tư"),
    ("Sáng 11/01", "Sáng mười một tháng một"),
    ("ngày 9/7", "ngày chín tháng bảy"),
    ("tháng 7/2023", "tháng bảy năm hai nghìn không trăm hai mươi ba"),
    ("từ 7/2023", "từ tháng bảy năm hai nghìn không trăm hai mươi ba"),
    ("lúc 16:45", "lúc mười sáu giờ bốn mươi lăm phút"),
    ("lúc 8h30", "lúc tám giờ ba mươi phút"),
    ("lúc 7:00", "lúc bảy giờ"),
    ("ngày 1/12/2023", "ngày một tháng mười hai năm hai nghìn không trăm hai mươi ba"),
    ("ngày 31/12", "ngày ba mươi mốt tháng mười hai"),
    # ranges
    ("nhiệm kỳ 2020-2025", "nhiệm kỳ hai nghìn không trăm hai mươi đến hai nghìn không trăm hai mươi lăm"),
    ("giai đoạn 2016 - 2020", "giai đoạn hai nghìn không trăm mười sáu đến hai nghìn không trăm hai mươi"),
    ("từ 3 - 5 ngày", "từ ba đến năm ngày"),
    ("2021–2025", "hai nghìn không trăm hai mươi mốt đến hai nghìn không trăm hai mươi lăm"),
    # units and signs
    ("48 tạ/ha", "bốn mươi tám tạ trên héc ta"),
    ("120 ha", "một trăm hai mươi héc ta"),
    ("12 km", "mười hai ki lô mét"),
    ("500 m", "năm trăm mét"),
    ("30 kg", "ba mươi ki lô gam"),
    ("15.000 đồng/kg", "mười lăm nghìn đồng một ki lô gam"),
    ("30°C", "ba mươi độ xê"),
    ("2 km2", "hai ki lô mét vuông"),
    ("100 m2", "một trăm mét vuông"),
    ("5 tấn/ha", "năm tấn trên héc ta"),
    ("10 USD", "mười đô la Mỹ"),
    ("Bắc – Nam", "Bắc, Nam"),
    ("chủ nghĩa Mác - Lênin", "chủ nghĩa Mác Lênin"),
    ("cán bộ - đảng viên", "cán bộ, đảng viên"),
    ("lý luận chính trị (LLCT), cập nhật", "lý luận chính trị, cập nhật"),
    ("học tập/làm theo", "học tập trên làm theo"),
    # abbreviations
    ("UBND huyện", "Ủy ban nhân dân huyện"),
    ("HĐND xã", "Hội đồng nhân dân xã"),
    ("MTTQ", "Mặt trận Tổ quốc"),
    ("LLCT", "lý luận chính trị"),
    ("BCH Đảng bộ", "Ban Chấp hành Đảng bộ"),
    ("BTV Huyện ủy", "Ban Thường vụ Huyện ủy"),
    ("trường THCS", "trường trung học cơ sở"),
    ("xây dựng NTM", "xây dựng nông thôn mới"),
    ("KT-XH", "kinh tế xã hội"),
    ("số 10-NQ/HU", "số mười Nghị quyết Huyện ủy"),
    ("Đề án số 05-ĐA/HU", "Đề án số năm Đề án Huyện ủy"),
    ("TP. Hồ Chí Minh", "thành phố Hồ Chí Minh"),
    ("ThS. Nguyễn Văn An", "thạc sĩ Nguyễn Văn An"),
    ("BHYT", "bảo hiểm y tế"),
    ("HTX nông nghiệp", "hợp tác xã nông nghiệp"),
    ("UBMTTQ", "Ủy ban Mặt trận Tổ quốc"),
    # clean-up
    ("tốt./.", "tốt."),
    ("Trung tâm Chính trị ̣huyện", "Trung tâm Chính trị huyện"),
    ('"Nâng cao chất lượng"', "Nâng cao chất lượng"),
    ("“Dân vận khéo”", "Dân vận khéo"),
    ("và …", "và ."),
    ("  nhiều   khoảng  trắng ", "nhiều khoảng trắng"),
    ("Bản tin số 7", "Bản tin số bảy"),
    ("có 0 trường hợp", "có không trường hợp"),
    ("năm 2000", "năm hai nghìn"),
    ("năm 1975", "năm một nghìn chín trăm bảy mươi lăm"),
    ("năm 1930", "năm một nghìn chín trăm ba mươi"),
    ("gồm 14 xã, thị trấn", "gồm mười bốn xã, thị trấn"),
    ("đạt 100%", "đạt một trăm phần trăm"),
    ("95% trẻ em", "chín mươi lăm phần trăm trẻ em"),
    ("dưới 5 tuổi", "dưới năm tuổi"),
]


@pytest.mark.parametrize(("number", "words"), INTEGERS)
def test_integers(number, words):
    assert say_integer(number) == words


@pytest.mark.parametrize(("written", "spoken"), TEXTS)
def test_what_is_written_is_said(written, spoken):
    assert say(written, load_glossary(), []) == spoken


def test_there_are_at_least_80_cases():
    assert len(INTEGERS) + len(TEXTS) >= 80


def test_unknown_capitals_are_spelled_and_reported():
    unknown: list[str] = []
    assert say("Dự án ABCX của HĐND", load_glossary(), unknown) == "Dự án a bê xê ích xì của Hội đồng nhân dân"
    assert unknown == ["ABCX"]


def test_the_glossary_is_extended_from_bantin_toml(tmp_path):
    from toolkit.speech.normalise import glossary_from

    config = tmp_path / "bantin.toml"
    config.write_text('[speech.glossary]\nABCX = "Ban Chỉ đạo xây dựng"\nUBND = "Ủy ban"\n', encoding="utf-8")
    glossary = glossary_from(config)
    assert glossary["ABCX"] == "Ban Chỉ đạo xây dựng" and glossary["UBND"] == "Ủy ban" and "HĐND" in glossary


def test_sentences_split_at_full_stops_but_not_after_abbreviations():
    assert sentences("Một. Hai! Ba? TP. Hồ Chí Minh có 3.234 người. Xong") == [
        "Một.", "Hai!", "Ba?", "TP. Hồ Chí Minh có 3.234 người.", "Xong"]


def test_the_seed_reads_as_sentences_and_inspect_prints_them():
    text = speech_text(read_source(SEED))
    assert text.sentences[0] == ("Bạch Thông đẩy mạnh công tác bồi dưỡng lý luận chính trị, cập nhật kiến thức "
                                 "cho cán bộ, đảng viên")
    assert all(not any(c.isdigit() for c in s) for s in text.sentences)
    run = run_cli("inspect", "--speech", str(SEED))
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[:len(text.sentences)] == text.sentences
