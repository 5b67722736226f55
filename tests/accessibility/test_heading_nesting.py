"""A source that skips heading levels (## then ####) still gives nested headings: PDF/UA-1 heading
nesting and Ace heading-order pass, and `bantin check` sees h1, h2, h3."""

from __future__ import annotations

import pytest
from helpers import findings

from toolkit.qa.check import check_files
from toolkit.render.outline import nested_levels

pytestmark = pytest.mark.xdist_group("accessibility")


@pytest.mark.parametrize(("source", "rendered"), [
    ([2, 4, 4, 3], [2, 3, 3, 3]),
    ([2, 3, 4, 2, 4], [2, 3, 4, 2, 3]),
    ([4, 2, 3], [2, 2, 3]),
    ([3, 3], [2, 2]),
    ([], []),
])
def test_nested_levels(source, rendered):
    assert nested_levels(source) == rendered


def test_skipped_source_levels_render_nested(skipped_levels, validated):
    for report in check_files(skipped_levels, run_validators=False):
        headings = {c.name: c for c in report.checks}["headings"]
        assert headings.status == "pass", (report.path.name, headings.detail)
        assert headings.detail == "4 headings, nested"
    pdf, epub = skipped_levels
    assert findings(validated, pdf, "pdfua") == []
    assert findings(validated, epub, "ace") == []
    assert findings(validated, epub, "epubcheck") == []
