"""A bound volume as one MP3 for the loudspeaker, with an ID3 chapter per bulletin."""

from __future__ import annotations

from pathlib import Path

from ..atomic import atomic_path
from ..errors import RenderError, SpeechUnavailable, reason_of
from ..speech.audio import VOICES, render_mp3
from ..speech.normalise import glossary_from, utterances
from .draft import VolumeDraft, Written

FORMAT = "mp3"


def write(draft: VolumeDraft, out: Path) -> Written:
    volume, options = draft.volume, draft.settings.options
    masthead = options.masthead
    issuer = (masthead.issuer if masthead else "") or volume.publisher or options.publisher or ""
    glossary = glossary_from(options.speech_config)
    said, chapters = [], []
    for number, doc in enumerate(volume.bulletins, start=1):
        opening = f"{volume.title}. Bản tin thứ {number}." if number == 1 else f"Bản tin thứ {number}."
        chapters.append((doc.title, len(said)))
        closing = "Hết tập bản tin." if number == len(volume.bulletins) else "Hết bản tin."
        said += utterances(doc, glossary, opening, closing)
    try:
        with atomic_path(out) as tmp:
            latest = max((doc.date for doc in volume.bulletins if doc.date), default=None)
            render_mp3(said, tmp, volume.title, issuer, latest.isoformat() if latest else "", VOICES[options.voice],
                       options.speech_engine, chapters)
    except SpeechUnavailable as exc:
        raise RenderError(draft.name, str(exc)) from exc
    except OSError as exc:
        raise RenderError(draft.name, f"MP3 writing failed: {reason_of(exc, out)}") from exc
    return Written(out, FORMAT)
