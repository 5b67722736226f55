"""`bantin check` on hostile files (issue 13, items 7, 9, 10): every file gets its own verdict, the batch
goes on, and no file costs more than the limits, whatever it is made of.

The files are made at test time from one good PDF and EPUB (`hostile.py` says how each is built)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers import SEED, require_validators, run_cli, run_cli_process
from qa import hostile

import toolkit
from toolkit.qa.check import CheckLimits, check_file, check_files

pytestmark = pytest.mark.xdist_group("check-hostile")


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("good")
    result = toolkit.build([SEED], output_dir=out, formats=("pdf", "epub"))
    assert result.ok
    return {"pdf": out / "seed.pdf", "epub": out / "seed.epub"}


def _failed(report) -> dict[str, str]:
    return {c.name: c.detail for c in report.checks if c.status == "fail"}


# What each hostile file must be told: (check that fails, words in its detail).
EXPECTED = {
    "encrypted": ("readable", "encrypted: it opens only with a password"),
    "encrypted_no_screen_readers": ("encryption", "without the permission for screen readers"),
    "outline_loop": (None, ""),  # a loop in the bookmarks is cut by the PDF library: the file passes
    "viewer_preferences_int": ("title", "/ViewerPreferences is not a dictionary"),
    "struct_tree_root_int": ("tagged", "/StructTreeRoot is not a dictionary"),
    "mark_info_int": ("language", "/Lang in the document catalog is not a text string"),
    "empty_descendant_fonts": ("fonts", "has no descendant font"),
    "odd_types_everywhere": ("fonts", "has a ToUnicode that is not a CMap stream"),
    "cyclic_structure": ("structure-tree", "reached again from another parent"),
    "truncated_pdf": ("readable", "not a readable PDF"),
    "container_without_full_path": ("readable", "names no package document (rootfile full-path)"),
    "container_without_rootfile": ("readable", "names no package document"),
    "item_without_href": ("package", "manifest item 'bulletin' has no href"),
    "item_outside_package": ("package", "points outside the archive (../../../etc/passwd)"),
    "xml_entity_bomb": ("package", "is not well-formed XML"),
    "encrypted_entries": ("readable", "its entries are locked with a zip password"),
    "not_a_zip": ("readable", "not a readable EPUB (File is not a zip file)"),
}


@pytest.mark.parametrize("maker", [*hostile.PDF_MAKERS, *hostile.EPUB_MAKERS], ids=lambda m: m.__name__)
def test_each_hostile_file_gets_its_own_verdict(good, tmp_path, maker):
    path = maker(good["pdf" if maker in hostile.PDF_MAKERS else "epub"], tmp_path)
    report = check_file(path)
    name, words = EXPECTED[maker.__name__]
    if name is None:
        assert report.ok, _failed(report)
        return
    assert not report.ok
    assert words in _failed(report).get(name, ""), report.checks


def test_a_batch_goes_on_past_files_it_cannot_read(good, tmp_path):
    """`check good.pdf enc-user.pdf good.epub container-without-full-path.epub`: four verdicts, in order."""
    require_validators("pdfua")
    files = [good["pdf"], hostile.encrypted(good["pdf"], tmp_path), good["epub"],
             hostile.container_without_full_path(good["epub"], tmp_path), tmp_path / "missing.pdf", tmp_path]
    run = run_cli("check", "--json", "-V", "pdfua", *map(str, files))
    assert run.returncode == 1, run.stderr
    assert run.stderr == ""
    reports = json.loads(run.stdout)
    assert [r["path"] for r in reports] == [str(f) for f in files]
    assert [r["ok"] for r in reports] == [True, False, True, False, False, False]
    assert [r["unreadable"][:20] for r in reports] == [
        "", "encrypted: it opens ", "", "not a readable EPUB ", "no such file", "is a folder, not a P"]
    assert [v["validator"] for v in reports[0]["validators"]] == ["pdfua"]
    assert reports[1]["validators"] == []  # not handed to the validators: they could not read it either


def test_a_pipe_is_refused_without_waiting_on_it(tmp_path):
    pipe = tmp_path / "bulletin.pdf"
    os.mkfifo(pipe)
    (report,) = check_files([pipe], run_validators=False)
    assert report.unreadable == "not a regular file (a device or a pipe)"


def test_a_structure_graph_is_walked_once(good, tmp_path):
    """2**64 paths through 65 elements: a walk that follows every path never ends; one visit each is instant."""
    path = hostile.dag_structure(good["pdf"], tmp_path, depth=64)
    run = run_cli_process("check", "--no-validators", str(path), timeout=60)
    assert run.returncode == 1, run.stderr
    assert "FAIL structure-tree: 64 times a structure element is reached again from another parent" in run.stdout
    assert "headings: 1 headings, nested" in run.stdout  # the other checks still ran


def test_to_unicode_bomb_is_refused_not_inflated(good, tmp_path):
    """A 450 KB PDF whose ToUnicode maps inflate to 200 MB: refused at 32 MB, with the reason."""
    path = hostile.to_unicode_bomb(good["pdf"], tmp_path, megabytes=200)
    report = check_file(path)
    assert report.unreadable.startswith("refused: the ToUnicode map of /")
    assert "inflates to more than 32 MB (a decompression bomb" in report.unreadable


def test_zip_bomb_is_refused_from_the_directory(good, tmp_path):
    run = run_cli("check", "--no-validators", str(hostile.zip_bomb(good["epub"], tmp_path, megabytes=64)))
    assert run.returncode == 1
    assert "FAIL readable: refused: EPUB/bomb.xhtml unpacks to 1,0" in run.stdout
    assert "times its packed size, a zip bomb (check allows 200:1)" in run.stdout


@pytest.mark.parametrize(("kind", "limits", "words"), [
    ("epub", CheckLimits(max_entries=5), "entries in the archive (check reads at most 5)"),
    ("epub", CheckLimits(max_unpacked_bytes=10_000), "the archive unpacks to 0 MB (check unpacks at most 0 MB)"),
    ("epub", CheckLimits(max_entry_bytes=1000), "unpacks to 0 MB (check reads at most 0 MB of one document)"),
    ("pdf", CheckLimits(max_objects=50), "objects (check reads at most 50)"),
    ("pdf", CheckLimits(max_stream_bytes=100), "inflates to more than 0 MB"),
    ("pdf", CheckLimits(seconds=0.001), "refused: gave up after 0.001 s (see --timeout)"),
])
def test_every_limit_refuses_the_file_with_its_reason(good, kind, limits, words):
    report = check_file(good[kind], limits)
    assert words in report.unreadable, report.unreadable
    assert not report.ok


def test_the_defaults_check_our_own_files(good):
    """The limits sit far above real files: bantin's own outputs pass every built-in check."""
    for path in good.values():
        report = check_file(path)
        assert report.ok and not report.unreadable, report.checks
