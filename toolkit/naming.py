"""Output names: each source's file name without its suffix, unique within a folder of outputs.

Two sources may share a stem (`x.md` and `sub/x.md`), and a source's own stem may look like a renamed
one (`x-2.md`). Every natural stem is reserved first; a later source whose stem is taken gets the
first free `-2`, `-3` … that no other source has as its own name. The same inputs in the same order
always give the same names, and each renamed source is reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def unique_stems(stems: Sequence[str], taken: Iterable[str] = ()) -> list[str]:
    """One name per stem, in order: the stem itself for its first holder, else `stem-N`; names in `taken`
    (given earlier, kept) are never given again."""
    taken = set(taken)
    reserved = set(stems) - taken
    names = []
    for stem in stems:
        name, number = stem, 1
        while name in taken or (name != stem and name in reserved):
            number += 1
            name = f"{stem}-{number}"
        taken.add(name)
        names.append(name)
    return names
