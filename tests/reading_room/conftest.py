"""An archive of the samples and examples in two sizes, with one source that cannot be built, shared by
the reading room's tests (built once per test process)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import EXAMPLES, SAMPLES

from toolkit.archive import ArchiveOptions, archive
from toolkit.archive.publication import Publication

PUBLISHER = "Ban Tuyên giáo Huyện ủy Bạch Thông"


@pytest.fixture(scope="session")
def room_sources(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("room-src")
    shutil.copytree(SAMPLES / "portal-text", src / "portal-text")
    shutil.copytree(EXAMPLES, src / "examples")
    shutil.copy(SAMPLES / "bad" / "truncated.txt", src / "hong.txt")
    return src


@pytest.fixture(scope="session")
def room(tmp_path_factory, room_sources) -> Path:
    """An archive of the samples and examples in two sizes, with one source that cannot be built."""
    src = room_sources
    out = tmp_path_factory.mktemp("room")
    report = archive(ArchiveOptions(src, out, Publication(publisher=PUBLISHER, sizes=("normal", "x-large")), jobs=2))
    assert {i.name for i in report.items if i.status == "failed"} == {"hong.txt"}
    return out
