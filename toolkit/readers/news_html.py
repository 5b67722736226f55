"""Any other news page: read by `html.article` (trafilatura for the body, the page's metadata for the facts)."""

from __future__ import annotations

import re
from pathlib import Path

from ..model import Bulletin
from .html import article, page
from .source import head_text

FORMAT = article.FORMAT
_HTML = re.compile(r"<(!doctype\s+html|html|head|body|article|meta|title|div|p)\b", re.IGNORECASE)


def sniff(head: bytes, suffix: str) -> bool:
    text = head_text(head).lstrip()
    if suffix in (".html", ".htm", ".xhtml", ".aspx", ".php", ".shtml"):
        return "<" in text
    return text.startswith("<") and bool(_HTML.search(text[:4096]))


def read(path: Path) -> Bulletin:
    root, decoded = page.read_page(path)
    return article.parse_news_page(root, path, decoded.text, decoded.warnings)
