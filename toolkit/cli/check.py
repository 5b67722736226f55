"""`bantin check`: accessibility report for PDF and EPUB files (any maker)."""

import json
from pathlib import Path
from typing import Annotated

import typer

from ..defaults import DEFAULT_TIMEOUT_S
from ..errors import ConfigError, ConfigProblem, ValidatorUnavailable
from ..i18n import _
from .app import DebugOpt, ExitStatus, UiLangOpt, command, say

FilesArg = Annotated[list[Path], typer.Argument(help="PDF or EPUB files to check.", metavar="FILE", show_default=False)]
MARKS = {"pass": "ok  ", "fail": "FAIL", "warn": "warn"}


@command()
def check(
    files: FilesArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    validator: Annotated[list[str] | None, typer.Option(
        "--validator", "-V", metavar="NAME", help="Run only this validator (epubcheck, ace, pdfua, verapdf); "
        "repeatable. By default every installed one runs.")] = None,
    no_validators: Annotated[bool, typer.Option("--no-validators", help="Built-in checks only (fast).")] = False,
    timeout: Annotated[float, typer.Option("--timeout", metavar="SECONDS",
                                                  help="Seconds the built-in checks may spend on one file.")
                       ] = DEFAULT_TIMEOUT_S,
    debug: DebugOpt = False,
    ui_lang: UiLangOpt = None,
) -> None:
    """Check PDF/EPUB accessibility: tags, language, title, alt text, fonts, metadata, page-list, validators."""
    from ..qa.check import CheckLimits, check_files  # pikepdf and lxml on demand: `bantin --help` stays fast
    from ..qa.validators import VALIDATORS

    if not timeout > 0:
        raise ConfigError([ConfigProblem("timeout", _("{value:g} s is not a time limit (give seconds above 0)")
                                         .format(value=timeout))])

    unknown = [v for v in validator or [] if v not in VALIDATORS]
    if unknown:
        raise typer.BadParameter(_("unknown validator {name!r} (known: {known})").format(
            name=unknown[0], known=", ".join(VALIDATORS)))
    try:
        reports = check_files(files, validator or None, run_validators=not no_validators,
                              limits=CheckLimits(seconds=timeout))
    except ValidatorUnavailable as exc:
        raise typer.BadParameter(str(exc)) from exc
    if as_json:
        say(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2))
    else:
        for report in reports:
            _print_report(report, validators_ran=not no_validators)
    if not all(r.ok for r in reports):
        raise typer.Exit(ExitStatus.FAILED)


def _print_report(report, validators_ran: bool) -> None:
    say(f"{report.path} ({report.kind}): {_('passed') if report.ok else _('FAILED')}")
    for item in report.checks:
        say(f"  {MARKS[item.status]} {item.name}: {item.detail}")
    if report.unreadable and validators_ran:
        say("       " + _("(the validators were not run on this file)"))
    for result in report.validators:
        say(f"  {'ok  ' if result.ok else 'FAIL'} {result.validator}: {result.summary}")
        for finding in result.findings[:20]:
            say(f"       {finding}")
        if len(result.findings) > 20:
            say("       " + _("… and {count} more").format(count=len(result.findings) - 20))
