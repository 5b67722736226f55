"""The Vietnamese typographic clean-up (issue 14, item 5): what is substituted, what is kept on one line,
what is left alone; and that the print and the EPUB get it while the source and its JSON do not."""

from __future__ import annotations

import zipfile

import pytest
from helpers import SEED, pdftotext, run_cli

import toolkit
from toolkit.render.typography import markup, typeset

NW = '<span class="nw">'


@pytest.mark.parametrize(("text", "expected"), [
    ("giai đoạn 2016 - 2020", "giai đoạn 2016–2020"),
    ("nhiệm kỳ 2020-2025", "nhiệm kỳ 2020–2025"),
    ("từ 3 - 5 ngày", "từ 3–5 ngày"),
    ("chủ nghĩa Mác - Lênin", "chủ nghĩa Mác–Lênin"),
    ("tình hữu nghị Việt - Lào", "tình hữu nghị Việt–Lào"),
    ('Nghị quyết "Nâng cao chất lượng" của Đảng', "Nghị quyết “Nâng cao chất lượng” của Đảng"),
    # left alone: dates, document codes, times, the closing mark, hyphenated words in lower case
    ("ngày 15-04-2024", "ngày 15-04-2024"),
    ("Nghị quyết số 10-NQ/HU và Đề án số 05-ĐA/HU", "Nghị quyết số 10-NQ/HU và Đề án số 05-ĐA/HU"),
    ("lúc 16:45 ngày 15/04/2024", "lúc 16:45 ngày 15/04/2024"),
    ("kết quả tốt./.", "kết quả tốt./."),
    ("cán bộ - đảng viên", "cán bộ - đảng viên"),
    ("BKĐT - Sáng 14/5, huyện Ngân Sơn", "BKĐT - Sáng 14/5, huyện Ngân Sơn"),  # an agency's dateline
    ("(TTXVN) - Chiều nay", "(TTXVN) - Chiều nay"),
    ("TTXVN - Chiều nay", "TTXVN - Chiều nay"),
    ("số 1.234 - 2.000 người", "số 1.234–2.000 người"),
])
def test_substitutions(text, expected):
    assert typeset(text).text == expected


@pytest.mark.parametrize(("text", "names", "kept"), [
    ("đạt 48 tạ/ha", False, "48 tạ/ha"),
    ("tổng 4,5 tỷ đồng", False, "4,5 tỷ đồng"),
    ("dài 12 km", False, "12 km"),
    ("tăng 35 %", False, "35 %"),
    ("TP. Hồ Chí Minh", False, "TP. Hồ"),
    ("ThS. Nguyễn Văn An", False, "ThS. Nguyễn"),
    ("tư tưởng Hồ Chí Minh", True, "Hồ Chí Minh"),
    ("huyện Bạch Thông", True, "Bạch Thông"),
    ("giai đoạn 2016 - 2020", False, "2016–2020"),
])
def test_kept_on_one_line(text, names, kept):
    assert f"{NW}{kept}</span>" in markup(text, names)


def test_names_are_kept_whole_only_where_asked_and_never_more_than_four_syllables():
    assert NW not in markup("tư tưởng Hồ Chí Minh", names=False)
    assert NW not in markup("Ban Chấp Hành Trung Ương Đảng Cộng Sản", names=True)
    assert NW not in markup("đảng viên mới", names=True)


def test_markup_escapes_the_text():
    assert str(markup('<b> & "x"')) == "&lt;b&gt; &amp; “x”"


def test_print_and_epub_are_set_the_source_and_its_json_are_not(tmp_path):
    result = toolkit.build([SEED], output_dir=tmp_path)
    assert result.ok
    printed = pdftotext(tmp_path / "seed.pdf")
    assert "Mác–Lênin" in printed and "2016–2020" in printed and "Mác - Lênin" not in printed
    with zipfile.ZipFile(tmp_path / "seed.epub") as book:
        chapter = book.read("EPUB/text/bulletin.xhtml").decode()
    assert f"{NW}Mác–Lênin" in chapter
    assert "Mác - Lênin" in SEED.read_text(encoding="utf-8")
    as_json = run_cli("inspect", "--json", str(SEED))
    assert "Mác - Lênin" in as_json.stdout and "Mác–Lênin" not in as_json.stdout


def test_inspect_says_what_will_change():
    run = run_cli("inspect", str(SEED))
    assert run.returncode == 0
    assert run.stdout.splitlines()[-1] == ("typeset  2 number ranges → en dash, 3 compound names → en dash, "
                                           "2 names kept on one line (in print and EPUB; the source is not changed)")
