"""bantin: news bulletins (bản tin) into print-ready, accessible PDF and EPUB.

    import toolkit
    result = toolkit.build(["bai-viet.txt"], size="x-large", output_dir="out")

The public names are imported on first use, so `bantin --help` starts without loading the
pipeline, and WeasyPrint is imported only when something is rendered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .version import __version__

__all__ = ["BuildOptions", "BuildResult", "CollectResult", "__version__", "build", "collect", "read_source"]

if TYPE_CHECKING:
    from .pipeline import BuildResult, CollectResult, build, collect
    from .readers import read_source
    from .render.settings import BuildOptions

_LAZY = {"build": "pipeline", "BuildResult": "pipeline", "collect": "pipeline", "CollectResult": "pipeline",
         "BuildOptions": "render.settings", "read_source": "readers"}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module  # on first use, so `bantin --help` stays fast

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'toolkit' has no attribute {name!r}")
