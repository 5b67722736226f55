"""`bantin archive --cluster` against the local worker pool on this machine, and a capacity plan from it.

    .venv/bin/python bench/cluster.py [--count 40] [--repeats 2] [--keep]

Each archive run is a fresh `bantin archive --json` process timed from outside (wall clock, and the CPU
time of the process and of every process it waited for: for the local pool that is its workers, for a
cluster run only the client, since the Dask cluster is started once, in another process, and reached by
its tcp:// address like a remote one). Runs alternate between the local pool and the cluster and the
median is kept, so load from other work hits both sides. Prints a Markdown table and the plan's figures,
writes `bench/results/cluster.json`.
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
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
BIN = Path(sys.executable).parent
RESULTS = BENCH / "results" / "cluster.json"
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
CLUSTER = """import logging, sys
from distributed import LocalCluster
if __name__ == "__main__":
    cluster = LocalCluster(n_workers=int(sys.argv[1]), threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
    print(cluster.scheduler_address, flush=True)
    sys.stdin.read()
    cluster.close()
"""


@dataclass
class Run:
    name: str
    seconds: float
    cpu: float
    jobs: int
    bulletin_seconds: float  # inside the workers, summed
    volume_seconds: float
    volumes: int


def timed(name: str, cmd: list[str]) -> Run:
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{name} failed: {text[-2000:]}")
    items = [i for i in json.loads(text)["items"] if i["status"] == "built"]
    bulletins = [i for i in items if i["kind"] == "bulletin"]
    volumes = [i for i in items if i["kind"] == "volume"]
    return Run(name, seconds, usage.ru_utime + usage.ru_stime, len(items), sum(i["seconds"] for i in bulletins),
               sum(i["seconds"] for i in volumes), len(volumes))


def archive(src: Path, out: Path, *options: str) -> list[str]:
    shutil.rmtree(out, ignore_errors=True)
    return [str(BIN / "bantin"), "archive", str(src), "-o", str(out), "--json", *options]


class Cluster:
    """A local Dask cluster in its own process, reached by address as a remote scheduler is."""

    def __init__(self, workers: int) -> None:
        started = time.perf_counter()
        self.proc = subprocess.Popen([sys.executable, "-c", CLUSTER, str(workers)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=ENV)
        self.address = self.proc.stdout.readline().strip()
        self.start_seconds = time.perf_counter() - started

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def median(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]


def bytes_per_job(archive_dir: Path, src: Path) -> dict[str, float]:
    """Mean bytes shipped to and returned from a worker per bulletin job and per volume job (the manifest
    lists each output's size and its sources; the client ships the sources' bytes)."""
    manifest = json.loads((archive_dir / "manifest.json").read_text())
    sent: dict[str, dict[str, int]] = {"bulletin": {}, "volume": {}}
    back: dict[str, dict[str, int]] = {"bulletin": {}, "volume": {}}
    for entry in manifest["files"]:
        if entry.get("kind") not in sent:
            continue
        job = entry["path"].rsplit(".", 1)[0]
        sent[entry["kind"]][job] = sum((src / name).stat().st_size for name in entry["sources"])
        back[entry["kind"]][job] = back[entry["kind"]].get(job, 0) + entry["bytes"]
    return {f"{way} per {kind}": statistics.mean(table[kind].values()) if table[kind] else 0.0
            for way, table in (("sent", sent), ("returned", back)) for kind in ("bulletin", "volume")}


def pictures_shipment() -> int:
    """Bytes a bulletin with two photos ships (examples/tiem-chung-mo-rong.html and its images)."""
    return sum(p.stat().st_size for p in [ROOT / "examples" / "tiem-chung-mo-rong.html",
                                          *(ROOT / "examples" / "images").iterdir()])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bantin-bench-cluster-"))
    src = work / "src"
    subprocess.run([sys.executable, str(BENCH / "synthetic.py"), str(args.count), str(src), "--seed", "8"],
                   check=True, stdout=subprocess.DEVNULL)
    load_before = os.getloadavg()
    runs: dict[str, list[Run]] = {}
    starts: dict[int, float] = {}
    try:
        subprocess.run(archive(src, work / "warm", "-j", "2"), stdout=subprocess.DEVNULL, check=True, env=ENV)
        for workers in (1, 2):
            cluster = Cluster(workers)
            starts[workers] = cluster.start_seconds
            try:
                subprocess.run(archive(src, work / "warm-c", "--cluster", cluster.address), stdout=subprocess.DEVNULL,
                               check=True, env=ENV)  # each worker's render process imports the engine once
                for _ in range(args.repeats):
                    runs.setdefault(f"local pool -j {workers}", []).append(
                        timed(f"-j {workers}", archive(src, work / f"j{workers}", "-j", str(workers))))
                    runs.setdefault(f"Dask, {workers} worker(s), warm", []).append(
                        timed(f"cluster {workers}", archive(src, work / f"c{workers}", "--cluster", cluster.address)))
            finally:
                cluster.close()
        runs["Dask `--cluster local:2` (cluster started by the run)"] = [
            timed("local:2", archive(src, work / "l2", "--cluster", "local:2"))]
        same = all((work / "j2" / p.relative_to(work / "c2")).read_bytes() == p.read_bytes()
                   for p in (work / "c2").rglob("*") if p.is_file() and not p.name.startswith(".bantin"))
        report(args.count, {name: median(rs) for name, rs in runs.items()}, bytes_per_job(work / "c2", src), same,
               load_before, starts)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def report(count: int, best: dict[str, Run], moved: dict[str, float], same: bool, load_before,
           starts: dict[int, float]) -> None:
    one, two = best["local pool -j 1"], best["local pool -j 2"]
    c1, c2 = best["Dask, 1 worker(s), warm"], best["Dask, 2 worker(s), warm"]
    print(f"| run ({count} bulletins, {one.jobs} jobs) | wall | CPU of the timed process(es) | jobs in workers "
          "(sum) | jobs/s | vs -j 1 |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, run in best.items():
        print(f"| {name} | {run.seconds:.2f} s | {run.cpu:.2f} s | {run.bulletin_seconds + run.volume_seconds:.2f} s | "
              f"{run.jobs / run.seconds:.2f} | {one.seconds / run.seconds:.2f}× |")
    per_bulletin = one.bulletin_seconds / max(1, one.jobs - one.volumes)
    per_volume = one.volume_seconds / max(1, one.volumes)
    figures = {
        "count": count, "jobs": one.jobs, "volumes": one.volumes,
        "cluster 2 vs 1 worker (throughput ratio)": round(c1.seconds / c2.seconds, 2),
        "local -j 2 vs -j 1 (throughput ratio)": round(one.seconds / two.seconds, 2),
        "overhead per job vs local pool, 1 worker (s)": round((c1.seconds - one.seconds) / one.jobs, 3),
        "overhead per job vs local pool, 2 workers (s)": round((c2.seconds - two.seconds) / one.jobs, 3),
        "client CPU per job on the cluster (s)": round(c2.cpu / one.jobs, 3),
        "Dask cluster start, 2 workers (s)": round(starts[2], 2),
        "CPU s per job, local -j 1 (all its processes)": round(one.cpu / one.jobs, 3),
        "CPU s per bulletin, bulletin jobs and volumes, local -j 1": round(one.cpu / (one.jobs - one.volumes), 3),
        "share of worker time in volumes, -j 1": round(one.volume_seconds / (one.volume_seconds
                                                                           + one.bulletin_seconds), 3),
        "s per bulletin job (PDF + EPUB, worker wall time, -j 1)": round(per_bulletin, 3),
        "s per volume job (-j 1)": round(per_volume, 3),
        "s per bulletin inside its month volume (-j 1)": round(one.volume_seconds / max(1, one.jobs - one.volumes), 3),
        "bytes per bulletin with two photos shipped": pictures_shipment(),
        **{f"{k} (bytes)": round(v) for k, v in moved.items()},
        "cluster tree byte-identical to -j 2": same,
        "load average before": [round(x, 2) for x in load_before],
        "load average after": [round(x, 2) for x in os.getloadavg()],
    }
    for name, value in figures.items():
        print(f"- {name}: {value}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"runs": {k: asdict(v) for k, v in best.items()}, "figures": figures},
                                  ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
