"""Finding a bulletin's images on disk, inside the folders it may use and nowhere else."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .model import Bulletin, Figure, SourceWarning

IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
               ".svg": "image/svg+xml", ".webp": "image/webp"}


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
        except (OSError, RuntimeError):
            return self._warn("missing-image", f"image {src[:120]} not found; the caption is kept")
        if not real.is_relative_to(root):
            return self._warn("image-outside", f"image {src[:120]} is outside the source's folder; not used")
        if not real.is_file() or real.suffix.lower() not in IMAGE_TYPES:
            return self._warn("image-type", f"image {src[:120]} is not a JPEG, PNG, GIF, SVG or WebP file")
        return real

    def _warn(self, code: str, message: str) -> None:
        self.warnings.append(SourceWarning(code, message))
        return None
