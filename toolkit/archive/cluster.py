"""`bantin archive --cluster`: the archive's jobs on a Dask cluster instead of the local worker pool.

No shared file system is assumed. This computer (the client) reads each job's sources and the images
they use and ships their bytes with the job. On a Dask worker, a render process (kept between jobs,
under the same memory cap as a local worker, killed at the same time cap) writes them into a private
folder that mirrors their absolute paths (PRIVATE/in/home/me/src/a.txt, so relative references resolve
as here), builds with the local pool's own code, and sends the outputs back as bytes. The client writes
them atomically and keeps the cache and the manifest exactly as a local run does.

Byte-identical to a local run: WeasyPrint names a PDF's image after an MD5 of its URL, so the render
process hashes the URL the image has on the client (the private prefix taken off). Workers whose bantin,
engine libraries, layouts or fonts differ from the client's are refused: their outputs would differ.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..atomic import atomic_path
from ..errors import ClusterError, ConfigProblem, ToolkitError, reason_of
from ..i18n import _
from ..images import ImageResolver
from ..limits import OutputGuard
from ..paths import FONTS_DIR, LAYOUTS_DIR, ROOT
from ..readers import read_source
from ..version import __version__
from .cache import digest_of, file_digest
from .workers import Done, Job, JobContext, death_reason, execute, limit_memory

LOCAL = "local:"
SCHEDULER_ADDRESS = re.compile(r"(tcp|tls)://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):\d{1,5}")
#: Seconds to reach the scheduler, and for a first worker to join it.
CONNECT_TIMEOUT_S = 10.0
#: Jobs shipped ahead per worker thread: enough to keep workers busy, few enough to bound the client's memory.
AHEAD_PER_THREAD = 2
#: The libraries whose version changes output bytes (with bantin and its layouts and fonts).
ENGINE_PACKAGES = ("weasyprint", "pydyf", "pikepdf", "ebooklib", "fonttools", "pillow", "lxml", "jinja2",
                   "tinycss2", "cssselect2", "pyphen", "tinyhtml5")
POLL_S = 0.5


def cluster_problems(address: str, jobs: int | None) -> list[str]:
    """What is wrong with `--cluster` (checked with the other options, before any work)."""
    found = []
    if address.startswith(LOCAL):
        count = address[len(LOCAL):]
        if not count.isdigit() or int(count) < 1:
            found.append(ConfigProblem("cluster", _("{address} is not local:N with N Dask workers (1 or more)")
                                       .format(address=address)))
    elif not SCHEDULER_ADDRESS.fullmatch(address):
        found.append(ConfigProblem("cluster", _("{address} is not a Dask scheduler address (tcp://HOST:PORT) "
                                                "nor local:N").format(address=address)))
    if jobs is not None:
        found.append(ConfigProblem("jobs", _("-j sets local worker processes; with --cluster the cluster's "
                                             "workers build (give --cluster local:N for N local Dask workers)")))
    if importlib.util.find_spec("distributed") is None:
        found.append(ConfigProblem("cluster", _("Dask distributed is not installed (pip install "
                                                "'bantin[cluster]')")))
    return found


@functools.cache
def fingerprint() -> dict[str, str]:
    """What must be equal on the client and every worker for outputs to be byte-identical."""
    found = {"bantin": __version__}
    for name in ENGINE_PACKAGES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "not installed"
    files = [*LAYOUTS_DIR.rglob("*"), *FONTS_DIR.rglob("*")]
    found["layouts and fonts"] = digest_of(sorted((p.relative_to(ROOT).as_posix(), file_digest(p))
                                                  for p in files if p.is_file()))[:12]
    return found


def worker_fingerprint() -> dict[str, str]:
    """`fingerprint` as a Dask worker computes it (sent by reference: the worker's own bantin answers)."""
    return fingerprint()


def mismatch(theirs: dict[str, str], mine: dict[str, str]) -> str:
    """How a worker's `theirs` differs from the client's `mine`, in words ("" when none)."""
    return ", ".join(f"{name} {theirs.get(name, '?')} (this computer: {value})" for name, value in mine.items()
                     if theirs.get(name) != value)


@dataclass(frozen=True)
class Shipment:
    """One job with everything a worker needs that is not in the installed package."""

    job: Job  # its sources as absolute paths on the client
    context: JobContext
    #: Absolute path on the client -> bytes: the sources, the images they use, a custom layout's files.
    files: dict[str, bytes]
    fingerprint: dict[str, str]
    #: The client's package folder, so layout and font URLs hash as on the client wherever bantin is installed.
    package_root: str = str(ROOT)
    source_date_epoch: str | None = None


@dataclass
class Returned:
    done: Done
    #: Archive-relative path -> bytes of each output.
    files: dict[str, bytes] = field(default_factory=dict)


# --- on the client ----------------------------------------------------------------------------------------


class ClusterPool:
    """The local `WorkerPool`'s `run`, on a Dask cluster: `local:N` starts one here for the run."""

    def __init__(self, address: str, memory_mb: int, timeout: float) -> None:
        self.address = address
        self.memory_mb = memory_mb
        self.timeout = timeout
        self._images: dict[Path, list[Path]] = {}
        self._layout: tuple[Path, list[Path]] | None = None

    def run(self, jobs: list[Job], context: JobContext, on_done: Callable[[Done], None]) -> None:
        import dask

        self._layout = custom_layout(context.layout)
        # A month's volume with its photos is a large task by Dask's measure, and that is expected here.
        with dask.config.set({"distributed.admin.large-graph-warning-threshold": "2GB"}), self._client() as client:
            self._check_workers(client)
            self._feed(client, jobs, context, on_done)

    @contextlib.contextmanager
    def _client(self) -> Iterator[Any]:
        import logging

        from distributed import Client, LocalCluster

        cluster = None
        try:
            if self.address.startswith(LOCAL):
                memory = self.memory_mb * 1024 * 1024 if self.memory_mb else 0
                with _sigint_ignored():  # Ctrl+C is the client's to report, once; it stops the workers
                    cluster = LocalCluster(n_workers=int(self.address[len(LOCAL):]), threads_per_worker=1,
                                           processes=True, memory_limit=memory, host="127.0.0.1",
                                           dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
                client = Client(cluster)
            else:
                client = Client(self.address, timeout=CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError) as exc:
            if cluster is not None:
                cluster.close()
            raise ClusterError(f"cannot reach the Dask scheduler at {self.address}: {exc or type(exc).__name__}"
                               ) from exc
        try:
            yield client
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    def _check_workers(self, client: Any) -> None:
        """Refuse the run on a cluster without workers, or with a worker whose outputs would differ."""
        try:
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_S)
        except TimeoutError as exc:
            raise ClusterError(f"no Dask worker joined the scheduler at {self.address} within "
                               f"{CONNECT_TIMEOUT_S:g} s") from exc
        mine = fingerprint()
        wrong = []
        for address, theirs in sorted(client.run(worker_fingerprint, on_error="return").items()):
            if isinstance(theirs, BaseException):
                wrong.append(f"{address} cannot run bantin ({type(theirs).__name__}: {theirs})")
            elif differences := mismatch(theirs, mine):
                wrong.append(f"{address} has {differences}")
        if wrong:
            raise ClusterError("Dask worker(s) refused, their outputs would not be byte-identical: "
                               + "; ".join(wrong) + ". Install the same bantin and engine on every worker")

    def _feed(self, client: Any, jobs: list[Job], context: JobContext, on_done: Callable[[Done], None]) -> None:
        """Keep a few jobs per worker thread shipped; write each result as it comes back."""
        from distributed import as_completed

        pending = deque(jobs)
        running = as_completed()
        submitted: dict[Any, Job] = {}

        def submit_next() -> None:
            while pending:
                job = pending.popleft()
                try:
                    shipment = self._shipment(job, context)
                except OSError as exc:
                    on_done(Done(job, False, reason=f"cannot be read ({exc.strerror or exc})"))
                    continue
                future = client.submit(build_on_worker, shipment, self.memory_mb, self.timeout, pure=False,
                                       key=f"bantin-{job.id}-{uuid.uuid4().hex[:8]}")
                submitted[future] = job
                running.add(future)
                return

        try:
            for _ in range(AHEAD_PER_THREAD * max(1, sum(client.nthreads().values()))):
                submit_next()
            for future in running:
                job = submitted.pop(future)
                on_done(self._collect(future, job, Path(context.archive_dir)))
                future.release()
                submit_next()
        finally:
            if submitted:  # Ctrl+C or an error: the cluster drops what is still queued
                client.cancel(list(submitted))

    def _shipment(self, job: Job, context: JobContext) -> Shipment:
        files: dict[str, bytes] = {}
        sources = []
        for source in job.sources:
            path = as_rendered(Path(source))
            sources.append(str(path))
            files[str(path)] = path.read_bytes()
            for image in self._used_images(path, context.images_dir):
                files[str(image)] = image.read_bytes()
        if self._layout is not None:
            layout, folders = self._layout
            files.update({str(p): p.read_bytes() for folder in folders for p in sorted(folder.rglob("*"))
                          if p.is_file()})
            context = replace(context, layout=str(layout))
        if context.images_dir:
            context = replace(context, images_dir=str(Path(context.images_dir).resolve()))
        if context.masthead is not None and context.masthead.emblem is not None:  # the nameplate's emblem travels too
            emblem = Path(context.masthead.emblem).resolve()
            files[str(emblem)] = emblem.read_bytes()
            context = replace(context, masthead=replace(context.masthead, emblem=emblem))
        return Shipment(replace(job, sources=tuple(sources)), context, files, fingerprint(),
                        source_date_epoch=os.environ.get("SOURCE_DATE_EPOCH"))

    def _used_images(self, source: Path, images_dir: str | None) -> list[Path]:
        """The image files a source uses, as the local renderer would find them (parsed once per run)."""
        if source not in self._images:
            try:
                doc = read_source(source)
            except ToolkitError:  # the worker fails it the same way
                doc = None
            resolver = ImageResolver(doc, Path(images_dir) if images_dir else None) if doc else None
            found = {resolver.path(figure) for figure in doc.figures} if doc and resolver else set()
            self._images[source] = sorted(path for path in found if path is not None)
        return self._images[source]

    def _collect(self, future: Any, job: Job, archive_dir: Path) -> Done:
        from distributed import KilledWorker

        try:
            returned: Returned = future.result()
        except KilledWorker:
            return Done(job, False, reason="the Dask workers running it died again and again")
        except Exception as exc:  # a failure of the cluster itself fails this job only
            return Done(job, False, reason=f"cluster error: {type(exc).__name__}: {exc}")
        done = replace(returned.done, job=job)
        if done.ok:
            try:
                write_outputs(archive_dir, returned.files)
            except OSError as exc:
                return Done(job, False, reason=reason_of(exc, archive_dir), seconds=done.seconds)
        return done


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """SIGINT ignored while local workers start: they inherit it, so a terminal's Ctrl+C (sent to the whole
    process group) reaches only the client, which cancels the jobs and stops the workers in order."""
    import signal

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def as_rendered(source: Path) -> Path:
    """A source's path as the local renderer sees its folder: the folder resolved, the name as found."""
    return source.absolute().parent.resolve() / source.name


def custom_layout(layout: str) -> tuple[Path, list[Path]] | None:
    """A layout given as a folder outside the installed ones: its path, and the folders to ship with the jobs
    (it and the custom folders it extends); None for an installed layout."""
    from ..render.layouts import load_layout

    candidate = Path(layout)
    if not (candidate / "layout.toml").is_file() or candidate.resolve().is_relative_to(LAYOUTS_DIR):
        return None
    folders = [Path(f).resolve() for f in load_layout(candidate).folders]
    return candidate.resolve(), [f for f in folders if not f.is_relative_to(LAYOUTS_DIR)]


def write_outputs(archive_dir: Path, files: dict[str, bytes]) -> None:
    """Each output atomically; if one cannot be written, the job leaves none (as a local job's `OutputGuard`)."""
    targets = {archive_dir / name: data for name, data in sorted(files.items())}
    guard = OutputGuard(list(targets))
    try:
        for target, data in targets.items():
            with atomic_path(target) as part:
                part.write_bytes(data)
    except BaseException:
        guard.undo()
        raise


# --- on a Dask worker -------------------------------------------------------------------------------------

_IDLE: dict[int, list[RenderProcess]] = {}
_IDLE_LOCK = threading.Lock()


def build_on_worker(shipment: Shipment, memory_mb: int, timeout: float) -> Returned:
    """A Dask task: one job in a render process of this worker, under the time and memory caps."""
    if differences := mismatch(fingerprint(), shipment.fingerprint):
        return Returned(Done(shipment.job, False, reason=f"refused by a Dask worker whose outputs would differ: "
                                                          f"{differences}"))
    with _IDLE_LOCK:
        idle = _IDLE.setdefault(memory_mb, [])
        process = idle.pop() if idle else RenderProcess(memory_mb)
    returned = process.build(shipment, timeout, _cancelled_check())
    if process.alive():
        with _IDLE_LOCK:
            _IDLE[memory_mb].append(process)
    return returned


def _cancelled_check() -> Callable[[], bool]:
    """Whether the client cancelled this task (Ctrl+C) or its worker is closing: the render then stops at once
    instead of holding the worker until the job ends."""
    from distributed import get_worker

    try:
        worker = get_worker()
        key = worker.get_current_task()
    except ValueError:  # not in a Dask task (called directly)
        return lambda: False

    def cancelled() -> bool:
        task = worker.state.tasks.get(key)
        return worker.status.name not in ("running", "paused") or task is None or task.state != "executing"

    return cancelled


class RenderProcess:
    """A child of the Dask worker that renders, one job at a time: a hung or oversized job kills only it."""

    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        to_child, from_parent = os.pipe()
        to_parent, from_child = os.pipe()
        code = "from toolkit.archive.cluster import render_main; render_main()"
        #: Where the child lays out its jobs; removed here, as a killed child cannot remove it.
        self.private = tempfile.mkdtemp(prefix="bantin-worker-")
        # A fresh interpreter, not a fork: a Dask worker runs threads, and may be a daemon process.
        self.process = subprocess.Popen([sys.executable, "-c", code, str(to_child), str(from_child), str(memory_mb),
                                         self.private],
                                        pass_fds=(to_child, from_child), stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL)
        os.close(to_child)
        os.close(from_child)
        self.jobs = Connection(from_parent, readable=False)
        self.results = Connection(to_parent, writable=False)

    def alive(self) -> bool:
        return self.process.poll() is None

    def build(self, shipment: Shipment, timeout: float, cancelled: Callable[[], bool]) -> Returned:
        started = time.monotonic()
        job = shipment.job
        reason = ""
        try:
            self.jobs.send(shipment)
            while time.monotonic() - started < timeout:
                if self.results.poll(min(POLL_S, max(0.0, started + timeout - time.monotonic()))):
                    return self.results.recv()
                if not self.alive():
                    break
                if cancelled():
                    reason = "cancelled"
                    break
        except (EOFError, OSError):  # the pipe broke: the render process is dying
            reason = death_reason(self._exitcode(), self.memory_mb)
        elapsed = round(time.monotonic() - started, 3)
        if not reason:
            reason = (f"took longer than {timeout:g} s" if self.alive()
                      else death_reason(self._exitcode(), self.memory_mb))
        self.stop()
        return Returned(Done(job, False, reason=reason, seconds=elapsed))

    def _exitcode(self) -> int | None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            return self.process.wait(timeout=5)
        return None

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()
        self.jobs.close()
        self.results.close()
        shutil.rmtree(self.private, ignore_errors=True)


def render_main() -> None:
    """The render process: receive a `Shipment`, send back a `Returned`, until the worker goes away."""
    import signal

    jobs, results = Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C on a local cluster is the client's to handle
    limit_memory(int(sys.argv[3]))
    private = Path(sys.argv[4]).resolve()
    try:
        while True:
            try:
                shipment = jobs.recv()
            except EOFError:  # the Dask worker ended
                return
            try:
                results.send(render_shipment(shipment, private, int(sys.argv[3])))
            except OSError:  # the Dask worker ended while this job was built
                return
    finally:
        shutil.rmtree(private, ignore_errors=True)


#: The context of the last job this render process built.
_LAST: dict[str, JobContext] = {}


def render_shipment(shipment: Shipment, private: Path, memory_mb: int) -> Returned:
    """Lay the shipped files out under `private/in` as on the client, build into `private/out`, return bytes."""
    inbox, outbox = private / "in", private / "out"
    try:
        for name, data in shipment.files.items():
            target = mirrored(inbox, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        job = replace(shipment.job, sources=tuple(str(mirrored(inbox, s)) for s in shipment.job.sources))
        context = _mirrored_context(shipment.context, inbox, outbox)
        _hash_urls_as_on_client(inbox, Path(shipment.package_root))
        if shipment.source_date_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = shipment.source_date_epoch
        done = execute(job, context, memory_mb)
        files = {o["path"]: (outbox / o["path"]).read_bytes() for o in done.outputs} if done.ok else {}
        done = replace(done, job=shipment.job, reason=_unmirrored(done.reason, inbox),
                       warnings=[_unmirrored(w, inbox) for w in done.warnings])
        return Returned(done, files)
    finally:
        shutil.rmtree(inbox, ignore_errors=True)
        shutil.rmtree(outbox, ignore_errors=True)


def mirrored(inbox: Path, client_path: str) -> Path:
    return inbox / client_path.lstrip("/")


def _unmirrored(text: str, inbox: Path) -> str:
    return text.replace(str(inbox), "")


def _mirrored_context(context: JobContext, inbox: Path, outbox: Path) -> JobContext:
    from . import workers

    custom = Path(context.layout).is_absolute()
    mirror = replace(context, archive_dir=str(outbox),
                     layout=str(mirrored(inbox, context.layout)) if custom else context.layout,
                     images_dir=str(mirrored(inbox, context.images_dir)) if context.images_dir else None)
    if mirror.masthead is not None and mirror.masthead.emblem is not None:
        mirror = replace(mirror, masthead=replace(mirror.masthead, emblem=mirrored(inbox, str(mirror.masthead.emblem))))
    if mirror.images_dir:
        Path(mirror.images_dir).mkdir(parents=True, exist_ok=True)
    if _LAST.get("context") != mirror:  # another run: settings resolved for the previous one must not be reused
        workers._SETTINGS.clear()
        _LAST["context"] = mirror
    return mirror


_URL_PREFIXES: list[tuple[str, str]] = []


def _hash_urls_as_on_client(inbox: Path, client_root: Path) -> None:
    """Make WeasyPrint name each image (an MD5 of its URL) after the URL it has on the client."""
    from ..render.engine import import_weasyprint

    import_weasyprint()
    import weasyprint.images

    _URL_PREFIXES[:] = [(inbox.as_uri(), "file://"), (ROOT.as_uri(), client_root.as_uri())]
    if getattr(weasyprint.images.md5, "bantin", False):
        return

    def md5(data: bytes = b"", **options: Any) -> Any:
        text = data.decode("utf-8", errors="surrogateescape")
        for worker_prefix, client_prefix in _URL_PREFIXES:
            if text.startswith(worker_prefix + "/"):
                text = client_prefix + text[len(worker_prefix):]
                break
        return hashlib.md5(text.encode("utf-8", errors="surrogateescape"), **options)

    md5.bantin = True
    weasyprint.images.md5 = md5
