"""Helpers for tests: `from helpers import pdftotext, squash, run_cli, SEED, SAMPLES` (tests/ is on sys.path)."""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SAMPLES = TESTS / "samples"
#: The user-facing demo sources; tests read them in place (the one copy of each).
EXAMPLES = ROOT / "examples"
IMAGES = EXAMPLES / "images"
#: The seed bulletin, kept once in examples/; tests read a copy named `seed.txt`, so outputs are `seed.*`.
SEED_EXAMPLE = EXAMPLES / "bach-thong-boi-duong-llct.txt"


def _named_copy(source: Path, name: str) -> Path:
    """A copy of `source` called `name` in a folder of this test process (removed when it ends)."""
    folder = Path(tempfile.mkdtemp(prefix="bantin-tests-"))
    atexit.register(shutil.rmtree, folder, True)
    target = folder / name
    shutil.copyfile(source, target)
    return target


SEED = _named_copy(SEED_EXAMPLE, "seed.txt")
BANTIN = ROOT / ".venv" / "bin" / "bantin"


def pdftotext(pdf: Path, first: int | None = None, last: int | None = None, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    if layout:
        args.append("-layout")
    return subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def squash(text: str) -> str:
    """Text with line breaks and hyphenation points removed, for comparing extracted PDF text."""
    return " ".join(text.replace("\u00ad", "").split())


# --- the command line ----------------------------------------------------------------------------

@dataclass
class Run:
    """What a `bantin` run gave, shaped like `subprocess.CompletedProcess`."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    exception: BaseException | None = field(default=None, repr=False)


class _LastResort(logging.Handler):
    """Python's last-resort handler as the real command has it: `toolkit` log records of WARNING and
    above go to the (captured) stderr. Under pytest the root logger has handlers, so without this
    they would be swallowed instead."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write(self.format(record) + "\n")


@contextlib.contextmanager
def _toolkit_logs_to_stderr() -> Iterator[None]:
    logger = logging.getLogger("toolkit")
    handler = _LastResort()
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def run_cli(*args: str, cwd: Path | None = None) -> Run:
    """`bantin ARGS` in this process, through Typer's `CliRunner` on the real application object.

    `BantinGroup` maps library errors to one-line messages and exit codes, so the result is what the
    installed command gives; stdout and stderr are captured apart. An exception that escapes the
    application (a bug) is printed on stderr with its traceback and gives status 1, as Python does.
    `cwd`: run in that folder (restored afterwards).
    """
    from typer.testing import CliRunner

    from toolkit.cli import app

    with contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext(), _toolkit_logs_to_stderr():
        result = CliRunner().invoke(app, list(args), prog_name="bantin")
    stderr = result.stderr
    exception = result.exception
    if exception is not None and not isinstance(exception, SystemExit):
        stderr += "".join(traceback.format_exception(exception))
    return Run(["bantin", *args], result.exit_code, result.stdout, stderr, exception)


def run_cli_process(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """The installed `bantin` command in a new process, as a user runs it. Only for the few end-to-end
    tests that need a real process (entry point, start-up imports, being killed); the others use
    `run_cli`."""
    return subprocess.run([str(BANTIN), *args], capture_output=True, text=True, cwd=cwd, timeout=timeout)


# --- validators nobody here wrote ----------------------------------------------------------------

def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def require_validators(*names: str) -> None:
    """Skip the calling test (or fixture) when a validator it needs is not installed, saying which
    and why; under `CI=true` fail instead, so CI never passes by skipping."""
    from toolkit.errors import ValidatorUnavailable
    from toolkit.qa.validators import VALIDATORS

    missing = []
    for name in names:
        try:
            VALIDATORS[name]().check_available()
        except ValidatorUnavailable as exc:
            missing.append(f"{name}: {exc}")
    if missing:
        message = "validator not installed (run scripts/setup.sh test): " + "; ".join(missing)
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def require_tools(*commands: str) -> None:
    """Skip the calling test when a command it needs is not installed; under `CI=true` fail instead."""
    missing = [c for c in commands if shutil.which(c) is None]
    if missing:
        message = f"not installed: {', '.join(missing)} (scripts/setup.sh installs them)"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def validate(paths: list[Path], names: list[str]) -> dict[Path, list]:
    """`toolkit.qa.validators.validate` after `require_validators(*names)`: every file through each
    validator in one run (EPUBCheck: one JVM for all files)."""
    from toolkit.qa.validators import validate as run

    require_validators(*names)
    return run(paths, names)


def findings(results: dict[Path, list], path: Path, validator: str) -> list[str]:
    """The findings of `validator` on `path` as text; a file the validator did not report is a finding too."""
    mine = [r for r in results[Path(path)] if r.validator == validator]
    if len(mine) != 1:
        return [f"{validator} gave {len(mine)} results for {path}"]
    return [str(f) for f in mine[0].findings]


# --- PDFs ----------------------------------------------------------------------------------------

def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def body_text(pdf: Path, running_header: str) -> str:
    """The PDF's text without running headers and "Trang N/M" footers, whitespace removed.

    Lines may break after "/" or "-", so comparisons ignore whitespace entirely.
    """
    header = "".join(running_header.split())
    kept = []
    for number in range(1, page_count(pdf) + 1):
        for line in pdftotext(pdf, number, number).splitlines():
            compact = "".join(line.split())
            running = number > 1 and compact and header.startswith(compact.rstrip("…"))
            if re.fullmatch(r"(Trang|Page)\d+/\d+", compact) or running:
                continue
            kept.append(compact)
    return "".join(kept)
