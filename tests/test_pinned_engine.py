"""Outputs are byte-reproducible only with the engine pinned in constraints.txt: the venv must hold those versions."""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

CONSTRAINTS = Path(__file__).resolve().parent.parent / "constraints.txt"
#: What the bytes of a PDF or an EPUB depend on: layout, PDF writing, fonts, images, reading, markup, CLI.
ENGINE = ("weasyprint", "pydyf", "pikepdf", "fonttools", "ebooklib", "pillow", "tinycss2", "cssselect2", "tinyhtml5",
          "pyphen", "lxml", "nh3", "jinja2", "markdown-it-py", "trafilatura", "pdfimpose", "typer")


def normalize(name: str) -> str:
    """PEP 503: case and runs of `-`, `_`, `.` do not matter."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins() -> dict[str, tuple[str, str]]:
    """Normalized name -> (name as written, version) for every `name==version` line."""
    found = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, sep, version = line.partition("==")
        assert sep, f"constraints.txt: not an exact pin: {line!r}"
        found[normalize(name.split("[")[0])] = (name.strip(), version.split(";")[0].strip())
    return found


def test_installed_versions_are_the_pinned_ones():
    mismatches = []
    for name, version in pins().values():
        try:
            installed = f"installed {name} {importlib.metadata.version(name)}"
        except importlib.metadata.PackageNotFoundError:
            installed = f"{name} is not installed"
        if installed != f"installed {name} {version}":
            mismatches.append(f"{installed} but constraints.txt pins {version}")
    assert not mismatches, (
        ";\n".join(mismatches) + ": outputs may change; run `make test` to reinstall, or re-pin with scripts/pin.sh "
        "and regenerate the references as README 'Upgrading the engine' says"
    )


def test_the_engine_is_pinned():
    missing = [name for name in ENGINE if normalize(name) not in pins()]
    assert not missing, f"constraints.txt does not pin {', '.join(missing)}: re-pin with scripts/pin.sh"
