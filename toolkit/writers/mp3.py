"""The bulletin as broadcast audio for commune loudspeakers: `NAME.mp3` (see `toolkit.speech.audio`)."""

from __future__ import annotations

from pathlib import Path

from ..atomic import atomic_path
from ..dates import format_date
from ..errors import RenderError, SpeechUnavailable, reason_of
from ..render.context import language_of
from ..speech.audio import VOICES, render_mp3
from ..speech.normalise import glossary_from, utterances
from .draft import Draft, Written

FORMAT = "mp3"


def write(draft: Draft, out: Path) -> Written:
    doc, options = draft.doc, draft.settings.options
    language = language_of(doc, draft.settings)
    masthead = options.masthead
    issuer = (masthead.issuer if masthead else "") or options.publisher or ""
    date = format_date(doc.date, language) if doc.date else ""
    opening = ", ".join(part for part in (f"Bản tin {issuer}".strip(), date) if part) + "."
    said = utterances(doc, glossary_from(options.speech_config), opening, "Hết bản tin.")
    try:
        with atomic_path(out) as tmp:
            render_mp3(said, tmp, doc.title, issuer or doc.author or "", doc.date.isoformat() if doc.date else "",
                       VOICES[options.voice], options.speech_engine)
    except SpeechUnavailable as exc:
        raise RenderError(draft.name, str(exc)) from exc
    except OSError as exc:
        raise RenderError(draft.name, f"MP3 writing failed: {reason_of(exc, out)}") from exc
    return Written(out, FORMAT)
