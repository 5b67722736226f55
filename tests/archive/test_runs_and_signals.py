"""Issue 13: one archive run per folder, workers that never outlive their run, signals said in one line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import ROOT, SEED, run_cli

pytestmark = pytest.mark.xdist_group("archive")

HOLD = """import sys, pathlib
from toolkit.archive.lock import archive_lock
with archive_lock(pathlib.Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.read()
"""
ORPHAN = """import os, signal
from toolkit.archive.workers import WorkerPool
worker = WorkerPool(1, 0, 600)._spawn()
print(worker.process.pid, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "State:\tZ" in state  # a zombie has ended; only its exit status waits to be read


def _source_folder(tmp_path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "seed.txt").write_bytes(SEED.read_bytes())
    return src


def test_a_second_run_on_one_archive_stops_at_once_naming_the_first(tmp_path):
    out = tmp_path / "arch"
    out.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(out)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "held"
        done = run_cli("archive", str(_source_folder(tmp_path)), "-o", str(out))
        assert done.returncode == 1
        assert f"another bantin archive run (pid {holder.pid}) is building this archive" in done.stderr
        assert not (out / "manifest.json").exists()
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)


def test_a_lock_left_by_a_killed_run_is_not_stale(tmp_path):
    out = tmp_path / "arch"
    out.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(out)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, cwd=ROOT)
    assert holder.stdout.readline().strip() == "held"
    holder.kill()
    holder.wait(timeout=60)
    done = run_cli("archive", str(_source_folder(tmp_path)), "-o", str(out), "-j", "1")
    assert done.returncode == 0, done.stderr
    assert (out / ".bantin-lock").read_text() == ""  # released, no pid left behind


def test_workers_die_with_a_killed_parent(tmp_path):
    parent = subprocess.run([sys.executable, "-c", ORPHAN], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert parent.returncode == -signal.SIGKILL
    worker = int(parent.stdout.split()[0])
    deadline = time.monotonic() + 30  # the kernel signals at once; the margin is for a loaded machine
    while not _gone(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = not _gone(worker)
    if alive:
        os.kill(worker, signal.SIGKILL)  # do not leave it running after a failure
    assert not alive, f"worker {worker} outlived its parent"


def test_sigterm_is_one_line_exit_143_and_leaves_no_partial_file(tmp_path):
    src = _source_folder(tmp_path)
    script = ("import os, signal, sys\n"
              "from toolkit.writers import pdf\n"
              "real = pdf.finish\n"
              "def finish(path, fixes):\n"
              "    os.kill(os.getpid(), signal.SIGTERM)\n"
              "pdf.finish = finish\n"
              "from toolkit.cli import main\n"
              f"main(['build', {str(src / 'seed.txt')!r}, '-o', {str(tmp_path / 'out')!r}])\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 143
    assert done.stderr.strip().splitlines() == [
        "bantin: error: stopped (SIGTERM); what was being written was removed"], done.stderr
    assert not [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
