"""Outputs appear whole or not at all: write to a temporary name beside the target, then rename; and a file
that would get the bytes it already has is not written again."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path to write; renamed to `target` only if the block finishes without error."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def write_if_changed(target: Path, data: bytes) -> bool:
    """Write `data` to `target` atomically unless the file already holds exactly these bytes; returns whether
    it wrote. An unchanged file keeps its time, so servers, mirrors and `rsync` see nothing new."""
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    except OSError:
        pass  # missing or unreadable: write it
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return True
