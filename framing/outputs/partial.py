"""The unfinished run folder, ``<study>/.<run-id>.partial``, and its lock.

A run holds an exclusive lock (``flock``) on a file inside its partial folder for as
long as it lives; the kernel drops the lock when the process ends, however it ends
(``kill -9`` included). When a run of the study starts, it removes every partial
folder whose lock it can take: the run that made it is dead, and nothing will finish
it. A folder whose lock is held (a live run, on this or another machine sharing the
folder) or that has no lock file (a run publishing right now, or a folder left by an
older framing) is left alone. The lock file is created under another name,
locked, then renamed into place, so a lock file is never seen unlocked while its run
lives. Without ``fcntl`` (Windows) folders are neither locked nor removed.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".framing-run.lock"
PARTIAL_SUFFIX = ".partial"


class PartialFolder:
    """A new partial folder at `path` (which must not exist), locked by this process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir()
        self._fd: int | None = None
        if fcntl is None:
            return
        claim = path / f"{LOCK_NAME}.{os.getpid()}"
        fd = os.open(claim, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.write(fd, f"framing run, pid {os.getpid()} on {socket.gethostname()}\n".encode())
            os.replace(claim, path / LOCK_NAME)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def unlock_for_publishing(self) -> None:
        """Remove the lock file (the lock stays held until `close`): a published run
        folder holds only the run's own files."""
        if self._fd is not None:
            (self.path / LOCK_NAME).unlink(missing_ok=True)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def remove_stale(study_dir: Path) -> list[str]:
    """Remove the partial folders of `study_dir` whose run is dead (their lock can be
    taken); return their names."""
    if fcntl is None:
        return []
    removed = []
    for folder in sorted(study_dir.iterdir()):
        if not (folder.name.startswith(".") and folder.name.endswith(PARTIAL_SUFFIX)):
            continue
        if folder.is_symlink() or not folder.is_dir():
            continue
        try:
            fd = os.open(folder / LOCK_NAME, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
        except OSError:  # no lock file: not this run's to judge
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # held: its run is alive
            os.close(fd)
            continue
        try:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
        finally:
            os.close(fd)
    return removed
