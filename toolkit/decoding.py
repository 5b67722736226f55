"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1258 and the old TCVN3/VNI fonts.

Windows-1258 writes tone marks as separate combining characters; NFC folds them into the
precomposed letters every font and search tool expects.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from .model import SourceWarning
from .text import nfc


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    warnings: tuple[SourceWarning, ...] = ()


class DecodeError(ValueError):
    """The bytes are not text in any encoding bantin knows."""


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(2, len(sample) // 100)


def decode(data: bytes) -> Decoded:
    """Decode source bytes; raise `DecodeError` for bytes that are not text."""
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(nfc(data[3:].decode("utf-8", errors="strict")), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(nfc(data.decode("utf-16")), "utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeError(f"broken UTF-16 text ({exc.reason} at byte {exc.start})") from exc
    if _looks_binary(data):
        raise DecodeError("not a text file (binary data)")
    try:
        return Decoded(nfc(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    from .legacy import decode_legacy

    return decode_legacy(data)
