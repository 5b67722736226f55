"""Joining tagged PDFs that WeasyPrint wrote as parts of one book into one tagged PDF.

A long volume is laid out and written in parts (see `draft.VolumeDraft.parts`), so its memory is that
of one part. Joined, it must read as if written at once: one structure tree under one Document element,
one parent tree (each part's keys moved past the ones before), one outline, and one table of named
destinations, where the bulletins' anchors replace the front part's placeholders (its contents link to
them by name). The first part gives the catalog: language, metadata, output intent and attachments.

Objects are copied with qpdf's foreign-object copier, which keeps one map per source: the structure
elements' pages (`/Pg`) become the pages copied just before. What a part no longer needs (its own
catalog, structure root and outline root) is not referenced by the joined file, so it is not written.

Heavy libraries (pikepdf) are imported inside the functions that use them, so `bantin --help` and a no-op
archive rerun never load them.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pikepdf


def joined(parts: list[bytes]) -> pikepdf.Pdf:
    """One open PDF of `parts` (PDF files, in reading order) one after another, to be saved by the caller."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(parts[0]))
    _drop_empty_spans(_document_element(pdf))
    destinations = _destinations(pdf)
    for data in parts[1:]:
        with pikepdf.open(io.BytesIO(data)) as part:
            _append(pdf, part, destinations)
    _set_destinations(pdf, destinations)
    return pdf


def _drop_empty_spans(element) -> None:
    """Remove the front part's placeholder anchors (empty spans that only hold a bulletin's id) from the tree."""
    import pikepdf

    kids = element.get("/K")
    if not isinstance(kids, pikepdf.Array):
        return
    kept = [kid for kid in kids if not _empty_span(kid)]
    if len(kept) != len(kids):
        element.K = pikepdf.Array(kept)
    for kid in kept:
        if isinstance(kid, pikepdf.Dictionary):
            _drop_empty_spans(kid)


def _empty_span(kid) -> bool:
    import pikepdf

    return (isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == "/Span"
            and isinstance(kid.get("/K"), pikepdf.Array) and len(kid.K) == 0)


def _append(joined: pikepdf.Pdf, part: pikepdf.Pdf, destinations: dict) -> None:
    """`part`'s pages, structure, parent tree entries, outline and destinations after `joined`'s."""
    shift = _next_parent_key(joined)
    start = len(joined.pages)
    joined.pages.extend(part.pages)  # first, so the copies below point at these pages
    for page in joined.pages[start:]:
        _shift_parent_keys(page, shift)
    document = _document_element(joined)
    for element in _document_element(part).K:
        copied = joined.copy_foreign(element)
        copied.P = document
        document.K.append(copied)
    numbers = joined.Root.StructTreeRoot.ParentTree.Nums
    part_numbers = part.Root.StructTreeRoot.ParentTree.Nums
    for index in range(0, len(part_numbers), 2):
        numbers.append(int(part_numbers[index]) + shift)
        numbers.append(_copied(joined, part_numbers[index + 1]))
    _append_outline(joined, part)
    for name, target in _destinations(part).items():
        destinations[name] = _copied(joined, target)


def _copied(joined: pikepdf.Pdf, obj):
    """`obj` of another PDF in `joined`: indirect objects through the copier, direct arrays item by item."""
    import pikepdf

    if getattr(obj, "is_indirect", False):
        return joined.copy_foreign(obj)
    if isinstance(obj, pikepdf.Array):
        return pikepdf.Array([_copied(joined, item) for item in obj])
    return obj


def _next_parent_key(pdf: pikepdf.Pdf) -> int:
    numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
    return max((int(numbers[index]) for index in range(0, len(numbers), 2)), default=-1) + 1


def _shift_parent_keys(page: pikepdf.Page, shift: int) -> None:
    if "/StructParents" in page.obj:
        page.obj.StructParents = int(page.obj.StructParents) + shift
    for annotation in page.obj.get("/Annots", ()):
        if "/StructParent" in annotation:
            annotation.StructParent = int(annotation.StructParent) + shift


def _document_element(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    """WeasyPrint's one Document element, under the structure tree root."""
    return pdf.Root.StructTreeRoot.K[0]


def _append_outline(joined: pikepdf.Pdf, part: pikepdf.Pdf) -> None:
    import pikepdf

    outline = part.Root.get("/Outlines")
    if outline is None or "/First" not in outline:
        return
    first = joined.copy_foreign(outline.First)
    if "/Outlines" not in joined.Root:
        joined.Root.Outlines = joined.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines, Count=0))
    root = joined.Root.Outlines
    item, last = first, first
    while item is not None:
        item.Parent = root
        last, item = item, item.get("/Next")
    if "/Last" in root:
        root.Last.Next = first
        first.Prev = root.Last
    else:
        root.First = first
    root.Last = last
    root.Count = int(root.get("/Count", 0)) + int(outline.get("/Count", 0))


def _destinations(pdf: pikepdf.Pdf) -> dict:
    """Named destinations, by name: WeasyPrint writes one flat `Names` array."""
    names = pdf.Root.get("/Names", {}).get("/Dests", {}).get("/Names", ())
    return {bytes(names[index]): names[index + 1] for index in range(0, len(names), 2)}


def _set_destinations(pdf: pikepdf.Pdf, destinations: dict) -> None:
    import pikepdf

    if not destinations:
        return
    flat = []
    for name in sorted(destinations):  # a name tree's keys are in byte order
        flat += [pikepdf.String(name), destinations[name]]
    if "/Names" not in pdf.Root:
        pdf.Root.Names = pikepdf.Dictionary()
    pdf.Root.Names.Dests = pdf.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(flat)))
