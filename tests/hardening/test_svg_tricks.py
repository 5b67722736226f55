"""Issue 13: SVG is checked with a real parser and an allow-list, so the known bypasses are refused."""

from __future__ import annotations

import base64

import pytest

from toolkit.images import image_problem

HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
NESTED = base64.b64encode(f'{HEAD}<image href="http://127.0.0.1:9/x.png"/></svg>'.encode()).decode()
TRICKS = {
    "import without a space": '<style>@import"http://127.0.0.1:9/a.css";</style>',
    "import in capitals": '<style>@IMPORT url(http://127.0.0.1:9/a.css);</style>',
    "css escape": '<style>rect { fill: u\\72l(http://127.0.0.1:9/p) }</style>',
    "url in a style attribute": '<rect style="fill:url( \'http://127.0.0.1:9/p\' )" width="5" height="5"/>',
    "url in a presentation attribute": '<rect fill="url(//127.0.0.1:9/p#g)" width="5" height="5"/>',
    "nested data svg": f'<image href="data:image/svg+xml;base64,{NESTED}" width="5" height="5"/>',
    "xlink href to a file": '<use xlink:href="file:///etc/passwd#x"/>',
    "animation setting an href": '<a><set attributeName="href" to="http://127.0.0.1:9/"/></a>',
    "event handler": '<rect onload="fetch(1)" width="5" height="5"/>',
    "foreign object": '<foreignObject><iframe src="http://127.0.0.1:9/"/></foreignObject>',
}


@pytest.mark.parametrize("trick", TRICKS)
def test_each_bypass_is_refused(trick):
    assert image_problem(f"{HEAD}{TRICKS[trick]}</svg>".encode(), "image/svg+xml") is not None


def test_a_plain_drawing_with_internal_references_is_kept():
    drawing = (f'{HEAD}<defs><linearGradient id="g"><stop offset="0" stop-color="#c00"/></linearGradient></defs>'
               '<style>.a { fill: url(#g) }</style><rect class="a" width="10" height="10"/>'
               '<use href="#g"/><text x="1" y="9">Bản đồ xã</text></svg>')
    assert image_problem(drawing.encode(), "image/svg+xml") is None
