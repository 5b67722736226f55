"""Issue 13, data loss: no output replaces an input, and no two sources share an output name."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest
from helpers import EXAMPLES, run_cli

import toolkit
from toolkit.archive import ArchiveOptions, archive
from toolkit.errors import ConfigError
from toolkit.naming import unique_stems

PORTAL_TEXT = """PublishingPortal - Block_BanTin_Toolbar

{date}
{title}
Sáng nay, huyện tổ chức hội nghị triển khai nhiệm vụ trọng tâm của tháng.

 PublishingPortal - Block_BanTin_ViewData

Hội nghị đã thống nhất các giải pháp cụ thể, giao nhiệm vụ cho từng cơ quan, đơn vị thực hiện.

Phóng viên
"""


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_output_never_replaces_its_source(tmp_path):
    page = tmp_path / "page.html"
    shutil.copy(EXAMPLES / "tiem-chung-mo-rong.html", page)
    shutil.copytree(EXAMPLES / "images", tmp_path / "images")
    before = _digest(page)
    done = run_cli("build", str(page), "-f", "html", "-o", str(tmp_path))
    assert done.returncode == 1 and "would replace the input" in done.stderr and "page.html" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert _digest(page) == before and not (tmp_path / "page.files").exists()


def test_an_output_never_replaces_an_image_or_a_layout_file(tmp_path):
    layout = tmp_path / "mine"
    shutil.copytree(EXAMPLES.parent / "layouts" / "bulletin", layout)
    source = tmp_path / "print.md"  # built into the layout folder, its HTML would be the layout's print.html
    source.write_text("# Tin\n\nMột đoạn văn của bản tin.\n", encoding="utf-8")
    (layout / "print.html").write_text("not a template, but the layout's file", encoding="utf-8")
    result = toolkit.build([source], output_dir=layout, formats=("html",), layout=str(layout))
    assert not result.ok and "would replace the input" in str(result.results[0].error)
    assert (layout / "print.html").read_text(encoding="utf-8") == "not a template, but the layout's file"


def test_collect_and_impose_refuse_to_replace_their_input(tmp_path):
    source = tmp_path / "tin.pdf"
    shutil.copy(EXAMPLES / "ban-tin-thang-10.md", tmp_path / "tin.md")
    with pytest.raises(ConfigError, match="is one of the sources"):
        toolkit.collect([tmp_path / "tin.md"], toolkit.BuildOptions(), "Tập", [tmp_path / "tin.md"])
    source.write_bytes(b"%PDF-1.7\n")
    done = run_cli("impose", str(source), "-o", str(source))
    assert done.returncode == 1 and "would replace the PDF" in done.stderr
    assert source.read_bytes() == b"%PDF-1.7\n"


def test_unique_stems_keep_natural_names_and_never_collide():
    assert unique_stems(["x", "x", "x-2"]) == ["x", "x-3", "x-2"]
    assert unique_stems(["a", "b"]) == ["a", "b"]
    assert unique_stems(["x", "x", "x", "x-2", "x-3"]) == ["x", "x-4", "x-5", "x-2", "x-3"]


def test_three_sources_with_one_name_give_three_outputs(tmp_path):
    for name in ("x.md", "sub/x.md", "x-2.md"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(f"# Tin {name}\n\nMột đoạn văn của bản tin {name}.\n", encoding="utf-8")
    result = toolkit.build([tmp_path / "x.md", tmp_path / "sub" / "x.md", tmp_path / "x-2.md"],
                           output_dir=tmp_path / "out", formats=("epub",))
    assert result.ok
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["x-2.epub", "x-3.epub", "x.epub"]
    renamed = [w for w in result.results[1].warnings if w.code == "renamed-output"]
    assert len(renamed) == 1 and "“x-3”" in renamed[0].message


@pytest.mark.xdist_group("archive")
def test_archive_names_are_unique_and_a_rerun_builds_nothing(tmp_path):
    src = tmp_path / "src"
    for rel, title in (("a/tin.txt", "Tin thứ nhất"), ("b/tin.txt", "Tin thứ hai"), ("tin-2.txt", "Tin thứ ba")):
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(PORTAL_TEXT.format(date="15/04/2024", title=title), encoding="utf-8")
    out = tmp_path / "out"
    first = archive(ArchiveOptions(src, out, jobs=1))
    assert first.ok, [(i.name, i.reason) for i in first.items if i.status == "failed"]
    paths = [e["path"] for e in json.loads((out / "manifest.json").read_text())["files"]]
    assert len(paths) == len(set(paths))
    assert {"2024/04/tin.pdf", "2024/04/tin-2.pdf", "2024/04/tin-3.pdf"} <= set(paths)
    again = archive(ArchiveOptions(src, out, jobs=1))
    assert again.count("built") == 0


@pytest.mark.xdist_group("archive")
def test_adding_a_source_never_renames_one_already_archived(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    (src / "m").mkdir(parents=True)
    (src / "m" / "tin.txt").write_text(PORTAL_TEXT.format(date="15/04/2024", title="Tin đầu"), encoding="utf-8")
    assert archive(ArchiveOptions(src, out, jobs=1)).ok
    first = (out / "2024" / "04" / "tin.pdf").read_bytes()
    (src / "a").mkdir()  # sorts before "m": without memory of the first run it would take the name "tin"
    (src / "a" / "tin.txt").write_text(PORTAL_TEXT.format(date="16/04/2024", title="Tin sau"), encoding="utf-8")
    report = archive(ArchiveOptions(src, out, jobs=1))
    assert report.ok and (out / "2024" / "04" / "tin.pdf").read_bytes() == first
    entries = {e["path"]: e for e in json.loads((out / "manifest.json").read_text())["files"]}
    assert entries["2024/04/tin-2.pdf"]["sources"] == ["a/tin.txt"]
    assert any("also called “tin”" in w for w in entries["2024/04/tin-2.pdf"]["warnings"])
