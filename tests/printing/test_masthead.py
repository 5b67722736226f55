"""The nameplate (issue 14, item 3): from `bantin.toml` [publication] or options, never required."""

from __future__ import annotations

import json

import pytest
from helpers import EXAMPLES, SEED, pdftotext, require_validators, run_cli, squash, validate
from PIL import Image, ImageDraw

EMBLEM_TEXT = "Biểu trưng Đảng bộ huyện Bạch Thông"


@pytest.fixture
def emblem(tmp_path):
    path = tmp_path / "bieu-trung.png"
    image = Image.new("RGB", (120, 120), "white")
    ImageDraw.Draw(image).ellipse((5, 5, 115, 115), fill=(200, 0, 0))
    image.save(path)
    return path


def test_options_print_a_nameplate_and_the_date_once(tmp_path, emblem):
    run = run_cli("build", str(SEED), "-o", str(tmp_path), "-f", "pdf", "--issuer", "Đảng bộ huyện Bạch Thông",
                  "--name", "Bản tin", "--number", "Số 15", "--internal", "--emblem", str(emblem))
    assert run.returncode == 0, run.stderr
    first = squash(pdftotext(tmp_path / "seed.pdf", 1, 1))
    assert first.startswith("ĐẢNG BỘ HUYỆN BẠCH THÔNG BẢN TIN Số 15 — Thứ Hai, ngày 15 tháng 4 năm 2024 "
                            "Lưu hành nội bộ Bạch Thông đẩy mạnh")
    assert first.count("ngày 15 tháng 4 năm 2024") == 1
    require_validators("pdfua")
    (result,) = validate([tmp_path / "seed.pdf"], ["pdfua"])[tmp_path / "seed.pdf"]
    assert result.findings == []  # the emblem is a figure with alt text


def test_bantin_toml_sets_the_nameplate_for_build_and_the_volume_cover(tmp_path, emblem):
    (tmp_path / "bantin.toml").write_text('[publication]\nissuer = "Đảng bộ huyện Bạch Thông"\nname = "Bản tin"\n'
                                          f'emblem = "{emblem.name}"\n', encoding="utf-8")
    run = run_cli("build", str(SEED), "-o", "out", "-f", "pdf", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert squash(pdftotext(tmp_path / "out" / "seed.pdf", 1, 1)).startswith("ĐẢNG BỘ HUYỆN BẠCH THÔNG BẢN TIN")
    run = run_cli("collect", str(SEED), str(EXAMPLES / "tiem-chung-mo-rong.html"), "-t", "Bản tin tháng 4/2024",
                  "-o", "tap.pdf", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "ĐẢNG BỘ HUYỆN BẠCH THÔNG" in squash(pdftotext(tmp_path / "tap.pdf", 1, 1))


def test_without_a_nameplate_the_page_starts_with_the_date(tmp_path):
    assert run_cli("build", str(SEED), "-o", str(tmp_path), "-f", "pdf").returncode == 0
    assert squash(pdftotext(tmp_path / "seed.pdf", 1, 1)).startswith("Thứ Hai, ngày 15 tháng 4 năm 2024 Bạch Thông")


@pytest.mark.parametrize(("toml", "message"), [
    ('[publication]\ncolour = "đỏ"\n', "[publication] 'colour': unknown key"),
    ('[publication]\ninternal = "có"\n', "[publication] 'internal': expected bool"),
    ('[publication]\nemblem = "khong-co.png"\n', "setting 'emblem': cannot read"),
    ('[publication]\nemblem = "bantin.toml"\n', "is not a PNG or JPEG image"),
])
def test_a_bad_setting_is_one_line_before_any_work(tmp_path, toml, message):
    (tmp_path / "bantin.toml").write_text(toml, encoding="utf-8")
    run = run_cli("build", str(SEED), "-o", "out", cwd=tmp_path)
    assert run.returncode == 2 and message in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_archive_reads_the_nameplate_from_the_source_folder_and_rebuilds_when_it_changes(tmp_path, emblem):
    src = tmp_path / "src"
    src.mkdir()
    (src / "seed.txt").write_bytes(SEED.read_bytes())
    emblem.rename(src / emblem.name)
    config = src / "bantin.toml"
    config.write_text(f'[publication]\nissuer = "Đảng bộ huyện Bạch Thông"\nemblem = "{emblem.name}"\n',
                      encoding="utf-8")
    arch = tmp_path / "arch"
    first = run_cli("archive", str(src), "-o", str(arch), "-j", "1", "--json")
    # the bulletin, its volume, its reading page
    assert first.returncode == 0 and json.loads(first.stdout)["built"] == 3, first.stdout
    (pdf,) = arch.glob("2024/04/seed.pdf")
    assert squash(pdftotext(pdf, 1, 1)).startswith("ĐẢNG BỘ HUYỆN BẠCH THÔNG")
    again = run_cli("archive", str(src), "-o", str(arch), "-j", "1", "--json")
    assert json.loads(again.stdout)["built"] == 0, again.stdout
    config.write_text('[publication]\nissuer = "Đảng bộ xã Cẩm Giàng"\n', encoding="utf-8")
    third = run_cli("archive", str(src), "-o", str(arch), "-j", "1", "--json")
    assert third.returncode == 0 and json.loads(third.stdout)["built"] == 3, third.stdout
    assert squash(pdftotext(pdf, 1, 1)).startswith("ĐẢNG BỘ XÃ CẨM GIÀNG")
