"""A bulletin written in Markdown (CommonMark with tables), with an optional YAML front matter.

    ---
    title: …            date: 2024-10-18 (or 18/10/2024)     author: …
    lead: …             category: …                          source: https://…
    ---
    ![alt text](images/photo.jpg "Caption")

    Body paragraphs, ## subheadings, lists, > quotes, | tables |

Without a front matter the first `# heading` (or a short first line) is the title. The YAML is
read with `yaml.safe_load` only. Markdown becomes HTML with markdown-it, then follows the same
clean-and-walk path as web pages, so a raw HTML block in the file is cleaned like any page.

Heavy libraries (PyYAML, markdown-it) are imported inside the functions that use them, so `bantin --help` and a
no-op archive rerun never load them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..dates import ImpossibleDate, parse_date
from ..errors import SourceError
from ..i18n import _
from ..images import address_warnings
from ..model import Bulletin, Figure, SourceWarning
from ..text import clean_inline
from . import heuristics as h
from .decoding import looks_binary
from .html import clean, rules, walk
from .source import head_text, read_text

FORMAT = "markdown"
KEYS = ("title", "date", "author", "lead", "category", "source", "language", "lang", "byline")
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*$\r?\n?", re.DOTALL | re.MULTILINE)


def sniff(head: bytes, suffix: str) -> bool:
    """Markdown files, and (asked last) any other plain text: plain paragraphs are valid CommonMark."""
    if suffix in (".md", ".markdown", ".mdown", ".mkd"):
        return True
    text = head_text(head)
    if _FRONT.match(text) or re.match(r"\A\s*#{1,2} \S", text):
        return True
    return suffix in (".txt", ".text", "") and _is_text(head)


def _is_text(head: bytes) -> bool:
    """Text in any encoding bantin decodes or recognises (legacy font text gets its own clear error)."""
    return head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or not looks_binary(head[:4096])


@dataclass
class FrontMatter:
    values: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)
    length: int = 0  # lines taken by the front matter, to give body warnings their real line


def read(path: Path) -> Bulletin:
    decoded = read_text(path)
    return parse(decoded.text, path, decoded.warnings)


def parse(text: str, path: Path, warnings: tuple[SourceWarning, ...] = ()) -> Bulletin:
    notes = list(warnings)
    front = _front_matter(text, path, notes)
    body = text[len("".join(text.splitlines(keepends=True)[: front.length])):]
    title, html = _render(body, front)
    converted = rules.convert(walk.walk_html(clean.sanitize(html)))
    blocks = converted.blocks
    if not title:
        title, blocks = _title_from_first_line(blocks)
    if not title:
        raise SourceError(path, _("no title found: put the bulletin's title alone on the first line (or `# Title`, "
                                  "or `title:` in a front matter); a page copied from a browser needs its title "
                                  "and date lines too"))
    notes += address_warnings([b for b in blocks if isinstance(b, Figure)], path.parent, text)
    byline = converted.byline
    author = _string(front.values.get("author")) or (byline.author if byline else None)
    return Bulletin(
        title=title, date=_date(front, notes), lead=_string(front.values.get("lead")) or "",
        author=author or None,
        byline=_string(front.values.get("byline")) or (byline.text if byline else None) or author or None,
        language=_language(front), source=path, format=FORMAT,
        category=_string(front.values.get("category")) or None, url=_string(front.values.get("source")) or None,
        blocks=blocks, warnings=tuple(notes),
    )


def _front_matter(text: str, path: Path, notes: list[SourceWarning]) -> FrontMatter:
    import yaml

    match = _FRONT.match(text)
    if not match:
        return FrontMatter()
    try:
        values = yaml.load(match.group(1), Loader=_loader()) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or exc
        raise SourceError(path, _("front matter is not valid YAML: {problem}").format(problem=problem),
                          mark.line + 2 if mark else None) from exc
    if not isinstance(values, dict):
        raise SourceError(path, _("front matter must be `key: value` lines"), 2)
    lines = {str(k): _key_line(match.group(1), str(k)) for k in values}
    for key in values:
        if str(key) not in KEYS:
            notes.append(SourceWarning(
                "front-matter", _("unknown front matter key '{key}' (known: {known})")
                .format(key=key, known=", ".join(KEYS)), lines[str(key)]))
    length = match.group(0).count("\n") + (0 if match.group(0).endswith("\n") else 1)
    return FrontMatter({str(k): v for k, v in values.items()}, lines, length)


@lru_cache(maxsize=1)
def _loader():
    """`yaml.SafeLoader` that leaves dates as text: an impossible date must warn, not break the file."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


def _key_line(yaml_text: str, key: str) -> int | None:
    match = re.search(rf"^{re.escape(key)}\s*:", yaml_text, re.MULTILINE)
    return yaml_text.count("\n", 0, match.start()) + 2 if match else None


def _string(value) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return clean_inline(str(value))


def _render(body: str, front: FrontMatter) -> tuple[str, str]:
    """The title (front matter, else a leading `# heading`) and the body as HTML."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    tokens = md.parse(body)
    title = _string(front.values.get("title"))
    if not title and len(tokens) >= 3 and tokens[0].type == "heading_open" and tokens[0].tag == "h1":
        title = clean_inline(tokens[1].content)
        tokens = tokens[3:]
    return title, _captioned(md.renderer.render(tokens, md.options, {}))


def _captioned(html: str) -> str:
    """Turn `<img title="…">` into a figure, since a Markdown image title is its caption."""
    def figure(match: re.Match) -> str:
        return f"<figure>{match.group(0)}<figcaption>{match.group('title')}</figcaption></figure>"

    return re.sub(r'<img [^>]*title="(?P<title>[^"]*)"[^>]*>', figure, html)


def _title_from_first_line(blocks: tuple) -> tuple[str, tuple]:
    """A file that starts with a short line, Markdown without markup: that line is the title."""
    if blocks and blocks[0].kind in ("paragraph", "heading") and h.looks_like_heading(blocks[0].text):
        return blocks[0].text, blocks[1:]
    return "", blocks


def _date(front: FrontMatter, notes: list[SourceWarning]) -> dt.date | None:
    value = front.values.get("date")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None:
        return None
    try:
        found = parse_date(str(value))
    except ImpossibleDate as exc:
        notes.append(SourceWarning("impossible-date", str(exc), front.lines.get("date")))
        return None
    if found is None:
        notes.append(SourceWarning(
            "bad-date", _("date '{value}' is not a date (write 2024-10-18 or 18/10/2024)").format(value=value),
                                   front.lines.get("date")))
    return found


def _language(front: FrontMatter) -> str:
    value = _string(front.values.get("language") or front.values.get("lang")).lower()
    return "en" if value.startswith("en") else "vi"
