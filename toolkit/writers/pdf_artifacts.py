"""Running headers and page numbers as artifacts, as PDF/UA-1 (7.8) asks of pagination.

WeasyPrint tags the text of page margin boxes (`@top-center`, `@bottom-center`) as `/Span` marked
content with an MCID, then leaves those elements out of the structure tree "to keep them out of
the document" (its `pdf/tags.py`). The content is then neither real content (it is in no reachable
structure element) nor an artifact, which is what Matterhorn 01-001/01-002 check. Here each such
sequence becomes `/Artifact <</Type /Pagination>>` and its parent-tree entry is dropped, so a
screen reader skips the running title and "Trang 2/5" for the right reason.

Heavy libraries (pikepdf) are imported inside the functions that use them, so `bantin --help` and a
no-op archive rerun never load them.
"""

from __future__ import annotations

import re

#: How WeasyPrint (pydyf) opens a marked-content sequence: `/Span\n<</MCID 4>>\nBDC`.
MARKED = re.compile(rb"/[A-Za-z]+\n<</MCID (\d+)>>\nBDC(?=\s)")
ARTIFACT = b"/Artifact\n<</Type /Pagination>>\nBDC"


def _reachable(root) -> set[tuple[int, int]]:
    """Object ids of every structure element reachable from the structure tree root, each visited once."""
    import pikepdf

    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        kids = stack.pop().get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            if not (isinstance(kid, pikepdf.Dictionary) and "/S" in kid):
                continue
            if kid.is_indirect:  # only indirect objects can be shared, and only they have an identity
                if kid.objgen in seen:
                    continue
                seen.add(kid.objgen)
            stack.append(kid)
    return seen


def _parent_arrays(tree) -> dict[int, object]:
    """StructParents key -> array of parents by MCID, from the parent number tree (flat or with /Kids)."""
    import pikepdf

    arrays: dict[int, object] = {}
    seen: set[tuple[int, int]] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or (node.is_indirect and node.objgen in seen):
            continue
        if node.is_indirect:
            seen.add(node.objgen)
        nums = node.get("/Nums")
        if isinstance(nums, pikepdf.Array):
            for i in range(0, len(nums) - 1, 2):
                if isinstance(nums[i], int):
                    arrays[int(nums[i])] = nums[i + 1]
        kids = node.get("/Kids")
        if isinstance(kids, pikepdf.Array):
            stack.extend(kids)
    return arrays


def orphan_mcids(pdf) -> dict[int, set[int]]:
    """Page index -> MCIDs whose structure element is not in the structure tree."""
    import pikepdf

    root = pdf.Root.get("/StructTreeRoot")
    if not isinstance(root, pikepdf.Dictionary) or "/ParentTree" not in root:
        return {}
    reachable = _reachable(root)
    arrays = _parent_arrays(root.ParentTree)
    found: dict[int, set[int]] = {}
    for index, page in enumerate(pdf.pages):
        key = page.obj.get("/StructParents")
        parents = arrays.get(int(key)) if isinstance(key, int) else None
        if not isinstance(parents, pikepdf.Array):
            continue
        lost = {mcid for mcid, parent in enumerate(parents)
                if isinstance(parent, pikepdf.Dictionary) and parent.is_indirect and parent.objgen not in reachable}
        if lost:
            found[index] = lost
    return found


def _rewrite(pdf, page, lost: set[int]) -> None:
    """Each marked-content sequence of `page` whose MCID is in `lost` becomes a pagination artifact. Only
    those operators change: the rest of the stream keeps its bytes (a full parse and unparse took 5× as
    long); a stream written otherwise than WeasyPrint writes it is parsed in full."""
    import pikepdf

    contents = page.obj.get("/Contents")
    if isinstance(contents, pikepdf.Stream):
        found: list[int] = []

        def replace(match: re.Match) -> bytes:
            found.append(int(match[1]))
            return ARTIFACT if found[-1] in lost else match[0]

        data = MARKED.sub(replace, contents.read_bytes())
        if lost <= set(found) and len(found) == len(set(found)):  # each MCID once, as WeasyPrint writes them
            contents.write(data)  # left uncompressed here; saving compresses it
            return
    _parse_and_rewrite(pdf, page, lost)


def _parse_and_rewrite(pdf, page, lost: set[int]) -> None:
    import pikepdf

    artifact = [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)]
    instructions = []
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) \
                and int(operands[1].get("/MCID", -1)) in lost:
            operands = artifact
        instructions.append((operands, operator))
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))


def mark_artifacts_in(pdf) -> int:
    """Turn orphaned margin-box content of an open `pikepdf.Pdf` into artifacts; returns pages changed."""
    import pikepdf

    found = orphan_mcids(pdf)
    if not found:
        return 0
    arrays = _parent_arrays(pdf.Root.StructTreeRoot.ParentTree)
    for index, lost in found.items():
        page = pdf.pages[index]
        _rewrite(pdf, page, lost)
        parents = arrays[int(page.obj.StructParents)]
        for mcid in lost:
            parents[mcid] = pikepdf.Object.parse(b"null")
    return len(found)
