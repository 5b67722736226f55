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


def looks_binary(data: bytes) -> bool:
    """Bytes with NULs or many control characters: not text in any single-byte or UTF-8 encoding."""
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(2, len(sample) // 100)


def decode(data: bytes) -> Decoded:
    """Decode source bytes to NFC text, flagging `Ð` typed for `Đ`; `DecodeError` for bytes that are not text."""
    decoded = _decode(data)
    flags = eth_warnings(decoded.text)
    return Decoded(decoded.text, decoded.encoding, decoded.warnings + flags) if flags else decoded


def eth_warnings(text: str, limit: int = 10) -> tuple[SourceWarning, ...]:
    """Lines where Icelandic `Ð`/`ð` (U+00D0/U+00F0) stands for Vietnamese `Đ`/`đ`: they look alike, but
    spell-checkers, search and screen readers treat them as other letters."""
    if "\u00d0" not in text and "\u00f0" not in text:
        return ()
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if "\u00d0" in line or "\u00f0" in line]
    return tuple(SourceWarning("eth-for-d", "'Ð' (U+00D0, Icelandic eth) typed for 'Đ' (U+0110)", n)
                 for n in lines[:limit])


def _decode(data: bytes) -> Decoded:
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(nfc(data[3:].decode("utf-8", errors="strict")), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(nfc(data.decode("utf-16")), "utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeError(f"broken UTF-16 text ({exc.reason} at byte {exc.start})") from exc
    if looks_binary(data):
        raise DecodeError("not a text file (binary data)")
    try:
        return Decoded(nfc(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    from .legacy import decode_legacy

    return decode_legacy(data)
