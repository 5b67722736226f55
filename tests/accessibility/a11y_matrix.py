"""The accessibility test matrix: every profile x source, and how each is built.

Sources: the seed, every readable sample, every example (read in place: one copy of each input) and
`rich` — a bulletin made here that has what the samples lack in quantity (figures with alt and
caption only, lists, a table and a quote long enough to cross pages, h3 under h2), so page breaks
land inside lists and tables.
Test modules here mark themselves `xdist_group("accessibility")` so, with `--dist loadgroup`, the
matrix is built on one worker only.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from helpers import EXAMPLES, IMAGES, SAMPLES, SEED

import toolkit
from toolkit.images import ImageResolver
from toolkit.model import Bulletin, Figure, Heading, List, Paragraph, Quote, Table, spans
from toolkit.pipeline import write_formats
from toolkit.render.settings import BuildOptions, resolve
from toolkit.writers.draft import Draft

PROFILES = ("small", "normal", "large", "x-large", "xx-large")
SOURCE_SUFFIXES = (".txt", ".md", ".html", ".json")
#: Readable samples and the examples (the seed is one of them: it is built as the seed).
SAMPLE_FILES = sorted(p for p in [*SAMPLES.rglob("*"), *EXAMPLES.iterdir()] if p.is_file()
                      and p.suffix in SOURCE_SUFFIXES and (SAMPLES / "bad") not in p.parents
                      and p.read_bytes() != SEED.read_bytes())
REQUIRED_VALIDATORS = ["pdfua", "epubcheck", "ace"]
#: Ace (one Chromium per EPUB) checks every source in this profile and `rich` (every block kind,
#: page breaks inside lists and tables) in every profile; the whole matrix under `make test-all`.
ACE_PROFILE = "x-large"


def ace_in_fast_suite(built: Built) -> bool:
    return built.profile == ACE_PROFILE or built.source == "rich"


@dataclass(frozen=True)
class Built:
    source: str
    profile: str
    pdf: Path
    epub: Path
    pages: int

    @property
    def name(self) -> str:
        return f"{self.source}/{self.profile} ({self.pdf.name})"


def _sentence(n: int) -> str:
    """A sentence no other sentence shares a run of words with (the page-list tests look words up)."""
    return (f"Câu {n}: tổ {n} xã Cẩm Giàng học {n} chuyên đề, thôn {n} làm {n + 1} việc cụ thể, "
            f"hộ {n} thoát nghèo năm {2000 + n}, chi bộ {n} kết nạp {n % 7 + 1} đảng viên.")


def rich_bulletin(folder: Path) -> Bulletin:
    """A long bulletin with every block kind; its images are copied into `folder`."""
    for image in ("kham-benh.png", "tiem-chung.jpg"):
        shutil.copy(IMAGES / image, folder / image)
    para = [Paragraph(spans(" ".join(_sentence(i * 10 + j) for j in range(5)))) for i in range(6)]
    items = tuple(spans(_sentence(100 + i)) for i in range(14))
    rows = (("Xã", "Chỉ tiêu", "Kết quả"), *((f"Thôn {i}", f"{i * 7}%", f"{i * 9}%") for i in range(1, 40)))
    blocks = (
        para[0], Heading(2, spans("Kết quả nổi bật")), para[1],
        Figure("kham-benh.png", alt="Nhân viên y tế khám bệnh cho người cao tuổi",
               caption="Khám sức khỏe định kỳ tại trạm y tế xã"),
        Heading(3, spans("Những việc làm cụ thể")), List(False, items), para[2],
        Figure("tiem-chung.jpg", caption="Tiêm chủng mở rộng cho trẻ em"),
        List(True, items[:6], start=3), Quote(spans(_sentence(300) + " " + _sentence(301))),
        Heading(2, spans("Số liệu theo thôn")), Table(rows), para[3], para[4], para[5],
    )
    return Bulletin(title="Xã Cẩm Giàng: học tập và làm theo nghị quyết, chăm lo đời sống nhân dân",
                    date=dt.date(2024, 5, 20), lead=_sentence(0), author="Thu Hà", byline="Thu Hà",
                    source=folder / "rich.txt", category="Xây dựng Đảng", blocks=blocks)


def build_rich(folder: Path, out: Path, profile: str, page_size: str | None = None) -> Built:
    doc = rich_bulletin(folder)
    settings = resolve(BuildOptions(size=profile, output_dir=out, page_size=page_size))
    outputs = {o.format: o for o in write_formats(Draft(doc, settings, ImageResolver(doc)), "rich")}
    return Built("rich", profile, outputs["pdf"].path, outputs["epub"].path, outputs["pdf"].pages)


def build_source(source: Path, out: Path, profile: str, page_size: str | None = None) -> Built:
    result = toolkit.build([source], size=profile, output_dir=out, page_size=page_size)
    assert result.ok, [str(r.error) for r in result.results]
    outputs = {o.format: o for o in result.outputs}
    return Built(source.stem, profile, outputs["pdf"].path, outputs["epub"].path, outputs["pdf"].pages)


