"""Volumes of every size are valid EPUBs (issue 13: past about a dozen bulletins the contents ran over a
printed page and a page-break marker landed directly inside the contents' `<ol>`)."""

from __future__ import annotations

import pytest
from helpers import require_validators

import toolkit
from toolkit.qa.validators import validate

pytestmark = pytest.mark.xdist_group("volume-sizes")


def _volumes(tmp_path, source_maker, cases):
    out = []
    for count, size in cases:
        sources = source_maker(tmp_path / f"src-{count}", count=count)
        target = tmp_path / f"tap-{count}-{size}.epub"
        toolkit.collect(sources, toolkit.BuildOptions(size=size), f"Tập {count} bản tin", [target])
        out.append(target)
    return out


def _findings(paths):
    require_validators("epubcheck", "ace")
    return {path.name: [str(f) for r in results for f in r.findings]
            for path, results in validate(paths, ["epubcheck", "ace"]).items()}


def test_a_volume_whose_contents_run_over_a_page_is_valid(tmp_path, source_maker):
    (epub,) = _volumes(tmp_path, source_maker, [(41, "normal")])
    assert _findings([epub]) == {epub.name: []}


@pytest.mark.slow
def test_volumes_of_every_size_are_valid(tmp_path, source_maker):
    cases = [(n, size) for n in (1, 12, 13, 40, 100) for size in ("normal", "x-large")]
    paths = _volumes(tmp_path, source_maker, cases)
    assert _findings(paths) == {p.name: [] for p in paths}
