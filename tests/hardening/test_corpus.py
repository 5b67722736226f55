"""Every file of the bad-source corpus (made by `tests/bad/make_corpus.py`) gets a clear answer from `bantin build`.

Either a clean build (maybe with warnings): PDF, EPUB and HTML all written and readable. Or one line
`bantin: error: <file>: <reason>` and exit status 1, with no output for that source. Never a
traceback, never a file outside `-o`, never the content of a file outside the source's folder.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
from pathlib import Path

import pytest
from bad.make_corpus import cases
from hardening.checks import (
    CASES,
    Case,
    assert_no_leak,
    assert_whole_outputs,
    build,
    corpus,
    error_lines,
    make_case,
    outputs_of,
)
from helpers import Run, pdftotext, squash


def answer(case: Case, name: str, done: Run) -> str:
    """'build' or 'error', after checking the answer is well formed either way."""
    stem = Path(name).stem
    errors = error_lines(done.stderr)
    if done.returncode == 0:
        assert not errors, done.stderr
        assert_whole_outputs(case, stem)
        return "build"
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert len(errors) == 1, done.stderr
    assert re.match(rf"bantin: error: \S*{re.escape(name)}(:\d+)?: \S", errors[0]), errors[0]
    assert outputs_of(case, stem) == [], "partial output left behind"
    return "error"


def test_corpus_has_every_kind():
    files = {name for name in cases() if Path(name).suffix in {".txt", ".md", ".html", ".json"}}
    assert files == set(CASES)


@pytest.mark.parametrize("name", list(CASES))
def test_bad_source_gets_a_clear_answer(name, tmp_path):
    allowed, _, needle = CASES[name]
    case = make_case(tmp_path, {name: (corpus() / name).read_bytes()})
    done = build(case, name)
    got = answer(case, name, done)
    assert_no_leak(case)
    assert got in allowed, done.stderr
    if needle:
        assert needle.lower() in done.stderr.lower(), done.stderr


def test_jinja_syntax_appears_literally(tmp_path):
    case = make_case(tmp_path, {"jinja.txt": (corpus() / "jinja.txt").read_bytes()})
    assert build(case, "jinja.txt").returncode == 0
    text = squash(pdftotext(case.out / "jinja.pdf"))
    for literal in ("{{ 7*7 }}", "{% include '/etc/passwd' %}", "{{ config.__class__ }}", "{# bình luận #}"):
        assert literal in text
    html = (case.out / "jinja.html").read_text()
    assert "{{ 7*7 }}" in html and "{% include" in html


def test_long_token_wraps_inside_the_page(tmp_path):
    case = make_case(tmp_path, {"long-token.txt": (corpus() / "long-token.txt").read_bytes()})
    assert build(case, "long-token.txt").returncode == 0
    token = max((corpus() / "long-token.txt").read_text().split(), key=len)
    assert len(token) == 5000
    text = "".join(pdftotext(case.out / "long-token.pdf").replace("\u00ad", "").split())
    text = re.sub(r"Trang\d+/\d+", "", text).replace("Bảntincómộttừ5.000kýtự", "")  # page furniture
    assert token in text, "part of the 5,000-character token is missing from the PDF"
    bbox = subprocess.run(["pdftotext", "-bbox", str(case.out / "long-token.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    page_width = float(re.search(r'<page width="([\d.]+)"', bbox)[1])
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox)]
    assert max(right_edges) <= page_width, "text runs off the page"


@pytest.mark.parametrize("name", ["empty.txt", "jinja.txt", "nul-bytes.txt", "legacy-tcvn3.txt"])
def test_several_sources_at_once_each_get_their_answer(name, tmp_path):
    """A bad source among good ones: the good ones build, the bad one is named once, exit 1."""
    good = (corpus() / "impossible-date.txt").read_bytes()
    case = make_case(tmp_path, {"a.txt": good, name: (corpus() / name).read_bytes(), "z.txt": good})
    done = build(case, "a.txt", name, "z.txt")
    assert_whole_outputs(case, "a")
    assert_whole_outputs(case, "z")
    expected = 0 if name == "jinja.txt" else 1
    assert done.returncode == expected, done.stderr
    assert len(error_lines(done.stderr)) == expected


def test_source_over_the_size_limit(tmp_path):
    big = b"PublishingPortal - Block_BanTin_Toolbar\n\n" + b"x" * (21 * 1024 * 1024)
    case = make_case(tmp_path, {"huge.txt": big, "ok.txt": (corpus() / "jinja.txt").read_bytes()})
    done = build(case, "huge.txt", "ok.txt")
    assert done.returncode == 1
    [line] = error_lines(done.stderr)
    assert "huge.txt" in line and "limit" in line
    assert_whole_outputs(case, "ok")
    small = build(case, "ok.txt", extra=("--max-size", "200B"))
    assert small.returncode == 1 and "limit" in small.stderr


def test_max_size_must_be_a_size(tmp_path):
    case = make_case(tmp_path, {"ok.txt": (corpus() / "jinja.txt").read_bytes()})
    done = build(case, "ok.txt", extra=("--max-size", "lots"))
    assert done.returncode == 2 and "max-size" in done.stderr and "Traceback" not in done.stderr


def test_special_files_are_refused_without_hanging(tmp_path):
    case = make_case(tmp_path, {})
    (case.src / "folder.txt").mkdir()
    os.mkfifo(case.src / "fifo.txt")
    (case.src / "zero.txt").symlink_to("/dev/zero")
    (case.src / "dangling.txt").symlink_to(case.src / "nowhere.txt")
    names = ["folder.txt", "fifo.txt", "zero.txt", "dangling.txt", "missing.txt"]
    done = build(case, *names)
    assert done.returncode == 1
    errors = error_lines(done.stderr)
    assert len(errors) == len(names), done.stderr
    for name, line in zip(names, errors, strict=True):
        assert name in line


def test_a_source_over_the_time_limit_fails_alone(tmp_path, monkeypatch):
    """`--timeout`: the slow source gets a clear error, the quick one still builds.

    "Slow" does not depend on this machine's speed: the slow source's layout checks that the per-source
    alarm is armed with the --timeout given, brings that same alarm forward, and blocks until it goes off.
    The quick source has the whole minute."""
    from toolkit.writers import draft

    real, armed = draft.typeset, []

    def typeset(html, *args, **kwargs):
        if "Bản tin chậm" not in html:
            return real(html, *args, **kwargs)
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        armed.append(remaining)
        if not remaining:
            raise AssertionError("no time limit armed while laying out")
        signal.setitimer(signal.ITIMER_REAL, 0.01)
        while True:
            signal.pause()

    monkeypatch.setattr(draft, "typeset", typeset)
    quick = (corpus() / "impossible-date.txt").read_bytes()
    slow = quick.replace("Bản tin có ngày 31 tháng 2".encode(), "Bản tin chậm".encode())
    assert slow != quick
    case = make_case(tmp_path, {"slow.txt": slow, "quick.txt": quick})
    done = build(case, "slow.txt", "quick.txt", extra=("--timeout", "60"))
    assert len(armed) == 1 and 30 < armed[0] <= 60, armed  # the --timeout given, less what reading took
    assert done.returncode == 1
    [line] = error_lines(done.stderr)
    assert "slow.txt" in line and "gave up rendering after 60 s" in line and "time limit" in line
    assert outputs_of(case, "slow") == []
    assert_whole_outputs(case, "quick")
