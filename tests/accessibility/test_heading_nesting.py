"""A source that skips heading levels (## then ####) still gives nested headings: PDF/UA-1 heading
nesting and Ace heading-order pass, and `bantin check` sees h1, h2, h3."""

from __future__ import annotations

import pytest
from helpers import run_cli

from toolkit.qa.check import check_files
from toolkit.qa.validators import validate
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


def test_skipped_source_levels_render_nested(tmp_path):
    source = tmp_path / "bo-cap.md"
    source.write_text("# Tiêu đề bản tin\n\nMở đầu.\n\n## Mục một\n\nĐoạn một.\n\n#### Mục con\n\nĐoạn hai.\n\n"
                      "#### Mục con nữa\n\nĐoạn ba.\n", encoding="utf-8")
    run = run_cli("build", str(source), "-o", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    files = [tmp_path / "out" / "bo-cap.pdf", tmp_path / "out" / "bo-cap.epub"]
    for report in check_files(files, run_validators=False):
        headings = {c.name: c for c in report.checks}["headings"]
        assert headings.status == "pass", (report.path.name, headings.detail)
        assert headings.detail == "4 headings, nested"
    results = validate(files, ["pdfua", "ace"])
    assert [str(f) for rs in results.values() for r in rs for f in r.findings] == []
