"""What every answer to a bad source must satisfy, whatever the source: shared by the hardening tests.

A case runs in its own folder: `src/` holds the source (and the images it names), the folder above
holds files the source must never reach (`secret.png`, and `src/outside.png` is a symlink to one),
`cwd/` is where the command runs, `out/` receives the outputs.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from bad.make_corpus import write_corpus
from helpers import Run, pdftotext, run_cli

SECRET = "BANTIN-SECRET-7f3a9c"
EVIL_URL = "http://127.0.0.1:9"  # what the corpus files point at (see make_corpus.EVIL)
LEAKS = (SECRET, "root:x:0:0", "/bin/bash")
COMPANIONS = ("bomb.png", "laughs.svg", "external.svg", "fake.png")
PWNED = Path("/tmp/bantin-pwned")


@functools.cache
def corpus() -> Path:
    """The bad-source corpus (`tests/bad/make_corpus.py`), written once per process."""
    folder = Path(tempfile.mkdtemp(prefix="bantin-corpus-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return write_corpus(folder)


@dataclass
class Case:
    root: Path

    @property
    def src(self) -> Path:
        return self.root / "src"

    @property
    def out(self) -> Path:
        return self.root / "out"

    @property
    def cwd(self) -> Path:
        return self.root / "cwd"


def make_case(root: Path, files: dict[str, bytes]) -> Case:
    """A case folder with `files` in `src/`, the corpus images beside them and secrets around them."""
    case = Case(root)
    case.src.mkdir(parents=True)
    case.cwd.mkdir()
    for name in COMPANIONS:
        shutil.copyfile(corpus() / name, case.src / name)
    (root / "secret.png").write_text(f"{SECRET} secret outside the source folder\n")
    (root / "secret.txt").write_text(f"{SECRET}\n")
    (case.src / "outside.png").symlink_to(root / "secret.png")
    for name, data in files.items():
        (case.src / name).write_bytes(data)
    return case


def snapshot(root: Path, skip: Path) -> dict[str, tuple[int, int]]:
    """Every path under `root` but `skip`, with size and mtime: to prove nothing else was written."""
    found = {}
    for path in root.rglob("*"):
        if path == skip or skip in path.parents:
            continue
        stat = path.lstat()
        found[str(path.relative_to(root))] = (stat.st_size, stat.st_mtime_ns)
    return found


def build(case: Case, *sources: str, extra: tuple[str, ...] = ()) -> Run:
    """`bantin build` as a user runs it (in this process), checking that only `out/` changed."""
    before = snapshot(case.root, case.out)
    done = run_cli("build", *[str(case.src / s) for s in sources], "-o", str(case.out),
                   "-f", "pdf", "-f", "epub", "-f", "html", "--timeout", "90", *extra, cwd=case.cwd)
    assert snapshot(case.root, case.out) == before, "something was written outside -o"
    assert "Traceback" not in done.stderr, done.stderr
    assert not PWNED.exists(), "a source ran a command"
    return done


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("bantin: error:")]


def outputs_of(case: Case, stem: str) -> list[Path]:
    return sorted(case.out.glob(f"{stem}.*")) if case.out.exists() else []


def all_output_bytes(case: Case) -> dict[str, bytes]:
    """Every byte a user could read in the outputs: files, EPUB members, decoded PDF streams and text."""
    found: dict[str, bytes] = {}
    for path in sorted(case.out.rglob("*")) if case.out.exists() else []:
        if not path.is_file():
            continue
        found[str(path)] = path.read_bytes()
        if path.suffix == ".epub":
            with zipfile.ZipFile(path) as book:
                found.update({f"{path}!{n}": book.read(n) for n in book.namelist()})
        if path.suffix == ".pdf":
            found[f"{path}!text"] = pdftotext(path).encode()
            with pikepdf.open(path) as pdf:
                for number, obj in enumerate(pdf.objects):
                    if isinstance(obj, pikepdf.Stream):
                        try:
                            found[f"{path}!{number}"] = obj.read_bytes()
                        except pikepdf.PdfError:
                            found[f"{path}!{number}"] = obj.read_raw_bytes()
    return found


def assert_no_leak(case: Case) -> None:
    for where, data in all_output_bytes(case).items():
        for secret in LEAKS:
            assert secret.encode() not in data, f"{secret} leaked into {where}"


def assert_whole_outputs(case: Case, stem: str) -> None:
    """A built source has all three outputs, each complete and readable, and no temporary files."""
    names = {p.name for p in outputs_of(case, stem)}
    assert {f"{stem}.pdf", f"{stem}.epub", f"{stem}.html"} <= names, names
    assert not list(case.out.rglob("*.part")), "temporary files left behind"
    with pikepdf.open(case.out / f"{stem}.pdf") as pdf:
        assert len(pdf.pages) >= 1
    with zipfile.ZipFile(case.out / f"{stem}.epub") as book:
        assert book.namelist()[0] == "mimetype" and book.testzip() is None


BUILD, ERROR, EITHER = {"build"}, {"error"}, {"build", "error"}

#: file -> (answers allowed, the format whose reader decides it, text the error or a warning must contain)
CASES: dict[str, tuple[set[str], str, str]] = {
    "empty.txt": (ERROR, "portal-text", "empty"),
    "whitespace-only.txt": (ERROR, "portal-text", ""),
    "bom-only.txt": (ERROR, "portal-text", ""),
    "random-bytes.txt": (ERROR, "portal-text", ""),
    "random-bytes.md": (ERROR, "markdown", ""),
    "random-bytes.html": (ERROR, "html", ""),
    "nul-bytes.txt": (ERROR, "portal-text", "binary"),
    "markers-only.txt": (ERROR, "portal-text", "title"),
    "truncated.txt": (ERROR, "portal-text", "title"),
    "impossible-date.txt": (BUILD, "portal-text", "31/02/2024"),
    "long-token.txt": (BUILD, "portal-text", ""),
    "long-title.txt": (BUILD, "portal-text", ""),
    "many-paragraphs.txt": (BUILD, "portal-text", ""),
    "jinja.txt": (BUILD, "portal-text", ""),
    "control-chars.txt": (BUILD, "portal-text", "control"),
    "legacy-cp1258.txt": (BUILD, "portal-text", "Windows-1258"),
    "legacy-tcvn3.txt": (ERROR, "portal-text", "TCVN3"),
    "legacy-vni.txt": (ERROR, "portal-text", "VNI"),
    "utf16.txt": (BUILD, "portal-text", ""),
    "broken-utf16.txt": (ERROR, "portal-text", ""),
    "hostile.html": (BUILD, "html", ""),
    "scripts.html": (BUILD, "html", ""),
    "deep-nesting.html": (ERROR, "html", "nested too deeply"),
    "xxe.html": (BUILD, "html", ""),
    "no-article.html": (ERROR, "html", ""),
    "images.html": (BUILD, "html", "refused"),
    "images.md": (BUILD, "markdown", "refused"),
    "jinja.md": (BUILD, "markdown", ""),
    "yaml-unsafe.md": (EITHER, "markdown", ""),
    "yaml-aliases.md": (EITHER, "markdown", ""),
    "yaml-broken.md": (EITHER, "markdown", ""),
    "scripts.md": (BUILD, "markdown", ""),
    "hostile.md": (BUILD, "markdown", ""),
    "deep-nesting.md": (EITHER, "markdown", ""),
    "deep.json": (ERROR, "json", "nested too deeply"),
    "wrong-types.json": (ERROR, "json", ""),
    "surrogates.json": (EITHER, "json", ""),
    "bignum.json": (ERROR, "json", "not valid JSON"),
    "hostile.json": (BUILD, "json", "refused"),
}
