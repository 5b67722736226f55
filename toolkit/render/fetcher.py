"""The only way the renderer can read a resource: `data:` URIs and files inside the allowed folders.

WeasyPrint would otherwise follow `http://`, `file:///etc/passwd` or a symlink out of the source's
folder. Everything refused is logged as a warning and the document renders without it. This is
the last line of defence: readers and `ImageResolver` should already have dropped such references,
so the fetcher also checks images itself (pixel count, SVG entities) before WeasyPrint decodes them.
"""

from __future__ import annotations

import base64
import logging
import mimetypes
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import RefusedResource
from ..images import image_problem, media_type
from .engine import import_weasyprint

import_weasyprint()  # finds WeasyPrint's libraries without running gcc and ld: about 0.2 s per process
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402  (after import_weasyprint)

LOGGER = logging.getLogger("toolkit.fetcher")
MAX_RESOURCE_BYTES = 25 * 1024 * 1024


class SafeFetcher(URLFetcher):
    def __init__(self, allowed: Iterable[Path], max_bytes: int = MAX_RESOURCE_BYTES) -> None:
        super().__init__(timeout=1, allowed_protocols={"file", "data"}, allow_redirects=False)
        self.allowed = tuple(Path(p).resolve() for p in allowed)
        self.max_bytes = max_bytes
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return self._data(url)
        if scheme == "file":
            return self._file(url)
        return self._refuse(url, "only local files and data: URIs are used")

    def _refuse(self, url: str, reason: str) -> URLFetcherResponse:
        self.refused.append(url)
        LOGGER.warning("refused resource %s: %s", url[:200], reason)
        raise RefusedResource(f"{url[:200]}: {reason}")

    def _data(self, url: str) -> URLFetcherResponse:
        header, _, payload = url[5:].partition(",")
        if len(payload) > self.max_bytes * 4 // 3 + 4:
            return self._refuse("data:", "embedded data too large")
        mime = header.split(";")[0].strip().lower() or "text/plain"
        try:
            body = base64.b64decode(payload) if header.endswith(";base64") else unquote(payload).encode()
        except ValueError:
            return self._refuse("data:", "broken base64")
        return self._checked(url, body, mime)

    def _checked(self, url: str, body: bytes, mime: str) -> URLFetcherResponse:
        problem = image_problem(body, mime) if mime.startswith("image/") else None
        if problem:
            return self._refuse(url, problem)
        return URLFetcherResponse(url, body, {"Content-Type": mime})

    def _file(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return self._refuse(url, "files on other machines are not used")
        path = Path(unquote(parts.path))
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return self._refuse(url, "no such file")
        if not any(real.is_relative_to(folder) for folder in self.allowed):
            return self._refuse(url, "outside the source's folder, the layout and the fonts")
        if not real.is_file():
            return self._refuse(url, "not a regular file")
        if real.stat().st_size > self.max_bytes:
            return self._refuse(url, f"larger than {self.max_bytes // 1_000_000} MB")
        body = real.read_bytes()
        mime = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
        if mime.startswith("image/"):
            mime = media_type(body, real.suffix)  # an image's type is in its bytes, not its name
        return self._checked(url, body, mime)
