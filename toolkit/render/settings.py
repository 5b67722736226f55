"""Build configuration: one typed, validated object instead of settings passed around as dicts."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..braille.pages import BraillePage
from ..defaults import (
    DEFAULT_MAX_SOURCE_BYTES,
    DEFAULT_PAGE_SIZE,
    DEFAULT_PDF_VARIANT,
    DEFAULT_TIMEOUT_S,
    NO_PDF_VARIANT,
)
from ..errors import ConfigError, ConfigProblem
from ..i18n import _
from .geometry import PageGeometry, page_geometry
from .layouts import Layout, load_layout
from .masthead import Masthead
from .profiles import PAGE_SIZES, ProfileSet, SizeProfile, load_profiles

OUTPUT_FORMATS = ("pdf", "epub", "html", "brf", "pef", "mp3")
LANGUAGES = ("vi", "en")
VOLUME_LAYOUT = "volume"


@dataclass(frozen=True)
class BuildOptions:
    """What a user can ask of `bantin build` (and `toolkit.build`)."""

    #: Output formats to write, any of pdf, epub, html.
    formats: tuple[str, ...] = ("pdf", "epub")
    #: Size profile name; None means the default profile.
    size: str | None = None
    #: Steps from `size` like clicks on "Tăng cỡ chữ" (+1) / "Giảm cỡ chữ" (-1).
    steps: int = 0
    #: Layout name (built-in) or path of a layout folder.
    layout: str = "bulletin"
    #: Paper size: A4, A5 or Letter; None means the profile's or A4.
    page_size: str | None = None
    #: Folder that receives the outputs.
    output_dir: Path = Path("out")
    #: WeasyPrint PDF variant; PDF/UA-1 keeps the PDF accessible.
    pdf_variant: str = DEFAULT_PDF_VARIANT
    #: Language of labels and dates (vi, en); None means the bulletin's own language.
    language: str | None = None
    #: Turn warnings into failures.
    strict: bool = False
    #: Folder holding local copies of remote images (matched by file name).
    images_dir: Path | None = None
    #: Largest source accepted, in bytes.
    max_source_bytes: int = DEFAULT_MAX_SOURCE_BYTES
    #: Seconds one source may take to read, and again to render; None means no limit.
    timeout: float | None = DEFAULT_TIMEOUT_S
    #: Force a reader instead of sniffing the content.
    source_format: str | None = None
    #: Publisher named in the metadata when the source does not say.
    publisher: str | None = None
    #: Also write an A5 saddle-stitch booklet on A4 landscape sheets (`…booklet.pdf`), for duplex printing.
    booklet: bool = False
    #: Crop marks and 3 mm bleed (TrimBox/BleedBox) for a print shop.
    marks: bool = False
    #: Convert images to grayscale in the PDF outputs, for cheap printing.
    grayscale: bool = False
    #: Printing on both sides: mirrored margins, bulletins of a volume start on a right-hand page.
    duplex: bool = False
    #: The nameplate on the first page (issuer, name, number, "Lưu hành nội bộ", emblem); None for none.
    masthead: Masthead | None = None
    #: Braille editions (brf, pef): grade 1 (uncontracted) or 2 (contracted), and the page in cells x lines.
    braille_grade: int = 1
    braille_page: str = "40x25"
    #: Largest braille volume of a bound volume (`collect`), in pages: an embosser's binder holds about 100.
    braille_volume_pages: int = 100
    #: Spoken edition (mp3): the voice (north, central, south), the engine's command template, and the
    #: settings file whose [speech.glossary] extends the abbreviations.
    voice: str = "north"
    #: EPUB with Media Overlays: the text read aloud, highlighted as it is read (`--narrate`).
    narrate: bool = False
    speech_engine: str = "espeak-ng -v {voice} -s 150 -w {out} -f {text}"
    speech_config: Path | None = None

    def problems(self) -> list[str]:
        found = []
        for fmt in self.formats:
            if fmt not in OUTPUT_FORMATS:
                found.append(_unknown("format", fmt, OUTPUT_FORMATS))
        if not self.formats:
            found.append(ConfigProblem("format", _("at least one output format is needed")))
        if self.page_size is not None and self.page_size not in PAGE_SIZES:
            found.append(_unknown("page_size", self.page_size, PAGE_SIZES))
        if self.pdf_variant not in (DEFAULT_PDF_VARIANT, NO_PDF_VARIANT):
            found += _variant_problems(self.pdf_variant)
        if self.language is not None and self.language not in LANGUAGES:
            found.append(_unknown("language", self.language, LANGUAGES))
        if self.max_source_bytes <= 0:
            found.append(ConfigProblem("max_source_bytes", _("must be positive")))
        if self.timeout is not None and self.timeout <= 0:
            found.append(ConfigProblem("timeout", _("must be a positive number of seconds")))
        if Path(self.output_dir).exists() and not Path(self.output_dir).is_dir():
            found.append(ConfigProblem("output", _("{path} is a file, not a folder").format(path=self.output_dir)))
        if self.images_dir is not None and not Path(self.images_dir).is_dir():
            found.append(ConfigProblem("images_dir", _("{path} is not a folder").format(path=self.images_dir)))
        if self.masthead is not None:
            found += self.masthead.problems()
        if self.voice not in ("north", "central", "south"):
            found.append(_unknown("voice", self.voice, ("north", "central", "south")))
        if self.braille_volume_pages < 10:
            found.append(ConfigProblem("braille_volume_pages", _("{value} (at least 10)").format(
                value=self.braille_volume_pages)))
        if self.braille_grade not in (1, 2):
            found.append(ConfigProblem("braille_grade", _("{value} (choose 1 or 2)").format(value=self.braille_grade)))
        try:
            BraillePage.parse(self.braille_page)
        except ValueError as exc:
            found.append(ConfigProblem("braille_page", _("{reason} (give cells x lines, e.g. 40x25)").format(
                reason=exc)))
        return found


def _variant_problems(variant: str) -> list[str]:
    # The engine's list is the truth, so it is imported here, only when a variant other than the default is asked.
    from .engine import pdf_variants

    known = pdf_variants()
    if variant not in known:
        return [_unknown("pdf_variant", variant, known)]
    return []


def _unknown(field: str, value: object, known) -> ConfigProblem:
    return ConfigProblem(field, _("unknown '{value}' (choose from {known})").format(value=value,
                                                                                    known=", ".join(known)))


@dataclass(frozen=True)
class PageSize:
    name: str
    width_mm: float
    height_mm: float


@dataclass(frozen=True)
class RenderSettings:
    """Options resolved against the layout and profile data: what writers receive."""

    options: BuildOptions
    layout: Layout
    profiles: ProfileSet
    profile: SizeProfile
    page: PageSize

    @property
    def geometry(self) -> PageGeometry:
        return page_geometry(self.profile, self.page.name, self.page.width_mm, self.page.height_mm)

    @property
    def is_default_profile(self) -> bool:
        return self.profile.name == self.profiles.default

    def output_suffix(self) -> str:
        """`.large` for a non-default profile, `.a5` for a non-default paper size, or nothing."""
        parts = [] if self.is_default_profile else [self.profile.name]
        if self.page.name != DEFAULT_PAGE_SIZE:
            parts.append(self.page.name.lower())
        return "".join(f".{p}" for p in parts)


def resolve(options: BuildOptions) -> RenderSettings:
    """Validate options and load the layout and profiles they name; report every problem at once."""
    problems = options.problems()
    if problems:
        raise ConfigError(problems)
    layout = load_layout(options.layout)
    profiles = load_profiles(layout.profile_files)
    profile = profiles.step(options.size, options.steps) if options.steps else profiles.get(
        options.size or profiles.default
    )
    page_name = options.page_size or profile.page_size or DEFAULT_PAGE_SIZE
    width, height = PAGE_SIZES[page_name]
    return RenderSettings(options, layout, profiles, profile, PageSize(page_name, width, height))


def resolve_volume(options: BuildOptions) -> RenderSettings:
    """Settings for a volume: the volume layout unless the options name another one."""
    if options.layout == "bulletin":
        options = replace(options, layout=VOLUME_LAYOUT)
    return resolve(options)
