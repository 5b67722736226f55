"""Readers: one module per source format, each exposing `FORMAT`, `sniff(head, suffix)` and `read(path)`.

The format is chosen by content: every reader looks at the first bytes of the file (the extension
is only a hint), and the first that recognises them reads it. `READERS` is the registry, in the
order they are asked.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from ..defaults import DEFAULT_MAX_SOURCE_BYTES
from ..errors import SourceError, ToolkitError, UnknownFormatError
from ..i18n import _
from ..model import Bulletin
from . import copied_text, json_model, markdown, news_html, portal_html, portal_text
from .doubts import with_doubts
from .safe_text import safe_bulletin

READERS: dict[str, ModuleType] = {
    module.FORMAT: module for module in (json_model, portal_html, news_html, copied_text, portal_text, markdown)
}
SNIFF_BYTES = 256 * 1024  # saved portal pages carry a lot of SharePoint script before the article


def detect_format(path: Path, head: bytes) -> str:
    """The format whose reader recognises `head`; raises `UnknownFormatError` listing the known ones."""
    suffix = path.suffix.lower()
    for name, module in READERS.items():
        if module.sniff(head, suffix):
            return name
    raise UnknownFormatError(path, _("unrecognised source format (known: {known})").format(known=", ".join(READERS)))


def read_source(path: Path, format: str | None = None, max_bytes: int = DEFAULT_MAX_SOURCE_BYTES) -> Bulletin:
    """Read one source file into a `Bulletin`, choosing the reader by content unless `format` is given."""
    path = Path(path)
    if not path.is_file():
        raise SourceError(path, _("no such file") if not path.exists() else _("not a regular file"))
    size = path.stat().st_size
    if size > max_bytes:
        raise SourceError(path, _("source is {size:.1f} MB, over the {limit:g} MB limit (see --max-size)").format(
            size=size / 1024**2, limit=max_bytes / 1024**2))
    if size == 0:
        raise SourceError(path, _("empty file"))
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as exc:
        raise SourceError(path, _("cannot read: {reason}").format(reason=exc.strerror or exc)) from exc
    if format is None:
        format = detect_format(path, head)
    elif format not in READERS:
        raise UnknownFormatError(path, _("unknown format '{format}' (known: {known})").format(
            format=format, known=", ".join(READERS)))
    try:
        doc = READERS[format].read(path)
        return with_doubts(safe_bulletin(doc))  # no XML-forbidden characters; doubts said, for every caller
    except ToolkitError:
        raise
    except (RecursionError, MemoryError) as exc:
        raise SourceError(path, _("source too deeply nested or too large to read as {format}").format(
            format=format)) from exc
    except Exception as exc:  # a reader bug must cost one source, not the batch: report it as this source's error
        raise SourceError(path, _("internal error reading {format} ({error}); please report it with the file")
                          .format(format=format, error=f"{type(exc).__name__}: {exc}")) from exc
