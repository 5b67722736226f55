"""Helpers for tests: `from helpers import pdftotext, squash, run_cli, SEED, SAMPLES` (tests/ is on sys.path)."""

from __future__ import annotations

import subprocess
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SAMPLES = TESTS / "samples"
SEED = TESTS / "sources" / "seed.txt"


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


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed `bantin` command as a user would."""
    return subprocess.run([str(ROOT / ".venv" / "bin" / "bantin"), *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def body_text(pdf: Path, running_header: str) -> str:
    """The PDF's text without running headers and "Trang N/M" footers, whitespace removed.

    Lines may break after "/" or "-", so comparisons ignore whitespace entirely.
    """
    import re

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
