"""The bantin benchmark: what bantin costs on top of WeasyPrint, side by side on one machine.

    make bench                      # or: .venv/bin/python bench/run.py [--quick]

Every measurement runs in a fresh process and is timed from outside (wall clock), with the peak
resident memory of that process and of every worker it started (`wait4` rusage). Ratios, not
seconds, are compared with the targets of issue 8, because shared machines are noisy. Prints a
Markdown table, writes `bench/results/latest.json` and the table into `bench/README.md`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
BIN = Path(sys.executable).parent
SEED = ROOT / "examples" / "bach-thong-boi-duong-llct.txt"
RESULTS = BENCH / "results" / "latest.json"
# As installed for users: Python may cache bytecode (a session that sets PYTHONDONTWRITEBYTECODE
# would otherwise recompile bantin's own modules, ~0.1 s, in every process timed).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
README = BENCH / "README.md"
TABLE_START, TABLE_END = "<!-- bench-table:start -->", "<!-- bench-table:end -->"

sys.path.insert(0, str(BENCH))
import synthetic  # noqa: E402  (a sibling script, not a package)


@dataclass
class Run:
    seconds: float
    rss_mb: float
    returncode: int
    cpu: float = 0.0  # user + system seconds of the process and the workers it waited for
    stdout: str = ""


@dataclass
class Row:
    name: str
    seconds: float | None
    baseline: str = ""
    ratio: float | None = None
    target: str = ""
    met: bool | None = None
    rss_mb: float | None = None
    note: str = ""
    cpu: float | None = None


@dataclass
class Bench:
    work: Path
    repeats: int
    rows: list[Row] = field(default_factory=list)

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        print(f"  {row.name}: {_fmt_seconds(row.seconds)}" + (f"  ({row.note})" if row.note else ""), flush=True)
        return row


def run(cmd: list[str], cwd: Path | None = None, capture: bool = False, env: dict[str, str] | None = None) -> Run:
    """Run `cmd` to the end; wall time and the largest RSS of it or any process it waited for."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out if capture else subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=env or ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode, usage.ru_utime + usage.ru_stime, text)


def run_together(cmds: list[list[str]], cwd: Path | None = None) -> Run:
    """Start every command at once; wall time until the last ends, largest RSS of any of them."""
    start = time.perf_counter()
    procs = [subprocess.Popen(c, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
             for c in cmds]
    rss, code, cpu = 0.0, 0, 0.0
    for proc in procs:
        _, status, usage = os.wait4(proc.pid, 0)
        rss, code = max(rss, usage.ru_maxrss / 1024), code or os.waitstatus_to_exitcode(status)
        cpu += usage.ru_utime + usage.ru_stime
    return Run(time.perf_counter() - start, rss, code, cpu)


def checked(result: Run, what: str) -> Run:
    if result.returncode != 0:
        raise SystemExit(f"bench: {what} failed with exit code {result.returncode}")
    return result


def bantin(*args: str | Path) -> list[str]:
    return [str(BIN / "bantin"), *map(str, args)]


def has_command(name: str) -> bool:
    """Whether `bantin NAME` exists yet (archive and collect are being written in parallel)."""
    return run(bantin(name, "--help")).returncode == 0


def median_run(runs: list[Run]) -> Run:
    return Run(statistics.median(r.seconds for r in runs), max(r.rss_mb for r in runs), 0,
               statistics.median(r.cpu for r in runs))


def ratio_row(name: str, mine: Run, base_name: str, base: Run, target: str, limit: float, note: str = "") -> Row:
    """A row whose ratio is time(mine) / time(base): lower is better, `limit` at most."""
    ratio = mine.seconds / base.seconds
    note = f"{note}; CPU {mine.cpu:.3f} s vs {base.cpu:.3f} s = {mine.cpu / base.cpu:.2f}×"
    return Row(name, mine.seconds, base_name, round(ratio, 3), target, ratio <= limit, round(mine.rss_mb, 1), note,
               mine.cpu)


# --- the measurements --------------------------------------------------------------------------


def measure_help(bench: Bench) -> None:
    runs = [checked(run(bantin("--help")), "bantin --help") for _ in range(bench.repeats + 2)]
    best = median_run(runs)
    bench.add(Row("`bantin --help`", best.seconds, "", None, "< 0.1 s", best.seconds < 0.1, round(best.rss_mb, 1),
                  f"median of {len(runs)}", best.cpu))


def measure_single(bench: Bench) -> None:
    """One bulletin, PDF + EPUB, cold process; vs the weasyprint command on bantin's own HTML."""
    html_dir = bench.work / "single-html"
    checked(run(bantin("build", SEED, "-f", "html", "-o", html_dir)), "bantin build -f html")
    html = html_dir / f"{SEED.stem}.html"
    mine, engine, floor = [], [], []
    for index in range(bench.repeats):  # interleaved, so load changes hit all three alike
        out = bench.work / f"single-{index}"
        mine.append(checked(run(bantin("build", SEED, "-o", out)), "bantin build"))
        engine.append(checked(run([str(BIN / "weasyprint"), "--pdf-variant", "pdf/ua-1", html, out / "w.pdf"]),
                              "weasyprint"))
        floor.append(checked(run([sys.executable, str(BENCH / "engine_floor.py"), html, out / "f.pdf"]),
                             "engine floor"))
    base, least = median_run(engine), median_run(floor)
    bench.add(Row("`weasyprint` command, PDF only (seed, 2 pages)", base.seconds, rss_mb=round(base.rss_mb, 1),
                  note=f"median of {len(engine)}", cpu=base.cpu))
    bench.add(Row("the floor: WeasyPrint alone, fast library lookup, PDF only", least.seconds,
                  rss_mb=round(least.rss_mb, 1), note=f"median of {len(floor)}; `bench/engine_floor.py`",
                  cpu=least.cpu))
    bench.add(ratio_row("`bantin build` PDF + EPUB, cold (seed)", median_run(mine), "weasyprint command", base,
                        "≤ 1.05×", 1.05, f"median of {len(mine)}"))
    bench.add(ratio_row("`bantin build` PDF + EPUB, cold (seed), vs the floor", median_run(mine), "the floor", least,
                        "≤ 1.25×", 1.25, f"median of {len(mine)}"))


def prepare_html(bench: Bench, sources: list[Path]) -> Path:
    html_dir = bench.work / "many-html"
    checked(run(bantin("build", *sources, "-f", "html", "-o", html_dir)), "bantin build -f html (corpus)")
    return html_dir


def measure_many(bench: Bench, sources: list[Path]) -> None:
    """Throughput over N bulletins: the naive loop, then bantin in one and in two processes."""
    count = len(sources)
    naive = checked(run([sys.executable, str(BENCH / "naive_loop.py"), prepare_html(bench, sources),
                         bench.work / "naive-out"]), "naive loop")
    bench.add(Row(f"naive loop `HTML().write_pdf()`, {count} bulletins, PDF only", naive.seconds,
                  rss_mb=round(naive.rss_mb, 1), note=f"{count / naive.seconds:.2f} bulletins/s", cpu=naive.cpu))
    if has_command("archive"):
        _archive_rows(bench, sources, naive)
    else:
        _build_rows(bench, sources, naive)


def _throughput_row(name: str, mine: Run, base_name: str, base: Run, count: int, target: str, floor: float) -> Row:
    """A row whose ratio is throughput(mine) / throughput(base): higher is better, `floor` at least."""
    speedup = base.seconds / mine.seconds
    return Row(name, mine.seconds, base_name, round(speedup, 3), target, speedup >= floor, round(mine.rss_mb, 1),
               f"{count / mine.seconds:.2f} bulletins/s; CPU {mine.cpu:.2f} s", mine.cpu)


def _build_rows(bench: Bench, sources: list[Path], naive: Run) -> None:
    """Until `bantin archive` lands: `toolkit.build` over the sources in one process, and in two."""
    count = len(sources)
    one = checked(run(bantin("build", *sources, "-o", bench.work / "build-j1")), "bantin build (corpus)")
    bench.add(_throughput_row(f"`bantin build` {count} bulletins, PDF + EPUB, 1 process", one, "naive loop",
                              naive, count, "≥ 1.2× throughput", 1.2))
    halves = [sources[0::2], sources[1::2]]
    two = checked(run_together([bantin("build", *half, "-o", bench.work / "build-j2") for half in halves]),
                  "bantin build ×2")
    bench.add(_throughput_row(f"`bantin build` {count} bulletins, 2 processes (half each)", two, "1 process",
                              one, count, "≥ 1.8× throughput", 1.8))
    bench.add(Row("peak RSS per worker (bulletins)", None, target="≤ 300 MB", met=max(one.rss_mb, two.rss_mb) <= 300,
                  rss_mb=round(max(one.rss_mb, two.rss_mb), 1), note="largest process of the rows above"))


def _archive(bench: Bench, src: Path, out: Path, jobs: int) -> tuple[Run, dict]:
    """`bantin archive --json`: the run, and its summary (items with kind, status and seconds)."""
    result = checked(run(bantin("archive", src, "-o", out, "-j", jobs, "--json"), capture=True),
                     f"bantin archive -j {jobs}")
    try:
        return result, json.loads(result.stdout)
    except ValueError:
        return result, {"items": []}


def _item_seconds(summary: dict, kind: str) -> tuple[int, float]:
    """How many items of `kind` were built, and the seconds they took inside the workers."""
    items = [i for i in summary.get("items", []) if i.get("kind") == kind and i.get("status") == "built"]
    return len(items), sum(float(i.get("seconds", 0)) for i in items)


def _archive_rows(bench: Bench, sources: list[Path], naive: Run) -> None:
    count = len(sources)
    src = sources[0].parent
    one, summary = _archive(bench, src, bench.work / "archive-j1", 1)
    built, seconds = _item_seconds(summary, "bulletin")
    volumes, volume_seconds = _item_seconds(summary, "volume")
    row = _throughput_row(f"`bantin archive -j 1`, {count} bulletins: whole run", one, "naive loop", naive, count,
                          "informative", 0)
    row.met, row.note = None, f"{row.note}; also builds {volumes} volume(s) in {volume_seconds:.2f} s"
    bench.add(row)
    bench.add(_throughput_row(f"`bantin archive -j 1`, its {built} bulletin jobs (PDF + EPUB)", Run(seconds, one.rss_mb,
                              0, seconds), "naive loop", naive, count, "≥ 1.2× throughput", 1.2))
    two, _ = _archive(bench, src, bench.work / "archive-j2", 2)
    bench.add(_throughput_row(f"`bantin archive -j 2`, {count} bulletins: whole run", two, "-j 1", one, count,
                              "≥ 1.8× throughput", 1.8))
    rss = max(one.rss_mb, two.rss_mb)
    bench.add(Row("peak RSS per worker (archive)", None, target="≤ 300 MB", met=rss <= 300, rss_mb=round(rss, 1),
                  note="largest process of the archive runs"))


def measure_reruns(bench: Bench, count: int, jobs: int) -> None:
    """An archive of `count` bulletins, rerun with nothing changed, then with one source changed."""
    if not has_command("archive"):
        bench.add(Row(f"no-op rerun, {count} bulletins", None, target="≤ 2 s", note="needs `bantin archive`"))
        return
    src = bench.work / "rerun-src"
    paths = synthetic.write_corpus(src, count, seed=11)
    out = bench.work / "rerun-archive"
    first, summary = _archive(bench, src, out, jobs)
    volumes, volume_seconds = _item_seconds(summary, "volume")
    bench.add(Row(f"`bantin archive -j {jobs}` first run, {count} bulletins", first.seconds,
                  rss_mb=round(first.rss_mb, 1), cpu=first.cpu,
                  note=f"{count / first.seconds:.2f} bulletins/s; {volumes} volumes took {volume_seconds:.1f} s"))
    noop, summary = _archive(bench, src, out, jobs)
    noops = [noop] + [_archive(bench, src, out, jobs)[0] for _ in range(bench.repeats - 1)]
    noop = median_run(noops)
    bench.add(Row(f"no-op rerun, {count} bulletins", noop.seconds, "", None, "< 0.3 s", noop.seconds < 0.3,
                  round(noop.rss_mb, 1), cpu=noop.cpu,
                  note=f"built {summary.get('built', '?')}; median of {len(noops)}; the first saves what it hashed"))
    with paths[len(paths) // 2].open("a", encoding="utf-8") as handle:
        handle.write("\nThêm một đoạn văn cuối bài để kiểm tra việc dựng lại đúng một bản tin.\n")
    changed, summary = _archive(bench, src, out, jobs)
    items = summary.get("items", [])
    rebuilt = [f"{i['kind']} {i.get('seconds', 0):.2f} s" for i in items if i.get("status") == "built"]
    bench.add(Row("rerun after one source changed", changed.seconds, rss_mb=round(changed.rss_mb, 1), cpu=changed.cpu,
                  target="≈ one bulletin + its volume", note="rebuilt: " + ", ".join(rebuilt)))


def measure_volume(bench: Bench, count: int) -> None:
    if not has_command("collect"):
        bench.add(Row(f"volume of {count} bulletins (`bantin collect`)", None, target="≤ 1 GB",
                      note="needs `bantin collect`"))
        return
    src = bench.work / "volume-src"
    paths = synthetic.write_corpus(src, count, seed=13)
    result = checked(run(bantin("collect", *paths, "--title", f"Tập {count} bản tin", "-o", bench.work / "vol.pdf")),
                     "bantin collect")
    bench.add(Row(f"volume of {count} bulletins, PDF (`bantin collect`)", result.seconds, target="≤ 1 GB",
                  met=result.rss_mb <= 1024, rss_mb=round(result.rss_mb, 1), note=_pages(bench.work / "vol.pdf"),
                  cpu=result.cpu))


def _pages(pdf: Path) -> str:
    try:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return ""
    pages = [line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")]
    return f"{pages[0]} pages" if pages else ""


# --- reporting ---------------------------------------------------------------------------------


def machine() -> dict:
    from importlib.metadata import version

    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "unknown")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return {"nproc": os.cpu_count(), "cpu": model, "python": sys.version.split()[0],
            "weasyprint": version("weasyprint"), "subsetter": _subsetter(), "commit": commit.stdout.strip(),
            "date": time.strftime("%Y-%m-%d %H:%M %Z")}


def _subsetter() -> str:
    probe = "from toolkit.render.engine import font_subsetter; print(font_subsetter())"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    return done.stdout.strip() or "unknown"


def _fmt_seconds(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds:.3f} s"


def table(rows: list[Row]) -> str:
    lines = ["| measurement | wall time | CPU time | vs | ratio | target | met | peak RSS | note |",
             "|---|---:|---:|---|---:|---|:-:|---:|---|"]
    for r in rows:
        met = "" if r.met is None else ("yes" if r.met else "**no**")
        ratio = "" if r.ratio is None else f"{r.ratio:.2f}×"
        rss = "" if r.rss_mb is None else f"{r.rss_mb:.0f} MB"
        lines.append(f"| {r.name} | {_fmt_seconds(r.seconds)} | {_fmt_seconds(r.cpu)} | {r.baseline} | {ratio} "
                     f"| {r.target} | {met} "
                     f"| {rss} | {r.note} |")
    return "\n".join(lines)


def machine_line(info: dict, load: dict) -> str:
    return (f"Machine: {info['nproc']} cores, {info['cpu']}; Python {info['python']}, WeasyPrint "
            f"{info['weasyprint']}, font subsetting by {info['subsetter']}; commit {info['commit']}, "
            f"{info['date']}; load average before/after: {load['before']} / {load['after']}.")


def write_readme(text: str) -> None:
    readme = README.read_text(encoding="utf-8")
    if TABLE_START not in readme:
        return
    head, rest = readme.split(TABLE_START, 1)
    tail = rest.split(TABLE_END, 1)[1]
    README.write_text(f"{head}{TABLE_START}\n{text}\n{TABLE_END}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description="bantin benchmark (issue 8)")
    parser.add_argument("--quick", action="store_true", help="small sizes, to check the script itself")
    parser.add_argument("--count", type=int, help="bulletins for the throughput rows (default 60)")
    parser.add_argument("--rerun-count", type=int, help="bulletins for the rerun rows (default 1000)")
    parser.add_argument("--volume-count", type=int, help="bulletins in the volume (default 500)")
    parser.add_argument("--repeats", type=int, help="runs of each cold-start measurement (default 5)")
    parser.add_argument("--jobs", type=int, default=min(os.cpu_count() or 1, 2), help="workers for rerun rows")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--no-readme", action="store_true", help="do not write the table into bench/README.md")
    args = parser.parse_args()
    quick = args.quick
    count = args.count or (8 if quick else 60)
    rerun = args.rerun_count or (30 if quick else 1000)
    volume = args.volume_count or (20 if quick else 500)
    repeats = args.repeats or (2 if quick else 5)

    work = Path(tempfile.mkdtemp(prefix="bantin-bench-"))
    load = {"before": _load()}
    bench = Bench(work, repeats)
    try:
        print(f"bench: work folder {work}", flush=True)
        sources = synthetic.write_corpus(work / "corpus", count)
        checked(run(bantin("build", SEED, "-o", work / "warm-up")), "bantin build")  # bytecode and template caches
        measure_help(bench)
        measure_single(bench)
        measure_many(bench, sources)
        measure_reruns(bench, rerun, args.jobs)
        measure_volume(bench, volume)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    load["after"] = _load()
    report(bench, machine(), load, {"count": count, "rerun": rerun, "volume": volume, "repeats": repeats,
                                    "quick": quick}, not args.no_readme)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def report(bench: Bench, info: dict, load: dict, sizes: dict, readme: bool) -> None:
    text = f"{table(bench.rows)}\n\n{machine_line(info, load)}"
    print("\n" + text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    data = {"machine": info, "load": load, "sizes": sizes, "rows": [asdict(r) for r in bench.rows]}
    # A --quick run checks the script: it must not replace the figures of the last full run.
    target = RESULTS.with_name("quick.json") if sizes["quick"] else RESULTS
    target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if readme and not sizes["quick"]:
        write_readme(text)


if __name__ == "__main__":
    main()
