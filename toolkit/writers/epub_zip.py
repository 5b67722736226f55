"""Rewriting ebooklib's zip so the same book gives the same bytes: fixed times, fixed order.

ebooklib stamps the current time into every zip entry and cannot set `xml:lang` on the package
element; both are fixed here, on the way from its temporary file to ours.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FIRST = ("mimetype", "META-INF/container.xml")
ZIP_FIRST = dt.datetime(1980, 1, 1)
ZIP_LAST = dt.datetime(2107, 12, 31, 23, 59, 58)


def _package_with_lang(data: bytes, language: str) -> bytes:
    root = etree.fromstring(data)
    root.set(XML_LANG, language)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _order(names: list[str]) -> list[str]:
    return [n for n in FIRST if n in names] + sorted(n for n in names if n not in FIRST)


def zip_time(stamp: dt.datetime) -> dt.datetime:
    """`stamp` within what a ZIP entry can hold (1980 to 2107): a bulletin dated 9999 still gets a book."""
    return min(max(stamp.replace(tzinfo=None), ZIP_FIRST), ZIP_LAST)


def normalise(source: Path, target: Path, stamp: dt.datetime, language: str) -> None:
    """Copy the EPUB at `source` to `target` with `mimetype` first and stored, and fixed timestamps."""
    stamp = zip_time(stamp)
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in _order(old.namelist()):
            data = old.read(name)
            if name.endswith(".opf"):
                data = _package_with_lang(data, language)
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            stored = name == "mimetype"
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            new.writestr(info, data, compresslevel=None if stored else 9)
