"""Every profile x {PDF, EPUB} of the seed, every sample and example and the rich bulletin, checked by
validators nobody here wrote: PDF/UA-1 (page-validation), EPUBCheck and DAISY Ace. Zero findings each.
Ace (one Chromium per file) sees every source in one profile and `rich` in all of them; the rest of the
matrix runs under `make test-all`."""

from __future__ import annotations

import pikepdf
import pytest
from accessibility.a11y_matrix import ACE_PROFILE, PROFILES, REQUIRED_VALIDATORS, SAMPLE_FILES, ace_in_fast_suite
from helpers import require_validators

from toolkit.qa.check import check_files

pytestmark = pytest.mark.xdist_group("accessibility")


def _findings(built, validated, validator: str, kind: str) -> list[str]:
    """'source/profile: finding' for each finding; also fails a file that the validator did not report."""
    problems = []
    for output in built:
        path = getattr(output, kind)
        results = [r for r in validated[path] if r.validator == validator]
        if len(results) != 1:
            problems.append(f"{output.name}: {validator} gave {len(results)} results")
        problems += [f"{output.name}: {finding}" for r in results for finding in r.findings]
    return problems


def test_required_validators_are_installed():
    """Says which validator is missing (a skip here, a failure under CI=true), once for the whole matrix."""
    require_validators(*REQUIRED_VALIDATORS)


def test_the_matrix_runs_on_one_worker(request):
    """With `--dist loadgroup` each test here carries the group's suffix (see tests/conftest.py), so the matrix
    is built and validated once, not once per worker."""
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("not run with --dist loadgroup")
    assert request.node.nodeid.endswith("@accessibility"), request.node.nodeid


def test_matrix_covers_every_profile_and_sample(built):
    sources = {b.source for b in built}
    assert {"seed", "rich", *(p.stem for p in SAMPLE_FILES)} == sources
    assert len(SAMPLE_FILES) >= 5
    assert len(built) == len(PROFILES) * len(sources)
    assert any(b.pages >= 3 for b in built if b.source == "rich")


def test_pdf_ua_1_has_zero_failed_rules(built, validated):
    assert _findings(built, validated, "pdfua", "pdf") == []


def test_epubcheck_has_zero_errors_and_warnings(built, validated):
    assert _findings(built, validated, "epubcheck", "epub") == []


def test_ace_has_zero_violations(built, validated):
    chosen = [b for b in built if ace_in_fast_suite(b)]
    assert {b.source for b in chosen if b.profile == ACE_PROFILE} == {b.source for b in built}
    assert {b.profile for b in chosen if b.source == "rich"} == set(PROFILES)
    assert _findings(chosen, validated, "ace", "epub") == []


@pytest.mark.slow
def test_ace_has_zero_violations_on_the_rest_of_the_matrix(built, ace_rest):
    assert _findings([b for b in built if not ace_in_fast_suite(b)], ace_rest, "ace", "epub") == []


def test_summaries_name_the_rules_run(built, validated):
    pdf = next(r for r in validated[built[0].pdf] if r.validator == "pdfua")
    assert "0 failed" in pdf.summary and "rules passed" in pdf.summary
    epub = next(r for r in validated[built[0].epub] if r.validator == "epubcheck")
    assert epub.summary.endswith("0 errors, 0 warnings")


def test_structural_checks_pass_on_every_output(built):
    """`bantin check`'s own checks: tags, language, title, alt, headings, bookmarks following them, artifacts,
    fonts; EPUB metadata, alt, headings, page-list."""
    reports = check_files([p for b in built for p in (b.pdf, b.epub)], run_validators=False)
    failed = [f"{r.path.name}: {c.name}: {c.detail}" for r in reports for c in r.checks
              if c.status == "fail" or (c.name == "bookmarks" and c.status != "pass")]
    assert failed == []
    assert {c.name for r in reports if r.kind == "pdf" for c in r.checks} >= {
        "tagged", "language", "title", "alt-text", "headings", "bookmarks", "artifacts", "fonts"}


def test_running_headers_and_page_numbers_are_pagination_artifacts(built):
    output = next(b for b in built if b.source == "rich" and b.profile == "normal")
    with pikepdf.open(output.pdf) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            kinds = [str(operands[1].get("/Type")) for operands, op in pikepdf.parse_content_stream(page)
                     if str(op) == "BDC" and str(operands[0]) == "/Artifact"]
            # page 1 carries the masthead and no furniture; later pages the running title and the page number
            assert kinds.count("/Pagination") == (0 if number == 1 else 2), number
