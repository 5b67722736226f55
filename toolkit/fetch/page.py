"""An article page from the web made safe to keep, in the shape the readers already read.

The page is parsed as the HTML readers parse it (`readers.html.page`: scripts, styles and comments
gone), then what a saved page must not carry is removed (frames, embedded objects, `<base>`,
stylesheet links, refresh and charset metas, event-handler attributes, `javascript:` links), links are
made absolute, lazy images get their real address, and the copy is written in UTF-8. Whatever the
readers need stays: the PublishingPortal web-part titles, the metadata, the article's markup.
Before it is saved, the copy is read by the same reader `bantin build` would use, so a page bantin
cannot read is reported now rather than in the night's archive run.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ..errors import FetchError, SourceError
from ..i18n import _
from ..images import IMAGE_TYPES, image_problem, media_type
from ..model import Bulletin
from ..readers import read_source
from ..readers.decoding import DecodeError, decode
from ..readers.html import page as html_page

_DROPPED = ("iframe", "frame", "frameset", "object", "embed", "applet", "base", "link", "portal", "video", "audio",
            "source", "track", "svg", "math", "input", "button", "select", "textarea")
_LAZY = ("data-src", "data-original", "data-lazy-src", "data-lazy", "data-url", "data-full-src", "data-srcset",
         "srcset", "data-echo")
_EXTENSIONS = {mime: suffix for suffix, mime in IMAGE_TYPES.items() if suffix != ".jpeg"}


def harden(body: bytes, url: str):
    """The page at `url` as a cleaned lxml tree; `FetchError` when it is not readable HTML."""
    try:
        root = html_page.parse_page(decode(body).text)
    except (DecodeError, ValueError) as exc:
        raise FetchError(url, _("not a readable page ({reason})").format(reason=exc)) from exc
    for element in list(root.iter(*_DROPPED)):
        element.getparent().remove(element)
    for meta in root.xpath("//meta[@http-equiv or @charset]"):
        meta.getparent().remove(meta)
    for element in root.iter():
        if isinstance(element.tag, str):
            _clean_attributes(element, url)
    html_page.unlazy(root)
    html_page.refuse_unsafe_images(root)
    return root


def _clean_attributes(element, base: str) -> None:
    for name in list(element.attrib):
        lowered = name.lower()
        value = element.get(name, "").lower()
        # Alignment styles are kept for the readers; a style that loads something is not.
        if lowered.startswith("on") or lowered in ("srcdoc", "formaction") or (
                lowered == "style" and ("url(" in value or "expression(" in value)):
            del element.attrib[name]
    href = (element.get("href") or "").strip()
    if href:
        absolute = urljoin(base, href)
        if urlsplit(absolute).scheme.lower() in ("http", "https", "mailto"):
            element.set("href", absolute)
        else:
            del element.attrib["href"]


def image_addresses(root, base: str) -> list[str]:
    """The web addresses of the page's images, absolute, each once, in page order (data: images stay inline)."""
    found = {}
    for img in root.iter("img"):
        src = (img.get("src") or "").strip()
        if src and not src.lower().startswith("data:"):
            found.setdefault(urljoin(base, src), None)
    return [url for url in found if urlsplit(url).scheme.lower() in ("http", "https")]


def use_local_images(root, base: str, local: dict[str, str]) -> None:
    """Point each image at its saved copy (`local`: address → path relative to the page); an image that
    was not saved keeps its web address, which the readers report as a remote image."""
    for img in root.iter("img"):
        src = (img.get("src") or "").strip()
        if not src or src.lower().startswith("data:"):
            continue
        absolute = urljoin(base, src)
        img.set("src", local.get(absolute, absolute))
        for name in _LAZY:
            img.attrib.pop(name, None)


def serialized(root, url: str) -> bytes:
    """The page as UTF-8 bytes, saying so, and naming its address (`og:url`) if the page did not."""
    import lxml.html
    from lxml import etree

    head = root.find("head")
    if head is None:
        head = etree.Element("head")
        root.insert(0, head)
    if not root.xpath("//meta[@charset]"):
        head.insert(0, etree.Element("meta", charset="utf-8"))
    if not root.xpath("//meta[@property='og:url']"):
        head.insert(1, etree.Element("meta", property="og:url", content=url))
    return b"<!DOCTYPE html>\n" + lxml.html.tostring(root, encoding="utf-8")


def read_as_source(data: bytes, url: str) -> Bulletin:
    """The page as `bantin build` would read it (title, date, warnings); `FetchError` if it cannot."""
    with tempfile.TemporaryDirectory(prefix="bantin-fetch-") as folder:
        path = Path(folder) / "page.html"
        path.write_bytes(data)
        try:
            return read_source(path)
        except SourceError as exc:
            raise FetchError(url, _("not readable as a bulletin: {reason}").format(reason=exc.reason)) from exc


def checked_image(data: bytes, url: str) -> str:
    """The suffix to save an image under, from its bytes; `FetchError` when the image policy refuses it."""
    suffix = Path(urlsplit(url).path).suffix.lower()
    mime = media_type(data, suffix)
    if mime not in _EXTENSIONS:
        raise FetchError(url, _("not a JPEG, PNG, GIF, SVG or WebP image"))
    if problem := image_problem(data, mime):
        raise FetchError(url, _("image refused: {reason}").format(reason=problem))
    return _EXTENSIONS[mime]
