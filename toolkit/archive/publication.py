"""Publication settings of an archive: `bantin.toml` in the source folder (or `--config FILE`).

    publisher = "Ban Tuyên giáo Huyện ủy Bạch Thông"
    volume_title = "Bản tin tháng {month}/{year}"      # {year}, {month}; by year: "Bản tin năm {year}"
    sizes = ["normal", "x-large"]
    page_size = "A4"
    layout = "bulletin"
    language = "vi"
    by = "month"
    braille = true                                    # also BRF and PEF (or: archive --braille)
    audio = true                                      # also MP3 and podcast.xml (or: archive --audio)

    [publication]                                     # the nameplate (see toolkit/render/masthead.py)
    issuer = "Đảng bộ huyện Bạch Thông"
    emblem = "bieu-trung.png"

One typed object, validated at once: every mistake is reported with the key's name.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from ..errors import ConfigError, ConfigProblem
from ..i18n import _
from ..render.masthead import Masthead, checked_table, masthead_of

CONFIG_NAME = "bantin.toml"
PERIODS = ("month", "year")
DEFAULT_TITLES = {
    ("month", "vi"): "Bản tin tháng {month}/{year}", ("year", "vi"): "Bản tin năm {year}",
    ("month", "en"): "Bulletins, {month}/{year}", ("year", "en"): "Bulletins, {year}",
}
PERIOD_TEXT = {("month", "vi"): "Tháng {month}/{year}", ("year", "vi"): "Năm {year}",
               ("month", "en"): "{month}/{year}", ("year", "en"): "{year}"}


@dataclass(frozen=True)
class Publication:
    """How an archive is published."""

    #: Publisher named on volume covers and in the metadata.
    publisher: str | None = None
    #: Volume title, with {year} and {month}; None means the default for the language.
    volume_title: str | None = None
    #: Size profiles to build (each output set once per profile); empty means the default profile.
    sizes: tuple[str, ...] = ()
    #: Paper size: A4, A5 or Letter.
    page_size: str | None = None
    #: Layout of the bulletins (volumes use the volume layout around it).
    layout: str = "bulletin"
    #: Language of labels and dates: vi or en.
    language: str = "vi"
    #: One volume per "month" or per "year".
    by: str = "month"
    #: The nameplate of the bulletins and volume covers (`[publication]` table); None for none.
    masthead: Masthead | None = None
    #: Also the braille editions (BRF and PEF) of every bulletin and volume.
    braille: bool = False
    #: Also the spoken edition (MP3) of every bulletin and volume, and a podcast feed.
    audio: bool = False

    @property
    def formats(self) -> tuple[str, ...]:
        return ("pdf", "epub", *(("brf", "pef") if self.braille else ()), *(("mp3",) if self.audio else ()))

    def title_for(self, year: int, month: int | None) -> str:
        pattern = self.volume_title or DEFAULT_TITLES[(self.by, self.language)]
        return pattern.format(year=year, month=month or "")

    def period_for(self, year: int, month: int | None) -> str:
        return PERIOD_TEXT[(self.by, self.language)].format(year=year, month=month or "")


_TYPES = {"publisher": str, "volume_title": str, "sizes": list, "page_size": str, "layout": str,
          "language": str, "by": str, "publication": dict, "braille": bool,
          "audio": bool}


def _problems(data: dict) -> list[str]:
    found = []
    for key, value in data.items():
        if key not in _TYPES:
            found.append(ConfigProblem(key, _("unknown key (known: {known})").format(known=", ".join(_TYPES))))
        elif not isinstance(value, _TYPES[key]):
            found.append(ConfigProblem(key, _("expected {expected}, got {got}").format(
                expected=_TYPES[key].__name__, got=type(value).__name__)))
    if isinstance(data.get("sizes"), list) and not all(isinstance(s, str) for s in data["sizes"]):
        found.append(ConfigProblem("sizes", _("every entry must be a profile name")))
    if isinstance(data.get("by"), str) and data["by"] not in PERIODS:
        found.append(ConfigProblem("by", _("unknown '{value}' (choose from {known})").format(
            value=data["by"], known=", ".join(PERIODS))))
    if isinstance(data.get("language"), str) and data["language"] not in ("vi", "en"):
        found.append(ConfigProblem("language", _("unknown '{value}' (choose from {known})").format(
            value=data["language"], known="vi, en")))
    title = data.get("volume_title")
    if isinstance(title, str):
        try:
            title.format(year=2024, month=4)
        except (KeyError, IndexError, ValueError) as exc:
            found.append(ConfigProblem("volume_title", _("only {{year}} and {{month}} may be used ({reason})")
                                       .format(reason=exc)))
    return found


def load_publication(path: Path | None, **overrides) -> Publication:
    """Settings from `path` (if it exists), then `overrides` that are not None; raises `ConfigError`."""
    data: dict = {}
    if path is not None and Path(path).is_file():
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError([f"{path}: {exc}"]) from exc
        problems = [f"{path}: {p}" for p in _problems(data)]
        if problems:
            raise ConfigError(problems)
    elif path is not None and not Path(path).exists() and Path(path).name != CONFIG_NAME:
        raise ConfigError([f"{path}: no such configuration file"])
    given = {k: (list(v) if isinstance(v, tuple) else v) for k, v in overrides.items() if v not in (None, (), [])}
    problems = _problems(given)  # command-line values are checked like the file's
    if problems:
        raise ConfigError(problems)
    merged = {**data, **given}
    if "sizes" in merged:
        merged["sizes"] = tuple(merged["sizes"])
    if "publication" in merged:
        masthead = masthead_of(checked_table(merged.pop("publication"), Path(path)))
        problems = masthead.problems()
        if problems:
            raise ConfigError([f"{path}: {p}" for p in problems])
        merged["masthead"] = masthead if masthead.shown or masthead.number or masthead.internal else None
    known = {f.name for f in fields(Publication)}
    return Publication(**{k: v for k, v in merged.items() if k in known})
