"""How portal bulletins mark captions, bylines, subheadings and list items in plain lines.

Shared by the text-dump, copied-text and HTML readers: all see the same editorial conventions of
Vietnamese news portals, only wrapped differently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CAPTION = re.compile(r"^\(?\s*(ảnh|ảnh minh họa|ảnh minh hoạ|ảnh tư liệu|photo)\s*(:|-|–)", re.IGNORECASE)
_TRAILING_CREDIT = re.compile(r"\(\s*ảnh\s*:[^)]*\)\s*$", re.IGNORECASE)
_CREDIT = re.compile(
    r"^(?P<credit>(?:tin|bài|ảnh|tin và ảnh|bài và ảnh|tin, ảnh|bài, ảnh|tin - ảnh|bài - ảnh|"
    r"tin/ảnh|bài/ảnh|nguồn|tác giả|video|clip)\s*:)\s*(?P<name>.+)$",
    re.IGNORECASE,
)
_THEO = re.compile(r"^(?P<credit>theo)\s+(?P<name>.+)$", re.IGNORECASE)
_ORDERED = re.compile(r"^(?P<num>\d{1,2})[.)]\s+(?P<text>\S.*)$")
_BULLET = re.compile(r"^[-+•–*·]\s+(?P<text>\S.*)$")
FINAL_PUNCTUATION = (".", ",", ";", ":", "!", "?", "…", "./.")
_VIEW_COUNTER = re.compile(r"^((số|tổng)\s+)?lượt\s+(xem|đọc|truy\s+cập)\s*:?\s*[\d.,]+$|^views?\s*:?\s*[\d.,]+$|"
                           r"^(đang\s+truy\s+cập|đang\s+online|thống\s+kê\s+truy\s+cập|truy\s+cập)\s*:?\s*[\d.,]*$",
                           re.IGNORECASE)
MAX_BYLINE_WORDS = 12
MAX_NAME_WORDS = 6
MAX_HEADING_WORDS = 16
MAX_CAPTION_WORDS = 45


@dataclass(frozen=True)
class Byline:
    author: str
    text: str


def words(text: str) -> int:
    return len(text.split())


def is_view_counter(text: str) -> bool:
    """A page's view counter ("Lượt xem: 1.234"), which is no part of the article."""
    return bool(_VIEW_COUNTER.match(text))


def is_caption(line: str) -> bool:
    """An explicit photo caption: "Ảnh: …" or a short line ending in "(Ảnh: …)"."""
    if _CAPTION.match(line):
        return True
    return bool(_TRAILING_CREDIT.search(line)) and words(line) <= MAX_CAPTION_WORDS


def looks_like_caption(line: str) -> bool:
    """A short line without final punctuation, as portal captions are written."""
    return is_caption(line) or (words(line) <= MAX_CAPTION_WORDS and not line.rstrip().endswith(FINAL_PUNCTUATION))


def _is_name_like(text: str) -> bool:
    name = re.sub(r"\s*\([^)]*\)\s*$", "", text).strip()
    tokens = name.replace("-", " ").split()
    if not tokens or len(tokens) > MAX_NAME_WORDS:
        return False
    return all(t[0].isupper() or t[0].isdigit() or t in ("và", "&") for t in tokens)


def parse_byline(line: str) -> Byline | None:
    """The author of a final line such as "Hương Dịu", "Tin, ảnh: Hoàng Nam", "Theo Báo Bắc Kạn"."""
    text = line.strip().strip("*_").strip()
    if not text or words(text) > MAX_BYLINE_WORDS or text.endswith("./."):
        return None
    if match := _CREDIT.match(text) or _THEO.match(text):
        name = match.group("name").strip().rstrip(".")
        return Byline(name, text) if name else None
    if text.endswith(FINAL_PUNCTUATION):
        return None
    return Byline(text, text) if _is_name_like(text) else None


def marked_byline(line: str) -> Byline | None:
    """The author of a final line set apart by its form (right-aligned or bold), however it is worded."""
    text = line.strip().strip("*_").strip()
    if not text or words(text) > MAX_BYLINE_WORDS or (text.endswith(FINAL_PUNCTUATION) and not text.endswith(")")):
        return None
    if match := _CREDIT.match(text) or _THEO.match(text):
        return Byline(match.group("name").strip(), text)
    return Byline(text, text)


@dataclass(frozen=True)
class ListItem:
    ordered: bool
    number: int | None
    text: str


def list_item(line: str) -> ListItem | None:
    """A numbered ("1. …", "2) …") or bulleted ("- …", "• …") line, None for any other."""
    if (match := _ORDERED.match(line)) and match.group("num").isdigit():
        return ListItem(True, int(match.group("num")), match.group("text"))
    if match := _BULLET.match(line):
        return ListItem(False, None, match.group("text"))
    return None


def looks_like_heading(line: str) -> bool:
    """A short line without final punctuation: how dumps show a subheading inside the body."""
    text = line.strip()
    if not text or words(text) > MAX_HEADING_WORDS or len(text) > 120:
        return False
    if text.endswith(FINAL_PUNCTUATION) or is_caption(text):
        return False
    return text[0].isupper() or text[0].isdigit()
