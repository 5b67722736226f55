"""Finding a bulletin's images on disk, inside the folders it may use and nowhere else.

An image is also checked before any engine decodes it: a PNG of 12,000 × 12,000 pixels is a few
kilobytes on disk and gigabytes in memory (a "decompression bomb"), and an SVG can declare
entities that expand to gigabytes ("billion laughs") or fetch other files. Those are refused with
a warning, and the figure keeps its caption.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .model import Bulletin, Figure, SourceWarning

IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
               ".svg": "image/svg+xml", ".webp": "image/webp"}
#: Largest image file used; a news photo is a few megabytes.
MAX_IMAGE_BYTES = 25 * 1024 * 1024
#: Largest decoded raster image: 40 megapixels (a 7,700 × 5,200 photo) is ~160 MB in memory.
MAX_IMAGE_PIXELS = 40_000_000
#: Declarations, scripts and embedded documents an SVG for print never needs.
_SVG_UNSAFE = re.compile(rb"<!DOCTYPE|<!ENTITY|<script|<foreignObject|<\?xml-stylesheet|\son[a-z]+\s*=",
                         re.IGNORECASE)
#: References out of the SVG file: anything but same-document (#id) and data: URIs.
_SVG_EXTERNAL = re.compile(rb"""(?:href\s*=\s*["']\s*|url\(\s*["']?\s*|@import\s+["']?)(?!#|data:)""",
                           re.IGNORECASE)


def image_problem(data: bytes, mime: str) -> str | None:
    """Why image bytes must not reach a renderer or a book, or None when they are safe to use."""
    if len(data) > MAX_IMAGE_BYTES:
        return f"larger than {MAX_IMAGE_BYTES // 1024**2} MB"
    if mime == "image/svg+xml":
        return _svg_problem(data)
    return _raster_problem(data)


def _svg_problem(data: bytes) -> str | None:
    if b"\x00" in data[:4096]:  # UTF-16/32 would hide the declarations from the checks below
        return "SVG not written in UTF-8"
    if _SVG_UNSAFE.search(data):
        return "SVG with a DOCTYPE, entities, scripts or embedded documents"
    if _SVG_EXTERNAL.search(data):
        return "SVG that refers to other files or web addresses"
    return None


def _raster_problem(data: bytes) -> str | None:
    from PIL import Image, UnidentifiedImageError

    too_big = f"over the {MAX_IMAGE_PIXELS // 1_000_000} megapixel limit"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:  # reads the header only, decodes nothing
                width, height = image.size
    except Image.DecompressionBombError:
        return too_big
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return "not a readable JPEG, PNG, GIF or WebP image"
    if width * height > MAX_IMAGE_PIXELS:
        return f"{width} × {height} pixels, {too_big}"
    return None


@dataclass
class ImageResolver:
    """Maps each figure to a readable local file, recording why one could not be used."""

    doc: Bulletin
    images_dir: Path | None = None
    warnings: list[SourceWarning] = field(default_factory=list)
    _cache: dict[Figure, Path | None] = field(default_factory=dict)

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
        parts = urlsplit(src)
        if parts.scheme in ("http", "https", "ftp") or src.startswith("//"):
            return self._local_copy(src, Path(unquote(parts.path)).name)
        if parts.scheme and len(parts.scheme) > 1:
            return self._warn("image-refused", f"image {src[:120]} refused: only files beside the source are used")
        candidate = self.source_dir / unquote(parts.path if parts.scheme == "" else src)
        return self._checked(candidate, src, self.source_dir)

    def _local_copy(self, url: str, name: str) -> Path | None:
        if self.images_dir and name:
            return self._checked(Path(self.images_dir) / name, url, Path(self.images_dir).resolve())
        return self._warn("remote-image", f"remote image {url[:120]} is not fetched (supply it with --images DIR)")

    def _checked(self, candidate: Path, src: str, root: Path) -> Path | None:
        try:
            real = candidate.resolve(strict=True)
        except (OSError, RuntimeError, ValueError):  # ValueError: NUL or lone surrogate in the name
            return self._warn("missing-image", f"image {src[:120]} not found; the caption is kept")
        if not real.is_relative_to(root):
            return self._warn("image-outside", f"image {src[:120]} is outside the source's folder; not used")
        if not real.is_file() or real.suffix.lower() not in IMAGE_TYPES:
            return self._warn("image-type", f"image {src[:120]} is not a JPEG, PNG, GIF, SVG or WebP file")
        return self._inspected(real, src)

    def _inspected(self, real: Path, src: str) -> Path | None:
        if real.stat().st_size > MAX_IMAGE_BYTES:
            return self._warn("image-refused", f"image {src[:120]} refused: larger than "
                                               f"{MAX_IMAGE_BYTES // 1024**2} MB")
        try:
            problem = image_problem(real.read_bytes(), IMAGE_TYPES[real.suffix.lower()])
        except OSError as exc:
            problem = f"cannot be read ({exc.strerror or exc})"
        if problem:
            return self._warn("image-refused", f"image {src[:120]} refused: {problem}")
        return real

    def _warn(self, code: str, message: str) -> None:
        self.warnings.append(SourceWarning(code, message))
        return None
