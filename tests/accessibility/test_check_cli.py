"""`bantin check` on known-bad files (made elsewhere) and on our own outputs; the alt-text policy."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pikepdf
import pytest
from helpers import IMAGES, require_validators, run_cli

from toolkit.qa.check import check_files

pytestmark = pytest.mark.xdist_group("accessibility")
FIXTURES = Path(__file__).parent / "fixtures"
UNTAGGED = FIXTURES / "untagged.pdf"
NO_METADATA = FIXTURES / "no-metadata.epub"


def _statuses(report: dict) -> dict[str, str]:
    return {c["name"]: c["status"] for c in report["checks"]}


def test_check_flags_untagged_pdf_and_bad_epub_with_validators():
    require_validators("pdfua", "epubcheck", "ace")
    run = run_cli("check", "--json", str(UNTAGGED), str(NO_METADATA))
    assert run.returncode == 1, run.stderr
    pdf, epub = json.loads(run.stdout)
    assert not pdf["ok"] and not epub["ok"]
    assert _statuses(pdf).items() >= {"tagged": "fail", "language": "fail", "title": "fail"}.items()
    assert _statuses(epub)["a11y-metadata"] == "fail"
    assert _statuses(epub)["alt-text"] == "fail"
    validators = {v["validator"]: v for report in (pdf, epub) for v in report["validators"]}
    assert {"pdfua", "epubcheck", "ace"} <= set(validators)
    assert any(f["rule"] == "PDFUA1-STRUCT-TREE-ROOT-001" for f in validators["pdfua"]["findings"])
    assert {"image-alt", "metadata-accessmode"} <= {f["rule"] for f in validators["ace"]["findings"]}


def test_check_passes_our_outputs_and_reports_page_list(built):
    seed = next(b for b in built if b.source == "seed" and b.profile == "x-large")
    run = run_cli("check", "--no-validators", str(seed.pdf), str(seed.epub))
    assert run.returncode == 0, run.stdout
    assert "passed" in run.stdout and "FAIL" not in run.stdout
    assert f"page-list: {seed.pages} pages from PDF A4, x-large" in run.stdout


def test_structural_checks_catch_a_broken_page_list(built, tmp_path):
    """An EPUB claiming print page numbers whose page-list points at missing markers fails."""
    import zipfile

    source = next(b for b in built if b.source == "rich").epub
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(broken, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename.endswith("bulletin.xhtml"):
                data = data.replace(b'id="page-2"', b'id="moved"')
            new.writestr(item, data)
    (report,) = check_files([broken], run_validators=False)
    assert {c.name: c.status for c in report.checks}["page-list"] == "fail"
    assert not report.ok


def test_check_unknown_validator_is_a_usage_error():
    run = run_cli("check", "--validator", "nope", str(UNTAGGED))
    assert run.returncode == 2
    assert "unknown validator 'nope'" in run.stderr


def _source_with_bare_image(folder) -> str:
    shutil.copy(IMAGES / "kham-benh.png", folder / "kham-benh.png")
    source = folder / "anh-khong-chu-thich.md"
    source.write_text("# Ảnh không có chú thích\n\nĐoạn mở đầu.\n\n![](kham-benh.png)\n\nĐoạn thân bài.\n",
                      encoding="utf-8")
    return str(source)


def test_figure_without_alt_or_caption_warns(tmp_path):
    run = run_cli("build", _source_with_bare_image(tmp_path), "-o", str(tmp_path / "out"), "-f", "pdf")
    assert run.returncode == 0, run.stderr
    assert "figure 1 has neither alt text nor caption" in run.stderr
    # The PDF stays valid PDF/UA, and a screen reader says honestly that the image is not described.
    pdf_path = tmp_path / "out" / "anh-khong-chu-thich.pdf"
    (report,) = check_files([pdf_path], run_validators=False)
    assert {c.name: c.status for c in report.checks}["alt-text"] == "pass"
    with pikepdf.open(pdf_path) as pdf:
        alts = [str(o.Alt) for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and "/Alt" in o]
    assert alts == ["Ảnh không có mô tả"]


def test_figure_without_alt_or_caption_fails_strict(tmp_path):
    out = tmp_path / "out"
    run = run_cli("build", _source_with_bare_image(tmp_path), "-o", str(out), "--strict")
    assert run.returncode == 1
    assert "--strict" in run.stderr and "neither alt text nor caption" in run.stderr
    assert not out.exists() or not any(out.iterdir())
