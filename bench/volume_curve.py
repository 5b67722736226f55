"""Volumes by size: seconds, peak memory and bytes of `bantin collect`, beside the engine on the same document.

    python bench/volume_curve.py [--counts 50 100 200 500] [--before DIR] [--keep]

For each count, `bench/synthetic.py` bulletins are bound into one archival volume (PDF/A-3a, the sources
attached) in fresh processes timed from outside (`wait4`: wall time, largest RSS in MiB):

- `bantin collect` as a user runs it;
- the engine: the same sources read and laid out by bantin in one process, in one pass, then WeasyPrint's
  own `write_pdf` of that document (same variant and attachments) with none of bantin's volume work: no
  parts, no freeing of drawn pages, WeasyPrint's own tagging, no finishing pass. Its reading and layout are bantin's,
  so the difference is what bantin does around the engine's PDF writing;
- with `--before DIR`, `bantin collect` of another checkout of bantin (e.g. a `git worktree` of an older
  commit) with this venv, for a before/after curve in one run.

Writes `bench/results/volume_curve.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import synthetic  # noqa: E402  (sibling scripts, not a package)
from run import ENV, bantin, checked, run  # noqa: E402

TITLE = "Tập bản tin"


def engine_write(out: str, sources: list[str]) -> None:
    """In this process: bantin reads and lays out the volume, WeasyPrint alone writes it."""
    from toolkit.render import engine

    engine.cache_page_references = lambda: None  # the engine's own tagging, as it ships
    from toolkit.writers import draft as draft_module

    draft_module.PART_BULLETINS = len(sources)  # the engine lays the whole volume out at once
    from toolkit import BuildOptions
    from toolkit.model import Volume
    from toolkit.pipeline import read_checked, resolve_volume
    from toolkit.writers.draft import VolumeDraft
    from toolkit.writers.pdf import pdf_options
    from toolkit.writers.volume_pdf import ARCHIVAL_VARIANT, attachments

    build = BuildOptions()
    docs = tuple(read_checked(Path(source), build) for source in sources)
    volume = Volume(TITLE, docs, publisher=build.publisher, language=docs[0].language or "vi")
    draft = VolumeDraft.of(volume, resolve_volume(build), archival=True)
    write = pdf_options(draft.settings)
    write.update(attachments=attachments(draft.volume), pdf_variant=ARCHIVAL_VARIANT)
    draft.printed(ARCHIVAL_VARIANT).document.write_pdf(out, **write)


def measure(cmd: list[str], out: Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> dict:
    """Seconds, peak MiB, bytes and pages of `out`; a failure of another checkout (`env` given) is recorded."""
    result = run(cmd, cwd=cwd, env=env)
    if env is None:
        checked(result, " ".join(cmd[:2]))
    elif result.returncode != 0:
        return {"seconds": round(result.seconds, 2), "peak_mib": round(result.rss_mb), "failed": result.returncode}
    return {"seconds": round(result.seconds, 2), "peak_mib": round(result.rss_mb), "bytes": out.stat().st_size,
            "pages": _pages(out)}


def _pages(pdf: Path) -> int:
    import pikepdf

    with pikepdf.open(pdf) as opened:
        return len(opened.pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[50, 100, 200, 500])
    parser.add_argument("--before", type=Path, help="another bantin checkout to time beside this one")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bantin-volumes-"))
    sources = [str(p) for p in synthetic.write_corpus(work / "src", max(args.counts))]
    rows = []
    for count in args.counts:
        chosen = sources[:count]
        row: dict = {"bulletins": count}
        row["bantin"] = measure(bantin("collect", *chosen, "--title", TITLE, "-o", work / "b.pdf"), work / "b.pdf")
        row["engine"] = measure([sys.executable, __file__, "--engine-write", str(work / "e.pdf"), *chosen],
                                work / "e.pdf")
        if args.before:  # an older bantin may fail where this one does not: recorded, not fatal
            env = {**ENV, "PYTHONPATH": str(args.before.resolve())}
            row["before"] = measure([sys.executable, "-m", "toolkit", "collect", *chosen, "--title", TITLE, "-o",
                                     str(work / "a.pdf")], work / "a.pdf", env, cwd=args.before.resolve())
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    (BENCH / "results").mkdir(exist_ok=True)
    (BENCH / "results" / "volume_curve.json").write_text(json.dumps({"rows": rows, "load": os.getloadavg()},
                                                                    indent=1) + "\n")
    _print_table(rows)
    if not args.keep:
        import shutil

        shutil.rmtree(work)


def _print_table(rows: list[dict]) -> None:
    sides = [side for side in ("before", "bantin", "engine") if side in rows[0]]
    heads = " | ".join(f"{side}: s / MiB / MB" for side in sides)
    print(f"| bulletins | pages | {heads} | bantin ÷ engine: time / peak |")
    print("|---:|---:|" + "---|" * len(sides) + "---|")
    for row in rows:
        cells = [f"{row[s]['seconds']:.1f} / {row[s]['peak_mib']} / " + (
            f"{row[s]['bytes'] / 1e6:.1f}" if "bytes" in row[s] else f"failed (exit {row[s]['failed']})")
            for s in sides]
        ratio = (f"{row['bantin']['seconds'] / row['engine']['seconds']:.2f}× / "
                 f"{row['bantin']['peak_mib'] / row['engine']['peak_mib']:.2f}×")
        print(f"| {row['bulletins']} | {row['bantin']['pages']} | " + " | ".join(cells) + f" | {ratio} |")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--engine-write":
        engine_write(sys.argv[2], sys.argv[3:])
    else:
        main()
