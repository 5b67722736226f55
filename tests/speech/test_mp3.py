"""Broadcast audio (issue 15, item 4): `-f mp3` for the commune loudspeaker, measured with ffmpeg's EBU R128
meter and read back with mutagen."""

from __future__ import annotations

import re
import subprocess

import pytest
from helpers import require_tools, run_cli

pytestmark = pytest.mark.xdist_group("speech")
SHORT = """---
title: Xã Cẩm Giàng về đích nông thôn mới
date: 2024-05-20
author: Thu Trang
---

Năm 2023, thu nhập bình quân đạt 52,4 triệu đồng/người; tỷ lệ hộ nghèo còn 2,18%.

## Kết quả

UBND xã đã hoàn thành 19/19 tiêu chí.
"""


@pytest.fixture(scope="module")
def spoken(tmp_path_factory):
    require_tools("espeak-ng", "ffmpeg")
    folder = tmp_path_factory.mktemp("mp3")
    source = folder / "cam-giang.md"
    source.write_text(SHORT, encoding="utf-8")
    runs = [run_cli("build", str(source), "-o", str(folder / name), "-f", "mp3", "--publisher", "Xã Cẩm Giàng")
            for name in ("a", "b")]
    assert all(r.returncode == 0 for r in runs), runs[0].stderr
    return folder / "a" / "cam-giang.mp3", folder / "b" / "cam-giang.mp3"


def _r128(path) -> tuple[float, float]:
    log = subprocess.run(["ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-af", "ebur128=peak=true",
                          "-f", "null", "-"], capture_output=True, text=True, check=True).stderr
    summary = log[log.rindex("Summary:"):]
    return (float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1)),
            float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary).group(1)))


def test_loudness_is_broadcast_level(spoken):
    integrated, peak = _r128(spoken[0])
    assert -17.0 <= integrated <= -15.0 and peak <= -1.0, (integrated, peak)


def test_mono_44_1_khz_with_id3_tags(spoken):
    from mutagen.mp3 import MP3

    audio = MP3(str(spoken[0]))
    assert audio.info.channels == 1 and audio.info.sample_rate == 44100 and audio.info.length > 5
    tags = audio.tags
    assert str(tags["TIT2"]) == "Xã Cẩm Giàng về đích nông thôn mới"
    assert str(tags["TPE1"]) == "Xã Cẩm Giàng" and str(tags["TDRC"]) == "2024-05-20" and str(tags["TLAN"]) == "vie"


def test_the_same_source_gives_the_same_bytes(spoken):
    assert spoken[0].read_bytes() == spoken[1].read_bytes()


def test_an_unknown_voice_is_refused_before_any_work(tmp_path):
    run = run_cli("build", "x.md", "-o", str(tmp_path / "out"), "-f", "mp3", "--voice", "hue")
    assert run.returncode == 2 and "--voice: unknown 'hue'" in run.stderr


def test_a_volume_is_one_mp3_with_a_chapter_per_bulletin_and_the_archive_lists_it(tmp_path):
    import json

    from mutagen.id3 import ID3

    from toolkit.archive.manifest import verify

    require_tools("espeak-ng", "ffmpeg")
    src = tmp_path / "src"
    src.mkdir()
    (src / "cam-giang.md").write_text(SHORT, encoding="utf-8")
    (src / "na-ri.md").write_text(SHORT.replace("Xã Cẩm Giàng về đích", "Na Rì về đích").replace("05-20", "05-22"),
                                  encoding="utf-8")
    arch = tmp_path / "arch"
    first = run_cli("archive", str(src), "-o", str(arch), "-j", "2", "--audio", "--json")
    assert first.returncode == 0, first.stdout
    chapters = sorted(ID3(str(arch / "2024" / "2024-05.mp3")).getall("CHAP"), key=lambda c: c.start_time)
    assert [str(c.sub_frames["TIT2"]) for c in chapters] == ["Xã Cẩm Giàng về đích nông thôn mới",
                                                              "Na Rì về đích nông thôn mới"]
    assert chapters[0].start_time == 0 and chapters[0].end_time == chapters[1].start_time < chapters[1].end_time
    podcast = (arch / "podcast.xml").read_text(encoding="utf-8")
    assert podcast.count("<item>") == 3 and 'type="audio/mpeg"' in podcast
    assert '<audio controls="controls" preload="none" src="2024/05/cam-giang.mp3"' in (arch / "index.html").read_text(
        encoding="utf-8")
    assert verify(arch).ok
    again = run_cli("archive", str(src), "-o", str(arch), "-j", "2", "--audio", "--json")
    assert json.loads(again.stdout)["built"] == 0  # nothing is synthesised again


def test_another_engine_plugs_in_from_bantin_toml(tmp_path):
    """A command template: here espeak-ng again with another speed, which gives other bytes (a longer file)."""
    require_tools("espeak-ng", "ffmpeg")
    (tmp_path / "cam-giang.md").write_text(SHORT, encoding="utf-8")
    (tmp_path / "bantin.toml").write_text('[speech]\nengine = "espeak-ng -v {voice} -s 110 -w {out} -f {text}"\n',
                                          encoding="utf-8")
    slow = run_cli("build", "cam-giang.md", "-o", "slow", "-f", "mp3", cwd=tmp_path)
    assert slow.returncode == 0, slow.stderr
    (tmp_path / "bantin.toml").write_text('[speech]\nengine = "say-it {text}"\n', encoding="utf-8")
    bad = run_cli("build", "cam-giang.md", "-o", "bad", "-f", "mp3", cwd=tmp_path)
    assert bad.returncode == 2 and "[speech] 'engine'" in bad.stderr
    from mutagen.mp3 import MP3

    (tmp_path / "bantin.toml").unlink()
    normal = run_cli("build", "cam-giang.md", "-o", "normal", "-f", "mp3", cwd=tmp_path)
    assert normal.returncode == 0
    assert MP3(str(tmp_path / "slow" / "cam-giang.mp3")).info.length > MP3(
        str(tmp_path / "normal" / "cam-giang.mp3")).info.length
