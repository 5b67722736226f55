"""The exact HTML WeasyPrint renders, with its stylesheets, fonts and images in a folder beside it.

For debugging a layout in a browser, and for timing the engine alone on the same input
(`weasyprint out/x.html out/x.pdf`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..atomic import atomic_path
from ..model import Figure
from ..paths import FONTS_DIR
from ..render.context import language_of
from ..render.stylesheets import print_stylesheet_texts
from .draft import Draft, Written
from .print_html import bulletin_html

FORMAT = "html"


def write(draft: Draft, out: Path) -> Written:
    """The print HTML at `out`, its stylesheets, fonts and images in `NAME.files/` beside it."""
    doc, settings, images = draft.doc, draft.settings, draft.images
    files = out.with_suffix(".files")
    if files.exists():
        shutil.rmtree(files)
    (files / "fonts").mkdir(parents=True)
    for font in sorted(FONTS_DIR.glob("*.ttf")):
        shutil.copyfile(font, files / "fonts" / font.name)
    links = []
    for name, text in print_stylesheet_texts(settings, "fonts", language_of(doc, settings)):
        (files / name).write_text(text, encoding="utf-8")
        links.append(f"{files.name}/{name}")
    copied: dict[Path, str] = {}

    def image_url(figure: Figure) -> str | None:
        path = images.path(figure)
        if path is None:
            return None
        if path not in copied:
            target = files / f"img-{len(copied) + 1}{path.suffix.lower()}"
            shutil.copyfile(path, target)
            copied[path] = f"{files.name}/{target.name}"
        return copied[path]

    html_text = bulletin_html(doc, settings, images, image_url=image_url, stylesheet_links=links)
    with atomic_path(out) as tmp:
        tmp.write_text(html_text, encoding="utf-8")
    return Written(out, FORMAT)
