"""Numbers said the Vietnamese way, written here because the libraries get them wrong.

`num2words` 0.5 (`lang="vi"`) says 2024 "hai nghìn lẻ hai mươi bốn" and 4.5 "bốn phẩy năm mươi";
`vietnam-number` writes "lẽ" (another tone, another word) for "lẻ". The rules:
- a group of three digits after a larger one keeps its hundreds: 2024 → "hai nghìn không trăm hai mươi tư";
- a zero ten before a unit is "lẻ": 105 → "một trăm lẻ năm";
- after "mươi", 1 is "mốt", 4 is "tư", 5 is "lăm"; after "mười", 5 is "lăm";
- groups: nghìn, triệu, tỷ (and "nghìn tỷ" beyond).
"""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
GROUPS = ("", "nghìn", "triệu", "tỷ")


def _tens_and_units(n: int, full: bool) -> list[str]:
    tens, units = divmod(n, 10)
    if tens == 0:
        if units == 0:
            return []
        return ["lẻ", DIGITS[units]] if full else [DIGITS[units]]
    words = ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if units == 1:
        words.append("mốt" if tens > 1 else "một")
    elif units == 4:
        words.append("tư" if tens > 1 else "bốn")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def _three(n: int, full: bool) -> list[str]:
    """0..999; `full` when a larger group comes before (its hundreds and "lẻ" are said)."""
    hundreds, rest = divmod(n, 100)
    if hundreds or full:
        return [DIGITS[hundreds], "trăm", *_tens_and_units(rest, True)] if rest or hundreds else []
    return _tens_and_units(rest, False)


def say_integer(n: int) -> str:
    if n < 0:
        return "âm " + say_integer(-n)
    if n == 0:
        return "không"
    groups = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    if len(groups) > len(GROUPS):  # beyond thousands of billions: say the billions part, then "tỷ"
        high = groups[3:]
        high_n = sum(g * 1000 ** i for i, g in enumerate(high))
        return f"{say_integer(high_n)} tỷ " + say_integer(sum(g * 1000 ** i for i, g in enumerate(groups[:3])))
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        full = index < len(groups) - 1
        words += _three(group, full)
        if GROUPS[index]:
            words.append(GROUPS[index])
    return " ".join(words)


def say_decimal(integer: str, fraction: str) -> str:
    """4,5 -> "bốn phẩy năm"; 0,05 -> "không phẩy không năm" (each leading zero said)."""
    zeros = len(fraction) - len(fraction.lstrip("0"))
    rest = fraction.lstrip("0")
    spoken = ["không"] * zeros + ([say_integer(int(rest))] if rest else [])
    return f"{say_integer(int(integer))} phẩy {' '.join(spoken)}"


ORDINALS = {1: "nhất", 4: "tư"}


def say_ordinal(n: int) -> str:
    """The word after "thứ": thứ nhất, thứ hai, thứ tư, thứ bốn mươi hai."""
    return ORDINALS.get(n, say_integer(n))


ROMAN = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}


def roman_value(text: str) -> int | None:
    """XIV -> 14; None when `text` is not a well-formed Roman numeral."""
    if not text or any(c not in ROMAN for c in text):
        return None
    total = 0
    for index, char in enumerate(text):
        value = ROMAN[char]
        total += -value if index + 1 < len(text) and ROMAN[text[index + 1]] > value else value
    return total if to_roman(total) == text else None


def to_roman(n: int) -> str:
    out = ""
    for letters, value in (("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90), ("L", 50),
                           ("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1)):
        while n >= value:
            out, n = out + letters, n - value
    return out
