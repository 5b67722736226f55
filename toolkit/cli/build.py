"""`bantin build` and `bantin profiles`."""

import json
from pathlib import Path
from typing import Annotated

import typer

from ..defaults import DEFAULT_MAX_SOURCE_BYTES, DEFAULT_PDF_VARIANT, DEFAULT_TIMEOUT_S
from ..i18n import _
from .app import (
    DebugOpt,
    ExitStatus,
    SourcesArg,
    UiLangOpt,
    command,
    masthead_from,
    progress_bar,
    report,
    say,
    warn,
    wrote,
)


@command()
def build(
    sources: SourcesArg,
    formats: Annotated[list[str], typer.Option("--format", "-f", metavar="FORMAT",
                                               help="Output format: pdf, epub, html, brf, "
                                               "pef (braille), mp3 (spoken); repeat for several.")
                       ] = ["pdf", "epub"],  # noqa: B006
    size: Annotated[str | None, typer.Option("--size", "-s", metavar="NAME",
                                             help="Size profile (see `bantin profiles`).")] = None,
    bigger: Annotated[int, typer.Option("--bigger", "-B", count=True,
                                        help="One step bigger, like “Tăng cỡ chữ” (repeatable).")] = 0,
    smaller: Annotated[int, typer.Option("--smaller", "-S", count=True,
                                         help="One step smaller, like “Giảm cỡ chữ” (repeatable).")] = 0,
    layout: Annotated[str, typer.Option("--layout", "-l", metavar="NAME", help="Layout name or folder.")] = "bulletin",
    page_size: Annotated[str | None, typer.Option("--page-size", "-p", metavar="A4|A5|Letter",
                                                  help="A4, A5 or Letter.")] = None,
    output_dir: Annotated[Path, typer.Option("--output", "-o", metavar="FOLDER", help="Output folder.")] = Path("out"),
    pdf_variant: Annotated[str, typer.Option("--pdf-variant", metavar="VARIANT",
                                             help="PDF variant, e.g. pdf/ua-1, pdf/a-3a, "
                                             "pdf/ua-2, none.")] = DEFAULT_PDF_VARIANT,
    language: Annotated[str | None, typer.Option("--lang", metavar="vi|en",
                                                 help="Language of dates and labels: vi or en.")] = None,
    images_dir: Annotated[Path | None, typer.Option("--images", metavar="FOLDER",
                                                    help="Folder with local copies of remote "
                                                    "images.")] = None,
    publisher: Annotated[str | None, typer.Option("--publisher", metavar="NAME",
                                                  help="Publisher for the metadata.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail a source that has warnings.")] = False,
    booklet: Annotated[bool, typer.Option("--booklet", help="Also write an A5 booklet on A4 landscape sheets "
                                          "(…booklet.pdf): print on both sides, flip on short edge.")] = False,
    marks: Annotated[bool, typer.Option("--marks", help="Crop marks and 3 mm bleed for a print shop.")] = False,
    grayscale: Annotated[bool, typer.Option("--grayscale", help="Grayscale images, for cheap printing.")] = False,
    duplex: Annotated[bool, typer.Option("--duplex", help="Two-sided printing: mirrored margins; in a volume "
                                         "each bulletin starts on a right-hand page.")] = False,
    max_size: Annotated[str, typer.Option("--max-size", metavar="SIZE",
                                          help="Largest source accepted, e.g. 20MB, 500KB.")
                        ] = f"{DEFAULT_MAX_SOURCE_BYTES // 1024**2}MB",
    timeout: Annotated[float, typer.Option("--timeout", metavar="SECONDS",
                                           help="Seconds one source may take (reading, then "
                                           "rendering); 0 for no limit.")] = DEFAULT_TIMEOUT_S,
    config: Annotated[Path | None, typer.Option("--config", metavar="FILE",
                                                help="Settings file with a [publication] table "
                                                "(default: bantin.toml in the current folder, if any).")] = None,
    issuer: Annotated[str | None, typer.Option("--issuer", metavar="TEXT",
                                               help="Nameplate: the issuing body, e.g. “Đảng bộ "
                                               "huyện Bạch Thông”.")] = None,
    name: Annotated[str | None, typer.Option("--name", metavar="TEXT",
                                             help="Nameplate: the publication, e.g. “Bản tin”.")] = None,
    number: Annotated[str | None, typer.Option("--number", metavar="TEXT",
                                               help="Nameplate: the issue, e.g. “Số 15”.")] = None,
    internal: Annotated[bool, typer.Option("--internal", help="Nameplate: “Lưu hành nội bộ”.")] = False,
    emblem: Annotated[Path | None, typer.Option("--emblem", metavar="FILE",
                                                help="Nameplate: an emblem (PNG or JPEG).")] = None,
    braille_grade: Annotated[int, typer.Option("--braille-grade", metavar="1|2",
                                               help="Braille (-f brf, -f pef): 1 uncontracted, "
                                               "2 contracted.")] = 1,
    braille_page: Annotated[str, typer.Option("--braille-page", metavar="CELLSxLINES",
                                              help="Braille page in cells x lines, e.g. 32x27.")
                            ] = "40x25",
    voice: Annotated[str, typer.Option("--voice", metavar="north|central|south",
                                       help="Spoken edition (-f mp3, --narrate): north, central or "
                                       "south.")] = "north",
    narrate: Annotated[bool, typer.Option("--narrate", help="EPUB read aloud (Media Overlays), highlighted as "
                                          "it is read.")] = False,
    debug: DebugOpt = False,
    ui_lang: UiLangOpt = None,
) -> None:
    """Build PDF and EPUB (and HTML) from bulletin sources."""
    from ..limits import parse_size
    from ..pipeline import build as run_build  # the pipeline on demand: `bantin --help` stays fast
    from ..render.settings import BuildOptions
    from ..speech.normalise import engine_from

    options = BuildOptions(
        formats=tuple(dict.fromkeys(formats)), size=size, steps=bigger - smaller, layout=layout,
        page_size=page_size, output_dir=output_dir, pdf_variant=pdf_variant, language=language,
        images_dir=images_dir, publisher=publisher, strict=strict, max_source_bytes=parse_size(max_size),
        timeout=timeout if timeout != 0 else None,
        booklet=booklet, marks=marks, grayscale=grayscale, duplex=duplex,
        masthead=masthead_from(config, issuer=issuer, name=name, number=number, internal=internal, emblem=emblem),
        braille_grade=braille_grade, braille_page=braille_page, voice=voice, narrate=narrate,
        speech_config=(settings_file := config or (Path("bantin.toml") if Path("bantin.toml").is_file() else None)),
        speech_engine=engine_from(settings_file, BuildOptions.speech_engine),
    )
    with progress_bar() as progress:
        result = run_build(sources, options, progress=progress)
    for source in result.results:
        for warning in source.warnings:
            where = f"{source.source}:{warning.line}" if warning.line else str(source.source)
            warn(f"{where}: {warning.message}")
        if source.error:
            report(source.error)
        for out in source.outputs:
            wrote(out.path, out.pages)
    if not result.ok:
        raise typer.Exit(ExitStatus.FAILED)


@command()
def profiles(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    layout: Annotated[str, typer.Option("--layout", "-l", metavar="NAME", help="Layout name or folder.")] = "bulletin",
    language: Annotated[str, typer.Option("--lang", metavar="vi|en", help="Language of the labels.")] = "vi",
    debug: DebugOpt = False,
    ui_lang: UiLangOpt = None,
) -> None:
    """List the font-size profiles, smallest first."""
    from ..render.layouts import load_layout  # Jinja2 on demand: `bantin --help` stays fast
    from ..render.profiles import load_profiles

    found = load_profiles(load_layout(layout).profile_files)
    rows = [
        {"name": p.name, "label": p.label_in(language), "body_pt": p.body_pt, "line_height": p.line_height,
         "font": p.font, "large_print": p.large_print, "default": p.name == found.default}
        for p in found.profiles
    ]
    if as_json:
        say(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    say(f"{_('name'):<10} {_('body'):>6} {_('line'):>5}  {_('font'):<5} {_('label')}")
    for row in rows:
        mark = " " + _("(default)") if row["default"] else ""
        say(f"{row['name']:<10} {row['body_pt']:>4g}pt {row['line_height']:>5g}  {row['font']:<5} "
            f"{row['label']}{mark}")


