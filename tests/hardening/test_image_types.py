"""Issue 13: an image's type is read from its bytes, never taken from its name."""

from __future__ import annotations

import io
import zipfile

from helpers import require_validators
from lxml import etree
from PIL import Image

import toolkit
from toolkit.qa.validators import validate


def _image(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format=kind)
    return buffer.getvalue()


def _source(tmp_path, image_name: str, data: bytes):
    (tmp_path / image_name).write_bytes(data)
    source = tmp_path / "tin.md"
    text = f"# Tin có ảnh\n\n![Ảnh thử]({image_name} \"Chú thích ảnh\")\n\nMột đoạn văn.\n"
    source.write_text(text, encoding="utf-8")
    return source


def test_a_tiff_named_png_is_refused_with_a_warning(tmp_path):
    source = _source(tmp_path, "anh.png", _image("TIFF"))
    result = toolkit.build([source], output_dir=tmp_path / "out", formats=("epub",))
    assert result.ok
    refused = [w.message for w in result.results[0].warnings if w.code == "image-refused"]
    assert refused == ["image anh.png refused: a TIFF image, which e-readers cannot show (save it as JPEG or PNG)"]
    with zipfile.ZipFile(tmp_path / "out" / "tin.epub") as book:
        assert not [n for n in book.namelist() if "/images/img-" in n]


def test_a_png_named_jpg_is_declared_as_the_png_it_is(tmp_path):
    source = _source(tmp_path, "anh.jpg", _image("PNG"))
    result = toolkit.build([source], output_dir=tmp_path / "out", formats=("epub",))
    assert result.ok
    epub = tmp_path / "out" / "tin.epub"
    with zipfile.ZipFile(epub) as book:
        opf = etree.fromstring(book.read(next(n for n in book.namelist() if n.endswith(".opf"))))
    images = [(i.get("href"), i.get("media-type")) for i in opf.iter("{*}item") if "images/img-" in i.get("href", "")]
    assert images == [("images/img-1.png", "image/png")]
    require_validators("epubcheck")
    assert [str(f) for r in validate([epub], ["epubcheck"])[epub] for f in r.findings] == []
