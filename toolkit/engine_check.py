"""Is WeasyPrint on its fast path? Said once per process, when rendering starts.

WeasyPrint subsets embedded fonts with HarfBuzz (`libharfbuzz-subset0`, version 4.1 or later) and
silently falls back to fontTools without it, which makes writing a PDF about 4x slower. Its own
warning goes to a logger that has no handler, so users never see it: bantin says it once.
"""

from __future__ import annotations

import logging

LOGGER = logging.getLogger("toolkit")
HARFBUZZ, FONTTOOLS = "HarfBuzz", "fontTools"
FALLBACK_MESSAGE = (
    "WeasyPrint is subsetting fonts with fontTools because libharfbuzz-subset0 (HarfBuzz >= 4.1) is "
    "missing: PDF writing is about 4x slower. Install it (scripts/setup.sh does: apt-get install "
    "libharfbuzz-subset0)."
)

_warned = False


def font_subsetter() -> str:
    """`HarfBuzz` or `fontTools`: what WeasyPrint will subset fonts with (imports WeasyPrint's FFI)."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    # The same test as weasyprint.pdf.fonts.Font.subset.
    if harfbuzz_subset is not None and harfbuzz.hb_version_atleast(4, 1, 0):
        return HARFBUZZ
    return FONTTOOLS


def warn_if_slow_subsetter() -> bool:
    """Log one warning per process when fonts would be subset by fontTools; True when it warned now."""
    global _warned
    if _warned or font_subsetter() == HARFBUZZ:
        return False
    _warned = True
    LOGGER.warning(FALLBACK_MESSAGE)
    return True
