"""Session fixtures: one build of the matrix (`a11y_matrix`) and one batch validation of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from accessibility.a11y_matrix import PROFILES, REQUIRED_VALIDATORS, SAMPLE_FILES, Built, build_rich, build_source
from helpers import SEED

from toolkit.qa.validators import validate


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> list[Built]:
    """Every profile x (seed, samples, rich) as PDF + EPUB."""
    folder = tmp_path_factory.mktemp("rich-source")
    files = []
    for profile in PROFILES:
        out = tmp_path_factory.mktemp(f"a11y-{profile}")
        files += [build_source(source, out, profile) for source in (SEED, *SAMPLE_FILES)]
        files.append(build_rich(folder, out, profile))
    return files


@pytest.fixture(scope="session")
def paged(built, tmp_path_factory) -> list[Built]:
    """The matrix plus the seed and `rich` on A5 and Letter paper, for the page-list tests."""
    folder = tmp_path_factory.mktemp("rich-source-paper")
    extra = []
    for paper, profile in (("A5", "normal"), ("Letter", "x-large")):
        out = tmp_path_factory.mktemp(f"a11y-{paper}")
        extra.append(build_source(SEED, out, profile, page_size=paper))
        extra.append(build_rich(folder, out, profile, page_size=paper))
    return built + extra


@pytest.fixture(scope="session")
def validated(built) -> dict[Path, list]:
    """Each required validator's results, run once over all files (raises if one is not installed)."""
    paths = [p for b in built for p in (b.pdf, b.epub)]
    return validate(paths, REQUIRED_VALIDATORS)
