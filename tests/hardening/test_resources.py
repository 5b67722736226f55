"""The last line of defence, tested without any reader: `SafeFetcher` and `ImageResolver` refuse
everything but data: URIs and safe images inside the allowed folders, and a bulletin whose figures
point at hostile images still builds, with warnings, without them."""

from __future__ import annotations

import base64
import contextlib
import shutil
import signal
import zipfile
from pathlib import Path

import pytest
from hardening.checks import assert_no_leak, corpus, make_case
from helpers import IMAGES

from toolkit.images import ImageResolver, image_problem
from toolkit.limits import OutputGuard, SourceTimeout, parse_size, time_limit
from toolkit.model import Bulletin, Figure, Paragraph, spans
from toolkit.pipeline import write_formats
from toolkit.readers.safe_text import safe_bulletin
from toolkit.render.fetcher import RefusedResource, SafeFetcher
from toolkit.render.settings import BuildOptions, resolve
from toolkit.writers.draft import Draft

GOOD_PNG = IMAGES / "kham-benh.png"


@pytest.fixture
def case(tmp_path):
    made = make_case(tmp_path, {})
    shutil.copyfile(GOOD_PNG, made.src / "good.png")
    return made


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/x.png", "https://example.com/x.css", "ftp://example.com/x", "//127.0.0.1:9/x",
    "file:///etc/passwd", "file://otherhost/share/x.png", "javascript:alert(1)", "gopher://x/",
])
def test_fetcher_refuses_other_schemes_and_places(case, url):
    fetcher = SafeFetcher([case.src])
    with pytest.raises((RefusedResource, ValueError)):
        fetcher.fetch(url)


def test_fetcher_resolves_symlinks_and_dot_dot_before_deciding(case):
    fetcher = SafeFetcher([case.src])
    for url in ((case.src / "outside.png").as_uri(), case.src.as_uri() + "/../secret.png"):
        with pytest.raises(RefusedResource):
            fetcher.fetch(url)
    assert fetcher.fetch((case.src / "good.png").as_uri()).read() == GOOD_PNG.read_bytes()


def test_fetcher_checks_images_itself(case):
    fetcher = SafeFetcher([case.src])
    for name in ("bomb.png", "laughs.svg", "external.svg", "fake.png"):
        with pytest.raises(RefusedResource):
            fetcher.fetch((case.src / name).as_uri())
    bomb = base64.b64encode((corpus() / "bomb.png").read_bytes()).decode()
    with pytest.raises(RefusedResource):
        fetcher.fetch(f"data:image/png;base64,{bomb}")
    with pytest.raises(RefusedResource):
        SafeFetcher([case.src], max_bytes=100).fetch((case.src / "good.png").as_uri())


def test_image_checks():
    assert "megapixel" in image_problem((corpus() / "bomb.png").read_bytes(), "image/png")
    assert "entities" in image_problem((corpus() / "laughs.svg").read_bytes(), "image/svg+xml")
    assert "refers" in image_problem((corpus() / "external.svg").read_bytes(), "image/svg+xml")
    assert image_problem(GOOD_PNG.read_bytes(), "image/png") is None
    plain_svg = b'<svg xmlns="http://www.w3.org/2000/svg"><use href="#a"/><rect id="a" width="1" height="1"/></svg>'
    assert image_problem(plain_svg, "image/svg+xml") is None
    assert "UTF-8" in image_problem(plain_svg.decode().encode("utf-16"), "image/svg+xml")


def hostile_bulletin(source: Path) -> Bulletin:
    srcs = ["good.png", "bomb.png", "laughs.svg", "external.svg", "fake.png", "outside.png", "../secret.png",
            "/etc/passwd", "file:///etc/passwd", "http://127.0.0.1:9/x.png", "data:image/png;base64,AAAA",
            "nul\x00.png", "\ud800.png"]
    figures = tuple(Figure(Path(s) if "://" not in s and not s.startswith("data:") else s, "ảnh", f"chú thích {i}")
                    for i, s in enumerate(srcs))
    return Bulletin(title="Bản tin {{ 7*7 }}\x0b", source=source, blocks=(Paragraph(spans("Đoạn \x1b văn.")),
                                                                          *figures))


def test_hostile_figures_build_without_their_images(case):
    doc = safe_bulletin(hostile_bulletin(case.src / "tin.txt"))
    settings = resolve(BuildOptions(formats=("pdf", "epub", "html"), output_dir=case.out))
    images = ImageResolver(doc)
    outputs = write_formats(Draft(doc, settings, images), "tin")
    assert {o.format for o in outputs} == {"pdf", "epub", "html"}
    assert sum(1 for w in images.warnings if w.code == "image-refused") == 6  # 4 files, file:, data:
    assert sum(1 for w in images.warnings if w.code == "image-outside") == 3  # symlink, ../, /etc
    with zipfile.ZipFile(case.out / "tin.epub") as book:
        pictures = [n for n in book.namelist() if "/images/img-" in n]
    assert len(pictures) == 1, pictures  # only good.png
    assert [p.name for p in (case.out / "tin.files").glob("img-*")] == ["img-1.png"]
    assert_no_leak(case)
    assert any(w.code == "control-characters" for w in doc.warnings)


def test_time_limit_stops_a_loop_that_swallows_exceptions():
    with pytest.raises(SourceTimeout, match=r"spin\.txt: gave up reading after 0\.2 s"), \
            time_limit(0.2, "spin.txt", "reading"):
        while True:
            with contextlib.suppress(Exception):  # an engine's broad except must not hide the limit
                sum(range(1000))


def test_time_limit_is_armed_only_for_its_block_and_leaves_nothing_behind():
    before = signal.getsignal(signal.SIGALRM)
    with time_limit(None, "x"):  # off: no alarm, no handler
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        assert signal.getsignal(signal.SIGALRM) is before
    with time_limit(5, "x"):
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < remaining <= 5
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # a quick block disarms it
    assert signal.getsignal(signal.SIGALRM) is before  # and gives the previous handler back


def test_parse_size():
    assert parse_size("20MB") == 20 * 1024**2
    assert parse_size("500k") == 500 * 1024
    assert parse_size("1.5G") == int(1.5 * 1024**3)
    assert parse_size("4096") == 4096
    for bad in ("", "lots", "-1MB", "0"):
        with pytest.raises(Exception, match="is not a size such as 20MB"):
            parse_size(bad)


def test_output_guard_removes_new_files_and_keeps_old_ones(tmp_path):
    old, new = tmp_path / "old.pdf", tmp_path / "new.epub"
    old.write_text("an earlier build")
    guard = OutputGuard([old, new, tmp_path / "never.html"])
    new.write_text("half written")
    guard.undo()
    assert old.read_text() == "an earlier build" and not new.exists()
