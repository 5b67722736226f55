"""bantin: news bulletins (bản tin) into print-ready, accessible PDF and EPUB.

    import toolkit
    result = toolkit.build(["bai-viet.txt"], size="x-large", output_dir="out")

WeasyPrint is imported only when something is rendered, so the command line starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["BuildOptions", "__version__", "build", "read_source"]

if TYPE_CHECKING:
    from .build import build
    from .config import BuildOptions
    from .readers import read_source


def __getattr__(name: str):
    if name == "build":
        from .build import build

        return build
    if name == "BuildOptions":
        from .config import BuildOptions

        return BuildOptions
    if name == "read_source":
        from .readers import read_source

        return read_source
    raise AttributeError(name)
