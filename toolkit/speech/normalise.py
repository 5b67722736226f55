"""Speech text: the bulletin as a good announcer would read it, one sentence at a time.

Numbers, dates, times, ranges, percentages, units, ordinals and Roman numerals are written out in
Vietnamese (`numbers`); abbreviations come from the glossary (`layouts/speech/glossary.toml`, extended by
`[speech.glossary]` in `bantin.toml`); an all-capitals word the glossary does not know is spelled letter by
letter and reported, so the glossary can grow. Stray combining marks never reach the voice.
"""

from __future__ import annotations

import itertools
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError
from ..model import Bulletin, Figure, List, Span, Table, plain
from ..paths import LAYOUTS_DIR
from .numbers import roman_value, say_decimal, say_integer, say_ordinal

GLOSSARY_FILE = LAYOUTS_DIR / "speech" / "glossary.toml"
_LETTERS = [chr(c) for c in range(0xC0, 0x1EFA) if chr(c).isalpha()]
UPPER = "A-Z" + "".join(c for c in _LETTERS if c.isupper())
LETTER_NAMES = {
    "A": "a", "Ă": "á", "Â": "ớ", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e", "Ê": "ê", "F": "ép",
    "G": "giê", "H": "hát", "I": "i", "J": "gi", "K": "ca", "L": "e lờ", "M": "em mờ", "N": "en nờ", "O": "o",
    "Ô": "ô", "Ơ": "ơ", "P": "pê", "Q": "quy", "R": "e rờ", "S": "ét xì", "T": "tê", "U": "u", "Ư": "ư", "V": "vê",
    "W": "vê kép", "X": "ích xì", "Y": "i dài", "Z": "dét",
}
UNITS = {"tạ/ha": "tạ trên héc ta", "tấn/ha": "tấn trên héc ta", "đồng/kg": "đồng một ki lô gam",
         "km2": "ki lô mét vuông", "km²": "ki lô mét vuông", "m2": "mét vuông", "m²": "mét vuông", "m3": "mét khối",
         "ha": "héc ta", "km": "ki lô mét", "cm": "xen ti mét", "mm": "mi li mét", "kg": "ki lô gam", "m": "mét",
         "°C": "độ xê", "USD": "đô la Mỹ", "%": "phần trăm"}
ROMAN_AFTER = r"(?:Đại hội|đại hội|[Kk]hóa|[Kk]hoá|[Kk]ỳ|lần thứ|[Tt]hế kỷ|[Qq]uý|[Pp]hần|[Cc]hương)"
NUMBER = r"\d{1,3}(?:\.\d{3})+|\d+"
#: Abbreviations that end in a dot and never end a sentence.
DOTTED = ("TP.", "TX.", "TT.", "ThS.", "TS.", "PGS.", "GS.", "BS.", "KS.", "Th.S.")


@dataclass
class SpeechText:
    """The sentences to say, and the all-capitals words the glossary did not know (spelled out)."""

    sentences: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def load_glossary(extra: dict[str, str] | None = None) -> dict[str, str]:
    glossary = tomllib.loads(GLOSSARY_FILE.read_text(encoding="utf-8"))["glossary"]
    return {**glossary, **(extra or {})}


def glossary_from(config: Path | None) -> dict[str, str]:
    """The shipped glossary, with `[speech.glossary]` of `config` (a bantin.toml) added."""
    if config is None or not Path(config).is_file():
        return load_glossary()
    try:
        table = tomllib.loads(Path(config).read_text(encoding="utf-8")).get("speech", {}).get("glossary", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError([f"{config}: {exc}"]) from exc
    bad = [key for key, value in table.items() if not isinstance(value, str)]
    if bad:
        raise ConfigError([f"{config}: [speech.glossary] '{bad[0]}': expected the words to say, as text"])
    return load_glossary(table)


def engine_from(config: Path | None, default: str) -> str:
    """`[speech] engine` of `config` (a bantin.toml): another local engine's command template, or `default`."""
    if config is None or not Path(config).is_file():
        return default
    try:
        engine = tomllib.loads(Path(config).read_text(encoding="utf-8")).get("speech", {}).get("engine", default)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError([f"{config}: {exc}"]) from exc
    if not isinstance(engine, str) or not all(f"{{{key}}}" in engine for key in ("out", "text")):
        raise ConfigError([f"{config}: [speech] 'engine': a command with {{text}} (a text file) and {{out}} "
                           "(the WAV it writes), and {voice} if it has voices"])
    return engine


def _number(text: str) -> int:
    return int(text.replace(".", ""))


def _date(day: str, month: str, year: str | None = None) -> str:
    spoken = f"{say_integer(int(day))} tháng {_month(month)}"
    return f"{spoken} năm {say_integer(int(year))}" if year else spoken


def _month(month: str) -> str:
    return "tư" if int(month) == 4 else say_integer(int(month))


def _time(hours: str, minutes: str) -> str:
    said = f"{say_integer(int(hours))} giờ"
    return f"{said} {say_integer(int(minutes))} phút" if int(minutes) else said


def _units_pattern() -> str:
    return "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))


#: (pattern, replacement function), applied in order; each turns written forms into words.
RULES: list[tuple[re.Pattern, object]] = [
    # "15/04/2024" and "ngày 15/04/2024" are both said "ngày mười lăm tháng tư năm …"
    (re.compile(r"(?:ngày\s+)?\b(\d{1,2})/(\d{1,2})/(\d{4})\b"),
     lambda m: "ngày " + _date(m.group(1), m.group(2), m.group(3))),
    (re.compile(r"(?:tháng\s+)?\b(\d{1,2})/(\d{4})\b"),
     lambda m: f"tháng {_month(m.group(1))} năm {say_integer(int(m.group(2)))}"),
    (re.compile(r"\b(\d{1,2})/(\d{1,2})\b(?!/)"), lambda m: _date(m.group(1), m.group(2))
     if 1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(2)) <= 12 else m.group(0)),
    (re.compile(r"\b(\d{1,2})(?::|h)(\d{2})\b"), lambda m: _time(m.group(1), m.group(2))),
    (re.compile(rf"(?<=\d)\s*({_units_pattern()})(?![\w²])"), lambda m: " " + UNITS[m.group(1)]),
    (re.compile(rf"\b({NUMBER})\s*[-–]\s*({NUMBER})\b(?!/)"),
     lambda m: f"{say_integer(_number(m.group(1)))} đến {say_integer(_number(m.group(2)))}"),
    (re.compile(r"\b(\d+),(\d+)"), lambda m: say_decimal(m.group(1), m.group(2))),
    (re.compile(rf"\b(thứ|Thứ)\s+({NUMBER})\b"), lambda m: f"{m.group(1)} {say_ordinal(_number(m.group(2)))}"),
    (re.compile(rf"({ROMAN_AFTER})\s+([IVXLCDM]+)\b"),
     lambda m: f"{m.group(1)} {say_integer(roman_value(m.group(2)))}" if roman_value(m.group(2)) else m.group(0)),
    (re.compile(rf"\b({NUMBER})\b"), lambda m: say_integer(_number(m.group(1)))),
]
CAPITALS = re.compile(rf"(?<![\w])([{UPPER}]{{2,}})(?![\w])")
STRAY_MARK = re.compile(r"(?:(?<=\s)|^)[\u0300-\u036f]+")


def _abbreviations(text: str, glossary: dict[str, str], unknown: list[str]) -> str:
    def say(match: re.Match) -> str:
        word = match.group(1)
        if word in glossary:
            return glossary[word]
        if word not in unknown:
            unknown.append(word)
        return " ".join(LETTER_NAMES.get(c, c) for c in word)
    text = re.sub(rf"([{UPPER}]{{2,}})[-/]([{UPPER}]{{2,}})", r"\1 \2", text)  # KT-XH, NQ/HU
    for word in (w for w in glossary if not w.isupper()):  # mixed case: ThS
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", glossary[word], text)
    return CAPITALS.sub(say, text)


def say(text: str, glossary: dict[str, str], unknown: list[str]) -> str:
    """One piece of text as words."""
    text = STRAY_MARK.sub("", " ".join(unicodedata.normalize("NFC", text).split()))
    text = text.replace("…", ".").replace("./.", ".")
    text = re.sub(rf"(\d)-([{UPPER}])", r"\1 \2", text)  # document numbers: 10-NQ/HU
    text = re.sub(rf"\s*\(([{UPPER}]{{2,}})\)", "", text)  # "lý luận chính trị (LLCT)": said once
    text = re.sub(rf"(?<=\w) - (?=[{UPPER}])", " ", text)  # compound names: Mác - Lênin
    text = re.sub(r"(?<!\w)(TP|TX|TT|ThS|TS|PGS|GS|BS|KS)\.\s", r"\1 ", text)  # TP. Hồ Chí Minh
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)  # type: ignore[arg-type]
    text = _abbreviations(text, glossary, unknown)
    text = re.sub(r"\s*[–—]\s*|\s+-\s+", ", ", text)
    text = re.sub(r"(?<=\w)/(?=\w)", " trên ", text)
    text = text.replace('"', "").replace("“", "").replace("”", "")
    return " ".join(text.split())


def sentence_ends(text: str) -> list[int]:
    """Offsets where sentences end in `text` (after the space that follows . ! ?), the last one excluded."""
    ends = []
    for match in re.finditer(rf"[.!?]+\s+(?=[{UPPER}\d“\"])", text):
        if not any(text[:match.start() + 1].endswith(a) for a in DOTTED):
            ends.append(match.end())
    return ends


def sentences(text: str) -> list[str]:
    """Split at . ! ? followed by a capital, never after a dotted abbreviation (TP. Hồ Chí Minh)."""
    bounds = [0, *sentence_ends(text), len(text)]
    return [p for p in (text[a:b].strip() for a, b in itertools.pairwise(bounds)) if p]


def sentence_runs(content: tuple[Span, ...]) -> list[tuple[Span, ...]]:
    """Inline content cut into sentences, a span split where a sentence ends inside it (its emphasis kept)."""
    ends = sentence_ends("".join(span.text for span in content))
    runs: list[list[Span]] = [[]]
    position = 0
    for span in content:
        text, start = span.text, position
        for end in [e for e in ends if start < e < start + len(text)]:
            runs[-1].append(Span(text[:end - start], span.bold, span.italic))
            runs.append([])
            text, start = text[end - start:], end
        if text:
            runs[-1].append(Span(text, span.bold, span.italic))
        position += len(span.text)
        if position in ends and runs[-1]:
            runs.append([])
    return [tuple(run) for run in runs if run]


def _pieces(doc: Bulletin) -> Iterable[str]:
    yield doc.title
    if doc.lead:
        yield doc.lead
    for block in doc.blocks:
        if isinstance(block, Figure):
            if block.caption:
                yield f"Ảnh: {block.caption}"
        elif isinstance(block, List):
            yield from (plain(item) for item in block.items)
        elif isinstance(block, Table):
            yield from ("; ".join(row) for row in block.rows)
        elif hasattr(block, "text"):
            yield block.text
    if doc.byline:
        yield f"Bài: {doc.byline}"


def speech_text(doc: Bulletin, glossary: dict[str, str] | None = None) -> SpeechText:
    """The bulletin's sentences as an announcer says them (title, lead, body, captions, byline)."""
    glossary = glossary if glossary is not None else load_glossary()
    result = SpeechText()
    for piece in _pieces(doc):
        for sentence in sentences(piece):
            result.sentences.append(say(sentence, glossary, result.unknown))
    return result


def utterances(doc: Bulletin, glossary: dict[str, str], opening: str, closing: str) -> list:
    """What the loudspeaker says, in order, with its pauses: opening, title, lead, body, byline, closing.
    Captions are left out: the listener has no photo."""
    from ..model import Heading
    from .audio import Utterance

    said: list[Utterance] = []
    unknown: list[str] = []

    def add(text: str, pause: str) -> None:
        for index, sentence in enumerate(sentences(text)):
            said.append(Utterance(say(sentence, glossary, unknown), pause if index == 0 else "sentence"))

    add(opening, "sentence")
    add(doc.title, "heading")
    if doc.lead:
        add(doc.lead, "paragraph")
    for block in doc.blocks:
        if isinstance(block, Figure | Table):
            continue
        if isinstance(block, List):
            for item in block.items:
                add(plain(item), "paragraph")
        elif hasattr(block, "text"):
            add(block.text, "heading" if isinstance(block, Heading) else "paragraph")
    if doc.byline:
        add(f"Bài: {doc.byline}", "paragraph")
    add(closing, "heading")
    return said
