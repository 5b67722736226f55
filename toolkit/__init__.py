"""bantin: news bulletins (bản tin) into print-ready, accessible PDF and EPUB.

    import toolkit
    result = toolkit.build(["bai-viet.txt"], size="x-large", output_dir="out")

The public names are imported on first use, so `bantin --help` starts without loading the
pipeline, and WeasyPrint is imported only when something is rendered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["BuildOptions", "BuildResult", "__version__", "build", "read_source"]

if TYPE_CHECKING:
    from .config import BuildOptions
    from .pipeline import BuildResult, build
    from .readers import read_source

_LAZY = {"build": "pipeline", "BuildResult": "pipeline", "BuildOptions": "config", "read_source": "readers"}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'toolkit' has no attribute {name!r}")
