"""One writer at a time: the flock()ed ``write.lock`` of an index folder and the
marker that tells searcher's folders from a user's."""
from __future__ import annotations

import errno
import fcntl
import os
import time
from pathlib import Path
from typing import Optional

from ..backends.whoosh.generations import is_old_index
from ..errors import IndexLocked, IndexStorageError

LOCK_FILE = "write.lock"
MARKER = ".searcher-index"


# Lock file descriptors this process holds. flock() locks belong to the open
# file, which a fork()ed child shares: a worker that kept its copy would keep
# the index locked after the parent died. Every forked child closes them at
# once (close only: flock(LOCK_UN) on a shared file would unlock the parent).
_LOCK_FDS: set[int] = set()


def _close_inherited_locks() -> None:
    for fd in list(_LOCK_FDS):
        try:
            os.close(fd)
        except OSError:
            pass
    _LOCK_FDS.clear()


os.register_at_fork(after_in_child=_close_inherited_locks)


# Files that only keep an empty folder in version control.
PLACEHOLDERS = frozenset({".gitignore", ".gitkeep", ".keep"})


def _is_searcher_folder(folder: Path) -> bool:
    """True for a missing or empty folder, one with searcher's marker, or an
    index made before the marker existed."""
    try:
        entries = list(folder.iterdir())
    except FileNotFoundError:
        return True
    # the lock file and a marker being written (``.searcher-index.PID``) are
    # what another writer of ours leaves in a new folder before its marker lands;
    # a placeholder that keeps an empty folder in version control (the
    # repository's own index/.gitignore) is not content either
    names = {
        e.name for e in entries
        if e.name != LOCK_FILE and not e.name.startswith(MARKER + ".") and e.name not in PLACEHOLDERS
    }
    if not names or MARKER in names:
        return True
    return is_old_index(folder, [e for e in entries if e.name not in PLACEHOLDERS], names)


class _WriteLock:
    """An exclusive flock() on PATH/write.lock, waited for up to ``wait`` seconds.

    ``claim=True`` (every writer of an index) first refuses a folder that is
    not searcher's, and marks the folder as searcher's once locked.
    """

    def __init__(self, folder: Path, wait: float, claim: bool = False):
        self.folder = folder
        self.wait = wait
        self.claim = claim
        self.fd: Optional[int] = None

    def __enter__(self) -> "_WriteLock":
        if self.folder.exists() and not self.folder.is_dir():
            raise IndexStorageError(
                str(self.folder), f"The index path {self.folder} is a file, not a folder", "Give the index a folder path (Index(path); on the command line --index or SEARCHER_INDEX)."
            )
        if self.claim and not _is_searcher_folder(self.folder):
            raise IndexStorageError(
                str(self.folder),
                f"{self.folder} is a folder with other files, not a searcher index; nothing in it was changed",
                "Use a new or empty folder for the index, or an existing searcher index.",
            )
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.folder / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        deadline = time.monotonic() + max(self.wait, 0.0)
        delay = 0.02
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as err:
                if err.errno not in (errno.EAGAIN, errno.EACCES):
                    os.close(fd)
                    raise
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise IndexLocked(str(self.folder), self.wait) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.25)
        _LOCK_FDS.add(fd)
        self.fd = fd
        try:  # who holds it, for a person looking; not needed for the lock
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError:
            pass
        if self.claim and not (self.folder / MARKER).exists():
            try:
                _write_marker(self.folder)
            except BaseException:
                self.__exit__()
                raise
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            _LOCK_FDS.discard(self.fd)
            try:
                fcntl.flock(self.fd, fcntl.LOCK_UN)
            finally:
                os.close(self.fd)
                self.fd = None


def _write_marker(folder: Path) -> None:
    tmp = folder / f"{MARKER}.{os.getpid()}"
    tmp.write_text("This folder is a searcher index; searcher replaces what is in it.\n", encoding="utf-8")
    os.replace(tmp, folder / MARKER)
