"""The image policy, in one place: which file, if any, a figure's address may use, and why not.

Readers report what they can see from the address alone (`address_warnings`: remote, refused,
missing, outside the source's folder), with the line that names it; `ImageResolver` applies the
same rules at render time, with the `--images` folder for remote images and the checks below on
the file itself; lint and the build report both, each problem once.

An image is also checked before any engine decodes it: a PNG of 12,000 × 12,000 pixels is a few
kilobytes on disk and gigabytes in memory (a "decompression bomb"), and an SVG can declare
entities that expand to gigabytes ("billion laughs") or fetch other files. Those are refused with
a warning, and the figure keeps its caption.

Heavy libraries (Pillow) are imported inside the functions that use them, so `bantin --help` and a
no-op archive rerun never load them.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .i18n import _
from .model import Bulletin, Figure, SourceWarning

IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
               ".svg": "image/svg+xml", ".webp": "image/webp"}
#: Raster formats (Pillow's names) every EPUB reading system shows.
RASTER_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
_MAGIC = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"GIF87a", "image/gif"),
          (b"GIF89a", "image/gif"), (b"RIFF", "image/webp"))
#: Largest image file used; a news photo is a few megabytes.
MAX_IMAGE_BYTES = 25 * 1024 * 1024
#: Largest decoded raster image: 40 megapixels (a 7,700 × 5,200 photo) is ~160 MB in memory.
MAX_IMAGE_PIXELS = 40_000_000
#: Declarations, scripts and embedded documents an SVG for print never needs.
_SVG_UNSAFE = re.compile(rb"<!DOCTYPE|<!ENTITY|<script|<foreignObject|<\?xml-stylesheet|\son[a-z]+\s*=",
                         re.IGNORECASE)
#: Elements an SVG picture may use: shapes, text, paint servers, grouping; nothing that runs or loads.
SVG_ELEMENTS = frozenset({
    "svg", "g", "defs", "symbol", "use", "title", "desc", "metadata", "path", "rect", "circle", "ellipse", "line",
    "polyline", "polygon", "text", "tspan", "textPath", "linearGradient", "radialGradient", "stop", "pattern",
    "clipPath", "mask", "marker", "filter", "feGaussianBlur", "feOffset", "feBlend", "feColorMatrix", "feFlood",
    "feComposite", "feMerge", "feMergeNode", "style", "switch",
})


def media_type(data: bytes, suffix: str) -> str:
    """The image's type from its bytes (a PNG named `.jpg` is a PNG); the suffix's for SVG text."""
    for magic, mime in _MAGIC:
        if data.startswith(magic) and (mime != "image/webp" or data[8:12] == b"WEBP"):
            return mime
    return IMAGE_TYPES.get(suffix.lower(), "application/octet-stream")


def image_problem(data: bytes, mime: str) -> str | None:
    """Why image bytes must not reach a renderer or a book, or None when they are safe to use."""
    if len(data) > MAX_IMAGE_BYTES:
        return _too_large()
    if mime == "image/svg+xml":
        return _svg_problem(data)
    return _raster_problem(data)


def _too_large() -> str:
    return _("larger than {size} MB").format(size=MAX_IMAGE_BYTES // 1024**2)


def _svg_problem(data: bytes) -> str | None:
    """Why an SVG must not be used, read with a real XML parser (no DTD, no entities, no network) and an
    allow-list: drawing elements only, references only inside the file (`#id`), no scripts, no event
    attributes, no CSS that could reach out (`@import`, `url()` to anything but `#id`, escapes)."""
    from lxml import etree

    if b"\x00" in data[:4096]:  # UTF-16/32 would hide the declarations from a byte-level look
        return _("SVG not written in UTF-8")
    if _SVG_UNSAFE.search(data):
        return _("SVG with a DOCTYPE, entities, scripts or embedded documents")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return _("not a well-formed SVG file")
    for element in root.iter():
        if not isinstance(element.tag, str):
            return _("SVG with processing instructions or entities")
        if (problem := _svg_element_problem(element)) is not None:
            return problem
    return None


def _svg_element_problem(element) -> str | None:
    name = element.tag.rpartition("}")[2]
    for attribute, value in element.attrib.items():
        local = attribute.rpartition("}")[2].lower()
        if local.startswith("on"):
            return _("SVG with an event handler (script)")
        if local == "href" and not value.strip().startswith("#"):
            return _("SVG that refers to other files or web addresses")
        if _css_reaches_out(value):
            return _("SVG whose styles refer to other files or web addresses")
    if name == "style" and _css_reaches_out(element.text or ""):
        return _("SVG whose styles refer to other files or web addresses")
    if name not in SVG_ELEMENTS:
        return _("SVG with a <{name}> element (not a drawing element)").format(name=name)
    return None


def _css_reaches_out(css: str) -> bool:
    """`@import`, or `url()` to anything but `#id`, or a CSS escape that could spell either."""
    lowered = css.lower()
    return "@import" in lowered or "\\" in css or any(not target.strip(" '\"").startswith("#")
                                                      for target in re.findall(r"url\(([^)]*)\)", lowered))


def _raster_problem(data: bytes) -> str | None:
    from PIL import Image, UnidentifiedImageError

    too_big = _("over the {limit} megapixel limit").format(limit=MAX_IMAGE_PIXELS // 1_000_000)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:  # reads the header only, decodes nothing
                width, height = image.size
                kind = image.format
    except Image.DecompressionBombError:
        return too_big
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return _("not a readable JPEG, PNG, GIF or WebP image")
    if kind not in RASTER_TYPES:
        return _("a {kind} image, which e-readers cannot show (save it as JPEG or PNG)").format(kind=kind)
    if width * height > MAX_IMAGE_PIXELS:
        return _("{width} × {height} pixels, {reason}").format(width=width, height=height, reason=too_big)
    return None


def is_remote(src: str) -> bool:
    parts = urlsplit(src)
    return parts.scheme.lower() in ("http", "https", "ftp") or src.startswith("//")


def is_refused_scheme(src: str) -> bool:
    """An address with a scheme other than the web's (file:, javascript:, data: …); one letter is a drive."""
    scheme = urlsplit(src).scheme
    return bool(scheme) and len(scheme) > 1 and not is_remote(src)


def local_path(src: str, source_dir: Path) -> Path:
    parts = urlsplit(src)
    return source_dir / unquote(parts.path if parts.scheme == "" else src)


def remote_warning(src: str, line: int | None = None) -> SourceWarning:
    return SourceWarning(
        "remote-image", _("remote image {src} is not fetched (supply a local copy with --images DIR)")
        .format(src=src[:120]), line)


def refused_warning(src: str, reason: str = "only local files are used", line: int | None = None) -> SourceWarning:
    return SourceWarning("image-refused", _("image {src} refused: {reason}").format(src=src[:120], reason=reason), line)


def missing_warning(src: str, line: int | None = None) -> SourceWarning:
    return SourceWarning("missing-image", _("image {src} not found; the caption is kept").format(src=src[:120]), line)


def outside_warning(src: str, line: int | None = None) -> SourceWarning:
    return SourceWarning(
        "image-outside", _("image {src} is outside the source's folder; not used").format(src=src[:120]), line)


def address_warnings(figures, source_dir: Path, text: str = "") -> list[SourceWarning]:
    """What the addresses alone say is wrong with the figures' images (nothing is fetched or decoded);
    `text` is the source, to point at the line that names each image."""
    notes = []
    root = source_dir.resolve()
    for figure in figures:
        if figure.src is None:
            continue
        src = str(figure.src)
        line = line_of(text, src)
        if is_remote(src):
            notes.append(remote_warning(src, line))
        elif is_refused_scheme(src):
            notes.append(refused_warning(src, line=line))
        elif (problem := _place_problem(local_path(src, root), root, src, line)) is not None:
            notes.append(problem)
    return notes


def _place_problem(candidate: Path, root: Path, src: str, line: int | None = None) -> SourceWarning | None:
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError, ValueError):  # ValueError: NUL or lone surrogate in the name
        return missing_warning(src, line)
    if not real.is_relative_to(root):
        return outside_warning(src, line)
    return None


def line_of(text: str, needle: str) -> int | None:
    index = text.find(needle) if text else -1
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def merge_warnings(reader: tuple[SourceWarning, ...], images: ImageResolver
                   ) -> tuple[list[SourceWarning], list[SourceWarning]]:
    """(the reader's warnings, the resolver's that add to them): each image problem once. What the reader
    said from an address whose image was found after all (a remote image copied with `--images`) is
    dropped; a problem both saw keeps the reader's line number."""
    found = [figure for figure in images.doc.figures if images.path(figure) is not None]
    stale = {(w.code, w.message) for w in address_warnings(found, images.source_dir)}
    kept = [w for w in reader if (w.code, w.message) not in stale]
    seen = {(w.code, w.message) for w in kept}
    return kept, [w for w in dict.fromkeys(images.warnings) if (w.code, w.message) not in seen]


@dataclass
class ImageResolver:
    """Maps each figure to a readable local file, recording why one could not be used."""

    doc: Bulletin
    images_dir: Path | None = None
    warnings: list[SourceWarning] = field(default_factory=list)
    _cache: dict[Figure, Path | None] = field(default_factory=dict)
    #: Each usable image's type, read from its bytes.
    types: dict[Path, str] = field(default_factory=dict)

    @property
    def source_dir(self) -> Path:
        return (self.doc.source.parent if self.doc.source else Path.cwd()).resolve()

    def path(self, figure: Figure) -> Path | None:
        if figure not in self._cache:
            self._cache[figure] = self._find(figure)
        return self._cache[figure]

    def _find(self, figure: Figure) -> Path | None:
        if figure.src is None:
            return None
        src = str(figure.src)
        if is_remote(src):
            return self._local_copy(src, Path(unquote(urlsplit(src).path)).name)
        if is_refused_scheme(src):
            return self._warn(refused_warning(src))
        return self._checked(local_path(src, self.source_dir), src, self.source_dir)

    def _local_copy(self, url: str, name: str) -> Path | None:
        if self.images_dir and name:
            return self._checked(Path(self.images_dir) / name, url, Path(self.images_dir).resolve())
        return self._warn(remote_warning(url))

    def _checked(self, candidate: Path, src: str, root: Path) -> Path | None:
        if (problem := _place_problem(candidate, root, src)) is not None:
            return self._warn(problem)
        real = candidate.resolve()
        if not real.is_file() or real.suffix.lower() not in IMAGE_TYPES:
            return self._warn(SourceWarning(
                "image-type", _("image {src} is not a JPEG, PNG, GIF, SVG or WebP file").format(src=src[:120])))
        return self._inspected(real, src)

    def _inspected(self, real: Path, src: str) -> Path | None:
        if real.stat().st_size > MAX_IMAGE_BYTES:
            return self._warn(refused_warning(src, _too_large()))
        try:
            data = real.read_bytes()
        except OSError as exc:
            return self._warn(refused_warning(src, _("cannot be read ({reason})").format(reason=exc.strerror or exc)))
        mime = media_type(data, real.suffix)
        if problem := image_problem(data, mime):
            return self._warn(refused_warning(src, problem))
        self.types[real] = mime
        return real

    def media_type(self, path: Path) -> str:
        """The type of an image `path` gave, from its bytes."""
        return self.types.get(path) or IMAGE_TYPES[path.suffix.lower()]

    def _warn(self, warning: SourceWarning) -> None:
        self.warnings.append(warning)
        return None
