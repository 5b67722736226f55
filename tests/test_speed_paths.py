"""Shortcuts taken for speed give the same answers as the slow paths they skip."""

from __future__ import annotations

import shutil

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
