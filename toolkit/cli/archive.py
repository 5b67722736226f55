"""`bantin collect` (many bulletins into one volume) and `bantin archive` (a folder into an archive)."""

import json
from pathlib import Path
from typing import Annotated

import typer

from ..i18n import N_, _
from .app import (
    DebugOpt,
    ExitStatus,
    SourcesArg,
    UiLangOpt,
    command,
    fail,
    masthead_from,
    progress_bar,
    report,
    say,
    warn,
    wrote,
)

SizeOpt = Annotated[str | None, typer.Option("--size", "-s", metavar="NAME",
                                             help="Size profile (see `bantin profiles`).")]
PublisherOpt = Annotated[str | None, typer.Option("--publisher", metavar="NAME",
                                                  help="Publisher on the cover and in the metadata.")]
#: Words of the archive summary, translated when shown (`_(item.status)`).
SUMMARY_WORDS = (N_("built"), N_("skipped"), N_("failed"), N_("source"), N_("bulletin"), N_("volume"),
                 N_("unchanged"))
LangOpt = Annotated[str | None, typer.Option("--lang", metavar="vi|en", help="Language of dates and labels: vi or en.")]


@command()
def collect(
    sources: SourcesArg,
    title: Annotated[str, typer.Option("--title", "-t", metavar="TEXT",
                                       help="Title of the volume, e.g. “Bản tin tháng 4/2024”.")],
    outputs: Annotated[list[Path], typer.Option("--output", "-o", metavar="FILE",
                                                help="FILE.pdf, FILE.epub, FILE.brf or FILE.pef "
                                                "(braille) (repeat for several).")],
    size: SizeOpt = None,
    page_size: Annotated[str | None, typer.Option("--page-size", "-p", metavar="A4|A5|Letter",
                                                  help="A4, A5 or Letter.")] = None,
    period: Annotated[str, typer.Option("--period", metavar="TEXT",
                                        help="Period shown on the cover, e.g. “Tháng 4/2024”.")] = "",
    publisher: PublisherOpt = None,
    language: LangOpt = None,
    duplex: Annotated[bool, typer.Option("--duplex", help="Start every bulletin on a right-hand page.")] = False,
    archival: Annotated[bool, typer.Option("--archival/--no-archival", help="PDF/A-3a with the sources "
                                           "attached (default), or plain PDF/UA-1.")] = True,
    config: Annotated[Path | None, typer.Option("--config", metavar="FILE",
                                                help="Settings file with a [publication] table "
                                                "(default: bantin.toml in the current folder, if any).")] = None,
    issuer: Annotated[str | None, typer.Option("--issuer", metavar="TEXT", help="Issuing body on the cover.")] = None,
    emblem: Annotated[Path | None, typer.Option("--emblem", metavar="FILE",
                                                help="Emblem on the cover (PNG or JPEG).")] = None,
    braille_grade: Annotated[int, typer.Option("--braille-grade", metavar="1|2",
                                               help="Braille: 1 uncontracted, 2 contracted.")] = 1,
    braille_volume_pages: Annotated[int, typer.Option("--braille-volume-pages", metavar="N",
                                                      help="Braille: the most pages in "
                                                      "one braille volume.")] = 100,
    debug: DebugOpt = False,
    ui_lang: UiLangOpt = None,
) -> None:
    """Bind many bulletins into one volume: cover, contents with page numbers, bulletins in date order."""
    from ..pipeline import collect as run_collect  # the pipeline on demand: `bantin --help` stays fast
    from ..render.settings import BuildOptions

    options = BuildOptions(size=size, page_size=page_size, publisher=publisher, language=language, duplex=duplex,
                           masthead=masthead_from(config, issuer=issuer, emblem=emblem),
                           braille_grade=braille_grade, braille_volume_pages=braille_volume_pages)
    with progress_bar() as progress:
        result = run_collect(sources, options, title, outputs, period=period, archival=archival,
                             progress=progress)
    for failure in result.failures:
        report(failure)
    for warning in result.warnings:
        warn(warning.message)
    for path, pages in result.outputs:
        wrote(path, pages)
    if not result.ok:
        raise typer.Exit(ExitStatus.FAILED)


@command()
def archive(
    source_dir: Annotated[Path, typer.Argument(metavar="FOLDER", show_default=False,
                                               help="Folder of sources (or, with --verify and no -o, the archive).")],
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FOLDER", help="Archive folder.")] = None,
    by: Annotated[str | None, typer.Option("--by", metavar="month|year",
                                           help="One volume per month or per year.")] = None,
    sizes: Annotated[list[str] | None, typer.Option("--size", "-s", metavar="NAME",
                                                    help="Size profile (repeat for several).")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", metavar="N",
                                             help="Worker processes (default: all cores).")] = None,
    cluster: Annotated[str | None, typer.Option("--cluster", metavar="ADDRESS",
                                                help="Build on a Dask cluster: tcp://HOST:8786 "
                                                "(its scheduler), or local:N to start N Dask workers here.")] = None,
    config: Annotated[Path | None, typer.Option("--config", metavar="FILE", help="Publication settings (default: "
                                                "SOURCE_DIR/bantin.toml).")] = None,
    publisher: PublisherOpt = None,
    language: LangOpt = None,
    images_dir: Annotated[Path | None, typer.Option("--images", metavar="FOLDER",
                                                    help="Local copies of remote images.")] = None,
    timeout: Annotated[float, typer.Option("--timeout", metavar="SECONDS", help="Seconds one item may take.")] = 600.0,
    max_memory: Annotated[int, typer.Option("--max-memory", metavar="MB",
                                            help="Memory cap per worker, MB (0: none).")] = 4096,
    follow_symlinks: Annotated[bool, typer.Option("--follow-symlinks", help="Take sources that are symbolic "
                                                  "links, even to files outside the folder.")] = False,
    verify: Annotated[bool, typer.Option("--verify", help="Check an archive against its manifest.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON for scripts.")] = False,
    braille: Annotated[bool, typer.Option("--braille", help="Also the braille editions (BRF and PEF).")] = False,
    audio: Annotated[bool, typer.Option("--audio", help="Also the spoken edition (MP3) and a podcast feed.")] = False,
    debug: DebugOpt = False,
    ui_lang: UiLangOpt = None,
) -> None:
    """Build or update an archive: per-bulletin PDF and EPUB, dated volumes, manifest, index, OPDS catalog."""
    if verify:  # the archive is the folder given with -o, if any (as when it was built)
        _verify(output or source_dir, as_json)
        return
    if output is None:
        fail(_("give the archive folder with -o FOLDER"))
        raise typer.Exit(ExitStatus.USAGE)
    from ..archive import CONFIG_NAME, ArchiveOptions, load_publication  # on demand, as above
    from ..archive import archive as run_archive

    publication = load_publication(config or source_dir / CONFIG_NAME, by=by, sizes=tuple(sizes or ()),
                                   publisher=publisher, language=language, braille=braille or None,
                                   audio=audio or None)
    options = ArchiveOptions(source_dir, output, publication, jobs, timeout, max_memory, images_dir,
                             follow_symlinks=follow_symlinks, cluster=cluster)
    with progress_bar(enabled=not as_json) as progress:
        result = run_archive(options, progress)
    _summary(result, as_json)
    if not result.ok:
        raise typer.Exit(ExitStatus.FAILED)


def _summary(result, as_json: bool) -> None:
    rows = [vars(item) for item in result.items]
    counts = {status: result.count(status) for status in ("built", "skipped", "failed")}
    if as_json:
        say(_json_lines({"ok": result.ok, "seconds": result.seconds, **counts}, "items", rows))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(_("status"), _("kind"), _("item"), _("profile"), _("seconds"), _("reason"))
    for item in sorted(result.items, key=lambda i: (i.status != "failed", i.kind, i.name, i.profile)):
        if item.status != "skipped":
            table.add_row(_(item.status), _(item.kind), item.name, item.profile, f"{item.seconds:.1f}", item.reason)
    if counts["skipped"]:
        table.add_row(_("skipped"), "", _("{count} item(s)").format(count=counts["skipped"]), "", "", _("unchanged"))
    Console().print(table)
    say(_("{built} built, {skipped} skipped, {failed} failed in {seconds:.1f} s").format(
        seconds=result.seconds, **counts))


def _json_lines(head: dict, key: str, rows: list[dict]) -> str:
    """`head` with `key: rows`, as JSON with one row a line: Python's indenting encoder is pure Python and
    took 60 ms for the 2,000 rows of a 1,000-bulletin archive; this uses the C encoder row by row."""
    fields = [f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}" for k, v in head.items()]
    items = ",\n  ".join(json.dumps(row, ensure_ascii=False) for row in rows)
    return "{\n " + ",\n ".join(fields) + f',\n "{key}": [' + (f"\n  {items}\n ]" if rows else "]") + "\n}"


def _verify(archive_dir: Path, as_json: bool) -> None:
    from ..archive import verify

    result = verify(archive_dir)
    if as_json:
        say(json.dumps({"ok": result.ok, "checked": result.checked, "missing": result.missing,
                        "changed": result.changed, "extra": result.extra}, ensure_ascii=False, indent=1))
    else:
        for label, paths in ((_("missing"), result.missing), (_("changed"), result.changed),
                             (_("extra"), result.extra)):
            for path in paths:
                say(f"{label}: {path}")
        said = _("all match the manifest") if result.ok else _("differences found")
        say(_("{count} file(s) checked: {result}").format(count=result.checked, result=said))
    if not result.ok:
        raise typer.Exit(ExitStatus.FAILED)
