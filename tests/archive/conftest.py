"""Synthetic archives: portal-text bulletins with dates across two months, plus the real samples."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from helpers import SEED

TOPICS = [
    ("Xã Quân Hà ra quân làm đường giao thông nông thôn", "Giao thông nông thôn"),
    ("Huyện tổ chức hội nghị tổng kết công tác dân vận", "Công tác dân vận"),
    ("Trường Tiểu học Phủ Thông khai giảng năm học mới", "Giáo dục"),
    ("Nông dân Cẩm Giàng thu hoạch lúa mùa đạt năng suất cao", "Nông nghiệp"),
    ("Bạch Thông triển khai tiêm chủng mở rộng cho trẻ em", "Y tế"),
    ("Đoàn thanh niên ra quân chiến dịch mùa hè tình nguyện", "Thanh niên"),
]


def portal_text(title: str, date: dt.date, topic: str, paragraphs: int = 3) -> str:
    body = "\n\n".join(
        f"Đoạn {n}: {topic} là nhiệm vụ trọng tâm của cấp ủy, chính quyền các cấp trong năm {date.year}. "
        "Các đồng chí lãnh đạo đã kiểm tra, đôn đốc, hướng dẫn cơ sở thực hiện đúng kế hoạch đề ra, "
        "bảo đảm tiến độ và chất lượng."
        for n in range(1, paragraphs + 1))
    return (f"PublishingPortal - Block_BanTin_Toolbar\n\n{date:%d/%m/%Y}\nTăng cỡ chữ Giảm cỡ chữ\n{title}\n"
            f"Sáng ngày {date.day}/{date.month}, {topic.lower()} được triển khai tại huyện Bạch Thông.\n\n"
            f" PublishingPortal - Block_BanTin_ViewData\n\n{body}\n\nPhóng viên\n")


def make_sources(folder: Path, count: int = 6, start: dt.date = dt.date(2024, 4, 25)) -> list[Path]:
    """`count` bulletins, three days apart from `start` (so April and May 2024), in nested folders."""
    paths = []
    for n in range(count):
        title, topic = TOPICS[n % len(TOPICS)]
        date = start + dt.timedelta(days=3 * n)
        path = folder / f"{date:%Y}" / f"tin-{n + 1:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(portal_text(f"{title} ({n + 1})", date, topic), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def month_sources(tmp_path: Path) -> Path:
    """Six synthetic bulletins (April and May 2024) plus the seed, in `tmp/src`."""
    src = tmp_path / "src"
    make_sources(src)
    shutil.copy(SEED, src / "seed.txt")
    return src


@pytest.fixture(scope="session")
def source_maker():
    """`make_sources` for tests (conftest modules are not importable by name under importlib mode)."""
    return make_sources
