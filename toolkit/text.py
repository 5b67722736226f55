"""Text clean-up shared by every reader: NFC, whitespace, and the source's own line structure."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean_inline(text: str) -> str:
    """One line of running text: NFC, no invisible characters, single spaces, trimmed."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", nfc(text))).strip()


def collapse_spaces(text: str) -> str:
    """Running text inside markup: NFC, no invisible characters, every run of white space one space."""
    return re.sub(r"\s+", " ", _SPACES.sub(" ", _INVISIBLE.sub("", nfc(text))))


def split_lines(text: str) -> list[str]:
    """Lines without trailing spaces, whatever the line endings were (CRLF, CR, LF)."""
    return [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
