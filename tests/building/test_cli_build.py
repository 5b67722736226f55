"""`bantin build` as a user runs it: exit codes, one-line errors, names, options, layouts.

Most tests run the command in this process (`run_cli`); the first two and the last run the installed
command in a new process, end to end."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from helpers import SEED, pdftotext, run_cli, run_cli_process, squash

import toolkit
from toolkit.errors import ConfigError, LayoutError


def test_installed_command_lists_its_commands_without_loading_the_renderer():
    """End to end: the console script starts, and `--help` (as every command's start) imports no renderer, nor
    pydantic (Typer 0.29 coerces options through it: 0.1 s on every command)."""
    proc = run_cli_process("--help")
    assert proc.returncode == 0, proc.stderr
    for command in ("build", "inspect", "lint", "check", "archive", "collect", "impose", "profiles"):
        assert f" {command} " in proc.stdout, command
    code = ("import sys\nfrom toolkit.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('weasyprint', 'pikepdf', 'fontTools', 'pydantic') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr


def test_missing_and_unreadable_sources_fail_alone(tmp_path):
    """End to end, in a new process: exit status, one line per bad source on stderr, no traceback."""
    bad = tmp_path / "hong.txt"
    bad.write_bytes(b"\x00\x01\x02 binary \xff\xfe" * 50)
    out = tmp_path / "out"
    proc = run_cli_process("build", str(tmp_path / "khong-co.txt"), str(bad), str(SEED), "-o", str(out), "-f", "pdf")
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if "error" in line]
    assert len(errors) == 2, proc.stderr
    assert "khong-co.txt: no such file" in errors[0]
    assert "hong.txt" in errors[1]
    assert "Traceback" not in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["seed.pdf"]


def test_installed_command_ends_at_once_with_its_outputs_whole_and_its_report_printed(tmp_path):
    """The console script skips the interpreter's teardown (`toolkit.cli.run`): what it wrote is complete,
    what it printed through a pipe arrives, and the status is the command's."""
    import zipfile

    out = tmp_path / "out"
    proc = run_cli_process("build", str(SEED), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count(str(out)) == 2, proc.stdout  # "written …" for the PDF and the EPUB
    with pikepdf.open(out / "seed.pdf") as pdf:
        assert len(pdf.pages) >= 1
    with zipfile.ZipFile(out / "seed.epub") as book:
        assert book.testzip() is None
    failed = run_cli_process("build", str(tmp_path / "khong-co.txt"), "-o", str(out))
    assert failed.returncode == 1 and "khong-co.txt" in failed.stderr


def test_no_partial_output_when_rendering_fails(tmp_path, monkeypatch):
    from toolkit.writers import pdf

    def explode(*args, **kwargs):
        raise OSError("disk on fire")

    monkeypatch.setattr(pdf, "finish", explode)
    result = toolkit.build([SEED], output_dir=tmp_path, formats=("pdf",))
    assert not result.ok
    assert "disk on fire" in str(result.results[0].error)
    assert list(tmp_path.iterdir()) == []


def test_debug_shows_traceback(tmp_path):
    proc = run_cli("build", str(tmp_path / "none.txt"), "-o", str(tmp_path), "--debug")
    assert proc.returncode == 1
    assert "Traceback" in proc.stderr


def test_bigger_and_smaller_step_like_the_toolbar(tmp_path):
    proc = run_cli("build", str(SEED), "-o", str(tmp_path), "-f", "epub", "--bigger", "--bigger")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "seed.x-large.epub").exists()
    proc = run_cli("build", str(SEED), "-o", str(tmp_path), "-f", "epub", "--smaller")
    assert (tmp_path / "seed.small.epub").exists()
    proc = run_cli("build", str(SEED), "-o", str(tmp_path), "-f", "epub", "--smaller", "--smaller")
    assert proc.returncode == 2
    assert "cannot make the text smaller than 'small'" in proc.stderr
    proc = run_cli("build", str(SEED), "-o", str(tmp_path), "--size", "xx-large", "--bigger")
    assert "cannot make the text bigger than 'xx-large'" in proc.stderr


def test_profiles_json_smallest_first():
    proc = run_cli("profiles", "--json")
    rows = json.loads(proc.stdout)
    sizes = [row["body_pt"] for row in rows]
    assert sizes == sorted(sizes) and len(rows) >= 5
    assert {"small", "normal", "large", "x-large", "xx-large"} <= {row["name"] for row in rows}
    for row in rows:
        if row["large_print"]:
            assert row["body_pt"] >= 16 and row["font"] == "sans"


def test_unknown_profile_and_options_list_choices():
    with pytest.raises(ConfigError) as info:
        toolkit.build([SEED], size="giant", page_size="B5", formats=("pdf", "docx"))
    message = str(info.value)
    assert "page_size" in message and "format" in message
    with pytest.raises(ConfigError, match="known: small, normal"):
        toolkit.build([SEED], size="giant")


def test_a5_page_size_and_name(tmp_path):
    result = toolkit.build([SEED], output_dir=tmp_path, formats=("pdf",), page_size="A5")
    out = result.outputs[0].path
    assert out.name == "seed.a5.pdf"
    import pikepdf

    with pikepdf.open(out) as pdf:
        box = [float(v) for v in pdf.pages[0].MediaBox]
    assert abs(box[2] - 148 / 25.4 * 72) < 1 and abs(box[3] - 210 / 25.4 * 72) < 1


def test_html_output_has_its_files_beside_it(tmp_path):
    result = toolkit.build([SEED], output_dir=tmp_path, formats=("html",))
    html = result.outputs[0].path.read_text(encoding="utf-8")
    assert 'href="seed.files/print.css"' in html
    assert (tmp_path / "seed.files" / "fonts" / "NotoSerif-Regular.ttf").exists()
    assert "Bạch Thông đẩy mạnh" in html


def test_copied_layout_folder_is_used(tmp_path):
    layout = tmp_path / "my-layout"
    shutil.copytree(Path(toolkit.__file__).parent.parent / "layouts" / "bulletin", layout)
    css = layout / "print.css.j2"
    css.write_text(css.read_text(encoding="utf-8").replace('content: "{{ labels.page }} "', 'content: "Tờ "'),
                   encoding="utf-8")
    result = toolkit.build([SEED], output_dir=tmp_path / "out", formats=("pdf",), layout=str(layout))
    assert result.ok
    assert "Tờ 2/2" in squash(pdftotext(result.outputs[0].path, 2, 2))  # page 1 carries no folio


def test_layout_that_extends_the_builtin(tmp_path):
    layout = tmp_path / "nho"
    layout.mkdir()
    (layout / "layout.toml").write_text('extends = "bulletin"\nname = "nho"\n[labels.vi]\npage = "Tr."\n',
                                        encoding="utf-8")
    result = toolkit.build([SEED], output_dir=tmp_path / "out", formats=("pdf",), layout=str(layout))
    assert "Tr. 2/2" in squash(pdftotext(result.outputs[0].path, 2, 2))


def test_unknown_layout_lists_installed_ones():
    with pytest.raises(LayoutError, match=r"installed: .*bulletin"):
        toolkit.build([SEED], layout="khong-ton-tai")


def test_source_text_is_never_a_template(tmp_path):
    source = tmp_path / "mau.txt"
    source.write_text(SEED.read_text(encoding="utf-8").replace("Hương Dịu", "{{ 7*7 }} {% include 'x' %}"),
                      encoding="utf-8")
    result = toolkit.build([source], output_dir=tmp_path / "out", formats=("pdf",))
    assert result.ok, result.results[0].error
    assert "{{ 7*7 }} {% include 'x' %}" in squash(pdftotext(result.outputs[0].path))


def test_missing_glyph_is_named(tmp_path):
    source = tmp_path / "glyph.txt"
    source.write_text(SEED.read_text(encoding="utf-8").replace("Hương Dịu", "Hương Dịu 漢"), encoding="utf-8")
    result = toolkit.build([source], output_dir=tmp_path / "out", formats=("epub",))
    messages = [w.message for w in result.results[0].warnings]
    assert any("U+6F22" in m for m in messages), messages


def test_english_labels(tmp_path):
    result = toolkit.build([SEED], output_dir=tmp_path, formats=("pdf",), language="en")
    first = squash(pdftotext(result.outputs[0].path, 1, 1))
    assert "Monday, 15 April 2024" in first and "Page 2/2" in squash(pdftotext(result.outputs[0].path, 2, 2))


def test_version_and_module_entry_point():
    """End to end: `python -m toolkit`."""
    proc = subprocess.run([sys.executable, "-m", "toolkit", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("bantin ")
