"""Narrated EPUB (`--narrate`): EPUB 3 Media Overlays over the bulletin's own text.

Each sentence of the lead and the paragraphs (wrapped in its own element when narrating), and the title,
headings, lists, quotes and byline, are said by the offline engine (`toolkit.speech.audio`); the audio is
one MP3 in the book, and one SMIL document pairs each element's id with its clip, so a reading system plays
it and highlights the sentence being read (`media:active-class`). Captions and tables are not read: they
have no voice in the printed reading order.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

from ebooklib import epub

from ..model import Bulletin, Figure, Heading, List, Paragraph, Table, plain
from ..speech.audio import VOICES, Utterance, encode_mp3, synthesise
from ..speech.normalise import glossary_from, say, sentence_runs, sentences

SMIL_FILE = "smil/bulletin.smil"
AUDIO_FILE = "audio/bulletin.mp3"
ACTIVE_CLASS = "-epub-media-overlay-active"
ACTIVE_CSS = f".{ACTIVE_CLASS} {{ background-color: #fff3a0; color: #000; }}\n"


def _blocks(doc: Bulletin) -> list[tuple[str, str, str]]:
    """(element id in the chapter, text, pause before it) for every sentence read aloud: the lead's and the
    paragraphs' sentences each have their own element (`_article.html.j2` wraps them when narrating);
    the title, headings, lists, quotes and the byline are read as one piece each."""
    found = [("title", doc.title, "sentence")]
    found += [(f"lead-s{n}", text, "paragraph" if n == 1 else "sentence")
              for n, text in enumerate(sentences(doc.lead), start=1)]
    for index, block in enumerate(doc.blocks, start=1):
        if isinstance(block, Figure | Table):
            continue
        if isinstance(block, Paragraph):
            found += [(f"b{index}-s{n}", plain(run), "paragraph" if n == 1 else "sentence")
                      for n, run in enumerate(sentence_runs(block.content), start=1)]
            continue
        text = "; ".join(plain(item) for item in block.items) if isinstance(block, List) else block.text
        found.append((f"b{index}", text, "heading" if isinstance(block, Heading) else "paragraph"))
    if doc.byline:
        found.append(("signature", doc.byline, "paragraph"))
    return found


def clock(seconds: float) -> str:
    """SMIL clock value: 0:04:46.170"""
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def smil(chapter_href: str, audio_href: str, pairs: list[tuple[str, tuple[float, float]]]) -> str:
    pars = "".join(f'<par id="par-{n}"><text src={quoteattr(f"{chapter_href}#{element}")}/>'
                   f'<audio src={quoteattr(audio_href)} clipBegin="{begin:.3f}s" clipEnd="{end:.3f}s"/></par>'
                   for n, (element, (begin, end)) in enumerate(pairs, start=1))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<smil xmlns="http://www.w3.org/ns/SMIL" '
            'xmlns:epub="http://www.idpf.org/2007/ops" version="3.0"><body>'
            f'<seq id="seq-1" epub:textref={quoteattr(chapter_href)} epub:type="bodymatter">{pars}</seq>'
            "</body></smil>\n")


def narrate(book: epub.EpubBook, doc: Bulletin, chapter: epub.EpubItem, options) -> float:
    """Add the audio, the SMIL and the media metadata to `book`; returns the duration in seconds."""
    glossary = glossary_from(options.speech_config)
    blocks = _blocks(doc)
    unknown: list[str] = []
    said = [Utterance(" ".join(say(s, glossary, unknown) for s in sentences(text)), pause)
            for _, text, pause in blocks]
    with tempfile.TemporaryDirectory(prefix="bantin-narrate-") as tmp:
        wav, clips = synthesise(said, Path(tmp), VOICES[options.voice], options.speech_engine)
        mp3 = Path(tmp) / "bulletin.mp3"
        encode_mp3(wav, mp3)
        audio = mp3.read_bytes()
    duration = clips[-1][1] if clips else 0.0
    book.add_item(epub.EpubItem(uid="narration", file_name=AUDIO_FILE, media_type="audio/mpeg", content=audio))
    # Contiguous clips: each runs until the next begins (the pause goes with the sentence before it).
    starts = [begin for begin, _ in clips]
    spans = list(zip(starts, [*starts[1:], duration], strict=True))
    pairs = [(element, span) for (element, _, _), span in zip(blocks, spans, strict=True)]
    book.add_item(epub.EpubSMIL(uid="overlay", file_name=SMIL_FILE,
                                content=smil("../" + chapter.file_name, "../" + AUDIO_FILE, pairs).encode()))
    chapter.media_overlay = "overlay"
    book.add_metadata(None, "meta", clock(duration), {"property": "media:duration", "refines": "#overlay"})
    book.add_metadata(None, "meta", clock(duration), {"property": "media:duration"})
    book.add_metadata(None, "meta", ACTIVE_CLASS, {"property": "media:active-class"})
    return duration
