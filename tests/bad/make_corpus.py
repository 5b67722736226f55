"""The bad-source corpus: every file `tests/hardening/` feeds to bantin, made here and nowhere else.

The tests write it once per process into a temporary folder (`hardening.checks.corpus()`), so the
corpus has one home, this file. To look at the files, write them out:
`python tests/bad/make_corpus.py DIR`. Cases that must be made on the spot (over the size limit,
symlinks, a FIFO, a folder) are created by `tests/hardening/` itself.
"""

from __future__ import annotations

import json
import random
import struct
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
EVIL = "http://127.0.0.1:9"  # the network test swaps this for its own counting server
JINJA = "{{ 7*7 }} {% include '/etc/passwd' %} {{ config.__class__ }} {# bình luận #}"


def portal(title: str, body: list[str], date: str = "15/04/2024", lead: str = "Tin tóm tắt của bản tin.",
           byline: str = "Hương Dịu") -> str:
    parts = ["PublishingPortal - Block_BanTin_Toolbar", "", date, "Tăng cỡ chữ Giảm cỡ chữ", title, lead, "",
             " PublishingPortal - Block_BanTin_ViewData", ""]
    for paragraph in body:
        parts += [paragraph, ""]
    return "\n".join([*parts, byline, ""])


def markdown(front: str, body: str) -> str:
    return f"---\n{front.strip()}\n---\n\n{body.strip()}\n"


def page(title: str, body: str, head: str = "") -> str:
    return (f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><title>{title}</title>{head}</head>\n'
            f"<body><article><h1>{title}</h1>\n{body}\n</article></body></html>\n")


PARAGRAPH = ("Đảng bộ huyện đã tập trung lãnh đạo, chỉ đạo thực hiện tốt công tác bồi dưỡng lý luận chính trị, "
             "cập nhật kiến thức cho cán bộ, đảng viên ở cơ sở.")

REFERENCES = f"""
<link rel="stylesheet" href="{EVIL}/link.css"><link rel="stylesheet" href="file:///etc/passwd">
<style>@import url("{EVIL}/import.css"); @import "file:///etc/passwd";
body {{ background: url("{EVIL}/bg.png") }} p {{ background-image: url(file:///etc/hostname) }}
@font-face {{ font-family: X; src: url("{EVIL}/font.woff") }}</style>
<base href="{EVIL}/base/"><meta http-equiv="refresh" content="0; url={EVIL}/refresh">
"""
SVG_DATA = ("PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciPjxpbWFnZSBocmVmPSJodHRwOi8vMTI3LjAuMC4x"
            "OjkveC5wbmciLz48L3N2Zz4=")  # <svg><image href="http://127.0.0.1:9/x.png"/></svg>
REFERENCE_BODY = f"""
<p>{PARAGRAPH}</p>
<p><img src="{EVIL}/img.png" alt="ảnh xa"> <img src="file:///etc/passwd" alt="passwd">
<img src="//127.0.0.1:9/proto.png" alt="p"> <img src="../secret.png" alt="lên trên">
<img src="../../../../../../../etc/hostname" alt="h"> <img srcset="{EVIL}/srcset.png 2x" alt="s">
<img src="data:image/svg+xml;base64,{SVG_DATA}" alt="d"></p>
<iframe src="{EVIL}/iframe"></iframe><object data="{EVIL}/object"></object><embed src="file:///etc/shadow">
<svg xmlns="http://www.w3.org/2000/svg"><image href="{EVIL}/svg.png"/><image xlink:href="file:///etc/passwd"/></svg>
<video poster="{EVIL}/poster.png" src="{EVIL}/v.mp4"></video><audio src="{EVIL}/a.mp3"></audio>
<p style="background: url({EVIL}/inline.png)">Đoạn có kiểu nền từ xa.</p>
<p><a href="{EVIL}/link">liên kết</a> <a href="file:///etc/passwd">tệp</a></p>
<p>{PARAGRAPH}</p>
"""
SCRIPTS = """
<script>document.write('<img src="http://127.0.0.1:9/js.png">'); fetch('http://127.0.0.1:9/fetch')</script>
<p onclick="alert(1)">Nhấn vào đây. <a href="javascript:alert(document.cookie)">liên kết độc</a>
<a href="JaVaScRiPt:alert(1)">hoa thường</a> <a href="vbscript:msgbox(1)">vb</a>
<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">data</a></p>
<img src="x" onerror="fetch('http://127.0.0.1:9/onerror')" alt="lỗi">
<form action="http://127.0.0.1:9/form"><input type="image" src="http://127.0.0.1:9/input.png"></form>
<noscript><img src="http://127.0.0.1:9/noscript.png"></noscript>
<template><img src="http://127.0.0.1:9/template.png"></template>
"""


def png(width: int, height: int) -> bytes:
    """A 1-bit PNG of zeros: a few kilobytes on disk, width × height pixels once decoded."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE svg [
<!ENTITY a "ha ha ha ha ha ha ha ha ha ha">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
<!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
<!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
<!ENTITY passwd SYSTEM "file:///etc/passwd">
]>
<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><text x="0" y="20">&i;&passwd;</text></svg>
"""
EXTERNAL_SVG = f"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
 width="100" height="100"><image href="{EVIL}/in-svg.png" width="10" height="10"/>
<image xlink:href="file:///etc/passwd" width="10" height="10"/><style>@import url({EVIL}/svg.css);</style>
<rect width="10" height="10" fill="url({EVIL}/fill#p)"/></svg>
"""
IMAGES_MD = f"""
Ảnh không được phép, mỗi ảnh chỉ còn chú thích:

![Ảnh nén bom](bomb.png "Ảnh 12.000 × 12.000 điểm ảnh")

![Ảnh SVG tràn thực thể](laughs.svg "SVG billion laughs")

![Ảnh SVG gọi ra ngoài](external.svg "SVG tham chiếu ngoài")

![Ảnh giả](fake.png "Tệp văn bản mang đuôi png")

![Ảnh ở thư mục cha](../secret.png "Đường dẫn ../")

![Ảnh tuyệt đối](/etc/passwd "Đường dẫn tuyệt đối")

![Ảnh file](file:///etc/passwd "file://")

![Ảnh xa](http://127.0.0.1:9/remote.png "http://")

![Ảnh nhúng](data:image/png;base64,iVBORw0KGgo= "data:")

{PARAGRAPH}
"""


def deep_html(depth: int) -> str:
    return page("Bản tin lồng 20.000 tầng", "<div>" * depth + f"<p>{PARAGRAPH}</p>" + "</div>" * depth)


def cases() -> dict[str, bytes | str]:
    rng = random.Random(7)
    legacy = "Th«ng b¸o vÒ viÖc tæ chøc c¸c ho¹t ®éng vµ ph¸t triÓn n¨m 2024 cña huyÖn, nh©n d©n ®ãng gãp."
    vni = "Thoâng baùo veà vieäc toå chöùc caùc hoaït ñoäng vaø phaùt trieån naêm 2024 cuûa huyeän, nhaân daân."
    token = "".join(rng.choice("abcdefghijklmnopqrstuvwxyzđăâêôơư0123456789") for _ in range(5000))
    many = [f"Đoạn thứ {n} của bản tin." for n in range(1, 3001)]
    controls = ("Văn bản có ký tự điều khiển \x0b tab dọc, \x0c sang trang, \x1b thoát, \u0085 NEL, "
                "\ufffe \uffff phi ký tự, \u202e đảo chiều \u202c, \u200b rộng không, \u00ad gạch mềm.")
    return {
        "empty.txt": b"",
        "whitespace-only.txt": b"  \n\r\n\t \n   \n",
        "bom-only.txt": b"\xef\xbb\xbf",
        "random-bytes.txt": rng.randbytes(3000),
        "random-bytes.md": rng.randbytes(3000),
        "random-bytes.html": rng.randbytes(3000),
        "nul-bytes.txt": portal("Bản tin có byte NUL", [PARAGRAPH + "\x00\x00\x00" + PARAGRAPH]).encode(),
        "markers-only.txt": "PublishingPortal - Block_BanTin_Toolbar\n\n PublishingPortal - Block_BanTin_ViewData\n",
        "truncated.txt": "PublishingPortal - Block_BanTin_Toolbar\n\n15/04/2024\nTăng cỡ chữ Giảm",
        "impossible-date.txt": portal("Bản tin có ngày 31 tháng 2", [PARAGRAPH], date="31/02/2024"),
        "long-token.txt": portal("Bản tin có một từ 5.000 ký tự", [PARAGRAPH, token, PARAGRAPH]),
        "long-title.txt": portal(" ".join(["Tiêu đề rất dài"] * 200), [PARAGRAPH]),
        "many-paragraphs.txt": portal("Bản tin ba nghìn đoạn", many),
        "jinja.txt": portal(f"Bản tin {JINJA}", [f"Đoạn văn có mã mẫu {JINJA} ở giữa.", PARAGRAPH],
                            lead=f"Tóm tắt {JINJA}", byline="{{ 7*7 }} Hương Dịu"),
        "control-chars.txt": portal("Bản tin có ký tự điều khiển\u202e", [controls, PARAGRAPH]),
        "legacy-cp1258.txt": (HERE.parent / "samples" / "legacy" / "cp1258-windows.txt").read_bytes(),
        "legacy-tcvn3.txt": portal("Th«ng b¸o cña huyÖn", [legacy, legacy], lead=legacy, byline="H­¬ng DÞu").encode(
            "cp1252", errors="replace"),
        "legacy-vni.txt": portal("Thoâng baùo cuûa huyeän", [vni, vni], lead=vni, byline="Höông Dòu").encode(
            "cp1252", errors="replace"),
        "utf16.txt": portal("Bản tin UTF-16", [PARAGRAPH]).encode("utf-16"),
        "broken-utf16.txt": b"\xff\xfe" + "Bản tin".encode("utf-16-le") + b"\x00\xd8\x41",
        "hostile.html": page(f"Bản tin tham chiếu ngoài {JINJA}", REFERENCE_BODY, REFERENCES),
        "scripts.html": page("Bản tin có mã độc", SCRIPTS + f"<p>{PARAGRAPH}</p>"),
        "deep-nesting.html": deep_html(20000),
        "xxe.html": ('<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
                     '<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
                     + page("Bản tin XXE", f"<p>&xxe; &lol2; {PARAGRAPH}</p>")),
        "no-article.html": "<!DOCTYPE html><html><head><script>alert(1)</script></head><body></body></html>",
        "images.html": page("Bản tin ảnh độc", "".join(f'<p><img src="{src}" alt="{src}"></p>' for src in (
            "bomb.png", "laughs.svg", "external.svg", "fake.png", "outside.png")) + f"<p>{PARAGRAPH}</p>"),
        "bomb.png": png(12000, 12000),
        "laughs.svg": LAUGHS,
        "external.svg": EXTERNAL_SVG,
        "fake.png": "root:x:0:0:root:/root:/bin/bash\n",
        "images.md": markdown("title: Bản tin ảnh độc\ndate: 2024-10-18", IMAGES_MD),
        "jinja.md": markdown(f'title: "Bản tin {JINJA}"\nauthor: "{{{{ 7*7 }}}} Lan Hương"\ndate: 2024-10-18\n'
                             f'lead: "{{{{ 7*7 }}}} tóm tắt"', f"Đoạn văn {JINJA}.\n\n{PARAGRAPH}"),
        "yaml-unsafe.md": markdown('title: !!python/object/apply:os.system ["touch /tmp/bantin-pwned"]\n'
                                   'author: !!python/object/new:subprocess.Popen [["touch", "/tmp/bantin-pwned"]]',
                                   PARAGRAPH),
        "yaml-aliases.md": markdown("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                                    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c]\n"
                                    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e]\n"
                                    "title: *f\nauthor: *f", PARAGRAPH),
        "yaml-broken.md": "---\ntitle: [chưa đóng\ndate: 2024-99-99\n---\n\n" + PARAGRAPH + "\n",
        "scripts.md": markdown("title: Bản tin Markdown có mã độc\ndate: 2024-10-18",
                               SCRIPTS + f"\n\n[liên kết](javascript:alert(1))\n\n{PARAGRAPH}"),
        "hostile.md": markdown("title: Bản tin Markdown tham chiếu ngoài\ndate: 2024-10-18",
                               REFERENCES + REFERENCE_BODY),
        "deep-nesting.md": markdown("title: Bản tin trích dẫn lồng nhau",
                                    "> " * 5000 + PARAGRAPH + "\n\n"
                                    + "".join("  " * i + "- mục\n" for i in range(300))),
        "deep.json": "[" * 100000 + "]" * 100000,
        "wrong-types.json": json.dumps({"title": 5, "date": [], "blocks": "không phải danh sách"}),
        "surrogates.json": '{"title": "Bản tin \\ud800 lẻ", "blocks": [{"type": "paragraph", "text": "x\\udfff"}]}',
        "bignum.json": '{"title": "Số lớn", "date": 1e999999, "blocks": [{"type": "heading", "level": '
                       + "9" * 5000 + ', "text": "x"}]}',
        "hostile.json": json.dumps({
            "title": f"Bản tin JSON {JINJA}", "date": "2024-10-18", "lead": JINJA, "author": JINJA,
            "blocks": [{"type": "paragraph", "text": f"<script>alert(1)</script> {JINJA}"}]
            + [{"type": "figure", "src": src, "alt": "ảnh", "caption": f"chú thích {src}"} for src in (
                "../secret.png", "/etc/passwd", "file:///etc/passwd", f"{EVIL}/json.png", "bomb.png",
                "laughs.svg", "outside.png")]
            + [{"type": "paragraph", "text": PARAGRAPH}],
        }, ensure_ascii=False, indent=1),
    }


def write_corpus(folder: Path) -> Path:
    """Every case of the corpus as a file in `folder`; returns `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in cases().items():
        (folder / name).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return folder


def main() -> None:
    import sys

    if len(sys.argv) != 2:
        sys.exit("usage: python tests/bad/make_corpus.py DIR")
    folder = write_corpus(Path(sys.argv[1]))
    print(f"wrote {len(cases())} files to {folder}")


if __name__ == "__main__":
    main()
