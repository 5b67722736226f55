"""Reference screenshots of the reading room (docs/reading-room/*.png), at phone and desktop widths.

Builds an archive of examples/ and the portal-text samples in two sizes, then photographs it in the
Debian Chromium: the index, a search typed without diacritics, and a bulletin page in large print.

    .venv/bin/python scripts/reading_room_shots.py [OUT_DIR]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from toolkit.archive import ArchiveOptions, archive
from toolkit.archive.publication import Publication

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


def build(work: Path) -> Path:
    src = work / "src"
    shutil.copytree(ROOT / "examples", src / "examples")
    shutil.copytree(ROOT / "tests" / "samples" / "portal-text", src / "portal-text")
    shutil.copy(ROOT / "tests" / "samples" / "bad" / "truncated.txt", src / "hong.txt")
    out = work / "archive"
    archive(ArchiveOptions(src, out, Publication(publisher="Ban Tuyên giáo Huyện ủy Bạch Thông",
                                                 sizes=("normal", "x-large")), jobs=2))
    return out


def shoot(room: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    page_file = room / "2024" / "10" / "ban-tin-thang-10.html"
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for name, (width, height) in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            page.goto((room / "index.html").as_uri())
            page.screenshot(path=str(target / f"index-{name}.png"))
            page.fill("#q", "dang vien")
            page.wait_for_timeout(300)
            page.screenshot(path=str(target / f"search-{name}.png"))
            page.goto(page_file.as_uri())
            page.click("text=Tăng cỡ chữ")
            page.click("text=Tăng cỡ chữ")
            page.screenshot(path=str(target / f"page-x-large-{name}.png"))
            context.close()
        browser.close()


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "reading-room"
    with tempfile.TemporaryDirectory() as work:
        shoot(build(Path(work)), target)
    print(f"wrote {', '.join(sorted(p.name for p in target.glob('*.png')))} in {target}")


if __name__ == "__main__":
    main()
