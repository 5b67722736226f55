"""The fontTools fallback of WeasyPrint is said once per process, and the fast path is the default."""

from __future__ import annotations

import logging
import sys

import pytest
from weasyprint.text import ffi

import toolkit
from toolkit.render import engine as engine_check
from toolkit.render import typeset


@pytest.fixture
def fresh_engine(monkeypatch):
    """A process state where no render has started yet."""
    monkeypatch.setattr(engine_check, "_warned", False)
    monkeypatch.setattr(typeset, "_ENGINE", None)


def test_setup_gives_the_harfbuzz_subsetter():
    # scripts/setup.sh installs libharfbuzz-subset0: a machine set up by it is on the fast path.
    assert engine_check.font_subsetter() == engine_check.HARFBUZZ


def test_no_warning_on_the_fast_path(fresh_engine, caplog, seed, out_dir):
    with caplog.at_level(logging.WARNING, logger="toolkit"):
        result = toolkit.build([seed], formats=("pdf",), output_dir=out_dir)
    assert result.ok
    assert engine_check.FALLBACK_MESSAGE not in caplog.messages


def test_fallback_warns_once_for_many_documents(fresh_engine, monkeypatch, caplog, seed, tmp_path):
    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    assert engine_check.font_subsetter() == engine_check.FONTTOOLS
    copies = []
    for name in ("a.txt", "b.txt"):
        copies.append(tmp_path / name)
        copies[-1].write_bytes(seed.read_bytes())
    with caplog.at_level(logging.WARNING, logger="toolkit"):
        result = toolkit.build(copies, formats=("pdf",), output_dir=tmp_path / "out")
        assert engine_check.warn_if_slow_subsetter() is False
    assert result.ok, [r.error for r in result.results]
    assert caplog.messages.count(engine_check.FALLBACK_MESSAGE) == 1
    assert (tmp_path / "out" / "b.pdf").stat().st_size > 10_000


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldconfig is Linux's")
def test_library_lookup_finds_what_ctypes_finds_first():
    import ctypes.util

    names = ["gobject-2.0", "pango-1.0", "harfbuzz", "harfbuzz-subset", "fontconfig", "pangoft2-1.0", "c", "z",
             "libgobject-2.0-0", "pango-1.0-0", "harfbuzz-vector", "no-such-library"]
    assert [engine_check._find_in_ldconfig(n) for n in names] == [ctypes.util._findSoname_ldconfig(n) for n in names]
    assert engine_check._find_in_ldconfig("harfbuzz") == "libharfbuzz.so.0"


def test_shared_array_types_give_the_same_arrays():
    engine_check.share_array_types()
    engine_check.share_array_types()  # once only: no wrapper around the wrapper
    assert ffi.ffi.new.shares_array_types
    items = list(range(7, 130))
    array = ffi.ffi.new(f"hb_codepoint_t[{len(items)}]", items)
    assert ffi.ffi.sizeof(array) == ffi.ffi.sizeof(f"hb_codepoint_t[{len(items)}]") and len(array) == len(items)
    assert list(array) == items
    assert len(ffi.ffi.new("hb_tag_t[100]")) == 100  # no initialiser: left to cffi as written
