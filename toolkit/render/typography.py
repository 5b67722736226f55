"""Vietnamese typographic clean-up at build time: what a careful newspaper's sub-editor does.

The bulletin's text (and its JSON) is never changed: the templates set it through `typeset`, which
returns escaped markup, and `inspect` reports what would change (`changes`).

- a spaced hyphen in a number range ("2016 - 2020", "nhiệm kỳ 2020-2025") or between two
  capitalised names ("Mác - Lênin") becomes an en dash held together with its neighbours;
- a number stays with its unit ("48 tạ/ha", "4,5 tỷ đồng", "35 %"), a short abbreviation with
  the word after it ("TP. Hồ Chí Minh", "ThS. Nguyễn");
- in titles, headings, captions and bylines, a personal or place name of two to four capitalised
  syllables ("Hồ Chí Minh", "Bạch Thông") is not broken across lines;
- straight double quotes become Vietnamese curly quotes “…”; the closing mark "./." is left as is.

"Held together" is a `<span class="nw">` (white-space: nowrap) rather than no-break characters, so
copied or searched text keeps ordinary spaces.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..model import Bulletin, Figure, Heading, List, plain

# Vietnamese letters by case (Latin-1 and Latin Extended ranges mix the cases, so list them).
_LETTERS = [chr(c) for c in range(0xC0, 0x1EFA) if chr(c).isalpha()]
UPPER = "A-Z" + "".join(c for c in _LETTERS if c.isupper())
LOWER = "a-z" + "".join(c for c in _LETTERS if c.islower())
SYLLABLE = rf"[{UPPER}][{LOWER}{UPPER}]*"
#: A syllable of a name joined by a dash ("Mác - Lênin", "Việt - Lào"): an acronym is not one, so an agency's
#: dateline ("BKĐT - Sáng 14/5", "TTXVN - Chiều nay") keeps its spaced dash.
NAME_SYLLABLE = rf"[{UPPER}][{LOWER}]+"
UNITS = ("tạ/ha", "tấn/ha", "đồng/kg", "km2", "km²", "m2", "m²", "m3", "ha", "km", "cm", "mm", "m", "kg", "tấn", "tạ",
         "tỷ đồng", "triệu đồng", "nghìn đồng", "tỷ", "triệu", "nghìn", "đồng", "USD", "%", "°C", "lít", "giờ", "phút")
ABBREVIATIONS = ("TP.", "TX.", "TT.", "ThS.", "TS.", "PGS.", "GS.", "BS.", "KS.", "CN.", "Th.S", "PGS.TS.", "Q.")
NUMBER = r"\d+(?:[.,]\d+)*"

#: Each rule: name, pattern, and what the match becomes (a replacement, or None to hold it together).
RULES: tuple[tuple[str, re.Pattern, str | None], ...] = (
    # Not inside dates or codes: "15-04-2024", "10-NQ/HU" and "05-ĐA/HU" keep their hyphens.
    ("range", re.compile(rf"(?<![\d/.,\-–])({NUMBER})(?:\s+[-–]\s+|[-–])({NUMBER})(?![\d/]|[-–.,]\d)"), r"\1–\2"),
    ("compound", re.compile(rf"(?<!\w)({NAME_SYLLABLE})\s+-\s+({NAME_SYLLABLE})(?!\w)"), r"\1–\2"),
    ("quotes", re.compile(r'"([^"\n]{1,400})"'), r"“\1”"),
)
UNIT_RUN = re.compile(rf"{NUMBER}\s(?:{'|'.join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))})"
                      rf"(?![{LOWER}{UPPER}\d])|{NUMBER}\s%")
ABBREVIATION_RUN = re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(a) for a in ABBREVIATIONS)})\s\S+")
DASH_RUN = re.compile(r"\S+–\S+")
#: A run of capitalised syllables; a name is a whole run of two to four (longer runs are titles in title case).
CAPITALISED_RUN = re.compile(rf"(?<!\w){SYLLABLE}(?:\s{SYLLABLE})*(?!\w)")


@dataclass(frozen=True)
class Typeset:
    """Text after the substitutions, and the spans (start, end) to keep on one line."""

    text: str
    unbroken: tuple[tuple[int, int], ...]


def _substitute(text: str, counts: Counter | None = None) -> str:
    for name, pattern, replacement in RULES:
        text, n = pattern.subn(replacement, text)
        if counts is not None and n:
            counts[name] += n
    return text


def _merged(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def typeset(text: str, names: bool = False, counts: Counter | None = None) -> Typeset:
    text = _substitute(text, counts)
    patterns = [("unit", UNIT_RUN), ("abbreviation", ABBREVIATION_RUN), ("dash", DASH_RUN)]
    if names:
        patterns.append(("name", CAPITALISED_RUN))
    spans = []
    for name, pattern in patterns:
        found = [m.span() for m in pattern.finditer(text)
                 if name == "dash" or (" " in m.group() and (name != "name" or m.group().count(" ") <= 3))]
        spans += found
        if counts is not None and found and name != "dash":
            counts[name] += len(found)
    return Typeset(text, _merged(spans))


def markup(text: str, names: bool = False) -> Markup:
    """Escaped HTML of `text` with the clean-up applied (the Jinja filter `typeset`)."""
    result = typeset(text, names)
    out, position = [], 0
    for start, end in result.unbroken:
        out += [escape(result.text[position:start]), Markup('<span class="nw">'), escape(result.text[start:end]),
                Markup("</span>")]
        position = end
    out.append(escape(result.text[position:]))
    return Markup("").join(out)


#: How `inspect` names each change.
CHANGE_NAMES = {"range": "number ranges → en dash", "compound": "compound names → en dash",
                "quotes": "quotes → “…”", "unit": "numbers kept with their unit",
                "abbreviation": "abbreviations kept with the next word", "name": "names kept on one line"}


def _texts(doc: Bulletin) -> list[tuple[str, bool]]:
    """Every text the templates set, with whether names are kept whole there (as in `_article.html.j2`)."""
    texts = [(doc.title, True), (doc.lead, False), (doc.byline or "", True)]
    for block in doc.blocks:
        if isinstance(block, Figure):
            texts.append((block.caption, True))
        elif isinstance(block, List):
            texts += [(plain(item), False) for item in block.items]
        elif hasattr(block, "content"):
            texts.append((block.text, isinstance(block, Heading)))
    return texts


def changes(doc: Bulletin) -> Counter:
    """How many of each change the clean-up makes when `doc` is set, for `inspect` (see CHANGE_NAMES)."""
    counts: Counter = Counter()
    for text, names in _texts(doc):
        typeset(text, names, counts)
    return counts
