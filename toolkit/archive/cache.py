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
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..atomic import atomic_path
from ..paths import FONTS_DIR, PROFILES_FILE
from ..version import __version__

CACHE_NAME = ".bantin-cache.json"
#: The reading pages' cards (lead, byline, search text), apart: they are most of the cache's bytes and are
#: needed only when the index and catalog are written, never by a rerun with nothing to do.
CARDS_NAME = ".bantin-cards.json"
CACHE_FORMAT = 1
#: A file whose modification time is this close to when it was hashed is hashed again next time: a write in
#: the same clock tick (2 s on FAT) would leave size and times unchanged ("racily clean", as in git).
RACY_NS = 2_000_000_000


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes (hex)."""
    digest = hashlib.sha256()
    with open(path, "rb", buffering=0) as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


#: One encoder for every key: `json.dumps` with options builds a new one per call (half a no-op rerun's
#: key time); the text, and so every key, is the same.
_KEY_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str)


def digest_of(*parts: Any) -> str:
    """SHA-256 of JSON-serialised parts: equal inputs, equal keys, whatever the dict order."""
    return hashlib.sha256(_KEY_ENCODER.encode(parts).encode("utf-8")).hexdigest()


def tree_digest(files: Iterable[Path]) -> str:
    return digest_of(sorted((path.name, file_digest(path)) for path in files if path.is_file()))


def environment_key(layout_folders: Iterable[Path], options: dict[str, Any]) -> str:
    """Everything shared by all outputs of a run: toolkit version, layout files, fonts, profiles, options."""
    layout = [tree_digest(sorted(Path(folder).rglob("*"))) for folder in layout_folders]
    fonts = tree_digest(sorted(FONTS_DIR.glob("*.ttf")))
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return digest_of(__version__, layout, fonts, file_digest(PROFILES_FILE), options, epoch)


class DigestMemo:
    """The digest of each file hashed by an earlier run, with the file's size, times and inode then. A file
    whose `stat` still says the same is not read again (as git's index and rsync do): a rerun over a
    thousand sources and their photos reads none of them. Any write changes the ctime, which cannot be
    set back, so a copied or restored file with its old mtime is hashed again."""

    def __init__(self, known: dict[str, list[Any]] | None = None) -> None:
        self.known = known or {}
        self.used: dict[str, list[Any]] = {}

    def digest(self, path: str | os.PathLike[str]) -> str:
        """SHA-256 of the file's bytes (hex); raises OSError as `file_digest` does."""
        name = os.path.abspath(path)
        st = os.stat(name)
        state = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        seen = self.known.get(name)
        if seen and seen[:4] == state:
            self.used[name] = seen
            return seen[4]
        checked = time.time_ns()
        digest = file_digest(name)
        if st.st_mtime_ns < checked - RACY_NS and st.st_ctime_ns < checked - RACY_NS:
            self.used[name] = [*state, digest]
        return digest

    def images(self, images: Iterable[str]) -> dict[str, str | None]:
        """Digest of each image file a source used (None when it has gone since)."""
        found: dict[str, str | None] = {}
        for name in sorted(images):
            try:
                found[name] = self.digest(name) if os.path.isfile(name) else None
            except OSError:
                found[name] = None
        return found


@dataclass
class SourceEntry:
    """What is known of one source without reading it again: its bytes' digest and what they said."""

    digest: str
    title: str = ""
    date: str | None = None
    images: dict[str, str | None] = field(default_factory=dict)
    error: str | None = None

    def images_unchanged(self, memo: DigestMemo) -> bool:
        return memo.images(self.images) == self.images


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
    files: DigestMemo = field(default_factory=DigestMemo)
    #: Whether the cards (`CARDS_NAME`) are back on the page jobs' outputs: loaded only when needed.
    cards_attached: bool = True

    @property
    def outdated(self) -> bool:
        """Whether the file on disk says less than this run learnt: files hashed anew, or cards kept inline
        (as before they were apart). Saving then lets the next rerun read nothing."""
        return self.files.used != self.files.known or any(
            "card" in output for entry in self.jobs.values() for output in entry.outputs)

    @classmethod
    def load(cls, archive_dir: Path) -> Cache:
        path = archive_dir / CACHE_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != CACHE_FORMAT:
                return cls()
            return cls({k: SourceEntry(**v) for k, v in data["sources"].items()},
                       {k: JobEntry(**v) for k, v in data["jobs"].items()}, dict(data.get("names", {})),
                       str(data.get("listing", "")), DigestMemo(dict(data.get("files", {}))), cards_attached=False)
        except (OSError, ValueError, KeyError, TypeError):
            return cls()  # a missing or damaged cache only means building again

    def attach_cards(self, archive_dir: Path) -> None:
        """Put the cards saved apart back on their outputs (a cache written before they were apart has
        them there already). Cards of a job built again since, with another key, are not taken."""
        if self.cards_attached:
            return
        self.cards_attached = True
        try:
            saved = json.loads((archive_dir / CARDS_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # the pages keep their cards on the next build; the index shows titles meanwhile
        for job_id, (key, cards) in saved.items() if isinstance(saved, dict) else ():
            entry = self.jobs.get(job_id)
            if entry is None or entry.key != key or not isinstance(cards, dict):
                continue
            for output in entry.outputs:
                if "card" not in output and output.get("path") in cards:
                    output["card"] = cards[output["path"]]

    def save(self, archive_dir: Path) -> None:
        """Write the cache, its cards apart (first: a stop between the two leaves cards that are ignored
        until their job's key matches again)."""
        self.attach_cards(archive_dir)
        cards: dict[str, Any] = {}
        jobs: dict[str, Any] = {}
        for job_id, entry in sorted(self.jobs.items()):
            outputs = [{k: v for k, v in output.items() if k != "card"} for output in entry.outputs]
            if found := {o["path"]: o["card"] for o in entry.outputs if "card" in o}:
                cards[job_id] = [entry.key, found]
            jobs[job_id] = {"key": entry.key, "outputs": outputs, "warnings": entry.warnings}
        data = {"format": CACHE_FORMAT, "sources": {k: vars(v) for k, v in sorted(self.sources.items())},
                "jobs": jobs, "names": dict(sorted(self.names.items())), "listing": self.listing,
                "files": dict(sorted(self.files.used.items()))}
        for name, content in ((CARDS_NAME, cards), (CACHE_NAME, data)):
            with atomic_path(archive_dir / name) as tmp:
                tmp.write_text(json.dumps(content, ensure_ascii=False, separators=(",", ":"), sort_keys=True),
                               encoding="utf-8")

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
