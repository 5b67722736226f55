"""The braille edition of a bulletin, shared by the BRF and PEF writers: transcribed once per draft,
its print page indicators following the draft's printed layout."""

from __future__ import annotations

from pathlib import Path

from ..atomic import atomic_path
from ..braille.pages import BraillePage, Labels, Transcription, VolumePart, transcribe, transcribe_volume
from ..dates import format_date
from ..errors import RenderError, reason_of
from ..render.context import language_of, volume_language
from .draft import Draft, VolumeDraft

LABELS = {"vi": Labels(), "en": Labels(edition="Braille edition", photo="Photo", author="By")}


def braille_of(draft: Draft) -> Transcription:
    options, doc = draft.settings.options, draft.doc
    language = language_of(doc, draft.settings)
    masthead = options.masthead
    issuer = (masthead.issuer if masthead else "") or options.publisher or ""
    return transcribe(doc, draft.printed().page_starts, options.braille_grade, BraillePage.parse(options.braille_page),
                      issuer, format_date(doc.date, language) if doc.date else "", LABELS.get(language, Labels()))


def volume_braille_of(draft: VolumeDraft) -> list[VolumePart]:
    """A bound volume in braille volumes (`--braille-volume-pages`), print pages named as printed."""
    from .epub_pages import page_label
    from .volume_epub import front_pages, starts_in

    options, volume = draft.settings.options, draft.volume
    starts = draft.printed().page_starts
    front = front_pages(starts)
    per_bulletin = [starts_in(n, starts) for n in range(1, len(volume.bulletins) + 1)]
    firsts = [min((s.number for s in found), default=front + 1) for found in per_bulletin]
    masthead = options.masthead
    issuer = (masthead.issuer if masthead else "") or volume.publisher or options.publisher or ""
    language = volume_language(volume, draft.settings)
    parts, _ = transcribe_volume(volume.title, volume.bulletins, per_bulletin, firsts, options.braille_grade,
                                 BraillePage.parse(options.braille_page), issuer, volume.period,
                                 LABELS.get(language, Labels()), lambda n: page_label(n, front),
                                 options.braille_volume_pages)
    return parts


def save(out: Path, data: bytes, name: Path, what: str) -> None:
    """Write a braille file atomically; a failure names the bulletin or volume and what was written."""
    try:
        with atomic_path(out) as tmp:
            tmp.write_bytes(data)
    except OSError as exc:
        raise RenderError(name, f"{what} writing failed: {reason_of(exc, out)}") from exc
