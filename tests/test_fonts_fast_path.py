"""The glyph check's fast path (no cmap for plain Vietnamese text) reports exactly what the full check does."""

from __future__ import annotations

from toolkit.pipeline import build
from toolkit.render import fonts
from toolkit.render.fonts import SURELY_DRAWN, covered, missing_glyphs


def test_surely_drawn_ranges_are_in_the_bundled_sans():
    have = covered("sans")
    absent = [f"U+{c:04X}" for low, high in SURELY_DRAWN for c in range(low, high + 1) if c not in have]
    assert absent == []


def test_vietnamese_text_needs_no_cmap(seed, monkeypatch):
    def no_cmap(family):
        raise AssertionError(f"read the {family} cmap for plain Vietnamese text")

    monkeypatch.setattr(fonts, "covered", no_cmap)
    text = seed.read_text(encoding="utf-8") + " Tỷ lệ 52,4%: “đạt” — 12.000 m² ₫ … ĐƯỜNG Ơ Ư ơ ư ữ ỹ"
    assert missing_glyphs(text, "serif") == []


def test_rare_characters_still_checked_against_the_fonts():
    text = "Bản tin ✓ → 中 Ω ‰ \u2065"
    expected = sorted(ch for ch in set(text) if ord(ch) not in covered("serif") | covered("sans")
                      and ch not in " \n")
    assert missing_glyphs(text, "serif") == expected
    assert "中" in expected and "Ω" not in expected


def test_build_still_warns_for_a_missing_glyph(tmp_path, seed):
    source = tmp_path / "glyph.txt"
    source.write_text(seed.read_text(encoding="utf-8").replace("Hương Dịu", "Hương Dịu 中"), encoding="utf-8")
    result = build([source], formats=("html",), output_dir=tmp_path / "out")
    codes = [w.code for w in result.results[0].warnings]
    assert codes.count("missing-glyph") == 1
