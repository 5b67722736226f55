"""Vietnamese text from before Unicode: Windows-1258, and the TCVN3 (ABC) and VNI font encodings.

Files from old office PCs are not UTF-8. Windows-1258 is a real code page Python knows. TCVN3 and
VNI were font hacks: the bytes are cp1252 text shown through a special font, so they decode "fine"
as cp1252 and look like gibberish ("Th«ng b¸o"). We recognise their telltale letters and say so.
"""

from __future__ import annotations

import re

from .decoding import Decoded, DecodeError
from .model import SourceWarning
from .text import nfc

_TCVN3_WORDS = re.compile(r"(?:\bc¸c\b|\bvµ\b|\bnh©n\b|\bn¨m\b|\bcña\b|\bph¸t\b|\b®\w)")
_VNI_WORDS = re.compile(r"(?:vaø|cuûa|nhaân|naêm|ñöôïc|ngöôøi|ñaõ|ñeå|Vieät|coâng)")


def _cp1258(data: bytes) -> str | None:
    try:
        return nfc(data.decode("cp1258"))
    except UnicodeDecodeError:
        return None


def decode_legacy(data: bytes) -> Decoded:
    """Decode non-UTF-8 bytes: Windows-1258, or flag TCVN3/VNI text, or refuse."""
    as_1252 = data.decode("cp1252", errors="replace")
    if len(_VNI_WORDS.findall(as_1252)) >= 2:
        raise DecodeError("text typed with the old VNI fonts; convert it to Unicode (e.g. with UniKey) first")
    if len(_TCVN3_WORDS.findall(as_1252)) >= 2:
        raise DecodeError("text typed with the old TCVN3 (ABC) fonts; convert it to Unicode (e.g. with UniKey) first")
    text = _cp1258(data)
    if text is None or not _has_vietnamese(text):
        raise DecodeError("not UTF-8 and not Vietnamese in Windows-1258")
    warning = SourceWarning("legacy-encoding", "decoded as Windows-1258 (not UTF-8); save the file as UTF-8")
    return Decoded(text, "cp1258", (warning,))


def _has_vietnamese(text: str) -> bool:
    return re.search(r"[ăâđêôơưĂÂĐÊÔƠƯ]", text) is not None
