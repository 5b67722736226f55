"""The build pipeline behind `toolkit.build`: sources in, PDF/EPUB/HTML out. Read and check first, then write.

Each source succeeds or fails on its own: a bad file is reported and the others still build.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .config import BuildOptions, RenderSettings, resolve
from .errors import RenderError, SourceError, StrictModeError, ToolkitError
from .fonts import bulletin_text, describe, missing_glyphs
from .limits import OutputGuard, time_limit
from .model import Bulletin, SourceWarning
from .readers import read_source
from .resources import ImageResolver

LOGGER = logging.getLogger("toolkit")


@dataclass(frozen=True)
class OutputFile:
    path: Path
    format: str
    pages: int | None = None


@dataclass
class SourceResult:
    source: Path
    outputs: list[OutputFile] = field(default_factory=list)
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
    def outputs(self) -> list[OutputFile]:
        return [o for r in self.results for o in r.outputs]


def build(sources: Iterable[Path | str], options: BuildOptions | None = None, **changes) -> BuildResult:
    """Build every source with `options` (or `BuildOptions(**changes)`); never raises for a bad source.

    Raises `ConfigError` or `LayoutError` when the options themselves are wrong.
    """
    options = replace(options or BuildOptions(), **changes)
    settings = resolve(options)
    paths = [Path(s) for s in sources]
    read = [_read(path, options) for path in paths]
    stems = _output_stems(paths)
    results = []
    for (result, doc), stem in zip(read, stems, strict=True):
        if doc is not None:
            _write_outputs(doc, settings, stem, result)
        results.append(result)
    return BuildResult(results)


def _read(path: Path, options: BuildOptions) -> tuple[SourceResult, Bulletin | None]:
    result = SourceResult(path)
    try:
        with time_limit(options.timeout, path, "reading"):
            doc = read_source(path, options.source_format, options.max_source_bytes)
    except ToolkitError as exc:
        result.error = exc
        return result, None
    except Exception as exc:  # a reader bug (RecursionError, MemoryError …) fails this source only
        LOGGER.debug("unexpected failure", exc_info=True)
        result.error = SourceError(path, f"cannot read: {type(exc).__name__}: {str(exc)[:200]}")
        return result, None
    return result, doc


def _output_stems(paths: list[Path]) -> list[str]:
    """Output base names; two sources with one name (in different folders) get -2, -3 …"""
    seen: dict[str, int] = {}
    stems = []
    for path in paths:
        stem = path.stem
        seen[stem] = seen.get(stem, 0) + 1
        stems.append(stem if seen[stem] == 1 else f"{stem}-{seen[stem]}")
    return stems


def check_bulletin(doc: Bulletin, settings: RenderSettings, images: ImageResolver) -> list[SourceWarning]:
    """Warnings known before rendering: the reader's, missing glyphs, images and alt text."""
    warnings = list(doc.warnings)
    for ch in missing_glyphs(bulletin_text(doc), settings.profile.font):
        warnings.append(SourceWarning("missing-glyph", f"no glyph in the bundled fonts for {describe(ch)}"))
    for index, figure in enumerate(doc.figures, start=1):
        images.path(figure)
        if not figure.alt and not figure.caption:
            warnings.append(SourceWarning("no-alt-text", f"figure {index} has neither alt text nor caption"))
    seen = {(w.code, w.message) for w in warnings}  # readers already report missing/remote images
    warnings += [w for w in images.warnings if (w.code, w.message) not in seen]
    images.warnings.clear()
    return warnings


def _write_outputs(doc: Bulletin, settings: RenderSettings, stem: str, result: SourceResult) -> None:
    images = ImageResolver(doc, settings.options.images_dir)
    guard = OutputGuard(planned_outputs(settings, stem))
    try:
        with time_limit(settings.options.timeout, doc.source or stem, "rendering"):
            result.warnings = check_bulletin(doc, settings, images)
            if settings.options.strict and result.warnings:
                raise StrictModeError(f"{doc.source}: {len(result.warnings)} warning(s) and --strict: "
                                      + result.warnings[0].message)
            result.outputs = write_formats(doc, settings, stem, images)
    except ToolkitError as exc:
        result.error = exc
    except Exception as exc:  # an engine bug must not stop the other sources
        LOGGER.debug("unexpected failure", exc_info=True)
        result.error = RenderError(doc.source or stem, f"internal error: {type(exc).__name__}: {exc}")
        result.error.__cause__ = exc
    if result.error is not None:
        guard.undo()  # all of a source's outputs or none


def planned_outputs(settings: RenderSettings, stem: str) -> list[Path]:
    """Every path `write_formats` may create for `stem`."""
    name = Path(settings.options.output_dir) / f"{stem}{settings.output_suffix()}"
    booklet = ["booklet.pdf"] if settings.options.booklet else []
    return [name.with_name(f"{name.name}.{fmt}") for fmt in (*settings.options.formats, "files", *booklet)]


def write_formats(doc: Bulletin, settings: RenderSettings, stem: str, images: ImageResolver) -> list[OutputFile]:
    from . import printing
    from .writers import epub, html, pdf

    out_dir = Path(settings.options.output_dir)
    name = f"{stem}{settings.output_suffix()}"
    outputs: list[OutputFile] = []
    formats = settings.options.formats
    pdf_result = None
    if "pdf" in formats:
        pdf_result = pdf.write(doc, settings, out_dir / f"{name}.pdf", images)
        outputs.append(OutputFile(out_dir / f"{name}.pdf", "pdf", pdf_result.pages))
    if "epub" in formats:
        pdf_result = pdf_result or pdf.lay_out(doc, settings, images)
        pages = epub.PageList(pdf_result.page_starts, edition_name(settings), pdf_result.pages)
        epub.write(doc, settings, out_dir / f"{name}.epub", pages, images)
        outputs.append(OutputFile(out_dir / f"{name}.epub", "epub"))
    if "html" in formats:
        html.write(doc, settings, out_dir / f"{name}.html", images)
        outputs.append(OutputFile(out_dir / f"{name}.html", "html"))
    if settings.options.booklet:  # a separate print copy; the PDF above stays the reading copy
        booklet = printing.write_booklet(doc, settings, printing.booklet_path(out_dir / f"{name}.pdf"), images)
        outputs.append(OutputFile(booklet.path, "booklet", booklet.sides))
    return outputs


def edition_name(settings: RenderSettings) -> str:
    """The printed edition the EPUB's page numbers follow."""
    return f"PDF {settings.page.name}, {settings.profile.name} (bantin)"
