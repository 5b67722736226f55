"""Session fixtures: one build of the matrix (`a11y_matrix`), and one batch validation of it and of the
other outputs these tests hand to the validators."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from accessibility.a11y_matrix import PROFILES, SAMPLE_FILES, Built, ace_in_fast_suite, build_rich, build_source
from helpers import SEED, require_validators, run_cli, validate


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
def skipped_levels(tmp_path_factory) -> list[Path]:
    """PDF and EPUB of a Markdown source whose headings skip a level (## then ####), built by `bantin build`."""
    folder = tmp_path_factory.mktemp("bo-cap")
    source = folder / "bo-cap.md"
    source.write_text("# Tiêu đề bản tin\n\nMở đầu.\n\n## Mục một\n\nĐoạn một.\n\n#### Mục con\n\nĐoạn hai.\n\n"
                      "#### Mục con nữa\n\nĐoạn ba.\n", encoding="utf-8")
    run = run_cli("build", str(source), "-o", str(folder / "out"))
    assert run.returncode == 0, run.stderr
    return [folder / "out" / "bo-cap.pdf", folder / "out" / "bo-cap.epub"]


@pytest.fixture(scope="session")
def validated(built, skipped_levels) -> dict[Path, list]:
    """PDF/UA-1 and EPUBCheck results for every file, and Ace's for the EPUBs `ace_in_fast_suite` picks
    (and `skipped_levels`): one run of each validator (one JVM for every EPUB). Skips, or fails under
    CI=true, when one is missing."""
    require_validators("pdfua", "epubcheck", "ace")
    files = [*(p for b in built for p in (b.pdf, b.epub)), *skipped_levels]
    ace = [*(b.epub for b in built if ace_in_fast_suite(b)), skipped_levels[1]]
    with ThreadPoolExecutor(2) as pool:  # a JVM and Chromiums: the two runs overlap
        checked = pool.submit(validate, files, ["pdfua", "epubcheck"])
        aced = pool.submit(validate, ace, ["ace"])
        results = checked.result()
        for path, found in aced.result().items():
            results[path] += found
    return results


@pytest.fixture(scope="session")
def ace_rest(built) -> dict[Path, list]:
    """Ace on the EPUBs the fast suite leaves out (`make test-all`)."""
    return validate([b.epub for b in built if not ace_in_fast_suite(b)], ["ace"])
