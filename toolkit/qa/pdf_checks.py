"""The built-in PDF checks of `bantin check`: tags, language, title, alt text, artifacts, headings,
bookmarks, fonts.

Every value is read as what it claims to be only after its type is checked: a file may put a number
where a dictionary belongs (`/ViewerPreferences 5`), share structure elements between parents, or
inflate a small stream to gigabytes. Such a file gets a verdict, never a crash: a wrong type fails the
check that reads it, a cost over `CheckLimits` refuses the file (`UncheckableFile`).

Heavy libraries (pikepdf) are imported inside the functions that use them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UncheckableFile
from ..render.outline import nested_levels
from ..writers.pdf_artifacts import orphan_mcids
from .bounds import CheckLimits, stream_bytes
from .findings import FAIL, PASS, WARN, Check, guarded, headings_check

EMPTY_CMAP_ENTRY = re.compile(rb"<[0-9A-Fa-f]+>\s*<>")
HEADING = re.compile(r"/H([1-6])")


def _get(obj, key: str, kind):
    """`obj[key]` when `obj` is a dictionary (or stream) and the value is of `kind`; else None."""
    import pikepdf

    if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        return None
    value = obj.get(key)
    return value if isinstance(value, kind) else None


def _text(value) -> str:
    import pikepdf

    return str(value) if isinstance(value, pikepdf.String) else ""


def open_pdf(path: Path, limits: CheckLimits):
    import pikepdf

    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        raise UncheckableFile("encrypted: it opens only with a password, so neither check nor a screen "
                              "reader can read it") from None
    except pikepdf.PdfError as exc:
        raise UncheckableFile(f"not a readable PDF ({exc})") from None
    if len(pdf.objects) > limits.max_objects:
        pdf.close()
        raise UncheckableFile(f"refused: {len(pdf.objects):,} objects (check reads at most {limits.max_objects:,})")
    return pdf


def check_pdf(path: Path, limits: CheckLimits) -> list[Check]:
    import pikepdf

    with open_pdf(path, limits) as pdf:
        root = pdf.Root
        tree = _get(root, "/StructTreeRoot", pikepdf.Dictionary)
        marked = bool(_get(_get(root, "/MarkInfo", pikepdf.Dictionary), "/Marked", bool))
        walk = walk_structure(tree, limits) if tree is not None else None
        checks = [_tagged(marked, tree, root), guarded("language", _language, root),
                  guarded("title", _title, pdf, limits)]
        if pdf.is_encrypted:
            checks.append(_encryption(pdf))
        if walk is None:
            checks.append(Check("alt-text", FAIL, "untagged: figures cannot carry /Alt"))
        else:
            checks += [_structure(walk), _alt_text(walk.elements),
                       guarded("artifacts", _untagged_content, pdf), _headings(walk.elements),
                       guarded("bookmarks", _bookmarks, pdf, walk.elements, limits)]
        checks.append(guarded("fonts", _fonts, pdf, limits))
    return checks


def _tagged(marked: bool, tree, root) -> Check:
    if marked and tree is not None:
        return Check("tagged", PASS, "structure tree")
    if "/StructTreeRoot" in root and tree is None:
        return Check("tagged", FAIL, "/StructTreeRoot is not a dictionary")
    return Check("tagged", FAIL, "no structure tree (/MarkInfo /Marked, /StructTreeRoot)")


def _language(root) -> Check:
    lang = _text(root.get("/Lang"))
    if "/Lang" in root and not lang:
        return Check("language", FAIL, "/Lang in the document catalog is not a text string")
    return Check("language", PASS, lang) if lang else Check("language", FAIL, "no /Lang in the document catalog")


def _title(pdf, limits: CheckLimits) -> Check:
    import pikepdf

    title = ""
    metadata = _get(pdf.Root, "/Metadata", pikepdf.Stream)
    if metadata is not None:
        stream_bytes(metadata, limits, "the XMP metadata")  # refuse a bomb before pikepdf parses it
        with pdf.open_metadata() as meta:
            title = meta.get("dc:title") or ""
    info = _get(pdf.trailer, "/Info", pikepdf.Dictionary)
    title = title or _text(info.get("/Title") if info is not None else None)
    preferences = _get(pdf.Root, "/ViewerPreferences", pikepdf.Dictionary)
    displayed = bool(_get(preferences, "/DisplayDocTitle", bool))
    if not title:
        return Check("title", FAIL, "no document title (XMP dc:title or /Title)")
    if not displayed:
        where = "" if preferences is not None or "/ViewerPreferences" not in pdf.Root else \
            " (/ViewerPreferences is not a dictionary)"
        return Check("title", FAIL, f"title {title!r} is not displayed (/DisplayDocTitle){where}")
    return Check("title", PASS, title)


def _encryption(pdf) -> Check:
    """PDF/UA-1 7.16: encryption must leave assistive technology its access to the text."""
    if pdf.allow.accessibility:
        return Check("encryption", WARN, "encrypted, but screen readers are allowed to read it")
    return Check("encryption", FAIL, "encrypted without the permission for screen readers (PDF/UA-1 7.16)")


# --- the structure tree ------------------------------------------------------------------------

@dataclass
class StructureWalk:
    """Structure elements in document order, each visited once, and what was odd about the tree."""

    elements: list = field(default_factory=list)
    shared: int = 0
    odd_kids: int = 0


def walk_structure(tree, limits: CheckLimits) -> StructureWalk:
    """Walk the tree depth-first, each element once. A PDF may share an element between parents
    (a DAG, or a cycle): walking every path would take 2**depth steps, so a second visit is
    counted as `shared` and not followed."""
    import pikepdf

    walk = StructureWalk()
    seen: set[tuple[int, int]] = set()
    stack: list = list(reversed(_kids(tree)))
    while stack:
        kid = stack.pop()
        if not isinstance(kid, pikepdf.Dictionary):
            walk.odd_kids += not isinstance(kid, int | pikepdf.Stream)  # MCIDs and content items are fine
            continue
        if "/S" not in kid:
            continue  # marked-content or object reference, not an element
        if kid.is_indirect:
            if kid.objgen in seen:
                walk.shared += 1
                continue
            seen.add(kid.objgen)
        walk.elements.append(kid)
        if len(walk.elements) > limits.max_objects:
            raise UncheckableFile(f"refused: more than {limits.max_objects:,} structure elements")
        stack.extend(reversed(_kids(kid)))
    return walk


def _kids(node) -> list:
    import pikepdf

    kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _structure(walk: StructureWalk) -> Check:
    if walk.shared:
        return Check("structure-tree", FAIL, f"{walk.shared} times a structure element is reached again from "
                     "another parent (the tree is a graph; each element needs exactly one parent)")
    if walk.odd_kids:
        return Check("structure-tree", FAIL, f"{walk.odd_kids} kids are neither elements nor content references")
    return Check("structure-tree", PASS, f"{len(walk.elements)} elements, each with one parent")


def _heading_levels(elements: list) -> list[int]:
    found = (HEADING.fullmatch(str(e.get("/S"))) for e in elements)
    return [int(m.group(1)) for m in found if m]


def _headings(elements: list) -> Check:
    return headings_check(_heading_levels(elements))


def _alt_text(elements: list) -> Check:
    figures = [e for e in elements if e.get("/S") == "/Figure"]
    missing = [e for e in figures if not _text(e.get("/Alt")).strip() and not _text(e.get("/ActualText"))]
    if missing:
        return Check("alt-text", FAIL, f"{len(missing)} of {len(figures)} figures have no /Alt text")
    return Check("alt-text", PASS, f"{len(figures)} figures, all with /Alt")


def _untagged_content(pdf) -> Check:
    """Marked content whose structure element is outside the tree is neither real content nor artifact."""
    orphans = orphan_mcids(pdf)
    if orphans:
        count = sum(len(m) for m in orphans.values())
        return Check("artifacts", FAIL, f"{count} pieces of content on {len(orphans)} pages are tagged outside the "
                     "structure tree (neither real content nor artifacts)")
    return Check("artifacts", PASS, "all marked content is in the structure tree or an artifact")


# --- bookmarks and fonts -----------------------------------------------------------------------

def _bookmark_depths(root, limits: CheckLimits) -> Iterator[int]:
    stack = [(item, 1) for item in reversed(root)]
    count = 0
    while stack:
        item, depth = stack.pop()
        count += 1
        if count > limits.max_objects:
            raise UncheckableFile(f"refused: more than {limits.max_objects:,} bookmarks")
        yield depth
        stack.extend((child, depth + 1) for child in reversed(item.children))


def _bookmarks(pdf, elements: list, limits: CheckLimits) -> Check:
    """Bookmarks follow the headings: one per heading, nested as deep as it (a warning otherwise)."""
    import pikepdf

    headings = _heading_levels(elements)
    outlines = _get(pdf.Root, "/Outlines", pikepdf.Dictionary)
    if "/Outlines" in pdf.Root and (outlines is None or not isinstance(outlines.get("/First", {}), pikepdf.Dictionary)):
        return Check("bookmarks", FAIL, "/Outlines is malformed (not a dictionary, or /First is not a bookmark)")
    with pdf.open_outline() as outline:
        depths = list(_bookmark_depths(outline.root, limits))
    if depths == nested_levels(headings, top=0):
        return Check("bookmarks", PASS, f"{len(depths)} bookmarks, one per heading")
    return Check("bookmarks", WARN, f"{len(depths)} bookmarks for {len(headings)} headings")


def _fonts(pdf, limits: CheckLimits) -> Check:
    import pikepdf

    problems, count = [], 0
    for obj in pdf.objects:
        if not (isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font") or obj.get("/Subtype") in (
                "/Type3", "/CIDFontType0", "/CIDFontType2"):
            continue
        count += 1
        problems += _font_problems(obj, limits)
    if problems:
        return Check("fonts", FAIL, "; ".join(problems[:10]) + (f" (and {len(problems) - 10} more)"
                                                                if len(problems) > 10 else ""))
    return Check("fonts", PASS, f"{count} fonts, embedded, with ToUnicode")


def _font_problems(font, limits: CheckLimits) -> list[str]:
    import pikepdf

    name = str(font.get("/BaseFont", "?"))
    problems = []
    if "/DescendantFonts" in font:
        descendants = _get(font, "/DescendantFonts", pikepdf.Array)
        font_dict = descendants[0] if descendants is not None and len(descendants) else None
        if not isinstance(font_dict, pikepdf.Dictionary):
            return [f"{name} has no descendant font (/DescendantFonts is empty or not a list of fonts)"]
    else:
        font_dict = font
    descriptor = _get(font_dict, "/FontDescriptor", pikepdf.Dictionary)
    if descriptor is None or not any(_get(descriptor, k, pikepdf.Stream) is not None
                                     for k in ("/FontFile", "/FontFile2", "/FontFile3")):
        problems.append(f"{name} not embedded")
    to_unicode = _get(font, "/ToUnicode", pikepdf.Stream)
    if "/ToUnicode" not in font:
        problems.append(f"{name} has no ToUnicode")
    elif to_unicode is None:
        problems.append(f"{name} has a ToUnicode that is not a CMap stream")
    elif EMPTY_CMAP_ENTRY.search(stream_bytes(to_unicode, limits, f"the ToUnicode map of {name}")):
        problems.append(f"{name} has empty ToUnicode entries")
    return problems
