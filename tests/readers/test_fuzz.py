"""Any bytes or text given to any reader give a `Bulletin` or a typed `ToolkitError`, never another exception."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.errors import ToolkitError
from toolkit.model import Bulletin
from toolkit.readers import READERS

EXAMPLES = int(os.environ.get("BANTIN_FUZZ_EXAMPLES", "40"))  # bounded: the suite shares two cores
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SUFFIX = {"json": ".json", "portal-html": ".html", "html": ".html", "portal-text": ".txt", "copied-text": ".txt",
          "markdown": ".md"}

# Pieces of real sources, so generated text reaches past the first checks of each reader.
FRAGMENTS = [
    "PublishingPortal - Block_BanTin_Toolbar", "PublishingPortal - Block_BanTin_ViewData", "15/04/2024",
    "31/02/2024", "Thứ Năm, 06/06/2024 08:45", "Tăng cỡ chữ", "Ảnh: ", "Tin, ảnh: Hoàng Nam", "./.", "\n", "\r\n",
    "<p>", "</p>", "<img src=\"a.jpg\">", "<img data-src=\"//x/y.png\">", "<table><tr><td>", "</td></tr></table>",
    "<h1>", "<h2>", "<strong>", "<em>", "<ul><li>", "<!DOCTYPE html><html>", "<script>", "---\n", "title: ",
    "date: ", "# ", "![a](b.png \"c\")", "| a | b |\n|---|---|", "> ", "1. ", "- ", '{"title": ', '"blocks": [',
    '{"type": "figure", "src": ', "null", "]", "}", "Đ", "Ð", "hoà", "hòa", "\u0323", "\ufeff", "\x00",
]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=30).map("".join)


def read_with(format: str, data: bytes):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"source{SUFFIX[format]}"
        path.write_bytes(data)
        try:
            return READERS[format].read(path)
        except ToolkitError as exc:
            return exc


@pytest.mark.parametrize("format", list(READERS))
@FUZZ
@given(data=st.binary(max_size=600))
def test_any_bytes(format, data):
    assert isinstance(read_with(format, data), Bulletin | ToolkitError)


@pytest.mark.parametrize("format", list(READERS))
@FUZZ
@given(text=texts, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_any_text(format, text, encoding):
    result = read_with(format, text.encode(encoding, errors="surrogatepass"))
    assert isinstance(result, Bulletin | ToolkitError)
    if isinstance(result, Bulletin):
        assert result.title.strip()
