"""What a reading leaves uncertain, said as named warnings rather than guessed silently, whatever the
format: a bulletin without a date or with an implausible one, a caption whose photo did not come with the source.

Readers add their own doubts where they know more (`uncertain-title`, `mostly-chrome` of copied page
text, `fallback-reader` of a portal page without its web parts); these hold for every format.
"""

from __future__ import annotations

from dataclasses import replace
from textwrap import shorten

from ..i18n import _
from ..model import Bulletin, Figure, SourceWarning

DATE_CODES = ("no-date", "impossible-date", "bad-date")


#: Years a bulletin's date can plausibly carry; outside them it is most likely a typo (15/04/2204).
PLAUSIBLE_YEARS = range(1945, 2101)


def with_doubts(doc: Bulletin) -> Bulletin:
    notes = [*_undated(doc), *_implausible_date(doc), *_captions_without_photo(doc)]
    return replace(doc, warnings=(*doc.warnings, *notes)) if notes else doc


def _undated(doc: Bulletin) -> list[SourceWarning]:
    if doc.date is not None or any(w.code in DATE_CODES for w in doc.warnings):
        return []
    return [SourceWarning(
        "no-date", _("no date found: the bulletin is undated (an archive files it under undated/); give the date "
           "where the source's format keeps it"))]


def _implausible_date(doc: Bulletin) -> list[SourceWarning]:
    if doc.date is None or doc.date.year in PLAUSIBLE_YEARS:
        return []
    return [SourceWarning(
        "implausible-date", _("date {date} is not a plausible bulletin date (a typo?); it is kept, check it").format(
        date=f"{doc.date:%d/%m/%Y}"))]


def _captions_without_photo(doc: Bulletin) -> list[SourceWarning]:
    notes = []
    for block in doc.blocks:
        if isinstance(block, Figure) and block.src is None and block.caption:
            caption = shorten(block.caption, 90, placeholder="…")
            notes.append(SourceWarning(
                "caption-without-photo", _("caption “{caption}” has no photo (it did not come with the source): it is "
                   "printed as a photo note").format(caption=caption)))
    return notes
