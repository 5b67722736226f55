"""The interface language (issue 17): Vietnamese or English help and messages, one error format, options
named as typed, and a catalog that is complete and compiled."""

from __future__ import annotations

import inspect
import io
import unicodedata
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from helpers import ROOT, run_cli

from toolkit.i18n import language_from

LC = ROOT / "toolkit" / "locale" / "vi" / "LC_MESSAGES"


@pytest.fixture
def env(monkeypatch):
    for name in ("BANTIN_UI_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def catalog():
    with (LC / "bantin.po").open("rb") as handle:
        return read_po(handle, locale="vi", domain="bantin")


def test_build_help_in_vietnamese_has_no_python_types(env):
    env.setenv("BANTIN_UI_LANG", "vi")
    done = run_cli("build", "--help")
    assert done.returncode == 0
    assert "Cách dùng: bantin build [TÙY_CHỌN] TỆP..." in done.stdout
    assert "Thư mục ghi kết quả." in done.stdout and "[mặc định: out]" in done.stdout
    for leak in ("<list[", "Path]", "<str>", "<int>", "{sources}", "[default: False]", "[mặc định: 0]"):
        assert leak not in done.stdout


def test_build_help_in_english(env):
    done = run_cli("--ui-lang", "en", "build", "--help")
    assert "Usage: bantin build [OPTIONS] FILE..." in done.stdout
    assert "Output folder.  [default: out]" in done.stdout
    assert "<list[" not in done.stdout and "[default: 0]" not in done.stdout


@pytest.mark.parametrize("command", ["collect", "archive", "build", "profiles", "check", "impose", "inspect", "lint",
                                     "fetch"])
def test_every_command_help_without_types(env, command):
    for language in ("vi", "en"):
        done = run_cli(command, "--help", "--ui-lang", language)
        assert done.returncode == 0, done.stderr
        assert not any(f"<{t}" in done.stdout for t in ("list", "str", "int", "float", "path", "bool"))


def test_ui_lang_beats_env_beats_locale(env):
    env.setenv("LANG", "en_US.UTF-8")
    assert "Usage:" in run_cli("build", "--help").stdout
    env.setenv("BANTIN_UI_LANG", "vi")
    assert "Cách dùng:" in run_cli("build", "--help").stdout
    assert "Usage:" in run_cli("build", "--help", "--ui-lang", "en").stdout
    env.setenv("BANTIN_UI_LANG", "en")
    assert "Cách dùng:" in run_cli("--ui-lang", "vi", "build", "--help").stdout


def test_language_from():
    assert language_from(None, {"LANG": "C"}) == "vi"
    assert language_from(None, {}) == "vi"
    assert language_from(None, {"LANG": "en_US.UTF-8"}) == "en"
    assert language_from(None, {"LC_ALL": "vi_VN.UTF-8", "LANG": "en_US.UTF-8"}) == "vi"
    assert language_from(None, {"BANTIN_UI_LANG": "en", "LANG": "vi_VN"}) == "en"
    assert language_from("vi", {"BANTIN_UI_LANG": "en"}) == "vi"


def test_default_is_vietnamese_with_c_locale(env):
    env.setenv("LANG", "C")
    assert "Cách dùng:" in run_cli("build", "--help").stdout


def test_unknown_option_is_one_line_naming_it(env):
    done = run_cli("build", "--foo", "--ui-lang", "vi")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bantin: lỗi: ") and "--foo" in lines[0]
    assert "Usage" not in done.stderr and "Cách dùng" not in done.stderr


def test_missing_argument_is_one_line(env):
    done = run_cli("--ui-lang", "vi", "build")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == ["bantin: lỗi: thiếu TỆP (xem bantin build --help)"]


def test_bad_page_size_names_the_option(env, tmp_path):
    done = run_cli("--ui-lang", "vi", "build", "--page-size", "B7", str(tmp_path / "x.txt"))
    assert done.returncode == 2
    line = done.stderr.strip()
    assert line.startswith("bantin: lỗi: --page-size: ") and "'B7'" in line and "page_size" not in line
    typed_short = run_cli("--ui-lang", "en", "build", "-p", "B7", str(tmp_path / "x.txt")).stderr.strip()
    assert typed_short.startswith("bantin: error: -p: unknown 'B7'")


def test_bad_value_of_a_typed_option(env):
    done = run_cli("--ui-lang", "en", "build", "--ui-lang", "fr", "x.txt")
    assert done.returncode == 2
    assert done.stderr.strip().startswith("bantin: error: invalid value for --ui-lang: 'fr'")


def test_missing_source_in_vietnamese(env, tmp_path):
    missing = tmp_path / "khong-co.txt"
    done = run_cli("build", str(missing), "-o", str(tmp_path / "out"), "--ui-lang", "vi")
    assert done.returncode == 1
    assert done.stderr.strip() == f"bantin: lỗi: {missing}: không có tệp này"


def test_mo_is_the_compiled_po():
    compiled = io.BytesIO()
    write_mo(compiled, catalog())
    assert compiled.getvalue() == (LC / "bantin.mo").read_bytes(), "run `make locale` and commit bantin.mo"


def test_every_message_is_translated_in_nfc():
    for message in catalog():
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"no Vietnamese for {message.id!r}"
        assert all(unicodedata.is_normalized("NFC", s) for s in strings), message.id
        assert not message.fuzzy, message.id


def test_every_source_message_is_in_the_catalog():
    known = {m.id for m in catalog()}
    found = {msg: f"{path}:{line}"
             for path, line, msg, _comments, _context in extract_from_dir(
                 ROOT / "toolkit", method_map=[("**.py", "python")],
                 keywords={"_": None, "N_": None, "ngettext": (1, 2)})}
    missing = {f"{where}: {msg!r}" for msg, where in found.items() if msg not in known}
    assert not missing, "add to bantin.po:\n" + "\n".join(sorted(missing))


def test_every_help_text_and_metavar_is_in_the_catalog():
    import typer.main

    from toolkit.cli import app

    known = {m.id for m in catalog()}
    missing = set()

    def walk(command):
        english = command.__dict__.get("_bantin_english", {})
        for attr in ("help", "short_help"):
            text = english.get(attr, getattr(command, attr))
            if text and inspect.cleandoc(text) not in known:
                missing.add(inspect.cleandoc(text))
        for param in command.params:
            english = param.__dict__.get("_bantin_english", {})
            for attr in ("help", "metavar"):
                text = english.get(attr, getattr(param, attr, None))
                if text and text not in known:
                    missing.add(text)
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(typer.main.get_command(app))
    assert not missing, "add to bantin.po:\n" + "\n".join(sorted(missing))


def test_i18n_imports_no_heavy_module():
    source = Path(ROOT / "toolkit" / "i18n.py").read_text(encoding="utf-8")
    assert "import jinja2" not in source and "weasyprint" not in source and "from ." not in source
