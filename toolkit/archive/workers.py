"""Archive work in separate processes: one job at a time per worker, each worker keeping its
WeasyPrint engine (fonts, parsed stylesheets) between jobs.

A worker runs under a memory cap; a job that takes longer than the time cap is killed with its
worker; a worker that dies (crash, out of memory, `kill -9`) fails only the job it was running,
and a fresh worker takes its place.
"""

from __future__ import annotations

import os
import resource
import signal
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ToolkitError
from ..i18n import use
from ..limits import OutputGuard
from ..render.masthead import Masthead
from ..render.settings import BuildOptions, RenderSettings, resolve, resolve_volume
from .cache import file_digest

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Job:
    """One thing to build: a bulletin in one profile, or a volume in one profile."""

    id: str
    kind: str  # "bulletin", "volume" or "page" (the reading room's page of a bulletin)
    key: str
    profile: str
    sources: tuple[str, ...]
    out_dir: str
    stem: str
    title: str = ""
    period: str = ""
    date: str | None = None
    #: The sources as the manifest names them (relative to the source folder).
    source_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class JobContext:
    """What every job of a run shares (sent to workers, so plain picklable data)."""

    archive_dir: str
    layout: str
    page_size: str | None
    language: str
    publisher: str | None
    images_dir: str | None
    masthead: Masthead | None = None
    formats: tuple[str, ...] = ("pdf", "epub")
    #: The profiles the run builds: a reading page offers each one's downloads.
    sizes: tuple[str, ...] = ()


@dataclass
class Done:
    job: Job
    ok: bool
    outputs: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    reason: str = ""
    seconds: float = 0.0


_SETTINGS: dict[tuple, Any] = {}


def _read(path: Path):
    from ..readers import read_source  # in the workers: the planning process reads only changed sources

    return read_source(path)


def _settings(job: Job, context: JobContext) -> RenderSettings:
    """Resolved settings, once per worker for each (kind, profile): the layout is loaded only once."""

    cache_key = (job.kind, job.profile, context)  # one process may serve runs with other settings (tests)
    if cache_key not in _SETTINGS:
        options = BuildOptions(size=job.profile or None, layout=context.layout, page_size=context.page_size,
                               language=context.language, publisher=context.publisher,
                               images_dir=Path(context.images_dir) if context.images_dir else None,
                               masthead=context.masthead, formats=context.formats)
        _SETTINGS[cache_key] = resolve_volume(options) if job.kind == "volume" else resolve(options)
    settings = _SETTINGS[cache_key]
    out_dir = Path(context.archive_dir) / job.out_dir
    return replace(settings, options=replace(settings.options, output_dir=out_dir))


def _describe(path: Path, fmt: str, pages: int | None, archive_dir: Path) -> dict[str, Any]:
    return {"path": path.relative_to(archive_dir).as_posix(), "format": fmt, "pages": pages,
            "bytes": path.stat().st_size, "sha256": file_digest(path)}


def run_job(job: Job, context: JobContext) -> tuple[list[dict[str, Any]], list[str]]:
    """Build one job; returns (outputs described for the manifest, warnings). Raises on failure."""
    # The renderer is imported in the worker only: the archive's parent process plans and never renders.
    from ..pipeline import check_before_render, planned_outputs, write_formats
    from ..writers.draft import Draft

    settings = _settings(job, context)
    archive_dir = Path(context.archive_dir)
    if job.kind == "volume":
        return _run_volume(job, settings, archive_dir)
    if job.kind == "page":
        return _run_page(job, context, settings, archive_dir)
    guard = OutputGuard(planned_outputs(settings, job.stem))
    try:
        draft = Draft.of(_read(Path(job.sources[0])), settings)
        warnings = [w.message for w in check_before_render(draft.doc, settings, draft.images)]
        if job.stem != Path(job.sources[0]).stem:
            warnings.append(f"another source in {job.out_dir} is also called “{Path(job.sources[0]).stem}”: "
                            f"its outputs are named “{job.stem}”")
        outputs = write_formats(draft, job.stem)
    except BaseException:
        guard.undo()  # a failed job leaves none of its outputs behind
        raise
    pages = next((o.pages for o in outputs if o.pages), None)
    return [_describe(o.path, o.format, pages, archive_dir) for o in outputs], warnings


def _run_volume(job: Job, settings: RenderSettings, archive_dir: Path) -> tuple[list[dict[str, Any]], list[str]]:
    from ..pipeline import write_volume  # in the worker only, as above

    docs = tuple(_read(Path(source)) for source in job.sources)
    from ..model import Volume

    volume = Volume(job.title, docs, publisher=settings.options.publisher, period=job.period,
                    language=settings.options.language or "vi")
    base = settings.options.output_dir / f"{job.stem}{settings.output_suffix()}"
    targets = [base.with_name(f"{base.name}.{fmt}") for fmt in settings.options.formats]
    guard = OutputGuard(targets)
    try:
        written, warnings = write_volume(volume, settings, targets, archival=True)
    except BaseException:
        guard.undo()
        raise
    outputs = [_describe(path, path.suffix[1:], pages, archive_dir) for path, pages in written]
    return outputs, [w.message for w in warnings]


def _downloads(job: Job, context: JobContext) -> list[Any]:
    """The files a page offers: each built profile's outputs, named as the bulletin jobs name them."""
    from ..pipeline import planned_outputs
    from ..writers.reading import Download

    found = []
    for size in context.sizes:
        settings = _settings(replace(job, kind="bulletin", profile=size), context)
        label = settings.profile.label_in(context.language)
        for path in planned_outputs(settings, job.stem):
            fmt = path.suffix[1:]
            if fmt in context.formats:
                found.append(Download(path.name, fmt, size, f"{fmt.upper()} — {label}"))
    return found


def _run_page(job: Job, context: JobContext, settings: RenderSettings,
              archive_dir: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """The reading room's page of one bulletin; its card rides on the page's output entry."""
    from ..writers import reading
    from ..writers.draft import Draft

    out = settings.options.output_dir / f"{job.stem}.html"
    guard = OutputGuard([out, out.with_suffix(".files")])
    depth = len(Path(job.out_dir).parts)
    try:
        draft = Draft.of(_read(Path(job.sources[0])), settings)
        written = reading.write(draft, out, "../" * depth + "assets", "../" * depth + "index.html",
                                _downloads(job, context))
    except BaseException:
        guard.undo()
        raise
    page = _describe(written.page, "html", None, archive_dir) | {"card": written.card}
    return [page, *(_describe(path, "image", None, archive_dir) for path in written.images)], []


def die_with_parent() -> None:
    """Ask Linux to kill this worker when the archive process dies, however it dies (`kill -9` included):
    a worker must never outlive the run it works for."""
    import ctypes  # in the worker only

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the pool still stops its workers on a normal end
        return
    if os.getppid() == 1:  # the parent died before the request was made
        os._exit(1)


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space: allocations beyond it fail with MemoryError instead of the
    machine swapping."""
    if megabytes > 0:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _memory_reason(memory_mb: int) -> str:
    return f"the memory cap ({memory_mb} MB, --max-memory) is too low for this source"


def _near_cap(memory_mb: int) -> bool:
    """Whether this process's address space came close to the cap: C libraries under RLIMIT_AS do not
    raise MemoryError but fail in their own words (qpdf: "unable to find /Root" in a half-written file)."""
    if not memory_mb:
        return False
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return False
    peak_kb = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmPeak:")), 0)
    return peak_kb * 1024 >= 0.9 * memory_mb * 1024 * 1024


def death_reason(exitcode: int | None, memory_mb: int) -> str:
    """Why a worker died, in words: under a memory cap, an abort or a signal is most often the cap."""
    if memory_mb and exitcode is not None and exitcode < 0:
        return f"worker died (signal {-exitcode}): {_memory_reason(memory_mb)}"
    return f"worker died (exit code {exitcode})"


def worker_main(conn: Connection, memory_mb: int) -> None:
    """A worker's loop: receive (job, context), send back a `Done`; None ends it."""
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to report, once; it stops the workers
    limit_memory(memory_mb)
    while True:
        message = conn.recv()
        if message is None:
            return
        conn.send(execute(*message, memory_mb))


def execute(job: Job, context: JobContext, memory_mb: int) -> Done:
    """Run one job in this (capped) process; every failure becomes a failed `Done` naming its reason."""
    started = time.monotonic()
    try:
        with use(context.language):  # the archive's words are in its publication's language, on any machine
            outputs, warnings = run_job(job, context)
        done = Done(job, True, outputs, warnings)
    except MemoryError:
        done = Done(job, False, reason=_memory_reason(memory_mb))
    except ImportError as exc:  # a library that cannot be loaded under the cap ("failed to map segment")
        done = Done(job, False, reason=_memory_reason(memory_mb) if memory_mb else f"cannot load a library: {exc}")
    except ToolkitError as exc:
        done = Done(job, False, reason=str(exc))
    except Exception as exc:  # an engine bug fails this job only
        reason = _memory_reason(memory_mb) if _near_cap(memory_mb) else f"internal error: {type(exc).__name__}: {exc}"
        done = Done(job, False, reason=reason)
    done.seconds = round(time.monotonic() - started, 3)
    return done


@dataclass
class _Worker:
    process: Any
    conn: Connection
    job: Job | None = None
    started: float = 0.0


class WorkerPool:
    """`size` worker processes fed one job at a time; see the module docstring for the caps."""

    def __init__(self, size: int, memory_mb: int, timeout: float) -> None:
        self.size = max(1, size)
        self.memory_mb = memory_mb
        self.timeout = timeout
        # fork: the parent has not imported the renderer, so workers start at once and inherit nothing heavy.
        # (Imported here: a rerun with nothing to build never starts a pool.)
        import multiprocessing

        self._context = multiprocessing.get_context("fork")

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=worker_main, args=(child, self.memory_mb), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def run(self, jobs: list[Job], context: JobContext, on_done: Callable[[Done], None]) -> None:
        from multiprocessing.connection import wait

        pending = deque(jobs)
        workers = [self._spawn() for _ in range(min(self.size, len(jobs)))]
        try:
            while pending or any(w.job for w in workers):
                for worker in workers:
                    if worker.job is None and pending:
                        worker.job, worker.started = pending.popleft(), time.monotonic()
                        worker.conn.send((worker.job, context))
                busy = [w for w in workers if w.job]
                wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=self._next_deadline(busy))
                workers = [self._check(w, on_done) for w in workers]
        finally:
            for worker in workers:
                self._stop(worker)

    def _next_deadline(self, busy: list[_Worker]) -> float:
        """Seconds until the first busy worker overruns the time cap (at most 0.5), so kills are on time."""
        now = time.monotonic()
        remaining = [w.started + self.timeout - now for w in busy]
        return max(0.0, min([0.5, *remaining]))

    def _check(self, worker: _Worker, on_done: Callable[[Done], None]) -> _Worker:
        """Collect a finished job; replace a worker that died or overran the time cap."""
        if worker.job is None:
            return worker
        job = worker.job
        try:
            if worker.conn.poll():
                done = worker.conn.recv()
                worker.job = None
                on_done(done)
                return worker
        except (EOFError, OSError):
            pass
        elapsed = time.monotonic() - worker.started
        if worker.process.is_alive() and elapsed <= self.timeout:
            return worker
        reason = (f"took longer than {self.timeout:g} s" if worker.process.is_alive()
                  else self._death_reason(worker.process.exitcode))
        worker.process.kill()
        worker.process.join()
        on_done(Done(job, False, reason=reason, seconds=round(elapsed, 3)))
        return self._spawn()

    def _death_reason(self, exitcode: int | None) -> str:
        return death_reason(exitcode, self.memory_mb)

    @staticmethod
    def _stop(worker: _Worker) -> None:
        try:
            if worker.process.is_alive() and worker.job is None:
                worker.conn.send(None)
                worker.process.join(timeout=5)
        except (OSError, ValueError):
            pass
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.conn.close()
