"""What `bantin check` may spend on one file, and the bounded readers that keep it to that.

`check` is run on files nobody vetted (a PDF from another office, an EPUB from the web). A few
hundred kilobytes can inflate to gigabytes (a zip bomb, a Flate stream of one repeated line) or
make a naive walk exponential (a structure "tree" that shares its kids). So every byte `check`
inflates goes through here: zip entries and PDF streams are decoded with a ceiling, and a file
over a ceiling is refused whole, with the reason, instead of being half checked. The same
ceilings protect the validators, which are not run on a refused file.

Heavy libraries (pikepdf) are imported inside the functions that use them.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from urllib.parse import unquote

from lxml import etree

from ..defaults import DEFAULT_TIMEOUT_S
from ..errors import UncheckableFile

MB = 1024 * 1024


@dataclass(frozen=True)
class CheckLimits:
    """Ceilings for one file. The defaults are far above anything bantin or a real portal produces
    (a 1,500-page volume has about 100,000 objects and no stream above 2 MB)."""

    seconds: float | None = DEFAULT_TIMEOUT_S
    #: One decoded PDF stream `check` reads (ToUnicode maps, XMP metadata).
    max_stream_bytes: int = 32 * MB
    #: Objects in a PDF, and structure elements or bookmarks walked.
    max_objects: int = 2_000_000
    #: Entries in an EPUB, their declared unpacked total, and one entry read.
    max_entries: int = 10_000
    max_unpacked_bytes: int = 1024 * MB
    max_entry_bytes: int = 64 * MB
    #: Unpacked / packed size of one entry above which it is a bomb, not a document (text packs ~10:1).
    max_ratio: int = 200


#: XML from the file: no DTD loading, no entity expansion, no network, no huge trees.
XML_PARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


def parse_xml(data: bytes, name: str) -> etree._Element:
    try:
        return etree.fromstring(data, XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"{name} is not well-formed XML ({exc})") from None


# --- EPUB (zip) ---------------------------------------------------------------------------------

def refuse_costly_zip(book: zipfile.ZipFile, limits: CheckLimits) -> None:
    """Refuse, from the central directory alone, an archive that would cost too much to unpack."""
    entries = book.infolist()
    if len(entries) > limits.max_entries:
        raise UncheckableFile(f"refused: {len(entries):,} entries in the archive (check reads at most "
                              f"{limits.max_entries:,})")
    total = sum(e.file_size for e in entries)
    if total > limits.max_unpacked_bytes:
        raise UncheckableFile(f"refused: the archive unpacks to {total / MB:,.0f} MB (check unpacks at most "
                              f"{limits.max_unpacked_bytes / MB:,.0f} MB)")
    for entry in entries:
        ratio = entry.file_size // max(entry.compress_size, 1)
        if entry.file_size > MB and ratio > limits.max_ratio:
            raise UncheckableFile(f"refused: {entry.filename} unpacks to {ratio:,} times its packed size, a zip "
                                  f"bomb (check allows {limits.max_ratio}:1)")


def read_entry(book: zipfile.ZipFile, name: str, limits: CheckLimits) -> bytes:
    """One entry's bytes, never more than the limit, whatever its header claims."""
    try:
        entry = book.getinfo(name)
    except KeyError:
        raise KeyError(f"{name} is not in the archive") from None
    if entry.file_size > limits.max_entry_bytes:
        raise UncheckableFile(f"refused: {name} unpacks to {entry.file_size / MB:,.0f} MB (check reads at most "
                              f"{limits.max_entry_bytes / MB:,.0f} MB of one document)")
    with book.open(entry) as stream:
        data = stream.read(limits.max_entry_bytes + 1)
    if len(data) > limits.max_entry_bytes:
        raise UncheckableFile(f"refused: {name} unpacks to more than its header says (over "
                              f"{limits.max_entry_bytes / MB:,.0f} MB)")
    return data


def package_path(base: str, href: str) -> str | None:
    """The archive name an href of a document in `base` points to; None when it leaves the archive."""
    target = posixpath.normpath(posixpath.join(base, unquote(href.partition("#")[0])))
    return None if target.startswith(("../", "/")) or target in ("..", ".") else target


# --- PDF streams --------------------------------------------------------------------------------

def _names(value) -> list[str]:
    import pikepdf

    if value is None:
        return []
    items = value if isinstance(value, pikepdf.Array) else [value]
    return [str(item) for item in items]


def stream_bytes(stream, limits: CheckLimits, what: str) -> bytes:
    """A PDF stream decoded, refusing the file when it inflates past `max_stream_bytes`.

    Flate, by far the common filter, is inflated here with a ceiling. Other filter chains are left
    to pikepdf only when their packed data is too small to reach the ceiling (no PDF filter inflates
    more than 4,096:1); larger ones are refused rather than decoded blind.
    """
    raw = stream.read_raw_bytes()
    limit = limits.max_stream_bytes
    filters = _names(stream.get("/Filter"))
    if not filters:
        inflated = len(raw)
    elif filters == ["/FlateDecode"]:
        try:
            inflated = len(zlib.decompressobj().decompress(raw, limit + 1))
        except zlib.error:
            inflated = 0  # damaged: pikepdf says how below
    elif len(raw) * 4096 <= limit:
        inflated = 0
    else:
        raise UncheckableFile(f"refused: {what} uses filters {' '.join(filters)} on {len(raw):,} bytes, too "
                              "many to decode safely")
    if inflated > limit:
        raise UncheckableFile(f"refused: {what} inflates to more than {limit / MB:,.0f} MB "
                              "(a decompression bomb; check reads at most that much of one stream)")
    return stream.read_bytes()
