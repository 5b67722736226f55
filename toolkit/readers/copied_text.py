"""Page text copied from a browser (Ctrl+A, Ctrl+C on a newspaper or portal page, pasted into a .txt).

The article sits between the site's chrome, and sites order their chrome differently, so nothing
here matches the words of one site. Each line is judged on line-level evidence (`chrome.py`): menu
bullets and runs of short link-like lines, breadcrumbs, contact and licence lines, buttons, view
counters, banners; the first "related news" heading after the article ends it. The article is found
where a title-like line stands next to a date line and is followed by running text: the site clock
at the top has no title beside it. Short lines without final punctuation between paragraphs are
captions whose photo did not survive the copy; a short name after the last paragraph is the byline.

No library fits this: trafilatura and jusText classify HTML blocks, and pasted text has lost the
markup they read. When the evidence is thin (no title next to a date, little running text, no
date), the reader says so in a named warning instead of guessing silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..dates import ImpossibleDate, is_date_line, parse_date
from ..errors import SourceError
from ..i18n import _
from ..model import Block, Bulletin, Figure, Paragraph, SourceWarning, spans
from ..text import clean_inline, split_lines
from . import chrome
from . import heuristics as h
from .source import head_text, read_text

FORMAT = "copied-text"
#: Chrome lines a file needs (of at least two kinds) to be read as a copied page rather than a text dump.
MIN_CHROME_LINES = 3
#: Words of running text under which the article is too thin to trust.
MIN_ARTICLE_WORDS = 40
#: A short last line is the byline, however it is worded, up to this many words (longer: a caption).
MAX_BYLINE_WORDS = 6


@dataclass(frozen=True)
class Line:
    number: int
    text: str
    chrome: str | None  # why the line is the site's, not the article's


def sniff(head: bytes, suffix: str) -> bool:
    """Plain text with enough of a web page's chrome around it (and no portal web part markers)."""
    text = head_text(head)
    if suffix in (".md", ".markdown", ".json", ".html", ".htm") or text.lstrip().startswith(("<", "{", "---")):
        return False
    if "PublishingPortal" in text:
        return False
    lines = _lines(text)
    kinds = {line.chrome for line in lines if line.chrome}
    return len(kinds) >= 2 and sum(1 for line in lines if line.chrome) >= MIN_CHROME_LINES


def read(path: Path) -> Bulletin:
    decoded = read_text(path)
    return parse(decoded.text, path, decoded.warnings)


def parse(text: str, path: Path, warnings: tuple[SourceWarning, ...] = ()) -> Bulletin:
    notes = list(warnings)
    lines = [line for line in _lines(text) if line.text]
    start, title, date_line = _find_article(lines, path, notes)
    body = _article_lines(lines[start:])
    blocks, byline = _blocks(body)
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    date = _date(date_line, notes)
    if date_line is None:
        notes.append(SourceWarning(
            "no-date", _("no date next to the title: the bulletin is undated (add the date line under the title, as "
               "on the page)"), title.number))
    if sum(h.words(p.text) for p in paragraphs) < MIN_ARTICLE_WORDS:
        notes.append(SourceWarning(
            "mostly-chrome", _("little running text was found between the site's menus and footers; check that the "
               "whole article was copied"), title.number))
    lead = paragraphs[0].text if paragraphs else ""
    blocks = [b for b in blocks if not (paragraphs and b is paragraphs[0])]
    return Bulletin(title=title.text, date=date, lead=lead, author=byline.author if byline else None,
                    byline=byline.text if byline else None, source=path, format=FORMAT, blocks=tuple(blocks),
                    warnings=tuple(notes))


def _lines(text: str) -> list[Line]:
    raw = split_lines(text)
    marks = chrome.classify([clean_inline(line) for line in raw], raw)
    return [Line(n, clean_inline(line), mark) for n, (line, mark) in enumerate(zip(raw, marks, strict=True), start=1)]


# --- where the article is ------------------------------------------------------------------------

def _find_article(lines: list[Line], path: Path, notes: list[SourceWarning]) -> tuple[int, Line, Line | None]:
    """(index where the body starts, the title line, the article's date line or None)."""
    best = max(_title_candidates(lines), key=lambda c: (_starts_running_text(lines, c[0]), c[3], -c[0]),
               default=None)
    if best is not None:
        index, title, date_line, _score = best
        return index, title, date_line
    fallback = _title_before_first_paragraph(lines)
    if fallback is None:
        raise SourceError(path, _("no article found in the copied page: no title-like line followed by paragraphs "
                                  "(copy the whole page, or save it as HTML with “Save page as…”)"))
    title = lines[fallback]
    notes.append(SourceWarning(
        "uncertain-title", _("no title-like line next to a date: took “{title}” as the title; check it").format(
                                   title=title.text[:80]), title.number))
    return fallback + 1, title, None


def _title_before_first_paragraph(lines: list[Line]) -> int | None:
    """Without a date beside it, the title is the title-like line closest above the first paragraph."""
    first = next((i for i, line in enumerate(lines) if line.chrome is None and _paragraph_like(line.text)), None)
    if first is None:
        return None
    return next((i for i in range(first - 1, max(-1, first - 4), -1) if _title_like(lines[i])), None)


def _title_candidates(lines: list[Line]):
    """(body start, title, date line, words of running text after) for each title line next to a date."""
    for i, line in enumerate(lines):
        if not _title_like(line):
            continue
        before = lines[i - 1] if i > 0 else None
        after = lines[i + 1] if i + 1 < len(lines) else None
        if after is not None and _is_date(after):
            yield i + 2, line, after, _running_text_after(lines, i + 2)
        elif before is not None and _is_date(before):
            yield i + 1, line, before, _running_text_after(lines, i + 1)


def _starts_running_text(lines: list[Line], start: int) -> bool:
    """Whether the article's text begins right there: a site's name next to its clock is followed by menus
    or by the real title, an article's title and date by its first paragraph."""
    first = next((line for line in lines[start:] if line.chrome is None and not is_date_line(line.text)), None)
    return first is not None and _paragraph_like(first.text)


def _is_date(line: Line) -> bool:
    return is_date_line(line.text)


def _title_like(line: Line) -> bool:
    text = line.text
    return (line.chrome is None and not is_date_line(text) and 3 <= h.words(text) <= 35
            and not text.endswith((".", ";", ",")) and (text[0].isupper() or text[0].isdigit())
            and not chrome.is_uppercase_banner(text))


def _running_text_after(lines: list[Line], start: int) -> int:
    """Words of paragraph-like text from `start` to the end of the article."""
    return sum(h.words(line.text) for line in _article_lines(lines[start:]) if _paragraph_like(line.text))


def _article_lines(lines: list[Line]) -> list[Line]:
    """The lines of the article: up to the first end-of-article chrome (related news, share buttons,
    footer) once running text has begun; other chrome inside it (a view counter) is left out."""
    kept: list[Line] = []
    for line in lines:
        if line.chrome in chrome.ENDS_ARTICLE and any(_paragraph_like(k.text) for k in kept):
            break
        if line.chrome is None and not is_date_line(line.text):
            kept.append(line)
    return kept


def _paragraph_like(text: str) -> bool:
    """Running text: it ends as a sentence does (before any closing quote or bracket), or it is long."""
    return text.rstrip("\"”’)»").endswith(h.FINAL_PUNCTUATION) or h.words(text) >= 25


# --- the article's blocks ------------------------------------------------------------------------

def _blocks(body: list[Line]) -> tuple[list[Block], h.Byline | None]:
    texts = [line.text for line in body]
    byline = _byline(texts[-1]) if len(texts) > 1 and not _paragraph_like(texts[-1]) else None
    if byline:
        texts.pop()
    blocks: list[Block] = []
    for text in texts:
        if _paragraph_like(text):
            blocks.append(Paragraph(spans(text)))
        elif h.words(text) <= h.MAX_CAPTION_WORDS:  # a photo's caption: the photo did not survive the copy
            blocks.append(Figure(src=None, caption=text))
        else:
            blocks.append(Paragraph(spans(text)))
    return blocks, byline


def _byline(text: str) -> h.Byline | None:
    """The short line after the last paragraph: a name, a credit ("Tin, ảnh: …") or the office that wrote it."""
    return h.parse_byline(text) or (h.marked_byline(text) if h.words(text) <= MAX_BYLINE_WORDS else None)


def _date(line: Line | None, notes: list[SourceWarning]):
    if line is None:
        return None
    try:
        return parse_date(line.text)
    except ImpossibleDate as exc:
        notes.append(SourceWarning("impossible-date", str(exc), line.number))
        return None
