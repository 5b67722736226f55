"""Shared fixtures. Plain helper functions live in `helpers.py` (tests/ is on sys.path)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import ROOT, SAMPLES, SEED, TESTS, pdftotext, run_cli, squash

__all__ = ["ROOT", "SAMPLES", "SEED", "TESTS", "pdftotext", "run_cli", "squash"]

# The tests assert bantin's English messages (the msgids); the default for users is Vietnamese (see
# toolkit/i18n.py). Set for the whole session, so `bantin` processes the tests start speak English too;
# tests/cli/test_ui_language.py chooses the language explicitly.
os.environ["BANTIN_UI_LANG"] = "en"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`--dist loadgroup` sends every test of one `xdist_group` to one worker by reading the group from
    an "@group" suffix pytest-xdist adds to node ids. pytest-xdist 3.8 adds it by setting
    `item._nodeid`, which pytest 9 no longer reads (node ids live in `item._id`), so the groups were
    silently spread over both workers and each built (and validated) the shared outputs again. Add
    the suffix where it is missing."""
    if not getattr(config.option, "loadgroup", False):
        return
    try:
        from _pytest.nodeid import coerce_node_id
    except ImportError:  # pytest before 9: pytest-xdist's own suffix works
        return
    for item in items:
        groups = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                         for m in item.iter_markers("xdist_group")})
        if groups and "@" not in item.nodeid.rsplit("]", 1)[-1]:
            item._id = coerce_node_id(f"{item.nodeid}@{'_'.join(groups)}")


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    return tmp_path / "out"


@pytest.fixture
def seed() -> Path:
    return SEED
