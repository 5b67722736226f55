"""`bantin check`: an accessibility report for any PDF or EPUB, whoever made it.

Built-in structural checks always run (`pdf_checks`, `epub_checks`; they need only pikepdf and lxml);
the validators of `validators` are added when installed. A file passes when no check fails and every
validator that ran reported nothing.

Each file gets its own verdict and the batch always goes on: a file that cannot be opened (missing,
unreadable, encrypted, not a PDF or EPUB) or that would cost more than `CheckLimits` allow (a zip
bomb, an inflating stream, too many objects, too long) fails with the reason, and the validators are
not run on it, since they would pay the same cost.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SourceTimeout, UncheckableFile
from ..limits import time_limit
from .bounds import CheckLimits
from .findings import FAIL, PASS, WARN, Check
from .validators import ValidatorResult, kind_of, validate

log = logging.getLogger(__name__)
__all__ = ["FAIL", "PASS", "WARN", "Check", "CheckLimits", "FileReport", "check_file", "check_files"]


@dataclass
class FileReport:
    path: Path
    kind: str
    checks: list[Check] = field(default_factory=list)
    validators: list[ValidatorResult] = field(default_factory=list)
    #: Why the file could not be checked at all ("" when it could).
    unreadable: str = ""

    @property
    def ok(self) -> bool:
        return all(c.status != FAIL for c in self.checks) and all(v.ok for v in self.validators)

    def to_dict(self) -> dict:
        return {"path": str(self.path), "kind": self.kind, "ok": self.ok, "unreadable": self.unreadable,
                "checks": [vars(c) for c in self.checks],
                "validators": [v.to_dict() for v in self.validators]}


def _kind(path: Path) -> str:
    if path.is_dir():
        raise UncheckableFile("is a folder, not a PDF or EPUB file")
    if not path.exists():
        raise UncheckableFile("no such file")
    if not path.is_file():
        raise UncheckableFile("not a regular file (a device or a pipe)")
    try:
        return kind_of(path)
    except OSError as exc:
        raise UncheckableFile(f"cannot be read ({exc.strerror or exc})") from None


def check_file(path: Path, limits: CheckLimits | None = None) -> FileReport:
    """The built-in checks of one file; never raises for anything about the file itself."""
    from .epub_checks import check_epub
    from .pdf_checks import check_pdf

    path, limits = Path(path), limits or CheckLimits()
    report = FileReport(path, "?")
    try:
        report.kind = _kind(path)
        if report.kind not in ("pdf", "epub"):
            raise UncheckableFile("neither a PDF nor an EPUB")
        with time_limit(limits.seconds, path, "checking"):
            report.checks = (check_pdf if report.kind == "pdf" else check_epub)(path, limits)
    except UncheckableFile as exc:
        report.unreadable = exc.reason
    except SourceTimeout:
        report.unreadable = f"refused: gave up after {limits.seconds:g} s (see --timeout)"
    except MemoryError:
        report.unreadable = "refused: ran out of memory reading it"
    except Exception as exc:  # a file no rule above foresaw still gets a verdict, and the batch goes on
        log.debug("check failed on %s", path, exc_info=True)
        report.unreadable = f"could not be checked ({type(exc).__name__}: {exc})"
    if report.unreadable:
        report.checks = [Check("readable", FAIL, report.unreadable)]
    return report


def check_files(paths: list[Path], validators: list[str] | None = None, run_validators: bool = True,
                limits: CheckLimits | None = None) -> list[FileReport]:
    """A report per file: built-in checks, then each installed (or each named) validator."""
    reports = [check_file(path, limits) for path in paths]
    if run_validators:
        checkable = [r.path for r in reports if not r.unreadable]
        found = validate(checkable, validators) if checkable else {}
        for report in reports:
            report.validators = found.get(report.path, [])
    return reports
