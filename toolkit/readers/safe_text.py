"""The last line of defence for text: whatever a reader produced, the outputs are XML and PDF.

XML 1.0 forbids most C0 control characters (a vertical tab pasted from Word, ESC from an old
terminal dump), lone surrogates (a JSON "\\ud800") and U+FFFE/U+FFFF; one of them anywhere makes the
EPUB unreadable. Readers should drop them; this removes any that got through, in every text field
of the `Bulletin`, and says so once.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from ..i18n import _
from ..model import Bulletin, SourceWarning

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def _clean(value: Any, removed: list[int]) -> Any:
    """`value` with forbidden characters removed from every string inside it (counted in `removed`)."""
    if isinstance(value, str):
        cleaned, count = _FORBIDDEN.subn("", value)
        removed[0] += count
        return cleaned
    if isinstance(value, tuple):
        return tuple(_clean(item, removed) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _clean(getattr(value, f.name), removed) for f in dataclasses.fields(value)
                   if f.name != "warnings"}
        return dataclasses.replace(value, **changes)
    return value


def safe_bulletin(doc: Bulletin) -> Bulletin:
    """`doc` without characters that XML or PDF text cannot carry; a warning says how many went."""
    removed = [0]
    cleaned = _clean(doc, removed)
    if not removed[0]:
        return doc
    note = SourceWarning(
        "control-characters", _("removed {count} control or invalid character(s) that e-readers and PDF text cannot "
           "show").format(count=removed[0]))
    return dataclasses.replace(cleaned, warnings=(*doc.warnings, note))
