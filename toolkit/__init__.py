"""bantin: news bulletins (bản tin) into print-ready, accessible PDF and EPUB.

    import toolkit
    result = toolkit.build(["bai-viet.txt"], size="x-large", output_dir="out")

WeasyPrint is imported only when something is rendered, so the command line starts fast.
"""

from __future__ import annotations

__version__ = "0.1.0"

# `build` is both a module and the function it defines; importing the function here keeps
# `toolkit.build` the function for callers, whatever imports the module later.
from .build import BuildResult, build  # noqa: E402
from .config import BuildOptions  # noqa: E402
from .readers import read_source  # noqa: E402

__all__ = ["BuildOptions", "BuildResult", "__version__", "build", "read_source"]
