"""Writers: one module per output format, each with `FORMAT` and `write(draft, out) -> Written`.

`WRITERS` holds the bulletin writers and `VOLUME_WRITERS` the volume ones, by format; what they receive
is a `draft.Draft` (or `VolumeDraft`). A writer module is imported when it is first asked for, so naming
the formats, or using `pdf_artifacts` to check a PDF, loads no rendering engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .draft import Written

__all__ = ["VOLUME_WRITERS", "WRITERS"]

Writer = Callable[[Any, Path], "Written"]


class _Registry(Mapping[str, Writer]):
    """Format -> its module's `write`, the module imported on first use."""

    def __init__(self, modules: dict[str, str]) -> None:
        self._modules = modules

    def __getitem__(self, fmt: str) -> Writer:
        return import_module(f"{__name__}.{self._modules[fmt]}").write

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)


WRITERS = _Registry({"pdf": "pdf", "epub": "epub", "html": "html", "brf": "brf", "pef": "pef", "mp3": "mp3"})
VOLUME_WRITERS = _Registry({"pdf": "volume_pdf", "epub": "volume_epub", "brf": "volume_brf", "pef": "volume_pef",
                           "mp3": "volume_mp3"})
