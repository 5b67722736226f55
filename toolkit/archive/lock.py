"""One archive run per archive folder: a second run stops at once with one line naming the holder.

The lock is a POSIX record lock on `ARCHIVE/.bantin-lock` (`fcntl.lockf`): the kernel releases it when
the holding process ends however it ends, so a lock left by a killed run is never stale. Record locks
belong to a process and are not inherited by its forked workers.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import ToolkitError

LOCK_NAME = ".bantin-lock"


@contextlib.contextmanager
def archive_lock(archive_dir: Path) -> Iterator[None]:
    """Hold the archive folder's lock for the block; `ToolkitError` naming the holder if another run has it."""
    path = archive_dir / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            raise ToolkitError(f"{archive_dir}: another bantin archive run (pid {holder}) is building this "
                               "archive; wait for it to finish, then run again") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)  # the file stays (removing it would race a run that just opened it), empty
    finally:
        os.close(fd)  # releases the lock
