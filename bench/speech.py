"""The spoken edition measured: synthesis speed (seconds of audio per second of CPU), MP3 bytes per minute,
loudness (ffmpeg's EBU R128 meter), for the seed and every example, and EPUBCheck/Ace on the narrated EPUBs.

    .venv/bin/python bench/speech.py          # prints a Markdown table
"""

from __future__ import annotations

import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".txt", ".html", ".md", ".json"))


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def r128(path: Path) -> tuple[float, float]:
    log = subprocess.run(["ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-af", "ebur128=peak=true", "-f",
                          "null", "-"], capture_output=True, text=True, check=True).stderr
    summary = log[log.rindex("Summary:"):]
    return (float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1)),
            float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary).group(1)))


def main() -> None:
    from mutagen.mp3 import MP3

    bantin = ROOT / ".venv" / "bin" / "bantin"
    rows, narrated = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for source in SOURCES:
            out = Path(tmp) / source.stem
            before, started = _cpu(), time.perf_counter()
            subprocess.run([str(bantin), "build", str(source), "-o", str(out), "-f", "mp3"], check=True,
                           capture_output=True)
            cpu, wall = _cpu() - before, time.perf_counter() - started
            mp3 = out / f"{source.stem}.mp3"
            seconds = MP3(str(mp3)).info.length
            loudness, peak = r128(mp3)
            per_minute = mp3.stat().st_size / (seconds / 60) / 1024
            rows.append(f"| {source.name} | {seconds:.1f} s | {cpu:.1f} s | {seconds / cpu:.1f}× | {wall:.1f} s | "
                        f"{per_minute:.0f} KB | {loudness:.1f} LUFS | {peak:.1f} dBTP |")
            subprocess.run([str(bantin), "build", str(source), "-o", str(out), "-f", "epub", "--narrate"], check=True,
                           capture_output=True)
            narrated.append(out / f"{source.stem}.epub")
        check = subprocess.run([str(bantin), "check", "-V", "epubcheck", "-V", "ace", *map(str, narrated)],
                               capture_output=True, text=True)
    print("| source | audio | CPU | audio per CPU second | wall | MP3 per minute | loudness | true peak |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print()
    print("Narrated EPUBs:", "; ".join(line.strip() for line in check.stdout.splitlines()
                                       if "epubcheck:" in line or "ace:" in line or "(epub)" in line))
    sys.exit(check.returncode)


if __name__ == "__main__":
    main()
