"""Reading the dates bulletins carry, and writing them out in Vietnamese or English."""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = {
    "vi": ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?(?!\d)")
_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_WEEKDAY = re.compile(r"^(thứ\s+(hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s+nhật|cn)\b", re.IGNORECASE)
_TIME = re.compile(r"\d{1,2}[:h]\d{2}(?::\d{2})?\s*(?:SA|CH|AM|PM)?", re.IGNORECASE)
_PREFIX = re.compile(r"^(ngày\s+đăng|cập\s+nhật|đăng\s+ngày|ngày|date|posted)\s*:?\s*", re.IGNORECASE)


class ImpossibleDate(ValueError):
    """A date that looks like one but does not exist (31/02/2024)."""


def find_date(text: str) -> tuple[int, int, int] | None:
    """Day, month, year of the first date written in `text`, without checking it exists."""
    if match := _WORDS.search(text):
        day, month, year = (int(g) for g in match.groups())
        return day, month, year
    if match := _ISO.search(text):
        year, month, day = (int(g) for g in match.groups())
        return day, month, year
    if match := _NUMERIC.search(text):
        day, month, year = (int(g) for g in match.groups())
        return day, month, year
    return None


def parse_date(text: str) -> dt.date | None:
    """The date in `text`, None if there is none; `ImpossibleDate` if it cannot exist."""
    found = find_date(text)
    if found is None:
        return None
    day, month, year = found
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ImpossibleDate(f"{day:02d}/{month:02d}/{year} is not a real date") from exc


def is_date_line(line: str) -> bool:
    """Whether a whole line is a dateline: a date with an optional weekday, time, prefix or view counter."""
    rest = _PREFIX.sub("", line.strip())
    rest = _WEEKDAY.sub("", rest).lstrip(" ,-")
    for pattern in (_WORDS, _ISO, _NUMERIC):
        if match := pattern.match(rest):
            tail = _TIME.sub("", rest[match.end():])
            tail = re.sub(r"(\|?\s*(lượt\s+xem|số\s+lượt\s+xem|views?)\s*:?\s*[\d.,]+)", "", tail, flags=re.I)
            return not tail.strip(" ,-|()")
    return False


def format_date(date: dt.date, language: str = "vi") -> str:
    """`Thứ Hai, ngày 15 tháng 4 năm 2024` or `Monday, 15 April 2024`."""
    weekday = WEEKDAYS.get(language, WEEKDAYS["vi"])[date.weekday()]
    if language == "en":
        return f"{weekday}, {date.day} {MONTHS_EN[date.month - 1]} {date.year}"
    return f"{weekday}, ngày {date.day} tháng {date.month} năm {date.year}"
