"""The exact HTML WeasyPrint renders, with its stylesheets, fonts and images in a folder beside it.

For debugging a layout in a browser, and for timing the engine alone on the same input
(`weasyprint out/x.html out/x.pdf`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..atomic import atomic_path
from ..config import RenderSettings
from ..context import language_of
from ..model import Bulletin, Figure
from ..paths import FONTS_DIR
from ..resources import ImageResolver
from .pdf import render_html, stylesheet_texts


def write(doc: Bulletin, settings: RenderSettings, out: Path, images: ImageResolver | None = None) -> list:
    images = images or ImageResolver(doc, settings.options.images_dir)
    files = out.with_suffix(".files")
    if files.exists():
        shutil.rmtree(files)
    (files / "fonts").mkdir(parents=True)
    for font in sorted(FONTS_DIR.glob("*.ttf")):
        shutil.copyfile(font, files / "fonts" / font.name)
    links = []
    for name, text in stylesheet_texts(settings, "fonts", language_of(doc, settings)):
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

    html_text = render_html(doc, settings, images, image_url=image_url, stylesheet_links=links)
    with atomic_path(out) as tmp:
        tmp.write_text(html_text, encoding="utf-8")
    return list(images.warnings)
