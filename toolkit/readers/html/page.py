"""The raw page: parsed once, scripts and styles dropped, metadata read, furniture removed.

Heavy libraries (lxml) are imported inside the functions that use them, so `bantin --help` and a
no-op archive rerun never load them.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from ...errors import SourceError
from ...images import is_refused_scheme, refused_warning
from ...model import SourceWarning
from ...text import clean_inline
from ..heuristics import is_view_counter
from ..source import read_text

_LAZY_ATTRIBUTES = ("data-src", "data-original", "data-lazy-src", "data-lazy", "data-url", "data-full-src",
                    "data-srcset", "srcset", "data-echo")
_PLACEHOLDER = re.compile(r"^(data:|about:)|(blank|spacer|pixel|placeholder|loading|lazy)[^/]*\.(gif|png|svg)",
                          re.IGNORECASE)
_FURNITURE = re.compile(
    r"(^|[-_\s])(nav|navbar|menu|breadcrumbs?|footer|sidebar|related|tin-?lien-?quan|tinlienquan|"
    r"tin-?khac|tinkhac|other-?news|more-?news|share|sharing|social|comments?|binh-?luan|pager|pagination|"
    r"tags?|toolbar|print|rating|advert|ads|banner|widget|luot-?xem|luotxem|view-?count|views|"
    r"lien-?ket|newsletter|subscribe)($|[-_\s])",
    re.IGNORECASE,
)
_FURNITURE_TAGS = ("nav", "footer", "aside", "form")


def read_page(path: Path):
    """(lxml tree, decoded source) of the HTML file at `path`; `SourceError` if it has no readable markup."""
    decoded = read_text(path)
    try:
        return parse_page(decoded.text), decoded
    except ValueError as exc:
        raise SourceError(path, str(exc)) from exc


def parse_page(text: str):
    """The whole page as an lxml tree, without scripts and styles; `ValueError` if there is no markup."""
    import lxml.html  # lxml and nh3 are imported when HTML is read, not when the CLI starts
    from lxml import etree

    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        raise ValueError("no HTML in the file")
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ValueError(f"unreadable HTML ({exc})") from exc
    _check_nothing_lost(text, root)
    for bad in root.xpath("//script|//style|//noscript|//template|//comment()|//processing-instruction()"):
        _remove(bad)
    return root


_INVISIBLE_PARTS = re.compile(r"(?is)<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>")


def _check_nothing_lost(text: str, root) -> None:
    """Refuse a page whose text the parser silently dropped (libxml2 stops at 256 levels of nesting)."""
    expected = len("".join(html.unescape(_INVISIBLE_PARTS.sub(" ", text)).split()))
    parsed = root.xpath("string(.)")
    for bad in root.xpath("//script|//style|//noscript|//template"):
        parsed = parsed.replace(bad.text_content(), "", 1)
    got = len("".join(parsed.split()))
    if expected - got > 100 and got < 0.9 * expected:
        raise ValueError(f"markup nested too deeply or broken: {expected - got} characters of text could not be read")


def _remove(element) -> None:
    """Remove an element but keep its tail text in the document."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def text_of(element) -> str:
    return clean_inline(element.text_content() or "")


def classes(element) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def meta(root, *names: str) -> str | None:
    """The first non-empty `<meta>` content among `names` (matched on name, property or itemprop)."""
    for name in names:
        for attr in ("property", "name", "itemprop"):
            for node in root.xpath(f"//meta[@{attr}=$n]", n=name):
                if value := clean_inline(node.get("content") or ""):
                    return value
    return None


def page_language(root) -> str:
    lang = (root.get("lang") or meta(root, "og:locale", "language", "content-language") or "vi").lower()
    return "en" if lang.startswith("en") else "vi"


def unlazy(root) -> None:
    """Give lazily loaded images their real `src` (data-src, data-original, srcset …)."""
    for img in root.iter("img"):
        src = (img.get("src") or "").strip()
        if src and not _PLACEHOLDER.search(src):
            continue
        for attr in _LAZY_ATTRIBUTES:
            if value := (img.get(attr) or "").strip():
                img.set("src", value.split(",")[0].split()[0])
                break


def refuse_unsafe_images(root) -> list[SourceWarning]:
    """Remove images that point at anything but the web or a relative path (file:, javascript: …)."""
    notes = []
    for img in list(root.iter("img")):
        src = (img.get("src") or "").strip()
        if is_refused_scheme(src) and not src.lower().startswith("data:"):  # data: images are skipped later
            notes.append(refused_warning(src, line=img.sourceline))
            _remove(img)
    return notes


def drop_furniture(root) -> None:
    """Remove navigation, toolbars, footers, related news, share buttons and view counters."""
    doomed = [el for el in root.iter(*_FURNITURE_TAGS)]
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in ("html", "body"):
            continue
        names = classes(element).replace("_", "-")
        if _FURNITURE.search(names) or is_view_counter(text_of(element)):
            doomed.append(element)
    for element in doomed:
        if element.getparent() is not None:
            _remove(element)


def outer_html(element) -> str:
    import lxml.html

    return lxml.html.tostring(element, encoding="unicode")

