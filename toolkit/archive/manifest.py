"""`manifest.json`: every file of an archive with its sources, profile, pages, size, SHA-256 and
warnings; and `verify`, which finds what went missing, changed or appeared since.

The manifest holds no time stamp, so two runs over the same inputs write the same manifest.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import write_if_changed
from ..errors import ToolkitError
from ..i18n import _
from ..version import __version__
from .cache import CACHE_NAME, CARDS_NAME, JobEntry, file_digest
from .lock import LOCK_NAME
from .publication import Publication

if TYPE_CHECKING:
    from .workers import Job

MANIFEST_NAME = "manifest.json"
NOT_LISTED = (MANIFEST_NAME, CACHE_NAME, CARDS_NAME, LOCK_NAME)


def output_entries(built: Iterable[tuple[Job, JobEntry]]) -> list[dict[str, Any]]:
    """One manifest entry per output file of the built jobs."""
    entries = []
    for job, entry in built:
        for output in entry.outputs:
            entries.append({
                "path": output["path"], "kind": job.kind, "format": output["format"], "profile": job.profile,
                "title": job.title, "date": job.date, "period": job.period or None,
                "sources": list(job.source_names), "pages": output["pages"], "bytes": output["bytes"],
                "sha256": output["sha256"], "warnings": list(entry.warnings),
                **({"card": output["card"]} if "card" in output else {}),
            })
    return entries


def file_entry(archive_dir: Path, path: Path, kind: str) -> dict[str, Any]:
    """An entry for a file the archive writes about itself (index, catalog)."""
    return {"path": path.relative_to(archive_dir).as_posix(), "kind": kind, "format": path.suffix[1:],
            "bytes": path.stat().st_size, "sha256": file_digest(path)}


def write_manifest(archive_dir: Path, entries: list[dict[str, Any]]) -> Path:
    target = archive_dir / MANIFEST_NAME
    data = {"generator": f"bantin {__version__}", "files": sorted(entries, key=lambda e: e["path"])}
    write_if_changed(target, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return target


def archive_files_present(archive_dir: Path) -> bool:
    """Whether the files `write_archive_files` writes are all there (a user may have deleted one)."""
    return all((archive_dir / name).is_file() for name in (MANIFEST_NAME, "index.html", "catalog.xml"))


def write_archive_files(archive_dir: Path, built: list[tuple[Job, JobEntry]], publication: Publication,
                        failures: list[tuple[str, str]] = ()) -> None:
    """The reading room (its index lists the items that could not be built, and why), the OPDS catalog and,
    last, the manifest that lists them all."""
    # lxml and Jinja are imported only when something is written: a no-op rerun needs neither
    from .index import listing_of, write_podcast
    from .opds import write_catalog
    from .reading_room import write_reading_room

    entries = output_entries(built)
    listing = listing_of(entries, publication)
    room = write_reading_room(archive_dir, listing, failures)
    extra = [file_entry(archive_dir, path, "index" if path.name == "index.html" else "reading") for path in room]
    extra += [file_entry(archive_dir, path, "catalog") for path in write_catalog(archive_dir, listing)]
    podcast = write_podcast(archive_dir, listing)
    if podcast is not None:
        extra.append(file_entry(archive_dir, podcast, "podcast"))
    elif (archive_dir / "podcast.xml").exists():
        (archive_dir / "podcast.xml").unlink()
    _remove_old_catalogs(archive_dir, {e["path"] for e in extra})
    write_manifest(archive_dir, [{k: v for k, v in e.items() if k != "card"} for e in entries] + extra)


def _remove_old_catalogs(archive_dir: Path, current: set[str]) -> None:
    for path in (archive_dir / "catalog").glob("*.xml"):
        if path.relative_to(archive_dir).as_posix() not in current:
            path.unlink()


@dataclass
class Verification:
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    checked: int = 0

    @property
    def ok(self) -> bool:
        return not (self.missing or self.changed or self.extra)


def verify(archive_dir: Path) -> Verification:
    """Recompute every listed file's SHA-256; list files that are missing, changed or not listed.

    Raises `ToolkitError` when there is no readable manifest."""
    try:
        files = json.loads((archive_dir / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
    except OSError as exc:
        raise ToolkitError(f"{archive_dir / MANIFEST_NAME}: " + _("no manifest to check against ({reason}): is this "
                                                                  "an archive folder?").format(
            reason=exc.strerror or exc)) from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise ToolkitError(f"{archive_dir / MANIFEST_NAME}: " + _("the manifest is damaged ({reason})").format(
            reason=exc)) from exc
    result = Verification()
    listed = set()
    for entry in files:
        listed.add(entry["path"])
        path = archive_dir / entry["path"]
        if not path.is_file():
            result.missing.append(entry["path"])
        elif path.stat().st_size != entry["bytes"] or file_digest(path) != entry["sha256"]:
            result.changed.append(entry["path"])
        result.checked += 1
    for path in sorted(archive_dir.rglob("*")):
        rel = path.relative_to(archive_dir).as_posix()
        if path.is_file() and rel not in listed and rel not in NOT_LISTED:
            result.extra.append(rel)
    return result
