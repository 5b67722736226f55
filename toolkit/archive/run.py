"""`bantin archive`: a folder of sources into a dated, verifiable archive.

    ARCHIVE/2024/04/<stem>.pdf|.epub          one bulletin (".large" etc. for other profiles)
    ARCHIVE/2024/2024-04.pdf|.epub            the month's volume (PDF/A-3a, sources attached)
    ARCHIVE/manifest.json, index.html, catalog.xml (+ catalog/…)

Read and plan everything first (cheap: hashes, and parsing only changed sources), then build
only what changed, in worker processes. One bad source fails alone; the report says what was
built, skipped and failed.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError, ConfigProblem, ToolkitError
from ..i18n import _, use
from ..images import IMAGE_TYPES
from ..naming import unique_stems
from ..render.masthead import fingerprint
from ..render.settings import BuildOptions, resolve, resolve_volume
from .cache import Cache, DigestMemo, JobEntry, SourceEntry, digest_of, environment_key
from .lock import archive_lock
from .manifest import archive_files_present, write_archive_files
from .publication import Publication
from .workers import Done, Job, JobContext, WorkerPool

UNDATED = "undated"
#: Memory a worker needs to import the renderer and lay out a bulletin at all.
MIN_MEMORY_MB = 512
SAVE_EVERY_S = 2.0


@dataclass(frozen=True)
class ArchiveOptions:
    source_dir: Path
    archive_dir: Path
    publication: Publication = field(default_factory=Publication)
    #: Worker processes; None means one per core.
    jobs: int | None = None
    #: Seconds one bulletin or volume may take before its worker is stopped.
    timeout: float = 600.0
    #: Memory cap of each worker, in MB (0: none).
    max_memory_mb: int = 4096
    images_dir: Path | None = None
    #: Take sources that are symbolic links, or lead out of the source folder (refused by default).
    follow_symlinks: bool = False
    #: A Dask scheduler ("tcp://HOST:8786") or "local:N" to build there; None: the local worker pool.
    cluster: str | None = None

    def problems(self) -> list[str]:
        """Every option that cannot work, checked before any work (as `BuildOptions.problems`)."""
        found = []
        if not Path(self.source_dir).is_dir():
            found.append(ConfigProblem("source", _("{path} is not a folder").format(path=self.source_dir)))
        if Path(self.archive_dir).exists() and not Path(self.archive_dir).is_dir():
            found.append(ConfigProblem("output", _("{path} is a file, not a folder").format(path=self.archive_dir)))
        if self.jobs is not None and self.jobs < 1:
            found.append(ConfigProblem("jobs", _("{value} is not a number of worker processes (1 or more)").format(
                value=self.jobs)))
        if not self.timeout > 0:
            found.append(ConfigProblem("timeout", _("{value:g} s is not a time limit (give seconds above 0)").format(
                value=self.timeout)))
        if self.max_memory_mb < 0 or 0 < self.max_memory_mb < MIN_MEMORY_MB:
            found.append(ConfigProblem("max_memory", _("{value} MB is too low for the renderer (at least {least} MB, "
                                                      "or 0 for no cap)").format(value=self.max_memory_mb,
                                                                                 least=MIN_MEMORY_MB)))
        if self.images_dir is not None and not Path(self.images_dir).is_dir():
            found.append(ConfigProblem("images_dir", _("{path} is not a folder").format(path=self.images_dir)))
        if self.cluster is not None:
            from .cluster import cluster_problems  # Dask only when asked for

            found += cluster_problems(self.cluster, self.jobs)
        return found


@dataclass
class Item:
    """A row of the summary: one source, bulletin or volume in one profile."""

    kind: str
    name: str
    status: str  # "built", "skipped" or "failed"
    profile: str = ""
    reason: str = ""
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


@dataclass
class ArchiveReport:
    items: list[Item] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return all(item.status != "failed" for item in self.items)

    def count(self, status: str) -> int:
        return sum(1 for item in self.items if item.status == status)


@dataclass(frozen=True)
class Member:
    """A readable source and where it goes."""

    rel: str
    path: Path
    entry: SourceEntry

    @property
    def folder(self) -> str:
        return self.entry.date[:7].replace("-", "/") if self.entry.date else UNDATED


ProgressFn = Callable[[int, int, str], None]


def discover(source_dir: Path, archive_dir: Path, follow_symlinks: bool = False) -> tuple[list[Path], list[Item]]:
    """Every file under `source_dir` that may be a source (not hidden, not an image, not the archive), and
    what could not be taken: unreadable folders, names that are not UTF-8, links leading out of the folder."""
    archive, root = archive_dir.resolve(), source_dir.resolve()
    # Walked as strings, one `lstat` per file: Path objects cost more than the walk itself in a big folder.
    top = os.fspath(source_dir)
    archive_inside = archive.is_relative_to(root)
    found: list[tuple[str, str]] = []
    refused = []

    def unreadable(error: OSError) -> None:
        name = Path(error.filename or "?").relative_to(source_dir).as_posix() if error.filename else "?"
        reason = _("folder cannot be read ({reason})").format(reason=error.strerror)
        refused.append(Item("source", name, "failed", reason=reason))

    for folder, dirs, files in os.walk(top, onerror=unreadable, followlinks=follow_symlinks):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        prefix = os.path.relpath(folder, top).replace(os.sep, "/") + "/" if folder != top else ""
        for name in files:
            if name.startswith(".") or os.path.splitext(name)[1].lower() in IMAGE_TYPES or name == "bantin.toml":
                continue
            path = os.path.join(folder, name)
            plain = not follow_symlinks and _plain_file(path, name, prefix, root, archive, archive_inside)
            if plain or (problem := _refusal(Path(path), root, archive, follow_symlinks)) is None:
                found.append((prefix + name, path))
            elif problem:
                refused.append(Item("source", _printable(Path(prefix + name)), "failed", reason=problem))
    return [Path(path) for _rel, path in sorted(found)], refused


def _plain_file(path: str, name: str, prefix: str, root: Path, archive: Path, archive_inside: bool) -> bool:
    """Whether `path` is a regular file (not a link) with a UTF-8 name outside the archive: what nearly every
    source is, told from one `lstat`. Links are not followed, so the walk reached it through real folders
    and its real place is the resolved source folder plus its relative path; anything else is left to
    `_refusal`, which resolves it."""
    try:
        os.fsencode(name).decode("utf-8")
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
    except (OSError, UnicodeDecodeError):
        return False
    return not archive_inside or not root.joinpath(prefix + name).is_relative_to(archive)


def _refusal(path: Path, root: Path, archive: Path, follow_symlinks: bool) -> str | None:
    """Why a file cannot be a source ("" to skip it silently), or None when it can."""
    try:
        os.fsencode(path.name).decode("utf-8")
    except UnicodeDecodeError:
        return _("the file name is not valid UTF-8; rename the file")
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        return _("cannot be read ({reason})").format(reason=getattr(exc, "strerror", None) or exc)
    if real.is_relative_to(archive):
        return ""
    if path.is_symlink() and not follow_symlinks:
        return _("a symbolic link: not followed (use --follow-symlinks to take it)")
    if not real.is_relative_to(root) and not follow_symlinks:
        return _("lies outside the source folder through a link; not taken")
    return None if real.is_file() else ""


def _printable(rel: Path) -> str:
    return os.fsencode(rel.as_posix()).decode("utf-8", errors="replace")


def scan(paths: list[Path], options: ArchiveOptions, cache: Cache) -> tuple[list[Member], list[Item]]:
    """Each source's digest, and its title, date and images (parsed only when its bytes changed); a source
    that cannot be read fails alone."""
    members, failed = [], []
    top = os.path.join(os.fspath(options.source_dir), "")
    rels = [_relative(os.fspath(path), top) for path in paths]
    for path, rel in zip(paths, rels, strict=True):
        try:
            digest = cache.files.digest(path)
        except OSError as exc:
            reason = _("cannot be read ({reason})").format(reason=exc.strerror or exc)
            failed.append(Item("source", rel, "failed", reason=reason))
            continue
        entry = cache.sources.get(rel)
        if entry is None or entry.digest != digest or not entry.images_unchanged(cache.files):
            entry = _read_entry(path, digest, options, cache.files)
            cache.sources[rel] = entry
        if entry.error:
            failed.append(Item("source", rel, "failed", reason=entry.error))
        else:
            members.append(Member(rel, path, entry))
    for rel in set(cache.sources) - set(rels):
        del cache.sources[rel]
    return members, failed


def _relative(path: str, top: str) -> str:
    """`path` (found under `top`, which ends with a separator) relative to it, in "/" form."""
    rel = path[len(top):] if path.startswith(top) else os.path.relpath(path, top)
    return rel.replace(os.sep, "/")


def _read_entry(path: Path, digest: str, options: ArchiveOptions, memo: DigestMemo) -> SourceEntry:
    from ..images import ImageResolver
    from ..readers import read_source  # the readers only when a source changed: a no-op rerun parses nothing

    try:
        doc = read_source(path)
    except ToolkitError as exc:
        return SourceEntry(digest, error=str(exc))
    images = ImageResolver(doc, options.images_dir)
    used = [str(images.path(f)) for f in doc.figures if images.path(f)]
    return SourceEntry(digest, doc.title, doc.date.isoformat() if doc.date else None, memo.images(used))


def _stems(members: list[Member], given: dict[str, str]) -> dict[str, str]:
    """Output stem of each source: its file name, made unique within the folder it goes to. A name given
    in an earlier run (`given`, from the cache) is kept, so adding a source never renames another."""
    by_folder: dict[str, list[Member]] = {}
    for member in members:
        by_folder.setdefault(member.folder, []).append(member)
    stems: dict[str, str] = {}
    for group in by_folder.values():
        kept: dict[str, str] = {}
        for member in group:
            name = given.get(member.rel)
            if name and name.startswith(member.path.stem) and name not in kept.values():
                kept[member.rel] = name
        rest = [member for member in group if member.rel not in kept]
        names = unique_stems([member.path.stem for member in rest], taken=kept.values())
        stems.update(kept)
        stems.update({member.rel: name for member, name in zip(rest, names, strict=True)})
    return stems


def _period_of(member: Member, by: str) -> tuple[int, int | None] | None:
    if not member.entry.date:
        return None
    year, month = int(member.entry.date[:4]), int(member.entry.date[5:7])
    return (year, month if by == "month" else None)


def plan(members: list[Member], options: ArchiveOptions, profiles: list[str], env: str,
         given: dict[str, str] | None = None) -> list[Job]:
    """Every bulletin job, then every volume job, for each profile; keys say what each depends on."""
    pub = options.publication
    stems = _stems(members, given or {})
    jobs: list[Job] = []
    periods: dict[tuple[int, int | None], list[Member]] = {}
    for member in members:
        if (period := _period_of(member, pub.by)) is not None:
            periods.setdefault(period, []).append(member)
        for profile in profiles:
            key = digest_of(env, profile, member.entry.digest, member.entry.images)
            jobs.append(Job(f"bulletin:{member.folder}/{stems[member.rel]}@{profile}", "bulletin", key, profile,
                            (str(member.path),), member.folder, stems[member.rel], member.entry.title,
                            date=member.entry.date, source_names=(member.rel,)))
        key = digest_of(env, "page", profiles, member.entry.digest, member.entry.images)
        jobs.append(Job(f"page:{member.folder}/{stems[member.rel]}", "page", key, "", (str(member.path),),
                        member.folder, stems[member.rel], member.entry.title, date=member.entry.date,
                        source_names=(member.rel,)))
    for (year, month), group in sorted(periods.items()):
        stem = f"{year}-{month:02d}" if month else str(year)
        for profile in profiles:
            key = digest_of(env, profile, [(m.rel, m.entry.digest, m.entry.images) for m in group],
                            pub.title_for(year, month), pub.period_for(year, month))
            jobs.append(Job(f"volume:{year}/{stem}@{profile}", "volume", key, profile,
                            tuple(str(m.path) for m in group), str(year), stem,
                            pub.title_for(year, month), pub.period_for(year, month),
                            date=max(m.entry.date or "" for m in group), source_names=tuple(m.rel for m in group)))
    return jobs


def _profiles(options: ArchiveOptions) -> tuple[list[str], list[Path]]:
    """The profiles to build (checked now, so a typo fails before any work) and the layout folders."""
    pub = options.publication
    base = BuildOptions(layout=pub.layout, page_size=pub.page_size, language=pub.language,
                        images_dir=options.images_dir)
    settings = resolve(base)
    names = list(dict.fromkeys(pub.sizes)) or [settings.profiles.default]
    for name in names:
        settings.profiles.get(name)
    return names, [*settings.layout.folders, *resolve_volume(base).layout.folders]


def _context(options: ArchiveOptions, profiles: list[str]) -> JobContext:
    pub = options.publication
    return JobContext(str(options.archive_dir.resolve()), pub.layout, pub.page_size, pub.language, pub.publisher,
                      str(options.images_dir) if options.images_dir else None, pub.masthead, pub.formats,
                      tuple(profiles))


#: Every temporary name bantin or its libraries write in an archive: `atomic_path`'s `.NAME.*.part`, and
#: the `.pikepdf.*` files of qpdf saving in place (bantin no longer does; older runs may have left them).
PARTIAL_PATTERNS = (".*.part", ".pikepdf.*")


def clean_partials(archive_dir: Path) -> None:
    """Remove what an interrupted run left: temporary files never replaced a real one."""
    for folder, _dirs, files in os.walk(archive_dir):  # one walk for all patterns
        for name in files:
            if name.startswith(".") and any(fnmatch.fnmatchcase(name, p) for p in PARTIAL_PATTERNS):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, name))


def archive(options: ArchiveOptions, progress: ProgressFn | None = None) -> ArchiveReport:
    """Build or update the archive; raises only for wrong options (`ConfigError`, `LayoutError`)."""
    if problems := options.problems():
        raise ConfigError(problems)
    started = time.monotonic()
    options.archive_dir.mkdir(parents=True, exist_ok=True)
    # One run at a time (a second run stops at once, saying who holds the lock). What the archive records
    # (warnings, reasons) is in its publication's language, whatever the machine's: reruns elsewhere agree.
    with archive_lock(options.archive_dir), use(options.publication.language):
        report = _update(options, progress)
    report.seconds = round(time.monotonic() - started, 3)
    return report


def _update(options: ArchiveOptions, progress: ProgressFn | None) -> ArchiveReport:
    archive_dir = options.archive_dir
    clean_partials(archive_dir)
    profiles, layout_folders = _profiles(options)
    pub = options.publication
    env = environment_key(layout_folders, {"page_size": pub.page_size, "language": pub.language,
                                           "publisher": pub.publisher, "layout": pub.layout,
                                           "images_dir": str(options.images_dir or ""),
                                           "masthead": fingerprint(pub.masthead), "formats": pub.formats})
    cache = Cache.load(archive_dir)
    paths, refused = discover(options.source_dir, archive_dir, options.follow_symlinks)
    members, report_items = scan(paths, options, cache)
    report_items = refused + report_items
    jobs = plan(members, options, profiles, env, cache.names)
    cache.names = {job.source_names[0]: job.stem for job in jobs if job.kind == "bulletin"}
    todo = [job for job in jobs if not cache.is_current(job.id, job.key, archive_dir)]
    todo_ids = {job.id for job in todo}
    report = ArchiveReport(report_items)
    report.items += [Item(job.kind, _name(job), "skipped", job.profile, "unchanged")
                     for job in jobs if job.id not in todo_ids]
    _build(todo, options, profiles, cache, report, progress)
    _remove_stale(cache, {job.id for job in jobs}, archive_dir)
    failures = _failures(report, options.source_dir)
    listing = cache.listing_key([job.id for job in jobs], (pub, failures))
    if listing != cache.listing or not archive_files_present(archive_dir):
        # A no-op rerun writes nothing. The listing key is saved only after the files are written, so a run
        # stopped in between writes them next time.
        cache.save(archive_dir)  # (with the cards, which the index and catalog need)
        write_archive_files(archive_dir, [(job, cache.jobs[job.id]) for job in jobs if job.id in cache.jobs], pub,
                            failures)
        cache.listing = listing
        cache.save(archive_dir)
    elif cache.outdated:
        cache.save(archive_dir)
    return report


def _failures(report: ArchiveReport, source_dir: Path) -> list[tuple[str, str]]:
    """What could not be built and why, once per item (a bulletin's profiles and page fail for one reason),
    naming files as the source folder does: the archive's readers never saw this machine's folders."""
    folders = sorted({f"{source_dir}/", f"{source_dir.resolve()}/"}, key=len, reverse=True)
    found: dict[str, str] = {}
    for item in report.items:
        if item.status == "failed":
            reason = item.reason
            for folder in folders:
                reason = reason.replace(folder, "")
            found.setdefault(item.name, _without_name(reason, item.name))
    return sorted(found.items())


def _without_name(reason: str, name: str) -> str:
    """"x.txt: no title" listed under x.txt says "no title" (and "x.txt:3: …" says "line 3: …")."""
    head, _sep, rest = reason.partition(": ")
    if head == name:
        return rest
    if head.startswith(name + ":") and head[len(name) + 1:].isdigit():
        return _("line {line}: {reason}").format(line=head[len(name) + 1:], reason=rest)
    return reason


def _name(job: Job) -> str:
    return f"{job.out_dir}/{job.stem}"


def _build(todo: list[Job], options: ArchiveOptions, profiles: list[str], cache: Cache, report: ArchiveReport,
           progress: ProgressFn | None) -> None:
    if not todo:
        return
    last_save = [time.monotonic()]

    def on_done(done: Done) -> None:
        job = done.job
        if done.ok:
            cache.jobs[job.id] = JobEntry(job.key, done.outputs, done.warnings)
        report.items.append(Item(job.kind, _name(job), "built" if done.ok else "failed", job.profile,
                                 done.reason, done.seconds, done.warnings))
        if progress:
            progress(sum(1 for i in report.items if i.status != "skipped" and i.kind != "source"), len(todo),
                     _name(job))
        if time.monotonic() - last_save[0] > SAVE_EVERY_S:
            cache.save(options.archive_dir)  # an interrupted run keeps what it finished
            last_save[0] = time.monotonic()

    size = options.jobs or os.cpu_count() or 1
    # Longest first: a volume lays out all its bulletins again; queued last it would run alone while
    # the other workers idle, queued first the bulletins fill the other workers around it.
    ordered = sorted(todo, key=lambda job: -len(job.sources) if job.kind == "volume" else 0)
    if options.cluster:
        from .cluster import ClusterPool  # Dask only when asked for

        pool = ClusterPool(options.cluster, options.max_memory_mb, options.timeout)
    else:
        pool = WorkerPool(size, options.max_memory_mb, options.timeout)
    pool.run(ordered, _context(options, profiles), on_done)


def _remove_stale(cache: Cache, planned: set[str], archive_dir: Path) -> None:
    """Outputs of sources that were removed (or moved to another month) leave the archive."""
    for job_id in sorted(set(cache.jobs) - planned):
        for output in cache.jobs.pop(job_id).outputs:
            path = archive_dir / output["path"]
            with contextlib.suppress(OSError):
                path.unlink()
            if path.parent.name.endswith(".files"):  # a reading page's images folder goes with its last image
                with contextlib.suppress(OSError):
                    path.parent.rmdir()
