"""Visual regression: a few pages of the seed per profile, and a booklet side, against committed PNGs.

Pages are rendered with `pdftoppm -r 40 -gray` and compared by mean absolute difference (0-255).
After an intended layout change, regenerate the references and review them in the diff:

    BANTIN_UPDATE_REFERENCES=1 .venv/bin/python -m pytest -q tests/printing/test_visual.py
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from helpers import SEED
from PIL import Image, ImageChops, ImageStat

import toolkit

REFERENCE = Path(__file__).parent / "reference"
UPDATE = os.environ.get("BANTIN_UPDATE_REFERENCES") == "1"
#: Mean absolute difference allowed: anti-aliasing noise, far below a moved line (see the guard test).
TOLERANCE = 1.5
PAGES = 2
CASES = [("small", False), ("normal", False), ("x-large", False), ("normal", True)]


def render(pdf: Path, page: int, prefix: Path) -> Image.Image:
    subprocess.run(["pdftoppm", "-r", "40", "-gray", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                    str(pdf), str(prefix)], check=True)
    return Image.open(f"{prefix}.png").convert("L")


def difference(one: Image.Image, other: Image.Image) -> float:
    """Mean absolute pixel difference; images of different sizes are as different as can be."""
    if one.size != other.size:
        return 255.0
    return ImageStat.Stat(ImageChops.difference(one, other)).mean[0]


def case_name(size: str, booklet: bool) -> str:
    return f"seed.{size}{'.booklet' if booklet else ''}"


@pytest.mark.parametrize(("size", "booklet"), CASES, ids=[case_name(*c) for c in CASES])
def test_pages_look_like_the_references(tmp_path, size, booklet):
    result = toolkit.build([SEED], size=size, formats=("pdf",), booklet=booklet, output_dir=tmp_path)
    assert result.ok, [str(r.error) for r in result.results]
    out = next(o for o in result.outputs if o.format == ("booklet" if booklet else "pdf"))
    pdf, pages = out.path, min(out.pages or 1, 1 if booklet else PAGES)
    if not UPDATE:  # a page more or less than the references is a regression too
        expected = sorted(p.name for p in REFERENCE.glob(f"{case_name(size, booklet)}-*.png"))
        assert expected == [f"{case_name(size, booklet)}-{n}.png" for n in range(1, pages + 1)]
    for page in range(1, pages + 1):
        reference = REFERENCE / f"{case_name(size, booklet)}-{page}.png"
        image = render(pdf, page, tmp_path / f"page-{page}")
        if UPDATE:
            image.save(reference, optimize=True)
            continue
        assert reference.is_file(), f"no reference {reference.name}: run with BANTIN_UPDATE_REFERENCES=1"
        diff = difference(image, Image.open(reference).convert("L"))
        assert diff <= TOLERANCE, f"{reference.name}: mean difference {diff:.2f} > {TOLERANCE}"


def test_tolerance_catches_a_different_layout():
    """Guard: two profiles' first pages differ far beyond the tolerance, so a regression cannot hide."""
    small, normal = (Image.open(REFERENCE / f"seed.{size}-1.png") for size in ("small", "normal"))
    assert difference(small, normal) > 4 * TOLERANCE
    shifted = ImageChops.offset(normal, 0, 3)  # the whole page 3 px (2 mm) lower
    assert difference(normal, shifted) > TOLERANCE
