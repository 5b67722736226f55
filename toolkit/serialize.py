"""A `Bulletin` as JSON and back: the contract of `bantin inspect --json` and of the JSON reader.

    {"schema": "bantin-bulletin/1", "title": str, "date": "YYYY-MM-DD" | null, "lead": str,
     "author": str | null, "byline": str | null, "language": "vi" | "en", "source": str | null,
     "format": str, "category": str | null, "url": str | null,
     "blocks": [{"type": "paragraph", "text"}, {"type": "heading", "level": 2..4, "text"},
                {"type": "figure", "src": str | null, "alt", "caption"},
                {"type": "list", "ordered": bool, "start": int, "items": [str]},
                {"type": "quote", "text"}, {"type": "table", "header": bool, "rows": [[str]]}],
     "warnings": [{"code", "message", "line": int | null}]}

Texts are plain (emphasis is not kept). Keys may be added in later versions of schema 1, never
renamed or removed; readers ignore keys they do not know.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from .errors import SchemaError
from .i18n import _
from .model import Block, Bulletin, Figure, Heading, List, Paragraph, Quote, SourceWarning, Table, plain, spans
from .text import clean_inline

SCHEMA = "bantin-bulletin/1"
BLOCK_TYPES = ("paragraph", "heading", "figure", "list", "quote", "table")


def to_dict(doc: Bulletin) -> dict[str, Any]:
    """The JSON-ready form of `doc` (see the module docstring)."""
    return {
        "schema": SCHEMA,
        "title": doc.title,
        "date": doc.date.isoformat() if doc.date else None,
        "lead": doc.lead,
        "author": doc.author,
        "byline": doc.byline,
        "language": doc.language,
        "source": str(doc.source) if doc.source else None,
        "format": doc.format,
        "category": doc.category,
        "url": doc.url,
        "blocks": [block_to_dict(block) for block in doc.blocks],
        "warnings": [{"code": w.code, "message": w.message, "line": w.line} for w in doc.warnings],
    }


def block_to_dict(block: Block) -> dict[str, Any]:
    if isinstance(block, Heading):
        return {"type": "heading", "level": block.level, "text": block.text}
    if isinstance(block, Figure):
        return {"type": "figure", "src": str(block.src) if block.src is not None else None, "alt": block.alt,
                "caption": block.caption}
    if isinstance(block, List):
        return {"type": "list", "ordered": block.ordered, "start": block.start,
                "items": [plain(item) for item in block.items]}
    if isinstance(block, Table):
        return {"type": "table", "header": block.header, "rows": [list(row) for row in block.rows]}
    return {"type": block.kind, "text": block.text}


def from_dict(data: Any, source: Path | None = None) -> Bulletin:
    """A `Bulletin` from the contract's JSON; `SchemaError` naming every field that does not fit."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise SchemaError(["the top level must be an object with at least a \"title\""])
    schema = data.get("schema", SCHEMA)
    if not isinstance(schema, str) or not schema.startswith("bantin-bulletin/1"):
        problems.append(f"schema {schema!r} is not supported (expected {SCHEMA!r})")
    title = _text(data, "title", problems, required=True)
    blocks = _blocks(data.get("blocks", []), problems)
    date, date_note = _date(data.get("date"), problems)
    fields = {key: _text(data, key, problems) or None for key in ("author", "byline", "category", "url")}
    lead = _text(data, "lead", problems)
    language = _text(data, "language", problems) or "vi"
    if problems:
        raise SchemaError(problems)
    return Bulletin(title=title, date=date, lead=lead, language="en" if language.startswith("en") else "vi",
                    source=source, format="json", blocks=tuple(blocks),
                    warnings=(date_note,) if date_note else (), **fields)


def _text(data: dict, key: str, problems: list[str], required: bool = False, where: str = "") -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        problems.append(f"{where}\"{key}\" must be {'a non-empty' if required else 'a'} string")
        return ""
    return clean_inline(value)


def _date(value: Any, problems: list[str]) -> tuple[dt.date | None, SourceWarning | None]:
    if value is None:
        return None, None
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        problems.append("\"date\" must be \"YYYY-MM-DD\" or null")
        return None, None
    try:
        return dt.date.fromisoformat(value), None
    except ValueError:
        return None, SourceWarning("impossible-date", _("{value} is not a real date").format(value=value))


def _blocks(values: Any, problems: list[str]) -> list[Block]:
    if not isinstance(values, list):
        problems.append("\"blocks\" must be a list")
        return []
    blocks = []
    for index, value in enumerate(values):
        where = f"blocks[{index}]: "
        if not isinstance(value, dict) or value.get("type") not in BLOCK_TYPES:
            kind = value.get("type") if isinstance(value, dict) else type(value).__name__
            problems.append(f"{where}unknown block type {kind!r} (known: {', '.join(BLOCK_TYPES)})")
            continue
        if (block := _block(value, where, problems)) is not None:
            blocks.append(block)
    return blocks


def _block(value: dict, where: str, problems: list[str]) -> Block | None:
    kind = value["type"]
    if kind in ("paragraph", "quote"):
        text = _text(value, "text", problems, required=True, where=where)
        return (Paragraph if kind == "paragraph" else Quote)(spans(text))
    if kind == "heading":
        level = value.get("level", 2)
        if not isinstance(level, int) or isinstance(level, bool) or not 2 <= level <= 4:
            problems.append(f"{where}\"level\" must be 2, 3 or 4")
            return None
        return Heading(level, spans(_text(value, "text", problems, required=True, where=where)))
    if kind == "figure":
        return _figure(value, where, problems)
    if kind == "list":
        return _list(value, where, problems)
    return _table(value, where, problems)


def _figure(value: dict, where: str, problems: list[str]) -> Figure:
    src = value.get("src")
    if src is not None and (not isinstance(src, str) or not src.strip()):
        problems.append(f"{where}\"src\" must be a path, a URL or null")
        src = None
    alt, caption = _text(value, "alt", problems, where=where), _text(value, "caption", problems, where=where)
    return Figure(src=as_src(src) if src else None, alt=alt, caption=caption)


def as_src(src: str) -> str:
    """How a figure keeps an image address: as written, trimmed (a `Path` would fold a URL's `//`)."""
    return src.strip()


def _list(value: dict, where: str, problems: list[str]) -> List | None:
    items = value.get("items")
    start = value.get("start", 1)
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        problems.append(f"{where}\"items\" must be a list of strings")
        return None
    if not isinstance(start, int) or isinstance(start, bool) or not 0 <= start < 100000:
        problems.append(f"{where}\"start\" must be a whole number")
        start = 1
    return List(bool(value.get("ordered", False)), tuple(spans(clean_inline(i)) for i in items if i.strip()), start)


def _table(value: dict, where: str, problems: list[str]) -> Table | None:
    rows = value.get("rows")
    if not isinstance(rows, list) or not all(isinstance(r, list) and all(isinstance(c, str) for c in r)
                                             for r in rows):
        problems.append(f"{where}\"rows\" must be a list of lists of strings")
        return None
    return Table(tuple(tuple(clean_inline(c) for c in row) for row in rows), bool(value.get("header", True)))
