"""Profiles of the two paths the benchmark times, to see where the time goes (pyinstrument).

    .venv/bin/python bench/profile.py [--count 20]

Writes bench/results/profile-single.txt (one bulletin, PDF + EPUB, a whole cold `bantin build`
process), profile-many.txt (`toolkit.build` over N bulletins in one warm process) and
profile-naive.txt (the naive WeasyPrint loop over the same bulletins' HTML), plus a summary of CPU
seconds per phase for the many-bulletin path, bantin beside the naive loop.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
SEED = ROOT / "examples" / "bach-thong-boi-duong-llct.txt"
BIN = Path(sys.executable).parent

sys.path.insert(0, str(BENCH))
import synthetic  # noqa: E402  (a sibling script, not a package)


def profile_single(work: Path) -> None:
    out = RESULTS / "profile-single.txt"
    subprocess.run([sys.executable, "-m", "pyinstrument", "-i", "0.001", "-r", "text", "-o", str(out),
                    "-m", "toolkit", "build", str(SEED), "-o", str(work / "single")], check=True,
                   stdout=subprocess.DEVNULL)
    print(f"wrote {out}")


def profile_many(work: Path, count: int) -> None:
    """Both loops in this process, after one warm-up document each, so imports are not counted."""
    from pyinstrument import Profiler

    import toolkit

    sources = synthetic.write_corpus(work / "corpus", count)
    subprocess.run([str(BIN / "bantin"), "build", *map(str, sources), "-f", "html", "-o", str(work / "html")],
                   check=True, stdout=subprocess.DEVNULL)
    htmls = sorted((work / "html").glob("*.html"))
    toolkit.build(sources[:1], output_dir=work / "warm")
    _naive(htmls[:1], work / "warm")
    lines = []
    for name, job in (("many", lambda: toolkit.build(sources, output_dir=work / "many")),
                      ("naive", lambda: _naive(htmls, work / "naive"))):
        profiler = Profiler(interval=0.001)
        cpu = time.process_time()
        profiler.start()
        job()
        profiler.stop()
        cpu = time.process_time() - cpu
        (RESULTS / f"profile-{name}.txt").write_text(profiler.output_text(unicode=True, color=False),
                                                     encoding="utf-8")
        lines.append(f"{name}: {count} bulletins, {cpu:.2f} s CPU (profiled), {cpu / count * 1000:.0f} ms each")
    print("\n".join(lines))


def _naive(htmls: list[Path], out: Path) -> None:
    import weasyprint

    out.mkdir(parents=True, exist_ok=True)
    for html in htmls:
        weasyprint.HTML(filename=str(html)).write_pdf(out / f"{html.stem}.pdf", pdf_variant="pdf/ua-1")


def main() -> None:
    parser = argparse.ArgumentParser(description="profile the single- and many-bulletin paths")
    parser.add_argument("--count", type=int, default=20)
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bantin-profile-") as tmp:
        profile_single(Path(tmp))
        profile_many(Path(tmp), args.count)


if __name__ == "__main__":
    main()
