"""Fuzzing: any bytes given to any reader, or to format detection, give a `Bulletin` or a typed
`ToolkitError` naming the file, never another exception.

The suite runs a bounded, derandomised number of examples (the suite shares two cores);
`make fuzz` (HYPOTHESIS_PROFILE=long) runs many more, with fresh randomness. BANTIN_FUZZ_EXAMPLES
sets the number of examples directly.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.errors import ToolkitError
from toolkit.model import Bulletin
from toolkit.readers import READERS, read_source
from toolkit.readers.safe_text import safe_bulletin

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
EXAMPLES = int(os.environ.get("BANTIN_FUZZ_EXAMPLES", 3000 if LONG else 40))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not LONG,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

#: Pieces each format is made of, so examples get past sniffing into the parsers.
PIECES = {
    "portal-text": ["PublishingPortal - Block_BanTin_Toolbar\n", " PublishingPortal - Block_BanTin_ViewData\n",
                    "15/04/2024\n", "31/02/2024\n", "Thứ Năm, 06/06/2024 08:45\n", "Tăng cỡ chữ Giảm cỡ chữ\n",
                    "Tin, ảnh: Hoàng Nam\n", "Ảnh: minh họa\n", "1. Mục một;\n", "\r\n", "./.\n"],
    "html": ["<html>", "<head><title>", "</title>", "<meta property=\"og:title\" content=\"T\">", "<body>",
             "<article>", "<h1>", "<p>", "<img src=\"a.png\" alt=\"x\">", "<figure><figcaption>", "<table><tr><td>",
             "<ul><li>", "<script>", "<!--", "]]>", "&amp;", "&#0;", "<div>" * 50, "</p>", "<br>"],
    "portal-html": ["<span>PublishingPortal - Block_BanTin_Toolbar</span>", "PublishingPortal - Block_BanTin_ViewData",
                    "<div class=\"BanTin_Toolbar\">", "<td class=\"ms-rteElement\">", "Ngày đăng: 15/04/2024",
                    "<p style=\"text-align:right\"><strong>", "<img data-src=\"x.jpg\">", "<em>Ảnh: </em>",
                    "<img data-src=\"//x/y.png\">", "</td></tr></table>"],
    "markdown": ["---\n", "title: ", "date: 2024-10-18\n", "author: ", "!!python/object:os.system\n", "&a [x]\n",
                 "*a\n", "# ", "## ", "![alt](x.png \"cap\")", "| a | b |\n|---|---|\n", "> ", "- ", "1. ",
                 "```\n", "<script>", "[l](javascript:x)", "\n\n"],
    "json": ["{", "}", "[", "]", "\"title\":", "\"blocks\":", "\"type\":", "\"paragraph\"", "\"figure\"",
             "\"heading\"", "\"level\":", "\"text\":", "\"src\":", "\"date\":", "\"2024-02-31\"", "null", "1e999",
             "\"\\ud800\"", ",", ":", "-0", "true"],
}
#: Pieces of any format, to mix formats.
SHARED = ["Đ", "Ð", "hoà", "hòa", "\u0323", "\ufeff", "\x00", "\n", "\r\n"]
SUFFIX = {"portal-text": ".txt", "html": ".html", "portal-html": ".html", "markdown": ".md", "json": ".json"}
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60) | st.sampled_from(
    ["Bản tin", "Đảng bộ huyện", "{{ 7*7 }}", "\x00", "\x0b", "\ufeff", "Ð", "hoà", "a" * 300, " "])


def structured(format: str) -> st.SearchStrategy[bytes]:
    """Documents made of the format's own pieces (and some of any format) mixed with arbitrary text,
    in a few encodings."""
    pieces = PIECES.get(format, PIECES["html"]) + SHARED
    parts = st.lists(st.sampled_from(pieces) | TEXT, max_size=40)
    encoding = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258"])
    return st.builds(lambda ps, enc: "".join(ps).encode(enc, errors="replace"), parts, encoding)


def read_bytes(data: bytes, suffix: str, format: str | None) -> None:
    with tempfile.TemporaryDirectory(prefix="bantin-fuzz-") as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            doc = read_source(path, format)
        except ToolkitError as exc:
            assert str(exc).startswith(str(path)), f"the error does not name the file: {exc}"
            return
        assert isinstance(doc, Bulletin)
        assert isinstance(doc.title, str)
        safe_bulletin(doc)
        if format is not None:  # the reader itself never makes a bulletin without a title
            assert READERS[format].read(path).title.strip()


@pytest.mark.parametrize("format", list(READERS))
@FUZZ
@given(data=st.binary(max_size=4000))
def test_reader_takes_any_bytes(format, data):
    read_bytes(data, SUFFIX.get(format, ".txt"), format)


@pytest.mark.parametrize("format", list(READERS))
@FUZZ
@given(data=st.data())
def test_reader_takes_broken_documents_of_its_format(format, data):
    read_bytes(data.draw(structured(format)), SUFFIX.get(format, ".txt"), format)


@FUZZ
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".md", ".html", ".json", ".htm", ""]))
def test_format_detection_takes_any_bytes(data, suffix):
    read_bytes(data, suffix, None)
