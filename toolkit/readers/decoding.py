"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1258 and the old TCVN3/VNI fonts.

Windows-1258 writes tone marks as separate combining characters; NFC folds them into the
precomposed letters every font and search tool expects.

Files from old office PCs are not UTF-8. Windows-1258 is a real code page Python knows. TCVN3 and
VNI were font hacks: the bytes are cp1252 text shown through a special font, so they decode "fine"
as cp1252 and look like gibberish ("Th«ng b¸o"). We recognise their telltale letters and say so.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ..errors import DecodeError
from ..i18n import _
from ..model import SourceWarning
from ..text import nfc

_TCVN3_WORDS = re.compile(r"(?:\bc¸c\b|\bvµ\b|\bnh©n\b|\bn¨m\b|\bcña\b|\bph¸t\b|\b®\w)")
_VNI_WORDS = re.compile(r"(?:vaø|cuûa|nhaân|naêm|ñöôïc|ngöôøi|ñaõ|ñeå|Vieät|coâng)")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    warnings: tuple[SourceWarning, ...] = ()


def looks_binary(data: bytes) -> bool:
    """Bytes with NULs or many control characters: not text in any single-byte or UTF-8 encoding."""
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(2, len(sample) // 100)


def decode(data: bytes) -> Decoded:
    """Decode source bytes to NFC text; `DecodeError` for bytes that are not text."""
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(nfc(data[3:].decode("utf-8", errors="strict")), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(nfc(data.decode("utf-16")), "utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeError(_("broken UTF-16 text ({reason} at byte {byte})").format(reason=exc.reason,
                                                                                         byte=exc.start)) from exc
    if looks_binary(data):
        raise DecodeError(_("not a text file (binary data)"))
    try:
        return Decoded(nfc(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        return decode_legacy(data)


def decode_legacy(data: bytes) -> Decoded:
    """Decode non-UTF-8 bytes: Windows-1258, or flag TCVN3/VNI text, or refuse."""
    as_1252 = data.decode("cp1252", errors="replace")
    if len(_VNI_WORDS.findall(as_1252)) >= 2:
        raise DecodeError(_("text typed with the old VNI fonts; convert it to Unicode (e.g. with UniKey) first"))
    if len(_TCVN3_WORDS.findall(as_1252)) >= 2:
        raise DecodeError(_("text typed with the old TCVN3 (ABC) fonts; convert it to Unicode (e.g. with UniKey) "
                              "first"))
    text = _cp1258(data)
    if text is None or not _has_vietnamese(text):
        raise DecodeError(_("not UTF-8 and not Vietnamese in Windows-1258"))
    warning = SourceWarning("legacy-encoding", _("decoded as Windows-1258 (not UTF-8); save the file as UTF-8"))
    return Decoded(text, "cp1258", (warning,))


def _cp1258(data: bytes) -> str | None:
    try:
        return nfc(data.decode("cp1258"))
    except UnicodeDecodeError:
        return None


def _has_vietnamese(text: str) -> bool:
    return re.search(r"[ăâđêôơưĂÂĐÊÔƠƯ]", text) is not None
