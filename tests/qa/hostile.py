"""Hostile PDFs and EPUBs for `bantin check`, made at test time from one good file of each kind.

Each maker writes one file into `folder` and returns its path. They reproduce the families an
adversary tried (issue 13, items 7, 9 and 10): wrong object types where a dictionary is expected,
missing attributes, encryption, a structure "tree" that is a DAG, and decompression bombs.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pikepdf

CONTAINER = ('<?xml version="1.0"?><container version="1.0" '
             'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>{}</rootfiles></container>')


# --- PDF -----------------------------------------------------------------------------------------

def _edit(good: Path, out: Path, change: Callable[[pikepdf.Pdf], None], **save) -> Path:
    with pikepdf.open(good) as pdf:
        change(pdf)
        pdf.save(out, **save)
    return out


def encrypted(good: Path, folder: Path) -> Path:
    """Opening needs a user password."""
    return _edit(good, folder / "enc-user.pdf", lambda pdf: None,
                 encryption=pikepdf.Encryption(user="mat-khau", owner="chu-so-huu"))


def encrypted_no_screen_readers(good: Path, folder: Path) -> Path:
    """Opens without a password, but forbids extracting text for accessibility."""
    # Revision 3: from revision 4 on, the library always grants the accessibility permission.
    forbid = pikepdf.Permissions(accessibility=False, extract=False)
    return _edit(good, folder / "enc-no-a11y.pdf", lambda pdf: None, encryption=pikepdf.Encryption(
        user="", owner="chu-so-huu", R=3, aes=False, metadata=False, allow=forbid))


def outline_loop(good: Path, folder: Path) -> Path:
    """A bookmark that is its own next sibling."""
    def change(pdf):
        first = pdf.Root.Outlines.First
        first.Next = first
    return _edit(good, folder / "outline-loop.pdf", change)


def viewer_preferences_int(good: Path, folder: Path) -> Path:
    def change(pdf):
        pdf.Root.ViewerPreferences = 5
    return _edit(good, folder / "viewer-prefs-5.pdf", change)


def struct_tree_root_int(good: Path, folder: Path) -> Path:
    def change(pdf):
        pdf.Root.StructTreeRoot = 7
    return _edit(good, folder / "struct-tree-7.pdf", change)


def mark_info_int(good: Path, folder: Path) -> Path:
    def change(pdf):
        pdf.Root.MarkInfo = 1
        pdf.Root.Lang = pikepdf.Array([1, 2])
    return _edit(good, folder / "mark-info-1.pdf", change)


def empty_descendant_fonts(good: Path, folder: Path) -> Path:
    def change(pdf):
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and "/DescendantFonts" in obj:
                obj.DescendantFonts = pikepdf.Array()
    return _edit(good, folder / "empty-descendants.pdf", change)


def odd_types_everywhere(good: Path, folder: Path) -> Path:
    """Wrong types in every place the checks read: /K, /S, /Alt, /FontDescriptor, /ToUnicode, outline."""
    def change(pdf):
        tree = pdf.Root.StructTreeRoot
        tree.ParentTree = pikepdf.Array([3])
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary):
                continue
            if obj.get("/S") == "/Figure":
                obj.Alt = 42
            if obj.get("/Type") == "/Font" and "/DescendantFonts" in obj:
                obj.ToUnicode = pikepdf.Name.Identity
                obj.DescendantFonts[0].FontDescriptor = 9
        pdf.Root.Outlines = pikepdf.Dictionary(First=3, Count=1)
        pdf.pages[0].obj.StructParents = pikepdf.Name.Nope
    return _edit(good, folder / "odd-types.pdf", change)


def dag_structure(good: Path, folder: Path, depth: int = 20) -> Path:
    """A structure 'tree' where each level has two kids that are the same element: 2**depth paths."""
    def change(pdf):
        leaf = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.P))
        node = leaf
        for _ in range(depth):
            node = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Div,
                                                        K=pikepdf.Array([node, node])))
        kids = pdf.Root.StructTreeRoot.K
        kids = kids if isinstance(kids, pikepdf.Array) else pikepdf.Array([kids])
        kids.append(node)
        pdf.Root.StructTreeRoot.K = kids
    return _edit(good, folder / f"dag-{depth}.pdf", change)


def cyclic_structure(good: Path, folder: Path) -> Path:
    """An element that is its own grandchild."""
    def change(pdf):
        a = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Div))
        b = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Div, K=a))
        a.K = pikepdf.Array([b])
        pdf.Root.StructTreeRoot.K = pikepdf.Array([a])
    return _edit(good, folder / "cycle.pdf", change)


def _bomb(megabytes: int) -> bytes:
    chunk = b"<0041> <0041>\n" * (1024 * 1024 // 14)
    packer = zlib.compressobj(9)
    return b"".join([*(packer.compress(chunk) for _ in range(megabytes)), packer.flush()])


def to_unicode_bomb(good: Path, folder: Path, megabytes: int = 200) -> Path:
    """Every font's ToUnicode stream inflates to `megabytes` MB (a few hundred KB on disk)."""
    payload = _bomb(megabytes)

    def change(pdf):
        stream = pdf.make_indirect(pikepdf.Stream(pdf, payload))
        stream.Filter = pikepdf.Name.FlateDecode
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" and "/ToUnicode" in obj:
                obj.ToUnicode = stream
    return _edit(good, folder / "tounicode-bomb.pdf", change, compress_streams=False,
                 stream_decode_level=pikepdf.StreamDecodeLevel.none)


def truncated_pdf(good: Path, folder: Path) -> Path:
    out = folder / "truncated.pdf"
    out.write_bytes(good.read_bytes()[:1500])
    return out


# --- EPUB ----------------------------------------------------------------------------------------

def _rewrite_epub(good: Path, out: Path, change: Callable[[str, bytes], bytes | None],
                  extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(out, "w") as new:
        for item in old.infolist():
            data = change(item.filename, old.read(item.filename))
            if data is not None:
                new.writestr(item, data)
        for name, data in (extra or {}).items():
            new.writestr(zipfile.ZipInfo(name, (2024, 4, 15, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return out


def container_without_full_path(good: Path, folder: Path) -> Path:
    def change(name, data):
        if name == "META-INF/container.xml":
            return CONTAINER.format('<rootfile media-type="application/oebps-package+xml"/>').encode()
        return data
    return _rewrite_epub(good, folder / "no-full-path.epub", change)


def container_without_rootfile(good: Path, folder: Path) -> Path:
    def change(name, data):
        return CONTAINER.format("").encode() if name == "META-INF/container.xml" else data
    return _rewrite_epub(good, folder / "no-rootfile.epub", change)


def item_without_href(good: Path, folder: Path) -> Path:
    def change(name, data):
        if name.endswith(".opf"):
            return data.replace(b'href="', b'hraf="', 1).replace(b'<item ', b'<item href="" ', 0)
        return data
    return _rewrite_epub(good, folder / "no-href.epub", change)


def item_outside_package(good: Path, folder: Path) -> Path:
    """A manifest href that climbs out of the package, and one that names a missing file."""
    def change(name, data):
        if name.endswith(".opf"):
            return data.replace(b"</manifest>", b'<item id="x1" href="../../../etc/passwd" media-type='
                                b'"application/xhtml+xml"/><item id="x2" href="nowhere.xhtml" media-type='
                                b'"application/xhtml+xml"/></manifest>')
        return data
    return _rewrite_epub(good, folder / "outside.epub", change)


def xml_entity_bomb(good: Path, folder: Path) -> Path:
    """A billion-laughs document in the spine."""
    laughs = ['<!ENTITY a0 "ha">'] + [f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)]
    document = (f'<?xml version="1.0"?><!DOCTYPE html [{"".join(laughs)}]>'
                '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>&a9;</p></body></html>').encode()

    def change(name, data):
        return document if name.endswith("bulletin.xhtml") else data
    return _rewrite_epub(good, folder / "laughs.epub", change)


def zip_bomb(good: Path, folder: Path, megabytes: int = 64) -> Path:
    """A listed content document that inflates to `megabytes` MB (about 1/1000 of that on disk)."""
    out = _rewrite_epub(good, folder / "zip-bomb.epub", lambda name, data: data.replace(
        b"</manifest>", b'<item id="bomb" href="bomb.xhtml" media-type="application/xhtml+xml"/></manifest>')
        if name.endswith(".opf") else data)
    entry = zipfile.ZipInfo("EPUB/bomb.xhtml", (2024, 4, 15, 0, 0, 0))
    entry.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "a") as book, book.open(entry, "w", force_zip64=True) as stream:
        block = b"<p>" + b"a" * (1024 * 1024 - 8) + b"</p>\n"
        for _ in range(megabytes):
            stream.write(block)
    return out


def encrypted_entries(good: Path, folder: Path) -> Path:
    """Every entry flagged as encrypted with a zip password (bit 0 of each header's flags)."""
    data = bytearray(good.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        while start != -1:
            data[start + offset] |= 0x1
            start = data.find(signature, start + 4)
    out = folder / "zip-password.epub"
    out.write_bytes(bytes(data))
    return out


def not_a_zip(good: Path, folder: Path) -> Path:
    """Starts like an EPUB, is not a zip."""
    out = folder / "fake.epub"
    out.write_bytes(b"PK\x03\x04mimetypeapplication/epub+zip" + b"\0" * 100)
    return out


PDF_MAKERS = (encrypted, encrypted_no_screen_readers, outline_loop, viewer_preferences_int, struct_tree_root_int,
              mark_info_int, empty_descendant_fonts, odd_types_everywhere, cyclic_structure, truncated_pdf)
EPUB_MAKERS = (container_without_full_path, container_without_rootfile, item_without_href,
               item_outside_package, xml_entity_bomb, encrypted_entries, not_a_zip)
