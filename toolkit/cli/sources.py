"""`bantin inspect` (the parsed bulletin, as text or as the JSON contract) and `bantin lint`."""

import json
from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from .app import DebugOpt, ExitStatus, SourcesArg, UiLangOpt, command, say, warn

FormatOpt = Annotated[str | None, typer.Option("--format", "-f", metavar="FORMAT",
                                               help="Read as this format instead of "
                                               "detecting it (portal-text, portal-html, html, markdown, json).")]


@command()
def inspect(
    source: Annotated[Path, typer.Argument(help="One source file.", metavar="FILE", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the bulletin as JSON (the documented "
                                          "contract, readable back by bantin).")] = False,
    source_format: FormatOpt = None,
    speech: Annotated[bool, typer.Option("--speech", help="Print the speech text: what the spoken edition "
                                         "says, one sentence a line.")] = False,
    config: Annotated[Path | None, typer.Option("--config", metavar="FILE",
                                                help="Settings file with a [speech.glossary] table "
                                                "(default: bantin.toml in the current folder, if any).")] = None,
    debug: DebugOpt = False,
    ui_lang: UiLangOpt = None,
) -> None:
    """Show how bantin reads a source: title, date, lead, author, blocks and warnings."""
    from ..readers import read_source  # the readers on demand: `bantin --help` stays fast
    from ..serialize import to_dict

    doc = read_source(source, source_format)
    if speech:
        _print_speech(doc, config)
        return
    data = to_dict(doc)
    if as_json:
        say(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for line in describe(data):
        say(line)
    say(typography_line(doc))


def _print_speech(doc, config: Path | None) -> None:
    from ..speech.normalise import glossary_from, speech_text

    if config is None and Path("bantin.toml").is_file():
        config = Path("bantin.toml")
    text = speech_text(doc, glossary_from(config))
    for sentence in text.sentences:
        say(sentence)
    for word in text.unknown:
        warn(_("{source}: “{word}” is not in the glossary, so it is spelled letter by letter; add it to "
               "[speech.glossary] in bantin.toml").format(source=doc.source, word=word))


def typography_line(doc) -> str:
    """What the typographic clean-up will change when the bulletin is set (the source stays as it is)."""
    from ..render.typography import CHANGE_NAMES, changes

    found = changes(doc)
    said = ", ".join(f"{found[name]} {label}" for name, label in CHANGE_NAMES.items() if found[name])
    return f"{'typeset':<9}{said or 'nothing to change'} (in print and EPUB; the source is not changed)"


def describe(data: dict) -> list[str]:
    """The bulletin as readable lines: header fields, then one line per block, then warnings."""
    lines = [f"{key:<9}{data[key]}" for key in ("format", "title", "date", "author", "byline", "category", "url")
             if data.get(key)]
    if data["lead"]:
        lines.append(f"{'lead':<9}{data['lead']}")
    lines.append(f"blocks   {len(data['blocks'])}")
    for index, block in enumerate(data["blocks"], start=1):
        lines.append(f"  {index:>3} {_block_line(block)}")
    for warning in data["warnings"]:
        where = f"line {warning['line']}: " if warning["line"] else ""
        lines.append(f"warning  {where}{warning['message']} [{warning['code']}]")
    return lines


def _block_line(block: dict) -> str:
    kind = block["type"]
    if kind == "heading":
        return f"heading {block['level']}: {block['text']}"
    if kind == "figure":
        return (f"figure: {block['src'] or '(no image)'} | alt: {block['alt'] or '-'} "
                f"| caption: {block['caption'] or '-'}")
    if kind == "list":
        return f"{'ordered ' if block['ordered'] else ''}list: " + " / ".join(block["items"])
    if kind == "table":
        return f"table: {len(block['rows'])} rows × {max((len(r) for r in block['rows']), default=0)} columns"
    text = block["text"]
    return f"{kind}: {text[:100]}{'…' if len(text) > 100 else ''}"


@command()
def lint(
    sources: SourcesArg,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when any problem is found.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON for scripts.")] = False,
    debug: DebugOpt = False,
    ui_lang: UiLangOpt = None,
) -> None:
    """Report source problems (stray marks, Ð for Đ, mixed tone placement, images, alt text, encoding)."""
    from ..qa.lint import lint_source  # on demand, as above

    reports = [lint_source(path) for path in sources]
    if as_json:
        say(json.dumps([_report_dict(r) for r in reports], ensure_ascii=False, indent=2))
    else:
        for line in _report_lines(reports):
            say(line)
    failed = any(not r.ok for r in reports) or (strict and any(r.findings for r in reports))
    if failed:
        raise typer.Exit(ExitStatus.FAILED)


def _report_dict(report) -> dict:
    return {"source": str(report.source), "format": report.format, "ok": report.ok, "error": report.error,
            "findings": [{"code": f.code, "message": f.message, "line": f.line} for f in report.findings]}


def _report_lines(reports) -> list[str]:
    lines = []
    for report in reports:
        if report.error:
            lines.append(f"{report.error} [{_('unreadable')}]")
        for finding in report.findings:
            where = f"{report.source}:{finding.line}" if finding.line else str(report.source)
            lines.append(f"{where}: {finding.message} [{finding.code}]")
    count = sum(len(r.findings) for r in reports)
    unreadable = sum(not r.ok for r in reports)
    summary = _("{count} problem(s) in {sources} source(s)").format(count=count, sources=len(reports))
    if unreadable:
        summary += _(", {count} unreadable").format(count=unreadable)
    lines.append(summary)
    return lines
