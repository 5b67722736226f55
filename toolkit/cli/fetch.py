"""`bantin fetch`: articles from a portal into a source folder that `build`, `collect` and `archive` read."""

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from .app import DebugOpt, ExitStatus, UiLangOpt, command, progress_bar, say, warn
from .app import report as report_error


@command()
def fetch(
    urls: Annotated[list[str] | None, typer.Argument(metavar="URL", show_default=False,
                                                     help="Article pages to save.")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", metavar="FOLDER",
                                         help="Source folder to save into.")] = Path("sources"),
    feeds: Annotated[list[str] | None, typer.Option("--feed", metavar="URL", show_default=False,
                                                    help="RSS or Atom feed of articles (repeat for several).")] = None,
    sitemaps: Annotated[list[str] | None, typer.Option("--sitemap", metavar="URL", show_default=False,
                                                       help="Sitemap of the site (repeat for several).")] = None,
    listings: Annotated[list[str] | None, typer.Option("--list", metavar="URL", show_default=False,
                                                       help="Listing page; its next pages are followed too "
                                                       "(needs --follow).")] = None,
    follow: Annotated[str | None, typer.Option("--follow", metavar="PATTERN", show_default=False,
                                               help="Address shape of articles, e.g. '/Pages/*.aspx' "
                                               "(* matches anything).")] = None,
    since: Annotated[dt.datetime | None, typer.Option("--since", metavar="YYYY-MM-DD", formats=["%Y-%m-%d"],
                                                      show_default=False,
                                                      help="Only articles of this day or later.")] = None,
    until: Annotated[dt.datetime | None, typer.Option("--until", metavar="YYYY-MM-DD", formats=["%Y-%m-%d"],
                                                      show_default=False,
                                                      help="Only articles of this day or earlier.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", metavar="N", show_default=False,
                                              help="At most N articles.")] = None,
    allow_hosts: Annotated[list[str] | None, typer.Option("--allow-host", metavar="HOST", show_default=False,
                                                          help="Also take images from HOST (repeat for "
                                                          "several).")] = None,
    delay: Annotated[float, typer.Option("--delay", metavar="SECONDS",
                                         help="Pause between two requests to one site.")] = 1.0,
    timeout: Annotated[float, typer.Option("--timeout", metavar="SECONDS",
                                           help="Seconds to wait for a site to answer.")] = 20.0,
    retries: Annotated[int, typer.Option("--retries", metavar="N",
                                         help="Tries again after a server error or 429.")] = 3,
    max_size: Annotated[float, typer.Option("--max-size", metavar="MB",
                                            help="Largest page, feed or sitemap, MB.")] = 20.0,
    max_pages: Annotated[int, typer.Option("--max-pages", metavar="N",
                                           help="Listing pages followed from each --list.")] = 20,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print every request.")] = False,
    debug: DebugOpt = False,
    ui_lang: UiLangOpt = None,
) -> None:
    """Save articles from a portal (pages, feed, sitemap or listing pages) with their images, for archive."""
    from ..fetch import ClientSettings, FetchOptions  # on demand: `bantin --help` stays fast
    from ..fetch import fetch as run_fetch

    settings = ClientSettings(delay=max(0.0, delay), timeout=timeout, retries=max(0, retries),
                              max_bytes=int(max_size * 1024**2))
    options = FetchOptions(output, tuple(urls or ()), tuple(feeds or ()), tuple(sitemaps or ()),
                           tuple(listings or ()), follow, since and since.date(), until and until.date(), limit,
                           tuple(allow_hosts or ()), max_pages, settings)
    with progress_bar() as progress:
        report = run_fetch(options, progress)
    _tell(report, verbose)
    if not report.ok:
        raise typer.Exit(ExitStatus.FAILED)


def _tell(report, verbose: bool) -> None:
    if verbose:
        for request in report.requests:
            say(f"GET {request.url} {request.status or request.note} {request.size}"
                + (f" {request.note}" if request.note and request.status else ""))
    for warning in report.warnings:
        warn(warning)
    for failure in report.failures:
        report_error(failure)  # one line; its traceback too with --debug
    received = sum(request.size for request in report.requests)
    say(_("{saved} saved, {updated} updated, {unchanged} unchanged, {skipped} outside the dates, {gone} gone, "
          "{failed} failed; {requests} requests, {kb:.0f} kB received").format(
        saved=len(report.saved), updated=len(report.updated), unchanged=len(report.unchanged),
        skipped=len(report.skipped), gone=len(report.gone), failed=len(report.failures),
        requests=len(report.requests), kb=received / 1024))
