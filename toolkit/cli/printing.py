"""`bantin impose`: any PDF as an A5 saddle-stitch booklet on A4 landscape sheets."""

from pathlib import Path
from typing import Annotated

import typer

from ..errors import SourceError
from ..i18n import _
from .app import DebugOpt, UiLangOpt, command, say


@command()
def impose(
    pdf: Annotated[Path, typer.Argument(metavar="PDF", help="The PDF to impose (pages that are not A5 are "
                                        "scaled to A5).",
                                        show_default=False)],
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="Booklet file; default: "
                                                "NAME.booklet.pdf beside the PDF.")] = None,
    grayscale: Annotated[bool, typer.Option("--grayscale", help="Grayscale images, for cheap printing.")] = False,
    debug: DebugOpt = False,
    ui_lang: UiLangOpt = None,
) -> None:
    """Impose a PDF as an A5 booklet: print on both sides (flip on short edge), fold the stack once."""
    from ..writers.booklet import booklet_path  # pikepdf on demand: `bantin --help` stays fast
    from ..writers.booklet import impose as impose_pdf

    if not pdf.is_file():
        raise SourceError(pdf, _("no such file"))
    target = output or booklet_path(pdf)
    if target.resolve() == pdf.resolve():
        raise SourceError(pdf, _("the booklet would replace the PDF it is made from: give another --output"))
    booklet = impose_pdf(pdf, target, grayscale=grayscale)
    say(_("wrote {path} ({pages} A5 pages on {sheets} A4 sheets, {sides} sides)").format(
        path=booklet.path, pages=booklet.pages, sheets=booklet.sheets, sides=booklet.sides))
