"""What a built-in check says: a `Check` with a status, and the rules shared by the PDF and EPUB checks."""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from ..errors import UncheckableFile

PASS, FAIL, WARN = "pass", "fail", "warn"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    """One built-in check: `status` is pass, fail or warn."""

    name: str
    status: str
    detail: str = ""


def _malformed_errors() -> tuple[type[BaseException], ...]:
    import pikepdf

    return (pikepdf.PdfError, ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError,
            NotImplementedError, etree.LxmlError, zipfile.BadZipFile, OSError)


def guarded(name: str, check: Callable[..., Check], *args) -> Check:
    """Run one check; a file malformed where this check reads fails this check only, with the reason.
    A cost over the limits (`UncheckableFile`) still refuses the whole file."""
    try:
        return check(*args)
    except UncheckableFile:
        raise
    except _malformed_errors() as exc:
        log.debug("check %s failed on a malformed file", name, exc_info=True)
        return Check(name, FAIL, f"malformed where this check reads: {exc or type(exc).__name__}")


def headings_check(levels: list[int]) -> Check:
    """Headings start at level 1 and never skip a level going down (h2 -> h4)."""
    if not levels:
        return Check("headings", WARN, "no headings")
    skips = [f"h{a} -> h{b}" for a, b in zip([0, *levels], levels, strict=False) if b > a + 1]
    if skips:
        return Check("headings", FAIL, "skipped levels: " + ", ".join(skips[:5]))
    return Check("headings", PASS, f"{len(levels)} headings, nested")
