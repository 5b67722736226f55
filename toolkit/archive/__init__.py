"""`bantin archive`: a folder of sources into a dated, verifiable archive.

    ARCHIVE/2024/04/<stem>.pdf|.epub          one bulletin (".large" etc. for other profiles)
    ARCHIVE/2024/2024-04.pdf|.epub            the month's volume (PDF/A-3a, sources attached)
    ARCHIVE/manifest.json, index.html, catalog.xml (+ catalog/…)

`run` reads and plans, `workers` builds in processes, `cache` remembers what was built, `publication`
holds the settings of `bantin.toml`, `manifest` lists and verifies, `index` writes the pages readers browse.
"""

from __future__ import annotations

from .manifest import Verification, verify
from .publication import CONFIG_NAME, Publication, load_publication
from .run import ArchiveOptions, ArchiveReport, archive

__all__ = ["CONFIG_NAME", "ArchiveOptions", "ArchiveReport", "Publication", "Verification", "archive",
           "load_publication", "verify"]
