"""Shared fixtures. Plain helper functions live in `helpers.py` (tests/ is on sys.path)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ROOT, SAMPLES, SEED, TESTS, pdftotext, run_cli, squash

__all__ = ["ROOT", "SAMPLES", "SEED", "TESTS", "pdftotext", "run_cli", "squash"]


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    return tmp_path / "out"


@pytest.fixture
def seed() -> Path:
    return SEED
