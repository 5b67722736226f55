"""What an archive run already built, and the keys that say whether it must be built again.

A key is a SHA-256 over everything that can change an output: the source's bytes, the images it
referenced last time, the layout's files, the bundled fonts, the profile, the options and the
toolkit version. Checking keys reads and hashes files but never parses a source nor imports the
renderer, so a rerun that has nothing to do takes a moment.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..atomic import atomic_path
from ..paths import FONTS_DIR, PROFILES_FILE
from ..version import __version__

CACHE_NAME = ".bantin-cache.json"
CACHE_FORMAT = 1


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes (hex)."""
    digest = hashlib.sha256()
    with open(path, "rb", buffering=0) as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def digest_of(*parts: Any) -> str:
    """SHA-256 of JSON-serialised parts: equal inputs, equal keys, whatever the dict order."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def tree_digest(files: Iterable[Path]) -> str:
    return digest_of(sorted((path.name, file_digest(path)) for path in files if path.is_file()))


def environment_key(layout_folders: Iterable[Path], options: dict[str, Any]) -> str:
    """Everything shared by all outputs of a run: toolkit version, layout files, fonts, profiles, options."""
    layout = [tree_digest(sorted(Path(folder).rglob("*"))) for folder in layout_folders]
    fonts = tree_digest(sorted(FONTS_DIR.glob("*.ttf")))
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return digest_of(__version__, layout, fonts, file_digest(PROFILES_FILE), options, epoch)


def images_digest(images: Iterable[str]) -> dict[str, str | None]:
    """Digest of each image file a source used (None when it has gone since)."""
    return {name: file_digest(Path(name)) if Path(name).is_file() else None for name in sorted(images)}


@dataclass
class SourceEntry:
    """What is known of one source without reading it again: its bytes' digest and what they said."""

    digest: str
    title: str = ""
    date: str | None = None
    images: dict[str, str | None] = field(default_factory=dict)
    error: str | None = None

    def images_unchanged(self) -> bool:
        return images_digest(self.images) == self.images


@dataclass
class JobEntry:
    """One built item (a bulletin in a profile, or a volume): its key and the outputs it wrote."""

    key: str
    outputs: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Cache:
    """The archive's memory between runs, kept in `ARCHIVE_DIR/.bantin-cache.json`."""

    sources: dict[str, SourceEntry] = field(default_factory=dict)
    jobs: dict[str, JobEntry] = field(default_factory=dict)
    #: The output name each source was given, kept so that adding a source never renames another.
    names: dict[str, str] = field(default_factory=dict)
    #: What the manifest, index and catalog were last written from (`listing_key`): equal means unchanged.
    listing: str = ""

    @classmethod
    def load(cls, archive_dir: Path) -> Cache:
        path = archive_dir / CACHE_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != CACHE_FORMAT:
                return cls()
            return cls({k: SourceEntry(**v) for k, v in data["sources"].items()},
                       {k: JobEntry(**v) for k, v in data["jobs"].items()}, dict(data.get("names", {})),
                       str(data.get("listing", "")))
        except (OSError, ValueError, KeyError, TypeError):
            return cls()  # a missing or damaged cache only means building again

    def save(self, archive_dir: Path) -> None:
        data = {"format": CACHE_FORMAT,
                "sources": {k: vars(v) for k, v in sorted(self.sources.items())},
                "jobs": {k: vars(v) for k, v in sorted(self.jobs.items())},
                "names": dict(sorted(self.names.items())), "listing": self.listing}
        with atomic_path(archive_dir / CACHE_NAME) as tmp:
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")

    def listing_key(self, job_ids: list[str], publication: Any) -> str:
        """A digest of everything the manifest, index and catalog are made of. A reading page's card (its
        lead, byline and search text) is left out: it comes from the same source as the page, whose bytes'
        SHA-256 is in; serialising every bulletin's text took most of a no-op rerun's time."""
        return digest_of(repr(publication), [(i, self.jobs[i].key, self.jobs[i].warnings,
                                              [{k: v for k, v in output.items() if k != "card"}
                                               for output in self.jobs[i].outputs])
                                             for i in job_ids if i in self.jobs])

    def is_current(self, job_id: str, key: str, archive_dir: Path) -> bool:
        """Whether `job_id` was built with `key` and all its outputs are still there, at their size."""
        entry = self.jobs.get(job_id)
        if entry is None or entry.key != key or not entry.outputs:
            return False
        folder = os.fspath(archive_dir)
        for output in entry.outputs:
            try:
                if os.stat(os.path.join(folder, output["path"])).st_size != output["bytes"]:
                    return False
            except OSError:
                return False
        return True
