"""Broadcast audio: the speech text synthesised offline, with pauses, normalised and encoded as MP3.

- Synthesis is a command: espeak-ng with its Vietnamese voices by default (Northern `vi`, Central
  `vi-vn-x-central`, Southern `vi-vn-x-south`). Another local engine plugs in through `[speech] engine` in
  `bantin.toml`, a command template with `{voice}`, `{text}` (a UTF-8 text file) and `{out}` (the WAV it writes).
- Sentences are joined with pauses: short between sentences, longer between paragraphs and before headings.
- ffmpeg measures the loudness (EBU R128), brings it to −16 LUFS integrated under −1 dBTP (gain and a peak
  limiter), and encodes mono 44.1 kHz MP3 with bit-exact flags; mutagen writes the ID3 tags. Same source,
  same bytes.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

from ..errors import SpeechUnavailable

DEFAULT_ENGINE = "espeak-ng -v {voice} -s 150 -w {out} -f {text}"
VOICES = {"north": "vi", "central": "vi-vn-x-central", "south": "vi-vn-x-south"}
PAUSES_MS = {"sentence": 350, "paragraph": 800, "heading": 1200}
TARGET_LUFS, TRUE_PEAK_DB = -16.0, -1.0


@dataclass(frozen=True)
class Utterance:
    """One sentence to say and the pause before it ("sentence", "paragraph" or "heading")."""

    text: str
    pause: str = "sentence"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise SpeechUnavailable(f"{name} is not installed (run `scripts/setup.sh`)")
    return found


def synthesise(utterances: list[Utterance], folder: Path, voice: str = "vi", engine: str = DEFAULT_ENGINE
               ) -> tuple[Path, list[tuple[float, float]]]:
    """One WAV of everything said, and each utterance's (start, end) in seconds within it."""
    pieces, clips, rate, position = [], [], None, 0.0
    for index, utterance in enumerate(utterances):
        text_file, wav_file = folder / f"{index}.txt", folder / f"{index}.wav"
        text_file.write_text(utterance.text, encoding="utf-8")
        command = [part.format(voice=voice, out=wav_file, text=text_file) for part in shlex.split(engine)]
        _tool(command[0])
        done = subprocess.run(command, capture_output=True, timeout=300, check=False)
        if done.returncode or not wav_file.exists():
            raise SpeechUnavailable(f"the speech engine failed: {done.stderr.decode(errors='replace')[-300:]}")
        with wave.open(str(wav_file)) as sound:
            rate = rate or sound.getframerate()
            frames = sound.readframes(sound.getnframes())
            width = sound.getsampwidth()
        pause = b"\0" * (int(rate * PAUSES_MS[utterance.pause] / 1000) * width) if index else b""
        position += len(pause) / width / rate
        pieces += [pause, frames]
        start = position
        position += len(frames) / width / rate
        clips.append((round(start, 3), round(position, 3)))
    joined = folder / "all.wav"
    with wave.open(str(joined), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate or 22050)
        out.writeframes(b"".join(pieces))
    return joined, clips


def _loudness(wav: Path, chain: str = "") -> float:
    """Integrated loudness (EBU R128, LUFS) of `wav` after the filter `chain`, by ffmpeg's `ebur128` meter
    (loudnorm's measuring pass resamples to 192 kHz and takes four times as long)."""
    meter = "ebur128=framelog=verbose"  # per-frame lines at verbose level: not printed
    done = subprocess.run([_tool("ffmpeg"), "-hide_banner", "-nostats", "-i", str(wav), "-af",
                           f"{chain},{meter}" if chain else meter, "-f", "null", "-"],
                          capture_output=True, text=True, timeout=600, check=False)
    summary = done.stderr[done.stderr.rindex("Summary:"):]
    return float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))


def _chain(gain_db: float) -> str:
    # Speech peaks far above its loudness: the gain that reaches -16 LUFS needs a peak limiter after it
    # (a ceiling of 0.75 = -2.5 dBFS leaves room for the MP3 encoder's overshoot under -1 dBTP).
    return f"volume={gain_db:.2f}dB,aresample=44100,alimiter=limit=0.75:attack=5:release=50:level=false"


def encode_mp3(wav: Path, out: Path, bitrate: str = "64k") -> None:
    """Bring the speech to -16 LUFS integrated under -1 dBTP (a gain and a limiter, the gain corrected twice
    by measuring what the limiter leaves), then encode mono 44.1 kHz MP3, bit-exact."""
    gain = TARGET_LUFS - _loudness(wav)
    gain += TARGET_LUFS - _loudness(wav, _chain(gain))
    _encode(wav, out, gain, bitrate)
    missed = TARGET_LUFS - _loudness(out)  # the encoder moves it a little: measure the MP3
    if abs(missed) > 0.2:
        _encode(wav, out, gain + missed, bitrate)


def _encode(wav: Path, out: Path, gain_db: float, bitrate: str) -> None:
    subprocess.run([_tool("ffmpeg"), "-hide_banner", "-loglevel", "error", "-y", "-i", str(wav), "-af",
                    _chain(gain_db), "-ac", "1", "-ar", "44100", "-c:a", "libmp3lame", "-b:a", bitrate,
                    "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact", "-write_xing", "0",
                    "-id3v2_version", "0", str(out)], check=True, capture_output=True, timeout=600)


def tag_mp3(path: Path, title: str, artist: str, date: str, chapters: list[tuple[str, float, float]] = ()) -> None:
    """ID3 tags: title, artist, date, language `vie`, and one chapter (CHAP) per bulletin of a volume."""
    from mutagen.id3 import CHAP, CTOC, ID3, TDRC, TIT2, TLAN, TPE1, CTOCFlags

    tags = ID3()
    tags.add(TIT2(encoding=3, text=title))
    if artist:
        tags.add(TPE1(encoding=3, text=artist))
    if date:
        tags.add(TDRC(encoding=3, text=date))
    tags.add(TLAN(encoding=3, text="vie"))
    if chapters:
        ids = [f"ch{n}" for n in range(1, len(chapters) + 1)]
        tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids))
        for element, (name, start, end) in zip(ids, chapters, strict=True):
            tags.add(CHAP(element_id=element, start_time=int(start * 1000), end_time=int(end * 1000),
                          sub_frames=[TIT2(encoding=3, text=name)]))
    tags.save(str(path), v2_version=4, padding=lambda info: 0)


def render_mp3(utterances: list[Utterance], out: Path, title: str, artist: str, date: str, voice: str = "vi",
               engine: str = DEFAULT_ENGINE, chapters: list[tuple[str, int]] = ()) -> float:
    """The MP3 at `out` (made in a temporary folder, then moved); returns its duration in seconds.

    `chapters` are (name, index of the utterance that opens it): each becomes an ID3 chapter."""
    with tempfile.TemporaryDirectory(prefix="bantin-speech-") as tmp:
        wav, clips = synthesise(utterances, Path(tmp), voice, engine)
        mp3 = Path(tmp) / "out.mp3"
        encode_mp3(wav, mp3)
        duration = clips[-1][1] if clips else 0.0
        starts = [clips[index][0] for _, index in chapters]
        ends = [*starts[1:], duration][:len(starts)]
        tag_mp3(mp3, title, artist, date, [(name, start, end) for (name, _), start, end
                                           in zip(chapters, starts, ends, strict=True)])
        shutil.move(str(mp3), str(out))
    return duration
