"""Source problems worth fixing before a bulletin is printed, with the line they are on.

A finding is what a reader calls a source warning (`SourceWarning`: code, message, line).

Two kinds of checks: on the source text as written (stray combining marks, `Ð` typed for `Đ`,
old and new tone placement mixed, a legacy encoding) and on the bulletin read from it (missing
or remote images, figures without alt text or caption, an empty lead, the reader's warnings).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ToolkitError
from ..i18n import _
from ..images import line_of
from ..model import Bulletin, Figure, SourceWarning
from ..readers import read_source
from ..readers.source import read_text

# Tone on the second vowel of oa/oe/uy at the end of a syllable is the old placement (hoà, thuỷ);
# on the first vowel it is the new one (hòa, thủy). Either is correct; both in one text is not.
_OLD_TONE = re.compile(r"(?<![^\W\d_])(?:[^\W\d_]*?)(?:o[àáảãạ]|o[èéẻẽẹ]|(?<!q)u[ỳýỷỹỵ])(?![^\W\d_])", re.I)
_NEW_TONE = re.compile(r"(?<![^\W\d_])(?:[^\W\d_]*?)(?:[òóỏõọ][ae]|(?<!q)[ùúủũụ]y)(?![^\W\d_])", re.I)


@dataclass
class LintReport:
    source: Path
    format: str | None = None
    findings: list[SourceWarning] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def lint_source(path: Path) -> LintReport:
    """Every problem found in one source; a source that cannot be read is reported, not raised."""
    report = LintReport(Path(path))
    try:
        decoded = read_text(Path(path))
        doc = read_source(Path(path))
    except ToolkitError as exc:
        report.error = str(exc)
        return report
    report.format = doc.format
    findings = [*_mixed_tones(decoded.text), *bulletin_findings(doc, decoded.text)]
    report.findings = sorted(dict.fromkeys(findings), key=lambda f: (f.line or 0, f.code))
    return report


def _mixed_tones(text: str) -> list[SourceWarning]:
    old = [(m, _line(text, m.start())) for m in _OLD_TONE.finditer(text)]
    new = [(m, _line(text, m.start())) for m in _NEW_TONE.finditer(text)]
    if not old or not new:
        return []
    minority, majority = (old, new) if len(old) <= len(new) else (new, old)
    style = "old (hoà)" if minority is old else "new (hòa)"
    example = majority[0][0].group()
    return [SourceWarning("mixed-tone-placement", f"“{m.group()}” uses the {style} tone placement while "
                    f"{len(majority)} word(s) such as “{example}” use the other", line) for m, line in minority]


def _line(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def bulletin_findings(doc: Bulletin, text: str = "") -> list[SourceWarning]:
    """Problems in what the reader made of the source."""
    findings = list(doc.warnings)
    if not doc.title.strip():
        findings.append(SourceWarning("empty-title", _("the bulletin has no title")))
    if not doc.lead.strip():
        findings.append(SourceWarning("empty-lead", _("the bulletin has no lead (sapo) under its title")))
    findings += _figure_findings(doc.figures, text)
    return findings


def _figure_findings(figures: Iterable[Figure], text: str) -> list[SourceWarning]:
    findings = []
    for number, figure in enumerate(figures, start=1):
        line = line_of(text, str(figure.src)) if figure.src is not None else line_of(text, figure.caption)
        what = _("figure {number}").format(number=number) + (f" ({figure.src})" if figure.src is not None else "")
        if figure.src is not None and not figure.alt and not figure.caption:
            findings.append(SourceWarning(
                "no-alt-text", _("{what} has neither alt text nor caption").format(what=what), line))
        elif figure.src is not None and not figure.caption:
            findings.append(SourceWarning("no-caption", _("{what} has no caption").format(what=what), line))
        elif figure.src is not None and not figure.alt:
            findings.append(SourceWarning(
                "no-alt-text", _("{what} has no alt text (its caption is used instead)").format(what=what), line))
    return findings
