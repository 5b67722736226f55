"""liblouis's Vietnamese tables: text in, Unicode braille (U+2800–U+28FF) out, and back.

liblouis comes from Debian (`liblouis-data`, `python3-louis`); `scripts/setup.sh` installs them and
links the `louis` module into the virtualenv.
"""

from __future__ import annotations

import re
import unicodedata

from ..errors import BrailleUnavailable

#: Grade 1 (uncontracted, the default) and grade 2 (contracted); `unicode.dis` gives Unicode braille.
TABLES = {1: "vi-vn-g1.ctb", 2: "vi-vn-g2.ctb"}
DISPLAY = "unicode.dis"
BLANK = "\u2800"
STRAY_MARK = re.compile(r"(?:(?<=\s)|^)[\u0300-\u036f]+")


def _louis():
    try:
        import louis
    except ImportError as exc:
        raise BrailleUnavailable("liblouis is not installed (run `scripts/setup.sh`: Debian packages "
                                 "liblouis-data and python3-louis)") from exc
    return louis


def table_list(grade: int) -> list[str]:
    return [DISPLAY, TABLES[grade]]


def clean(text: str) -> str:
    """NFC, one space between words, and no stray combining mark (one after a space or at the start,
    which the readers warn about and print glues to nothing): it has no braille and would confuse liblouis."""
    words = " ".join(unicodedata.normalize("NFC", text).split())
    return STRAY_MARK.sub("", words)


def translate(text: str, grade: int = 1) -> str:
    """`text` (NFC) in Unicode braille; spaces become blank cells, runs of whitespace one."""
    words = clean(text)
    if not words:
        return ""
    braille = _louis().translateString(table_list(grade), words)
    return braille.replace(" ", BLANK)


def back_translate(braille: str, grade: int = 1) -> str:
    return _louis().backTranslateString(table_list(grade), braille.replace(BLANK, " "))


def version() -> str:
    return _louis().version()
