"""Shortcuts taken for speed give the same answers as the slow paths they skip."""

from __future__ import annotations

import shutil
import subprocess
import sys

from toolkit.render.layouts import load_layout


def test_layouts_share_one_environment_and_compiled_templates(tmp_path):
    first, second = load_layout("bulletin"), load_layout("bulletin")
    assert first is not second and first.environment is second.environment
    assert first.environment.get_template("print.html.j2") is second.environment.get_template("print.html.j2")


def test_edited_layout_template_is_compiled_anew(tmp_path):
    folder = tmp_path / "mine"
    shutil.copytree(load_layout("bulletin").folder, folder)
    layout = load_layout(folder)
    (folder / "only.txt.j2").write_text("một {{ x }}", encoding="utf-8")
    assert layout.render("only.txt.j2", {"x": 1}) == "một 1"
    (folder / "only.txt.j2").write_text("hai {{ x }}", encoding="utf-8")
    fresh = load_layout(folder)
    assert fresh.render("only.txt.j2", {"x": 2}) == "hai 2"


_SUBSETTER_STATE = """
import sys, toolkit
from pathlib import Path
from toolkit.render.engine import import_weasyprint
import_weasyprint()
if sys.argv[3] == "fonttools":
    import weasyprint.pdf.fonts
    weasyprint.pdf.fonts.harfbuzz_subset = None  # as without libharfbuzz-subset0
assert toolkit.build([Path(sys.argv[1])], output_dir=Path(sys.argv[2]), formats=("pdf",)).ok
print(type(sys.modules["fontTools.subset"]).__name__)
"""


def test_fonttools_subsetter_is_loaded_only_when_used(tmp_path, seed):
    """WeasyPrint imports fontTools' subsetter (about 0.1 s) but subsets with HarfBuzz: bantin defers it."""
    def state(subsetter: str) -> str:
        out = tmp_path / subsetter
        run = subprocess.run([sys.executable, "-c", _SUBSETTER_STATE, str(seed), str(out), subsetter],
                             capture_output=True, text=True, check=True)
        assert (out / f"{seed.stem}.pdf").stat().st_size > 10_000
        return run.stdout.strip()

    assert state("harfbuzz") == "_LazyModule"  # registered, never loaded
    assert state("fonttools") == "module"  # the fallback still finds it, loaded on first use
