"""Score bantin's readers against the corpus of realistic sources in this folder.

`expected.json` holds, for every source (key: its path relative to this folder), what a careful editor
reads from it: `format`, `title`, `date` (the article's own date, "YYYY-MM-DD" or null), `lead_starts`
(the first characters of the lead; "" means there is no lead), `author` (the byline's name only, or
null), `paragraphs` (body paragraphs after the lead), `captions` (figure captions in order) and
`not_in_output` (site chrome that must appear nowhere in what the reader returns).

Each source is read with `toolkit.read_source` and scored on eight fields; a source whose reading
raises is wrong on every field.

    python tests/corpus/score.py              # the table and the misses; exit 1 unless all 100%
    python tests/corpus/score.py copied-text  # only the sources whose path contains one of the words
    python tests/corpus/score.py --json       # the same as JSON, for scripts

From Python (or pytest): `score_all()` returns a `Score` (`.perfect`, `.table()`, `.report()`).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent
EXPECTED = CORPUS / "expected.json"
FIELDS = ("format", "title", "date", "lead", "author", "paragraphs", "captions", "chrome")
ENTRY_KEYS = ("format", "title", "date", "lead_starts", "author", "paragraphs", "captions", "not_in_output")
FORMATS = ("portal-text", "portal-html", "html", "markdown", "json", "copied-text")


@dataclass(frozen=True)
class Miss:
    source: str
    field: str
    expected: Any
    got: Any


@dataclass
class Score:
    """Right answers per field over the scored sources, and every miss."""

    sources: list[str] = field(default_factory=list)
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    misses: list[Miss] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.sources)

    @property
    def perfect(self) -> bool:
        return bool(self.sources) and not self.misses

    def percent(self, name: str) -> float:
        return 100.0 * self.right[name] / self.total if self.total else 0.0

    def table(self) -> str:
        lines = [f"{'field':<12}{'right/total':>13}{'%':>9}"]
        for name in FIELDS:
            ratio = f"{self.right[name]}/{self.total}"
            lines.append(f"{name:<12}{ratio:>13}{self.percent(name):>8.1f}%")
        right = sum(self.right.values())
        cells = self.total * len(FIELDS)
        overall = 100.0 * right / cells if cells else 0.0
        lines.append(f"{'all fields':<12}{f'{right}/{cells}':>13}{overall:>8.1f}%")
        return "\n".join(lines)

    def misses_text(self) -> str:
        if not self.misses:
            return "no misses"
        lines = [f"{len(self.misses)} misses:"]
        for miss in self.misses:
            lines.append(f"- {miss.source} [{miss.field}]")
            lines.append(f"    expected: {_show(miss.expected)}")
            lines.append(f"    got:      {_show(miss.got)}")
        return "\n".join(lines)

    def report(self) -> str:
        return f"{self.table()}\n\n{self.misses_text()}"

    def as_json(self) -> dict:
        return {"sources": self.total,
                "fields": {name: {"right": self.right[name], "total": self.total,
                                  "percent": round(self.percent(name), 1)} for name in FIELDS},
                "misses": [{"source": m.source, "field": m.field, "expected": m.expected, "got": m.got}
                           for m in self.misses]}


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 400 else text[:397] + "..."


def norm(text: str | None) -> str:
    """Text as compared: NFC, whitespace runs (including no-break spaces) as one space, stripped."""
    if not text:
        return ""
    return " ".join(unicodedata.normalize("NFC", text).split())


def load_expected(path: Path = EXPECTED) -> dict[str, dict]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def check_corpus(expected: dict[str, dict] | None = None, corpus: Path = CORPUS) -> list[str]:
    """Problems of the corpus itself (not of the readers): entries without a source, sources without an
    entry, malformed entries. Empty when the corpus is well formed."""
    expected = load_expected(corpus / "expected.json") if expected is None else expected
    problems = []
    for key, entry in expected.items():
        if not (corpus / key).is_file():
            problems.append(f"{key}: no such source")
        missing = [k for k in ENTRY_KEYS if k not in entry]
        if missing:
            problems.append(f"{key}: missing keys {missing}")
            continue
        if entry["format"] not in FORMATS:
            problems.append(f"{key}: unknown format {entry['format']!r}")
        if not isinstance(entry["paragraphs"], int) or entry["paragraphs"] < 0:
            problems.append(f"{key}: paragraphs must be a count")
        if not 5 <= len(entry["not_in_output"]) <= 8:
            problems.append(f"{key}: {len(entry['not_in_output'])} not_in_output strings (want 5-8)")
    sources = {p.relative_to(corpus).as_posix() for p in corpus.rglob("*")
               if p.is_file() and p.parent.name != "images" and "__pycache__" not in p.parts
               and p.suffix in {".txt", ".html", ".htm", ".md", ".json"}
               and p.name not in {"expected.json", "README.md"}}
    for key in sorted(sources - set(expected)):
        problems.append(f"{key}: source without an entry in expected.json")
    return problems


def _read_source(path: Path):
    try:
        import toolkit
    except ImportError:  # run from a checkout without bantin installed: use the tree this corpus is in
        sys.path.insert(0, str(CORPUS.parents[1]))
        import toolkit
    return toolkit.read_source(path)


def _output_texts(doc) -> list[tuple[str, str]]:
    """Every text the reader returns, with where it is."""
    texts = [("title", doc.title), ("lead", doc.lead), ("author", doc.author), ("byline", doc.byline)]
    for index, block in enumerate(doc.blocks):
        where = f"block {index} ({block.kind})"
        if hasattr(block, "text"):
            texts.append((where, block.text))
        if getattr(block, "caption", None):
            texts.append((where + " caption", block.caption))
        for item in getattr(block, "items", ()) or ():
            texts.append((where, "".join(span.text for span in item)))
        for row in getattr(block, "rows", ()) or ():
            texts.append((where, " | ".join(row)))
    return [(where, text) for where, text in texts if text]


def observe(doc) -> dict[str, Any]:
    """What the reader got, field by field, in the form `expected.json` uses."""
    return {
        "format": doc.format,
        "title": norm(doc.title),
        "date": doc.date.isoformat() if doc.date else None,
        "lead": norm(doc.lead),
        "author": norm(doc.author) or None,
        "paragraphs": sum(1 for block in doc.blocks if block.kind == "paragraph"),
        "captions": [norm(block.caption) for block in doc.blocks
                     if block.kind == "figure" and norm(getattr(block, "caption", ""))],
        "texts": _output_texts(doc),
    }


def judge(entry: dict, got: dict) -> list[tuple[str, bool, Any, Any]]:
    """(field, right, expected, got) for the eight fields of one source."""
    lead_starts = norm(entry["lead_starts"])
    lead_ok = got["lead"].startswith(lead_starts) if lead_starts else got["lead"] == ""
    chrome = []
    for needle in entry["not_in_output"]:
        places = sorted({where for where, text in got["texts"] if needle in text})
        if places:
            chrome.append(f"{needle!r} in {', '.join(places)}")
    expected_author = norm(entry["author"]) or None
    return [
        ("format", got["format"] == entry["format"], entry["format"], got["format"]),
        ("title", got["title"] == norm(entry["title"]), entry["title"], got["title"]),
        ("date", got["date"] == entry["date"], entry["date"], got["date"]),
        ("lead", lead_ok, entry["lead_starts"] + ("…" if lead_starts else ""), got["lead"][:120]),
        ("author", got["author"] == expected_author, entry["author"], got["author"]),
        ("paragraphs", got["paragraphs"] == entry["paragraphs"], entry["paragraphs"], got["paragraphs"]),
        ("captions", got["captions"] == [norm(c) for c in entry["captions"]], entry["captions"], got["captions"]),
        ("chrome", not chrome, "none of " + ", ".join(map(repr, entry["not_in_output"])), chrome),
    ]


def score_source(key: str, entry: dict, corpus: Path = CORPUS) -> list[tuple[str, bool, Any, Any]]:
    try:
        doc = _read_source(corpus / key)
        return judge(entry, observe(doc))
    except Exception as exc:  # a reader that raises is wrong on every field
        error = f"raised {type(exc).__name__}: {exc}"
        return [(name, False, _expected_of(entry, name), error) for name in FIELDS]


def _expected_of(entry: dict, name: str) -> Any:
    return {"lead": entry["lead_starts"], "chrome": entry["not_in_output"]}.get(name, entry.get(name))


def score_all(corpus: Path = CORPUS, only: list[str] | None = None) -> Score:
    """Read every source of the corpus (or those whose path contains one of `only`) and score it."""
    expected = load_expected(corpus / "expected.json")
    score = Score()
    for key, entry in expected.items():
        if only and not any(word in key for word in only):
            continue
        score.sources.append(key)
        for name, right, want, got in score_source(key, entry, corpus):
            if right:
                score.right[name] += 1
            else:
                score.misses.append(Miss(key, name, want, got))
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score bantin's readers against tests/corpus/expected.json.")
    parser.add_argument("only", nargs="*", help="score only sources whose path contains one of these")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    problems = check_corpus()
    for problem in problems:
        print(f"corpus problem: {problem}", file=sys.stderr)
    score = score_all(only=args.only or None)
    if args.json:
        print(json.dumps(score.as_json(), ensure_ascii=False, indent=1))
    else:
        print(f"{score.total} sources\n")
        print(score.report())
    return 0 if score.perfect and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
