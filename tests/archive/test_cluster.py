"""Issue 19: `bantin archive --cluster` on Dask gives the tree a local run gives, byte for byte; reruns skip
the same work; a killed Dask worker's jobs are built elsewhere; caps, refusals and Ctrl+C as locally.

One local Dask cluster of two workers serves the whole module (reached by its tcp:// address, as a remote
scheduler is); one test starts its own with `--cluster local:2`, as a user does."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest
from helpers import ROOT, SAMPLES, run_cli

from toolkit.archive import ArchiveOptions, Publication, archive
from toolkit.archive import cluster as archive_cluster
from toolkit.archive import run as archive_run
from toolkit.archive.lock import archive_lock

distributed = pytest.importorskip("distributed") if os.environ.get("CI", "").lower() != "true" else None
from distributed import Client, LocalCluster  # noqa: E402  (after the skip: a missing Dask fails only under CI)

pytestmark = pytest.mark.xdist_group("archive")
PUBLISHER = "Ban Tuyên giáo Huyện ủy Bạch Thông"
EXAMPLES = ROOT / "examples"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in (".bantin-cache.json", ".bantin-cards.json", ".bantin-lock")}


def run(src: Path, out: Path, **changes) -> object:
    changes.setdefault("publication", Publication(publisher=PUBLISHER))
    return archive(ArchiveOptions(src, out, **changes))


@pytest.fixture(scope="module")
def dask_cluster():
    """Two Dask worker processes for the module; yields (scheduler address, a client to inspect them)."""
    import logging

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
    client = Client(cluster)
    try:
        yield cluster.scheduler_address, client
    finally:
        client.close()
        cluster.close()


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> Path:
    """The sample sources (portal text, a legacy code page) and an example with pictures: four bulletins,
    four monthly volumes."""
    src = tmp_path_factory.mktemp("src")
    shutil.copytree(SAMPLES / "portal-text", src / "portal-text")
    shutil.copytree(SAMPLES / "legacy", src / "legacy")
    shutil.copytree(EXAMPLES / "images", src / "examples" / "images")
    shutil.copy(EXAMPLES / "tiem-chung-mo-rong.html", src / "examples")
    return src


@pytest.fixture(scope="module")
def local_archive(samples, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("local")
    done = run_cli("archive", str(samples), "-o", str(out), "-j", "2", "--publisher", PUBLISHER)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def cluster_archive(samples, tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("cluster")
    done = run_cli("archive", str(samples), "-o", str(out), "--cluster", "local:2", "--publisher", PUBLISHER)
    return out, done


def test_local_2_cluster_gives_the_local_tree_byte_for_byte(local_archive, cluster_archive):
    out, done = cluster_archive
    assert done.returncode == 0, done.stderr
    assert "12 built, 0 skipped, 0 failed" in done.stdout  # 4 bulletins, their 4 reading pages, 4 volumes
    ours, theirs = tree(out), tree(local_archive)
    assert "2024/03/tiem-chung-mo-rong.pdf" in ours  # a PDF with pictures: names hashed from image paths
    assert sorted(ours) == sorted(theirs)
    assert [name for name in ours if ours[name] != theirs[name]] == []


def test_a_killed_dask_worker_has_its_jobs_built_elsewhere(samples, local_archive, dask_cluster, tmp_path):
    address, client = dask_cluster
    killed = []

    def kill_a_busy_worker(done: int, total: int, name: str) -> None:
        if killed:
            return
        busy = [worker for worker, keys in client.processing().items() if keys]
        pids = client.run(os.getpid, workers=busy[:1])
        for pid in pids.values():
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    out = tmp_path / "arch"
    report = archive(ArchiveOptions(samples, out, Publication(publisher=PUBLISHER), cluster=address),
                     kill_a_busy_worker)
    assert killed, "no worker was busy to kill"
    assert report.ok, [(i.name, i.reason) for i in report.items if i.status == "failed"]
    assert tree(out) == tree(local_archive)


def test_time_cap_holds_on_the_cluster(samples, dask_cluster, tmp_path):
    address, _ = dask_cluster
    src = tmp_path / "src"
    shutil.copytree(samples / "portal-text", src)
    report = run(src, tmp_path / "arch", cluster=address, timeout=0.01)
    failed = [i for i in report.items if i.status == "failed"]
    assert len(failed) == 6 and {i.reason for i in failed} == {"took longer than 0.01 s"}
    assert not [p for p in (tmp_path / "arch").rglob("*") if p.suffix in (".pdf", ".epub", ".html", ".part")
                and p.name != "index.html"]


def test_memory_cap_holds_on_the_cluster(samples, dask_cluster, tmp_path, monkeypatch):
    address, _ = dask_cluster
    monkeypatch.setattr(archive_run, "MIN_MEMORY_MB", 64)  # a cap no render fits in, to see it hold
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(samples / "portal-text" / "nong-thon-moi-cam-giang.txt", src)
    report = run(src, tmp_path / "arch", cluster=address, max_memory_mb=150)
    failed = [i for i in report.items if i.status == "failed"]
    # The bulletin and its volume render and cannot fit; the reading page renders nothing and fits or not,
    # depending on what its worker process already holds: either way, every failure is the cap's.
    assert {"bulletin", "volume"} <= {i.kind for i in failed}, [(i.name, i.status, i.reason) for i in report.items]
    cap = "the memory cap (150 MB, --max-memory) is too low for this source"
    # MemoryError in Python, or the engine's C code aborting ("worker died (signal 6): …"), as in the local pool
    assert all(i.reason == cap or (i.reason.startswith("worker died") and i.reason.endswith(cap)) for i in failed), \
        [i.reason for i in failed]


def test_a_worker_with_another_engine_is_refused_in_one_line(samples, dask_cluster, tmp_path, monkeypatch):
    address, _ = dask_cluster
    here = {**archive_cluster.fingerprint(), "weasyprint": "0.1"}
    monkeypatch.setattr(archive_cluster, "fingerprint", lambda: here)
    done = run_cli("archive", str(samples), "-o", str(tmp_path / "arch"), "--cluster", address)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "would not be byte-identical" in lines[0], done.stderr
    assert "weasyprint 70.0 (this computer: 0.1)" in lines[0]
    assert not (tmp_path / "arch" / "manifest.json").exists()


def test_an_unreachable_scheduler_is_one_line(samples, tmp_path, monkeypatch):
    monkeypatch.setattr(archive_cluster, "CONNECT_TIMEOUT_S", 1.0)
    started = time.monotonic()
    done = run_cli("archive", str(samples), "-o", str(tmp_path / "arch"), "--cluster", "tcp://127.0.0.1:1")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"bantin: error: cannot reach the Dask scheduler at tcp://127.0.0.1:1: {_reason(done.stderr)}"]
    assert time.monotonic() - started < 30


def _reason(stderr: str) -> str:
    return stderr.strip().split("tcp://127.0.0.1:1: ", 1)[-1]


@pytest.mark.parametrize(("args", "said"), [
    (["--cluster", "127.0.0.1"], "is not a Dask scheduler address (tcp://HOST:PORT) nor local:N"),
    (["--cluster", "local:0"], "is not local:N with N Dask workers (1 or more)"),
    (["--cluster", "local:2", "-j", "2"], "with --cluster the cluster's workers build"),
])
def test_wrong_cluster_options_are_said_before_any_work(samples, tmp_path, args, said):
    done = run_cli("archive", str(samples), "-o", str(tmp_path / "arch"), *args)
    assert done.returncode == 2 and said in done.stderr, done.stderr
    assert not (tmp_path / "arch").exists()


def test_ctrl_c_cancels_the_cluster_jobs(samples, dask_cluster, tmp_path):
    address, client = dask_cluster

    def interrupt(done: int, total: int, name: str) -> None:
        raise KeyboardInterrupt

    out = tmp_path / "arch"
    with pytest.raises(KeyboardInterrupt):
        archive(ArchiveOptions(samples, out, Publication(publisher=PUBLISHER), cluster=address), interrupt)
    deadline = time.monotonic() + 10  # a cancelled job's render stops within half a second, not at its end
    while any(client.processing().values()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(client.processing().values()), "jobs still queued on the cluster after Ctrl+C"
    assert not list(out.rglob("*.part"))
    with archive_lock(out):  # released: the next run may start
        pass


def test_reruns_on_the_cluster_skip_what_a_local_rerun_skips(samples, local_archive, cluster_archive, dask_cluster):
    """Last: it changes a sample."""
    address, _ = dask_cluster
    here, there = local_archive, cluster_archive[0]
    publication = Publication(publisher=PUBLISHER)
    nothing = run(samples, there, cluster="tcp://127.0.0.1:1")  # nothing to build: the scheduler is not asked
    assert nothing.ok and nothing.count("built") == 0 and nothing.count("skipped") == 12
    changed = samples / "portal-text" / "nong-thon-moi-cam-giang.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nThêm một đoạn cuối.\n", encoding="utf-8")
    local = run(samples, here, jobs=2, publication=publication)
    remote = run(samples, there, cluster=address, publication=publication)
    built = sorted((i.kind, i.name) for i in local.items if i.status == "built")
    assert built == [("bulletin", "2024/06/nong-thon-moi-cam-giang"), ("page", "2024/06/nong-thon-moi-cam-giang"),
                     ("volume", "2024/2024-06")]
    assert sorted((i.kind, i.name) for i in remote.items if i.status == "built") == built
    assert tree(there) == tree(here)


def test_local_copies_of_remote_images_and_a_custom_layout_travel_with_the_jobs(dask_cluster, tmp_path):
    address, _ = dask_cluster
    src, images, layout = tmp_path / "src", tmp_path / "copies", tmp_path / "my-layout"
    src.mkdir()
    shutil.copy(EXAMPLES / "tiem-chung-mo-rong.html", src)  # its logo is remote: a local copy in --images
    shutil.copytree(EXAMPLES / "images", src / "images")
    images.mkdir()
    shutil.copy(EXAMPLES / "images" / "kham-benh.png", images / "logo.png")
    layout.mkdir()
    (layout / "layout.toml").write_text('extends = "bulletin"\nname = "mine"\n', encoding="utf-8")
    css = (ROOT / "layouts" / "bulletin" / "print.css.j2").read_text(encoding="utf-8")
    (layout / "print.css.j2").write_text(css + "\nh1 { color: #7a1020; }\n", encoding="utf-8")
    publication = Publication(publisher=PUBLISHER, layout=str(layout))
    here = run(src, tmp_path / "here", jobs=1, images_dir=images, publication=publication)
    there = run(src, tmp_path / "there", cluster=address, images_dir=images, publication=publication)
    plain = run(src, tmp_path / "plain", jobs=1, images_dir=images)
    def outcome(report) -> list[tuple[str, str, str]]:
        return sorted((i.name, i.status, i.reason) for i in report.items)

    assert ("2024/03/tiem-chung-mo-rong", "built", "") in outcome(here)
    assert outcome(there) == outcome(here)  # (a volume cannot take this layout here either)
    assert tree(tmp_path / "there") == tree(tmp_path / "here")
    pdf = "2024/03/tiem-chung-mo-rong.pdf"
    assert plain.ok and tree(tmp_path / "plain")[pdf] != tree(tmp_path / "there")[pdf]  # the layout was used
