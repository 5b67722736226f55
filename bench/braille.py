"""Braille measured: what BRF and PEF cost per bulletin on top of the PDF, in one warm process.

    .venv/bin/python bench/braille.py [--count 20] [--rounds 3]

The braille writers follow the printed pages (a print page number at each page start), so they reuse
the layout the PDF writer makes; this measures what they add. For each round, the same synthetic
bulletins (`bench/synthetic.py`) and the examples are built with `toolkit.build` as PDF alone and as
PDF + BRF + PEF, alternating, and the CPU time (`time.process_time`) per bulletin is kept; medians of
the rounds are printed with the BRF and PEF bytes per bulletin.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
import synthetic  # noqa: E402  (a sibling script, not a package)


def _cpu_per_bulletin(sources: list[Path], out: Path, formats: tuple[str, ...]) -> float:
    import toolkit

    start = time.process_time()
    result = toolkit.build(sources, output_dir=out, formats=formats)
    if not result.ok:
        raise SystemExit(f"bench: build {formats} failed")
    return (time.process_time() - start) / len(sources)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bantin-braille-") as tmp:
        work = Path(tmp)
        sources = synthetic.write_corpus(work / "src", args.count)
        sources += sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".txt", ".html", ".md", ".json"))
        _cpu_per_bulletin(sources[:1], work / "warm", ("pdf", "brf", "pef"))  # engine, fonts, tables loaded
        pdf, braille = [], []
        for n in range(args.rounds):
            pdf.append(_cpu_per_bulletin(sources, work / f"pdf{n}", ("pdf",)))
            braille.append(_cpu_per_bulletin(sources, work / f"all{n}", ("pdf", "brf", "pef")))
        last = work / f"all{args.rounds - 1}"
        brf = sum(p.stat().st_size for p in last.glob("*.brf")) / len(sources)
        pef = sum(p.stat().st_size for p in last.glob("*.pef")) / len(sources)
    alone, both = statistics.median(pdf), statistics.median(braille)
    print(f"{len(sources)} bulletins, {args.rounds} rounds, CPU per bulletin (median):")
    print("| PDF alone | PDF + BRF + PEF | braille adds | BRF bytes | PEF bytes |")
    print("|---:|---:|---:|---:|---:|")
    print(f"| {alone * 1000:.0f} ms | {both * 1000:.0f} ms | {(both - alone) * 1000:.0f} ms | {brf / 1000:.1f} KB "
          f"| {pef / 1000:.1f} KB |")


if __name__ == "__main__":
    main()
