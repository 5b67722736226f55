"""Issue 13: a full disk is one line for the source it stops, the others still build, nothing is left."""

from __future__ import annotations

import os
import subprocess

import pytest
from helpers import EXAMPLES, SEED

import toolkit
from toolkit.archive.run import clean_partials


@pytest.fixture
def small_disk(tmp_path):
    """A 60 KB tmpfs: room for one small bulletin's PDF and EPUB, not for the seed's PDF."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    folder = tmp_path / "full"
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=60k", "tmpfs", str(folder)], check=True)
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_fails_one_source_in_words_and_leaves_nothing(small_disk):
    result = toolkit.build([EXAMPLES / "xa-cam-giang-nong-thon-moi.json", SEED], output_dir=small_disk / "out")
    first, second = result.results
    assert first.ok and {o.path.name for o in first.outputs} == {"xa-cam-giang-nong-thon-moi.pdf",
                                                                 "xa-cam-giang-nong-thon-moi.epub"}
    assert not second.ok
    assert str(second.error).endswith(f"no space left on the disk while writing {small_disk / 'out' / 'seed.pdf'}")
    assert sorted(p.name for p in (small_disk / "out").iterdir()) == ["xa-cam-giang-nong-thon-moi.epub",
                                                                     "xa-cam-giang-nong-thon-moi.pdf"]


def test_the_archive_cleans_every_temporary_name(tmp_path):
    for name in (".tin.pdf.abc123.part", ".pikepdf..tin.pdf.abc123.partqq88uy_0", "2024/.x.epub.1.part"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"half")
    (tmp_path / "2024" / "tin.pdf").write_bytes(b"%PDF")
    clean_partials(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()] == ["2024/tin.pdf"]
