"""`bantin inspect` and `bantin lint` as users run them, and `bantin build` on every source format.

The examples' EPUBs (every format) are checked by EPUBCheck and Ace with the accessibility matrix
(`tests/accessibility/`), which builds every example in every profile."""

from __future__ import annotations

import json
import shutil

import pytest
from helpers import EXAMPLES, SAMPLES, SEED, pdftotext, run_cli, squash

from toolkit.readers import read_source
from toolkit.render.typography import typeset
from toolkit.serialize import to_dict


def test_inspect_json_is_the_contract(tmp_path):
    result = run_cli("inspect", "--json", str(EXAMPLES / "tiem-chung-mo-rong.html"))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"title", "date", "lead", "author", "language", "source", "format", "blocks", "warnings"}
    assert data["date"] == "2024-03-09" and data["author"] == "Ngọc Ánh"
    assert [b["caption"] for b in data["blocks"] if b["type"] == "figure"] == [
        "Cán bộ y tế xã Quân Hà tiêm vắc xin cho trẻ", "Khám sàng lọc trước khi tiêm chủng"]
    assert sum(b["type"] == "paragraph" for b in data["blocks"]) == 4


def test_inspect_json_reads_back_as_the_same_bulletin(tmp_path):
    markdown = EXAMPLES / "ban-tin-thang-10.md"
    saved = tmp_path / "copy.json"
    saved.write_text(run_cli("inspect", "--json", str(markdown)).stdout, encoding="utf-8")
    shutil.copytree(EXAMPLES / "images", tmp_path / "images")
    original, again = to_dict(read_source(markdown)), to_dict(read_source(saved))
    for key in ("source", "format", "warnings"):
        original.pop(key), again.pop(key)
    assert again == original


def test_inspect_text_and_unreadable_source(tmp_path):
    result = run_cli("inspect", str(SEED))
    assert result.returncode == 0 and "Hương Dịu" in result.stdout and "blocks   7" in result.stdout
    bad = run_cli("inspect", str(SAMPLES / "bad" / "random-bytes.txt"))
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "unrecognised source format" in bad.stderr


def test_lint_finds_the_stray_mark_of_the_seed():
    result = run_cli("lint", str(SEED))
    assert result.returncode == 0
    assert f"{SEED}:20: stray combining mark (combining dot below)" in result.stdout
    assert run_cli("lint", "--strict", str(SEED)).returncode == 1


def test_lint_json_lists_findings_with_lines(tmp_path):
    source = tmp_path / "mixed.md"
    source.write_text("---\ntitle: Thử\n---\n\nÐại hội hoà giải.\n\nTổ hòa giải thôn.\n\n![](thieu.png)\n",
                      encoding="utf-8")
    result = run_cli("lint", "--json", str(source))
    (report,) = json.loads(result.stdout)
    found = {(f["code"], f["line"]) for f in report["findings"]}
    assert {("eth-for-d", 5), ("mixed-tone-placement", 5), ("missing-image", 9), ("no-alt-text", 9),
            ("empty-lead", None)} <= found
    assert result.returncode == 0


def test_lint_reports_unreadable_and_legacy_sources():
    result = run_cli("lint", str(SAMPLES / "bad" / "empty.txt"), str(SAMPLES / "legacy" / "cp1258-windows.txt"))
    assert result.returncode == 1
    assert "empty file [unreadable]" in result.stdout and "[legacy-encoding]" in result.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every example, in one `bantin build`."""
    out = tmp_path_factory.mktemp("formats")
    sources = sorted(p for p in EXAMPLES.iterdir() if p.is_file())
    result = run_cli("build", *map(str, sources), "-o", str(out))
    assert result.returncode == 0, result.stderr
    return {p.stem: read_source(p) for p in sources}, out


def test_build_turns_every_format_into_pdf_and_epub(built):
    docs, out = built
    assert {doc.format for doc in docs.values()} == {"portal-text", "portal-html", "markdown", "json"}
    assert sorted(p.name for p in out.iterdir() if p.suffix == ".epub") == sorted(f"{s}.epub" for s in docs)
    for stem, doc in docs.items():
        text = squash(pdftotext(out / f"{stem}.pdf"))
        # As printed: after the typographic clean-up (curly quotes, en dashes in ranges).
        pieces = [doc.title, doc.lead, *(f.caption for f in doc.figures)]
        assert all(squash(typeset(piece, names=True).text) in text for piece in pieces if piece), stem
        assert (out / f"{stem}.epub").stat().st_size > 0
