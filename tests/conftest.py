"""Shared helpers: real files in, real outputs out, read back with real tools."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

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


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    return tmp_path / "out"


@pytest.fixture
def seed() -> Path:
    return SEED


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed `bantin` command as a user would."""
    return subprocess.run([str(ROOT / ".venv" / "bin" / "bantin"), *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)
