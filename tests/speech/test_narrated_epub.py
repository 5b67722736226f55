"""Narrated EPUB (issue 15, item 3): Media Overlays that EPUBCheck and Ace accept, whose clips follow one
another inside the audio and are not silent."""

from __future__ import annotations

import itertools
import re
import subprocess
import zipfile

import pytest
from helpers import require_tools, run_cli, validate
from lxml import etree

pytestmark = pytest.mark.xdist_group("speech")
SOURCE = """---
title: Xã Cẩm Giàng về đích nông thôn mới
date: 2024-05-20
author: Thu Trang
---

Năm 2023, thu nhập bình quân đạt 52,4 triệu đồng/người.

## Kết quả

UBND xã đã hoàn thành 19/19 tiêu chí. Người dân rất phấn khởi.
"""
SMIL = "{http://www.w3.org/ns/SMIL}"


@pytest.fixture(scope="module")
def narrated(tmp_path_factory):
    require_tools("espeak-ng", "ffmpeg")
    folder = tmp_path_factory.mktemp("narrated")
    source = folder / "cam-giang.md"
    source.write_text(SOURCE, encoding="utf-8")
    run = run_cli("build", str(source), "-o", str(folder), "-f", "epub", "--narrate")
    assert run.returncode == 0, run.stderr
    return folder / "cam-giang.epub"


def test_epubcheck_and_ace_accept_it(narrated):
    found = validate([narrated], ["epubcheck", "ace"])[narrated]
    assert [str(f) for result in found for f in result.findings] == []


def test_every_clip_points_at_text_and_plays_in_order_inside_the_audio(narrated, tmp_path):
    with zipfile.ZipFile(narrated) as book:
        smil = etree.fromstring(book.read("EPUB/smil/bulletin.smil"))
        chapter = etree.fromstring(book.read("EPUB/text/bulletin.xhtml"))
        opf = book.read("EPUB/content.opf").decode()
        (tmp_path / "a.mp3").write_bytes(book.read("EPUB/audio/bulletin.mp3"))
    ids = {el.get("id"): "".join(el.itertext()) for el in chapter.iter() if el.get("id")}
    clips, targets = [], []
    for par in smil.iter(f"{SMIL}par"):
        target = par.find(f"{SMIL}text").get("src").partition("#")[2]
        audio = par.find(f"{SMIL}audio")
        assert target in ids
        targets.append(target)
        clips.append((float(audio.get("clipBegin")[:-1]), float(audio.get("clipEnd")[:-1])))
    # title, first paragraph, heading, the last paragraph's two sentences (each its own element), byline
    assert len(clips) == 6
    second = next(t for t in targets if t.endswith("-s2"))
    two = [second[:-1] + "1", second]
    assert [ids[t].strip() for t in two] == ["UBND xã đã hoàn thành 19/19 tiêu chí.", "Người dân rất phấn khởi."]
    assert all(begin < end for begin, end in clips)
    assert clips[0][0] == 0 and all(a[1] == b[0] for a, b in itertools.pairwise(clips))  # contiguous, in order
    total = re.search(r'<meta property="media:duration">(\d+):(\d\d):(\d\d\.\d+)</meta>', opf)
    assert abs(clips[-1][1] - (int(total.group(2)) * 60 + float(total.group(3)))) < 0.002  # to the end
    for begin, end in clips:  # no clip is silence
        log = subprocess.run(["ffmpeg", "-hide_banner", "-nostats", "-ss", str(begin), "-t", str(end - begin), "-i",
                              str(tmp_path / "a.mp3"), "-af", "volumedetect", "-f", "null", "-"],
                             capture_output=True, text=True, check=True).stderr
        assert float(re.search(r"mean_volume: (-?[\d.]+) dB", log).group(1)) > -40
    assert "synchronizedAudioText" in opf and ">auditory<" in opf and 'media-overlay="overlay"' in opf
