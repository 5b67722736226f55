"""The benchmark's synthetic bulletins are deterministic and read like real portal dumps."""

from __future__ import annotations

import sys
import unicodedata
from collections import Counter

from helpers import ROOT

from toolkit.readers import detect_format, read_source

sys.path.insert(0, str(ROOT / "bench"))
import synthetic


def test_same_seed_same_bytes_other_seed_other_bytes():
    first = [s.text for s in synthetic.generate(12, seed=3)]
    assert first == [s.text for s in synthetic.generate(12, seed=3)]
    assert first != [s.text for s in synthetic.generate(12, seed=4)]
    assert all(unicodedata.is_normalized("NFC", text) for text in first)


def test_sizes_cover_one_to_eight_pages():
    pages = Counter(s.pages for s in synthetic.generate(300))
    assert set(pages) == set(range(1, 9))
    assert pages[2] > pages[8]


def test_portal_reader_finds_every_editorial_element(tmp_path):
    paths = synthetic.write_corpus(tmp_path, 24)
    kinds: Counter = Counter()
    for path in paths:
        assert detect_format(path, path.read_bytes()[:8192]) == "portal-text"
        doc = read_source(path)
        assert doc.date is not None and doc.title and doc.lead and doc.author
        kinds.update(block.kind for block in doc.blocks)
    assert kinds["heading"] > 0 and kinds["list"] > 0 and kinds["figure"] >= 24 and kinds["paragraph"] > 100
