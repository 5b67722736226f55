"""The pipeline behind `toolkit.build` and `toolkit.collect`: sources in, outputs out. Both read every
source first, check what can be known before rendering, then write (like Pelican and MkDocs).

Each source of a build succeeds or fails on its own: a bad file is reported and the others still
build, with all its outputs or none. A source that cannot be read is left out of a volume.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import ConfigError, ConfigProblem, RenderError, SourceError, StrictModeError, ToolkitError
from .i18n import N_, _
from .images import ImageResolver, merge_warnings
from .limits import OutputGuard, time_limit
from .model import Bulletin, SourceWarning, Volume
from .naming import unique_stems
from .readers import read_source
from .render.fonts import bulletin_text, describe, missing_glyphs
from .render.settings import BuildOptions, RenderSettings, resolve, resolve_volume
from .writers import VOLUME_WRITERS, WRITERS
from .writers.booklet import booklet_path, write_booklet
from .writers.draft import Draft, VolumeDraft, Written

LOGGER = logging.getLogger("toolkit")
BOOKLET = "booklet"


@dataclass
class SourceResult:
    source: Path
    outputs: list[Written] = field(default_factory=list)
    warnings: list[SourceWarning] = field(default_factory=list)
    error: ToolkitError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class BuildResult:
    results: list[SourceResult]

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    @property
    def outputs(self) -> list[Written]:
        return [o for r in self.results for o in r.outputs]


@dataclass
class CollectResult:
    """What `collect` wrote, and the sources it had to leave out."""

    outputs: list[tuple[Path, int]] = field(default_factory=list)
    warnings: list[SourceWarning] = field(default_factory=list)
    failures: list[Exception] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


# --- reading -------------------------------------------------------------------------------------

def read_checked(path: Path, options: BuildOptions) -> Bulletin:
    """One source read within the options' size and time limits; any failure is this source's `SourceError`."""
    try:
        with time_limit(options.timeout, path, N_("reading")):
            return read_source(path, options.source_format, options.max_source_bytes)
    except ToolkitError:
        raise
    except Exception as exc:  # a reader bug (RecursionError, MemoryError …) fails this source only
        LOGGER.debug("unexpected failure", exc_info=True)
        reason = f"{type(exc).__name__}: {str(exc)[:200]}"
        raise SourceError(path, _("cannot read: {reason}").format(reason=reason)) from exc


# --- checking ------------------------------------------------------------------------------------

def check_before_render(doc: Bulletin, settings: RenderSettings, images: ImageResolver) -> list[SourceWarning]:
    """Warnings known before rendering: the reader's, missing glyphs, images and alt text, each once."""
    notes = []
    for ch in missing_glyphs(bulletin_text(doc), settings.profile.font):
        notes.append(SourceWarning("missing-glyph", f"no glyph in the bundled fonts for {describe(ch)}"))
    for index, figure in enumerate(doc.figures, start=1):
        images.path(figure)
        if not figure.alt and not figure.caption:
            notes.append(SourceWarning("no-alt-text", f"figure {index} has neither alt text nor caption"))
    from_reader, from_images = merge_warnings(doc.warnings, images)
    return [*from_reader, *notes, *from_images]


def check_volume(volume: Volume, settings: RenderSettings, resolvers: list[ImageResolver]) -> list[SourceWarning]:
    """Every bulletin's pre-render warnings, each naming the bulletin it comes from."""
    warnings = []
    for doc, images in zip(volume.bulletins, resolvers, strict=True):
        name = doc.source.name if doc.source else doc.title[:40]
        warnings += [replace(w, message=f"{name}: {w.message}") for w in check_before_render(doc, settings, images)]
    return warnings


# --- build ---------------------------------------------------------------------------------------

def build(sources: Iterable[Path | str], options: BuildOptions | None = None, *, progress: Progress | None = None,
          **changes) -> BuildResult:
    """Build every source with `options` (or `BuildOptions(**changes)`); never raises for a bad source.

    Raises `ConfigError` or `LayoutError` when the options themselves are wrong. `progress(done, total, name)`
    is called after each step (reading a source, then writing its outputs).
    """
    options = replace(options or BuildOptions(), **changes)
    settings = resolve(options)
    paths = [Path(s) for s in sources]
    results = [SourceResult(path) for path in paths]
    tell = _teller(progress, 2 * len(paths))
    docs = [tell(_read(result, options), result.source) for result in results]
    for result, doc, stem in zip(results, docs, unique_stems([p.stem for p in paths]), strict=True):
        if doc is not None:
            _write_outputs(doc, settings, stem, result)
        tell(None, result.source)
    return BuildResult(results)


#: `progress(done, total, name)`: a long command's progress, for a bar on a terminal.
Progress = Callable[[int, int, str], None]


def _teller(progress: Progress | None, total: int):
    """A function that counts one step done (passing its first argument through) and tells `progress`."""
    done = 0

    def tell(value, name: Path | str):
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, Path(name).name)
        return value

    return tell


def _read(result: SourceResult, options: BuildOptions) -> Bulletin | None:
    try:
        return read_checked(result.source, options)
    except ToolkitError as exc:
        result.error = exc
        return None


def _write_outputs(doc: Bulletin, settings: RenderSettings, stem: str, result: SourceResult) -> None:
    draft = Draft.of(doc, settings)
    planned = planned_outputs(settings, stem)
    guard = OutputGuard(planned)
    try:
        refuse_overwriting_inputs(draft, planned)
        with time_limit(settings.options.timeout, doc.source or stem, N_("rendering")):
            result.warnings = check_before_render(doc, settings, draft.images)
            if doc.source is not None and stem != Path(doc.source).stem:
                result.warnings.append(SourceWarning("renamed-output", f"another source of this run is also called "
                                                     f"“{Path(doc.source).stem}”: its outputs are named “{stem}”"))
            if settings.options.strict and result.warnings:
                raise StrictModeError(f"{doc.source}: {len(result.warnings)} warning(s) and --strict: "
                                      + result.warnings[0].message)
            result.outputs = write_formats(draft, stem)
    except ToolkitError as exc:
        result.error = exc
    except Exception as exc:  # an engine bug must not stop the other sources
        LOGGER.debug("unexpected failure", exc_info=True)
        result.error = RenderError(doc.source or stem, f"internal error: {type(exc).__name__}: {exc}")
        result.error.__cause__ = exc
    if result.error is not None:
        guard.undo()  # all of a source's outputs or none


def refuse_overwriting_inputs(draft: Draft, planned: list[Path]) -> None:
    """No output may replace an input: the source, its images, the layout's files, the `--images` folder's.
    Raises `SourceError` before anything is rendered."""
    inputs = _input_files(draft)
    html = "html" in draft.settings.options.formats  # the `.files` folder is written for HTML only
    for out in (p for p in planned if html or p.suffix != ".files"):
        target = out.resolve()
        hit = target if target in inputs else next((i for i in inputs if i.is_relative_to(target)), None)
        if hit is not None:
            raise SourceError(draft.name, _("the output {output} would replace the input {input}: choose another "
                                            "output folder (-o)").format(output=out, input=hit))


def _input_files(draft: Draft) -> set[Path]:
    files = {path.resolve() for path in (draft.images.path(f) for f in draft.doc.figures) if path is not None}
    if draft.doc.source is not None:
        files.add(Path(draft.doc.source).resolve())
        files.add((Path(draft.doc.source).parent / "bantin.toml").resolve())
    for folder in draft.settings.layout.folders:
        files |= {path.resolve() for path in folder.rglob("*") if path.is_file()}
    return files


def _output_base(settings: RenderSettings, stem: str) -> Path:
    return Path(settings.options.output_dir) / f"{stem}{settings.output_suffix()}"


def planned_outputs(settings: RenderSettings, stem: str) -> list[Path]:
    """Every path `write_formats` may create for `stem`."""
    base = _output_base(settings, stem)
    booklet = ["booklet.pdf"] if settings.options.booklet else []
    return [base.with_name(f"{base.name}.{fmt}") for fmt in (*settings.options.formats, "files", *booklet)]


def write_formats(draft: Draft, stem: str) -> list[Written]:
    """Write `draft` in each format the options ask for (the PDF first: the EPUB's page-list reuses its
    layout), then the booklet print copy if asked."""
    base = _output_base(draft.settings, stem)
    outputs = []
    for fmt in WRITERS:
        if fmt in draft.settings.options.formats:
            outputs.append(WRITERS[fmt](draft, base.with_name(f"{base.name}.{fmt}")))
    if draft.settings.options.booklet:  # a separate print copy; the PDF above stays the reading copy
        booklet = write_booklet(draft, booklet_path(base.with_name(f"{base.name}.pdf")))
        outputs.append(Written(booklet.path, BOOKLET, booklet.sides))
    return outputs


# --- collect -------------------------------------------------------------------------------------

def collect(sources: list[Path], options: BuildOptions, title: str, outputs: list[Path], period: str = "",
            archival: bool = True, progress: Progress | None = None) -> CollectResult:
    """Bind `sources` into one volume written to each of `outputs` (.pdf and/or .epub).

    A source that cannot be read is reported in the result and left out; the others are bound.
    `progress(done, total, name)` is told after each source read and each output written.
    Raises `ConfigError` for wrong options, `ToolkitError` when no source can be read or rendering fails.
    """
    endings = ", ".join(f".{f}" for f in VOLUME_WRITERS)
    bad = [ConfigProblem("output", _("{name} must end in {endings}").format(name=out.name, endings=endings))
           for out in outputs if out.suffix.lower()[1:] not in VOLUME_WRITERS]
    sources_here = {Path(path).resolve() for path in sources}
    bad += [ConfigProblem("output", _("{path} is one of the sources; it would be replaced").format(path=out))
            for out in outputs if out.resolve() in sources_here]
    if bad or not outputs:
        raise ConfigError(bad or [ConfigProblem("output", _("give at least one .pdf or .epub file"))])
    settings = resolve_volume(options)
    result = CollectResult()
    docs = []
    tell = _teller(progress, len(sources) + len(outputs))
    for path in sources:
        try:
            docs.append(read_checked(Path(path), options))
        except ToolkitError as exc:
            result.failures.append(exc)
        tell(None, path)
    if not docs:
        raise ToolkitError(_("no readable source to collect"))
    volume = Volume(title, tuple(docs), publisher=options.publisher, period=period,
                    language=options.language or docs[0].language or "vi")
    result.outputs, result.warnings = write_volume(volume, settings, outputs, archival, tell)
    return result


def write_volume(volume: Volume, settings: RenderSettings, outputs: list[Path], archival: bool, tell=None
                 ) -> tuple[list[tuple[Path, int]], list[SourceWarning]]:
    """Check the volume, then write it to each of `outputs` (the PDF first: the EPUB's page-list reuses
    its layout); returns (path, pages) of each and the warnings."""
    draft = VolumeDraft.of(volume, settings, archival)
    warnings = check_volume(volume, settings, draft.resolvers)
    written = []
    for out in sorted(outputs, key=lambda p: p.suffix.lower() != ".pdf"):
        done = VOLUME_WRITERS[out.suffix.lower()[1:]](draft, out)
        written.append((out, done.pages))
        if tell is not None:
            tell(None, out)
    return written, warnings
