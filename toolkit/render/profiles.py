"""Font-size profiles: data in `layouts/profiles.toml`, loaded into ordered `SizeProfile` objects."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError, ConfigProblem
from ..i18n import _

PAGE_SIZES = {"A4": (210, 297), "A5": (148, 210), "Letter": (215.9, 279.4)}
LARGE_PRINT_MIN_PT = 16


@dataclass(frozen=True)
class SizeProfile:
    name: str
    label: dict[str, str]
    body_pt: float
    line_height: float
    heading_scale: float
    margins_mm: tuple[float, float, float, float]
    font: str
    justify: bool
    hyphenate: bool
    italic: bool
    page_size: str | None = None
    #: Longest text line, in multiples of the body size (about 2 characters per em of Vietnamese text).
    measure_em: float = 33.0
    #: Text columns by paper name; a paper not named has one column.
    columns: tuple[tuple[str, int], ...] = ()
    #: Tallest picture, as a share of the text block's height.
    figure_share: float = 0.4

    @property
    def large_print(self) -> bool:
        return self.body_pt >= LARGE_PRINT_MIN_PT

    @property
    def body_em(self) -> float:
        """The body size relative to a reading system's default (12 pt = 1em)."""
        return round(self.body_pt / 12, 4)

    @property
    def least_pt(self) -> float:
        """No text under this size: large print is large everywhere (RNIB "See it Right", APH: 16 pt)."""
        return LARGE_PRINT_MIN_PT if self.large_print else 0

    @property
    def small_pt(self) -> float:
        """Captions, tables, dates, the source line."""
        return round(max(self.body_pt * 0.85, 9, self.least_pt), 1)

    @property
    def furniture_pt(self) -> float:
        """Running head and page number."""
        return round(max(self.body_pt * 0.75, 8.5, self.least_pt), 1)

    def heading_pt(self, level: int) -> float:
        return round(self.body_pt * self.heading_scale ** (4 - level), 2)

    def columns_on(self, paper: str) -> int:
        return dict(self.columns).get(paper, 1)

    def label_in(self, language: str) -> str:
        return self.label.get(language) or self.label.get("en") or self.name


@dataclass(frozen=True)
class ProfileSet:
    """The ordered profiles and the default one."""

    profiles: tuple[SizeProfile, ...]
    default: str

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.profiles]

    def get(self, name: str) -> SizeProfile:
        for profile in self.profiles:
            if profile.name == name:
                return profile
        raise ConfigError([ConfigProblem("size", _("unknown size profile '{name}' (known: {known})").format(
            name=name, known=", ".join(self.names)))])

    def step(self, start: str | None, steps: int) -> SizeProfile:
        """Like clicking "Tăng cỡ chữ" (steps > 0) or "Giảm cỡ chữ" (steps < 0) `abs(steps)` times."""
        index = self.names.index(self.get(start or self.default).name) + steps
        if index >= len(self.profiles):
            raise ConfigError([_("cannot make the text bigger than '{name}', the largest profile").format(
                name=self.profiles[-1].name)])
        if index < 0:
            raise ConfigError([_("cannot make the text smaller than '{name}', the smallest profile").format(
                name=self.profiles[0].name)])
        return self.profiles[index]


def _profile_from(entry: dict, origin: Path) -> SizeProfile:
    problems = []
    try:
        margins = tuple(float(m) for m in entry.get("margins_mm", (20, 18, 22, 20)))
        profile = SizeProfile(
            name=str(entry["name"]),
            label=dict(entry.get("label", {})),
            body_pt=float(entry["body_pt"]),
            line_height=float(entry.get("line_height", 1.4)),
            heading_scale=float(entry.get("heading_scale", 1.2)),
            margins_mm=margins,  # type: ignore[arg-type]
            font=str(entry.get("font", "serif")),
            justify=bool(entry.get("justify", False)),
            hyphenate=bool(entry.get("hyphenate", False)),
            italic=bool(entry.get("italic", True)),
            page_size=entry.get("page_size"),
            measure_em=float(entry.get("measure_em", 33.0)),
            columns=tuple(sorted((str(k), int(v)) for k, v in dict(entry.get("columns", {})).items())),
            figure_share=float(entry.get("figure_share", 0.4)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError([f"{origin}: profile {entry.get('name', '?')!r}: bad or missing value {exc}"]) from exc
    if len(profile.margins_mm) != 4:
        problems.append("margins_mm needs four numbers (top, right, bottom, left)")
    if profile.font not in ("serif", "sans"):
        problems.append(f"font must be 'serif' or 'sans', not {profile.font!r}")
    if profile.page_size and profile.page_size not in PAGE_SIZES:
        problems.append(f"page_size must be one of {', '.join(PAGE_SIZES)}")
    if not 15 <= profile.measure_em <= 60:
        problems.append("measure_em must be between 15 and 60 (body sizes per line)")
    if not all(1 <= n <= 3 for _, n in profile.columns):
        problems.append("columns must be 1, 2 or 3 per paper")
    if not 0.1 <= profile.figure_share <= 1:
        problems.append("figure_share must be between 0.1 and 1")
    if not 4 <= profile.body_pt <= 72:
        problems.append("body_pt must be between 4 and 72")
    if problems:
        raise ConfigError([f"{origin}: profile '{profile.name}': {p}" for p in problems])
    return profile


def load_profiles(files: Iterable[Path]) -> ProfileSet:
    """Merge profile files in order: a later entry with a known name replaces it, a new one is added."""
    merged: dict[str, SizeProfile] = {}
    default = "normal"
    for path in files:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError([f"{path}: cannot read profiles: {exc}"]) from exc
        default = data.get("default", default)
        for entry in data.get("profile", []):
            profile = _profile_from(entry, path)
            merged[profile.name] = profile
    ordered = tuple(sorted(merged.values(), key=lambda p: p.body_pt))
    if default not in merged:
        raise ConfigError([f"default profile '{default}' is not defined"])
    return ProfileSet(ordered, default)
