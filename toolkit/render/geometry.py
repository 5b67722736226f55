"""Where the text sits on the paper: margins, columns and picture size for a profile on a paper.

A line of 45–75 characters is what reads best; the body size and the paper fix how many fit. So the
text block is as wide as the profile's measure allows (`measure_em` body sizes, about two Vietnamese
characters each), never wider than the paper leaves between its least margins; what the measure
does not use widens both side margins equally, which keeps the block centred on single-sided copies.
A profile may set columns for a paper (`columns = { A4 = 2 }`): "small" on A4 sets two columns of
about 50 characters instead of one of 106.
"""

from __future__ import annotations

from dataclasses import dataclass

from .profiles import SizeProfile

MM_PER_PT = 25.4 / 72
COLUMN_GAP_MM = 6.0
#: A5 is 70 % as wide as A4: its margins shrink to 75 %, never below what printers and a staple need.
A5_SCALE = 0.75
A5_LEAST = (12.0, 10.0, 14.0, 14.0)


@dataclass(frozen=True)
class PageGeometry:
    """Margins (top, outer, bottom, inner) in mm, columns, and the tallest picture."""

    margins_mm: tuple[float, float, float, float]
    columns: int
    column_gap_mm: float
    text_width_mm: float
    figure_max_height_mm: float

    @property
    def column_width_mm(self) -> float:
        return (self.text_width_mm - self.column_gap_mm * (self.columns - 1)) / self.columns


def _least_margins(profile: SizeProfile, paper: str) -> tuple[float, float, float, float]:
    m = profile.margins_mm
    if paper != "A5":
        return m
    return tuple(round(max(v * A5_SCALE, least), 1) for v, least in zip(m, A5_LEAST, strict=True))  # type: ignore[return-value]


def page_geometry(profile: SizeProfile, paper: str, width_mm: float, height_mm: float) -> PageGeometry:
    top, outer, bottom, inner = _least_margins(profile, paper)
    columns = profile.columns_on(paper)
    gap = COLUMN_GAP_MM if columns > 1 else 0.0
    room = width_mm - outer - inner
    measure = profile.measure_em * profile.body_pt * MM_PER_PT
    text_width = min(room, measure * columns + gap * (columns - 1))
    spare = (room - text_width) / 2
    margins = (top, round(outer + spare, 2), bottom, round(inner + spare, 2))
    figure = (height_mm - top - bottom) * profile.figure_share
    return PageGeometry(margins, columns, gap, round(text_width, 2), round(figure, 1))
