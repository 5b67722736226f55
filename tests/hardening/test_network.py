"""Rendering never touches the network: a local HTTP server counts requests while sources that
reference it in every way (img, link, @import, CSS url(), iframe, object, embed, SVG image, srcset,
base href, scripts, Markdown and JSON figures, images inside SVG) are built. It must count 0."""

from __future__ import annotations

import shutil
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from hardening.checks import EVIL_URL, build, corpus, make_case
from helpers import IMAGES

from toolkit.images import ImageResolver
from toolkit.model import Bulletin, Figure, Paragraph, spans
from toolkit.pipeline import write_formats
from toolkit.render.settings import BuildOptions, resolve
from toolkit.writers.draft import Draft

SOURCES = ["hostile.html", "scripts.html", "images.html", "hostile.md", "scripts.md", "images.md",
           "hostile.json", "jinja.txt"]
SVGS = ["external.svg", "laughs.svg"]


class Counter(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Counter.hits.append(self.path)
        body = (IMAGES / "kham-benh.png").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_HEAD = do_GET

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Counter)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    with urllib.request.urlopen(f"{url}/probe") as response:  # the counter works: this one counts
        assert response.status == 200
    assert Counter.hits == ["/probe"]
    Counter.hits.clear()
    yield url
    httpd.shutdown()
    httpd.server_close()


def pointed_at(name: str, url: str) -> bytes:
    """A corpus file with every hostile web address replaced by the counting server's."""
    host = url.removeprefix("http:")
    return (corpus() / name).read_bytes().replace(EVIL_URL.encode(), url.encode()).replace(
        b"//127.0.0.1:9/", f"{host}/".encode())


def test_building_hostile_sources_makes_no_request(server, tmp_path):
    case = make_case(tmp_path, {name: pointed_at(name, server) for name in SOURCES + SVGS})
    done = build(case, *SOURCES)
    assert done.returncode in (0, 1), done.stderr
    assert Counter.hits == [], f"requests made while rendering: {Counter.hits}"
    assert server.encode() in (case.src / "hostile.html").read_bytes()  # the sources did point at it


def test_figures_with_web_addresses_make_no_request(server, tmp_path):
    """Without any reader: figures and SVGs that name the server, through all three writers."""
    case = make_case(tmp_path, {name: pointed_at(name, server) for name in SVGS})
    figures = [Figure(f"{server}/figure.png", "ảnh", "ảnh trên mạng"), Figure(Path("external.svg"), "svg", "svg"),
               Figure(f"//{server.removeprefix('http://')}/p.png", "ảnh", "không giao thức")]
    doc = Bulletin(title=f"Bản tin {server}/title", source=case.src / "tin.txt", url=f"{server}/source",
                   blocks=(Paragraph(spans(f"Xem {server}/link")), *figures))
    settings = resolve(BuildOptions(formats=("pdf", "epub", "html"), output_dir=case.out))
    write_formats(Draft(doc, settings, ImageResolver(doc)), "tin")
    assert (case.out / "tin.pdf").exists()
    assert Counter.hits == []


def test_local_copies_of_remote_images_are_used_instead(server, tmp_path):
    """`--images DIR`: a remote image is matched by name in a local folder; still no request."""
    case = make_case(tmp_path, {})
    local = tmp_path / "local-images"
    local.mkdir()
    shutil.copyfile(IMAGES / "kham-benh.png", local / "figure.png")
    doc = Bulletin(title="Bản tin", source=case.src / "tin.txt",
                   blocks=(Figure(f"{server}/figure.png", "ảnh", "ảnh"),))
    settings = resolve(BuildOptions(formats=("epub",), output_dir=case.out, images_dir=local))
    images = ImageResolver(doc, local)
    write_formats(Draft(doc, settings, images), "tin")
    assert images.path(doc.blocks[0]) == (local / "figure.png").resolve()
    assert Counter.hits == []


def test_the_same_page_without_our_fetcher_would_call_the_server(server, tmp_path):
    """Proof that the sources above really reach out: WeasyPrint's default fetcher calls the server."""
    from weasyprint import HTML

    page = pointed_at("hostile.html", server).decode()
    HTML(string=page, base_url=tmp_path.as_uri() + "/").write_pdf(tmp_path / "unsafe.pdf")
    assert len(Counter.hits) >= 5, Counter.hits
