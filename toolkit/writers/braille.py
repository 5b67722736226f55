"""The braille edition of a bulletin, shared by the BRF and PEF writers: transcribed once per draft,
its print page indicators following the draft's printed layout."""

from __future__ import annotations

from ..braille.pages import BraillePage, Labels, Transcription, transcribe
from ..dates import format_date
from ..render.context import language_of
from .draft import Draft

LABELS = {"vi": Labels(), "en": Labels(edition="Braille edition", photo="Photo", author="By")}


def braille_of(draft: Draft) -> Transcription:
    options, doc = draft.settings.options, draft.doc
    language = language_of(doc, draft.settings)
    masthead = options.masthead
    issuer = (masthead.issuer if masthead else "") or options.publisher or ""
    return transcribe(doc, draft.printed().page_starts, options.braille_grade, BraillePage.parse(options.braille_page),
                      issuer, format_date(doc.date, language) if doc.date else "", LABELS.get(language, Labels()))
