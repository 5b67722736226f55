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

_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?(?!\d)")
_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:năm|,)\s*(\d{4})", re.IGNORECASE)
_WEEKDAY = re.compile(r"(thứ\s+(hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s+nhật|\bcn\b|\bt[2-7]\b|"
                      r"(mon|tues|wednes|thurs|fri|satur|sun)day)", re.IGNORECASE)
_TIME = re.compile(r"\d{1,2}\s*[:h]\s*\d{2}(?::\d{2})?(?:\s*(?:SA|CH|AM|PM|giờ))?|\d{1,2}\s*giờ(\s*\d{1,2}\s*phút)?|"
                   r"\(?\s*GMT\s*[+-]\s*\d{1,2}\s*\)?|\bICT\b", re.IGNORECASE)
_VIEWS = re.compile(r"(số\s+)?(lượt\s+(xem|đọc)|views?|lần\s+đọc)\s*:?\s*[\d.,]+|[\d.,]+\s*(lượt\s+xem|views?)",
                    re.IGNORECASE)
_FILLER = re.compile(r"\b(ngày\s+đăng|đăng\s+ngày|ngày\s+cập\s+nhật|cập\s+nhật(\s+lúc|\s+ngày)?|thời\s+gian|"
                     r"xuất\s+bản|ngày\s+xuất\s+bản|ngày|lúc|vào|đăng|date|posted(\s+on)?|published|updated|"
                     r"on|at)\b", re.IGNORECASE)
_SEPARATORS = " ,-–—|()[]:/.•·"


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
    """Whether a whole line is a dateline: one date, with at most a weekday, time, prefix or view counter."""
    text = line.strip()
    if len(text) > 120:
        return False
    for pattern in (_WORDS, _ISO, _NUMERIC):
        if match := pattern.search(text):
            rest = f"{text[:match.start()]} {text[match.end():]}"
            for noise in (_VIEWS, _TIME, _WEEKDAY, _FILLER):
                rest = noise.sub(" ", rest)
            return not rest.strip(_SEPARATORS + " ")
    return False


def format_date(date: dt.date, language: str = "vi") -> str:
    """`Thứ Hai, ngày 15 tháng 4 năm 2024` or `Monday, 15 April 2024`."""
    weekday = WEEKDAYS.get(language, WEEKDAYS["vi"])[date.weekday()]
    if language == "en":
        return f"{weekday}, {date.day} {MONTHS_EN[date.month - 1]} {date.year}"
    return f"{weekday}, ngày {date.day} tháng {date.month} năm {date.year}"
