"""A volume's outline has one top-level entry per bulletin, linked one after the other: the PDF/UA
validator must follow a chain longer than its default limit (256), or `bantin check` refuses every
volume of more than about 250 bulletins ("reference chain exceeds the configured depth")."""

from __future__ import annotations

import pikepdf
from helpers import require_validators

import toolkit
from toolkit.qa.validators import PageUa

SECTIONS = 300


def test_an_outline_longer_than_the_validators_default_depth_is_checked(tmp_path):
    require_validators("pdfua")
    source = tmp_path / "muc-luc-dai.md"
    body = "\n\n".join(f"## Mục {n}\n\nNội dung ngắn của mục {n}." for n in range(1, SECTIONS + 1))
    source.write_text(f"---\ntitle: Bản tin nhiều mục\ndate: 2026-11-02\n---\n\n{body}\n", encoding="utf-8")
    assert toolkit.build([source], output_dir=tmp_path, formats=("pdf",)).ok
    pdf = tmp_path / "muc-luc-dai.pdf"
    with pikepdf.open(pdf) as opened:  # the chain really is longer than 256
        entry, chain = opened.Root.Outlines.First, 1
        while "/First" in entry and "/Next" not in entry:
            entry, chain = entry.First, 1
        while "/Next" in entry:
            entry, chain = entry.Next, chain + 1
    assert chain >= SECTIONS
    (result,) = PageUa().validate([pdf])
    assert result.findings == [] and "104 rules passed" in result.summary, result
