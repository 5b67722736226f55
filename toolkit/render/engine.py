"""WeasyPrint on its fast path: imported quickly, warned about once, without needless C parsing.

Three costs belong to how WeasyPrint is used, not to rendering, so bantin removes them:

- Importing WeasyPrint looks for Pango, HarfBuzz and fontconfig under several names per library;
  each name that is not a file name makes `ctypes.util.find_library` run `ldconfig`, then `gcc`
  and `ld` in subprocesses: about 16 misses and 0.3 s per process on Linux. `import_weasyprint`
  answers those lookups from one `ldconfig -p` run (the first step of `find_library` anyway).
- Writing a PDF subsets fonts with `ffi.new(f"hb_codepoint_t[{n}]", ...)`; cffi parses each new
  array length as C source (about 4 ms each, a dozen per document until the cache is warm).
  `share_array_types` creates them from the one open type `hb_codepoint_t[]`: same size and items.
- WeasyPrint imports fontTools' subsetter (about 0.1 s) in every process, though it subsets with
  HarfBuzz whenever `libharfbuzz-subset0` is there. `import_weasyprint` registers `fontTools.subset`
  as a lazy module: the same module, loaded on its first use (the fontTools fallback).
- Tagging a PDF asks pydyf for `page_references[n]` once per structure element, and pydyf builds the
  tuple of every page's reference on each call: quadratic, 42 s of a 1,864-page volume's 184 s.
  `cache_page_references` keeps the tuple until a page is added (same references, same bytes).
- Without `libharfbuzz-subset0` (HarfBuzz >= 4.1), WeasyPrint subsets fonts with fontTools, which
  makes writing about 4x slower; its warning goes to a logger with no handler. bantin says it once.

Heavy libraries (WeasyPrint) are imported inside the functions that use them, so `bantin --help` and a
no-op archive rerun never load them.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import struct
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

LOGGER = logging.getLogger("toolkit")
HARFBUZZ, FONTTOOLS = "HarfBuzz", "fontTools"
FALLBACK_MESSAGE = (
    "WeasyPrint is subsetting fonts with fontTools because libharfbuzz-subset0 (HarfBuzz >= 4.1) is "
    "missing: PDF writing is about 4x slower. Install it (scripts/setup.sh does: apt-get install "
    "libharfbuzz-subset0)."
)
# The ABI names `ldconfig -p` prints, as CPython's ctypes.util reads them.
_LDCONFIG_ABI = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
                 "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}
_SIZED_ARRAY = re.compile(r"^\s*([A-Za-z_][\w ]*?)\s*\[(\d+)\]\s*$")

_warned = False


def import_weasyprint() -> None:
    """Import WeasyPrint (once per process), finding its shared libraries without gcc and ld."""
    if "weasyprint" in sys.modules:
        return
    _import_lazily("fontTools.subset")
    with _ldconfig_library_lookup():
        import weasyprint  # noqa: F401


def _import_lazily(name: str) -> None:
    """Put `name` in sys.modules as a module that loads itself when one of its attributes is first used."""
    import importlib.util

    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    setattr(sys.modules[parent], child, module)


@contextmanager
def _ldconfig_library_lookup() -> Iterator[None]:
    if not sys.platform.startswith("linux"):
        yield
        return
    import ctypes.util

    original = ctypes.util.find_library
    ctypes.util.find_library = _find_in_ldconfig
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _find_in_ldconfig(name: str) -> str | None:
    """What `ctypes.util.find_library` finds by its first step (ldconfig), from one cached run."""
    machine = os.uname().machine + ("-32" if struct.calcsize("l") == 4 else "-64")
    abi = f"({_LDCONFIG_ABI.get(machine, 'libc6')}"
    prefix = f"lib{name}."
    for soname, described in _ldconfig_entries():
        if soname.startswith(prefix) and described.startswith(abi):
            return soname
    return None


@functools.cache
def _ldconfig_entries() -> tuple[tuple[str, str], ...]:
    """(soname, "(ABI…) => path") for each library line of `ldconfig -p`, in its order."""
    try:
        listing = subprocess.run(["/sbin/ldconfig", "-p"], stdin=subprocess.DEVNULL, capture_output=True,
                                 env={"LC_ALL": "C", "LANG": "C"}, check=False).stdout
    except OSError:
        return ()
    entries = []
    for line in os.fsdecode(listing).splitlines():
        soname, _, described = line.strip().partition(" ")
        if described.lstrip().startswith("("):
            entries.append((soname, described.lstrip()))
    return tuple(entries)


def share_array_types() -> None:
    """Make WeasyPrint's `ffi.new("T[n]", items)` use the cached type `T[]` (same array, no C parsing)."""
    from weasyprint.text.ffi import ffi

    if getattr(ffi.new, "shares_array_types", False):
        return
    new = ffi.new

    def new_sharing_array_types(cdecl, init=None):
        if init is None:  # most calls (pointers for Pango): straight through
            return new(cdecl)
        match = _SIZED_ARRAY.match(cdecl) if isinstance(cdecl, str) and hasattr(init, "__len__") else None
        if match and int(match.group(2)) == len(init):
            return new(f"{match.group(1)}[]", init)
        return new(cdecl, init)

    new_sharing_array_types.shares_array_types = True
    ffi.new = new_sharing_array_types


def cache_page_references() -> None:
    """Make `pydyf.PDF.page_references` build its tuple once per page count instead of once per call."""
    import pydyf

    if getattr(pydyf.PDF.page_references.fget, "caches", False):
        return
    build = pydyf.PDF.page_references.fget

    def cached(pdf):
        kids = pdf.pages["Kids"]
        key = (id(kids), len(kids))
        if getattr(pdf, "_bantin_page_references", (None, None))[0] != key:
            pdf._bantin_page_references = (key, build(pdf))
        return pdf._bantin_page_references[1]

    cached.caches = True
    pydyf.PDF.page_references = property(cached)


def font_subsetter() -> str:
    """`HarfBuzz` or `fontTools`: what WeasyPrint will subset fonts with (imports WeasyPrint's FFI)."""
    import_weasyprint()
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


#: WeasyPrint variants bantin does not offer: `debug` is a development aid, not a kind of PDF.
UNOFFERED_VARIANTS = ("debug",)


def pdf_variants() -> list[str]:
    """The PDF variants a user may ask for: WeasyPrint's own list, and "none" for a plain tagged PDF."""
    import_weasyprint()
    from weasyprint.pdf import VARIANTS

    return [*sorted(v for v in VARIANTS if v not in UNOFFERED_VARIANTS), "none"]
