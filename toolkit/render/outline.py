"""Heading levels that nest: a source may jump from a subheading to a sub-sub-subheading (## then ####),
which PDF/UA-1 (heading nesting) and Ace (heading-order) reject. The layouts render the level
each heading has in the outline instead, so h2, h4, h4, h3 becomes h2, h3, h3, h3."""

from __future__ import annotations

from ..model import Bulletin


def nested_levels(levels: list[int], top: int = 1) -> list[int]:
    """Each source level mapped to its depth below `top` (the title's level), never skipping one."""
    stack: list[tuple[int, int]] = []  # (source level, rendered level) of the open sections
    rendered = []
    for level in levels:
        while stack and stack[-1][0] >= level:
            stack.pop()
        depth = (stack[-1][1] if stack else top) + 1
        stack.append((level, depth))
        rendered.append(depth)
    return rendered


def heading_levels(doc: Bulletin) -> dict[int, int]:
    """1-based block index -> rendered heading level, for every heading of `doc` (the title is h1)."""
    indexes = [i for i, block in enumerate(doc.blocks, start=1) if block.kind == "heading"]
    return dict(zip(indexes, nested_levels([doc.blocks[i - 1].level for i in indexes]), strict=True))
