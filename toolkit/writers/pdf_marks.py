"""Printer's marks outside the bleed (`--marks`), as a print shop expects them.

WeasyPrint sets each page's TrimBox (the finished page) and BleedBox (3 mm beyond it, from
`bleed: 3mm` in marks.css) but draws its crop marks inside the bleed, where the guillotine's
tolerance leaves them on the printed sheet. Here the MediaBox grows a slug of `SLUG_MM` around the
BleedBox and the marks are drawn there: crop marks in line with the trim edges, starting just
outside the bleed, and a registration target at the middle of each side. They are artifacts
(`/Artifact BMC … EMC`), so the PDF stays tagged PDF/UA: screen readers ignore them.

Heavy libraries (pikepdf) are imported inside the functions that use them.
"""

from __future__ import annotations

MM = 72 / 25.4
SLUG_MM = 12.0
#: Crop marks: a gap after the bleed edge, then a line this long; 0.25 pt "registration" black.
GAP_MM, LENGTH_MM, LINE_PT = 1.0, 6.0, 0.25


def _crop_marks(trim: list[float], bleed: list[float]) -> list[str]:
    x0, y0, x1, y1 = trim
    bx0, by0, bx1, by1 = bleed
    gap, length = GAP_MM * MM, LENGTH_MM * MM
    lines = []
    for x, y, outward_x, outward_y in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1), (x1, y1, 1, 1)):
        edge_x = bx0 if outward_x < 0 else bx1
        edge_y = by0 if outward_y < 0 else by1
        start_x, start_y = edge_x + outward_x * gap, edge_y + outward_y * gap
        lines.append(f"{start_x:.3f} {y:.3f} m {start_x + outward_x * length:.3f} {y:.3f} l S")
        lines.append(f"{x:.3f} {start_y:.3f} m {x:.3f} {start_y + outward_y * length:.3f} l S")
    return lines


def _target(cx: float, cy: float) -> list[str]:
    r, arm, k = 2.0 * MM, 3.0 * MM, 0.5523 * 2.0 * MM  # Bézier circle of radius r
    circle = (f"{cx + r:.3f} {cy:.3f} m "
              f"{cx + r:.3f} {cy + k:.3f} {cx + k:.3f} {cy + r:.3f} {cx:.3f} {cy + r:.3f} c "
              f"{cx - k:.3f} {cy + r:.3f} {cx - r:.3f} {cy + k:.3f} {cx - r:.3f} {cy:.3f} c "
              f"{cx - r:.3f} {cy - k:.3f} {cx - k:.3f} {cy - r:.3f} {cx:.3f} {cy - r:.3f} c "
              f"{cx + k:.3f} {cy - r:.3f} {cx + r:.3f} {cy - k:.3f} {cx + r:.3f} {cy:.3f} c S")
    return [circle, f"{cx - arm:.3f} {cy:.3f} m {cx + arm:.3f} {cy:.3f} l S",
            f"{cx:.3f} {cy - arm:.3f} m {cx:.3f} {cy + arm:.3f} l S"]


def marks_content(trim: list[float], bleed: list[float]) -> bytes:
    x0, y0, x1, y1 = trim
    bx0, by0, bx1, by1 = bleed
    offset = (SLUG_MM / 2 + 1.5) * MM
    targets = [((x0 + x1) / 2, by0 - offset), ((x0 + x1) / 2, by1 + offset),
               (bx0 - offset, (y0 + y1) / 2), (bx1 + offset, (y0 + y1) / 2)]
    drawing = _crop_marks(trim, bleed) + [line for cx, cy in targets for line in _target(cx, cy)]
    return ("q /Artifact BMC 0 0 0 1 K 0 G " + f"{LINE_PT} w " + " ".join(drawing) + " EMC Q\n").encode()


def add_print_marks(pdf) -> int:
    """Grow every page's MediaBox (and CropBox) around its BleedBox and draw the marks there."""
    import pikepdf

    slug = SLUG_MM * MM
    for page in pdf.pages:
        trim = [float(v) for v in page.obj.get("/TrimBox", page.mediabox)]
        bleed = [float(v) for v in page.obj.get("/BleedBox", page.mediabox)]
        media = pikepdf.Array([bleed[0] - slug, bleed[1] - slug, bleed[2] + slug, bleed[3] + slug])
        page.obj.MediaBox = media
        if "/CropBox" in page.obj:
            page.obj.CropBox = media
        page.contents_add(pdf.make_stream(marks_content(trim, bleed)), prepend=False)
    return len(pdf.pages)
