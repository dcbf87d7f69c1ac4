"""One writer at a time: the flock()ed ``write.lock`` of an index folder and the
marker that tells searcher's folders from a user's."""
from __future__ import annotations

import errno
import fcntl
import os
import time
from pathlib import Path
from typing import Callable, Optional

from ..errors import IndexLocked, IndexStorageError
# the lock descriptors every forked child closes (the names stay importable from here)
from ..forksafe import _LOCK_FDS, _close_inherited_locks, hold as _hold, release as _release  # noqa: F401

# (folder, its entries, their names but the lock) -> True for an older index
OldIndex = Callable[[Path, list, set], bool]

LOCK_FILE = "write.lock"
MARKER = ".searcher-index"


# Files that only keep an empty folder in version control.
PLACEHOLDERS = frozenset({".gitignore", ".gitkeep", ".keep"})


def _is_searcher_folder(folder: Path, old_index: Optional[OldIndex] = None) -> bool:
    """True for a missing or empty folder, one with searcher's marker, or an
    index made before the marker existed (``old_index``, the backend's
    :meth:`~searcher.backends.base.Backend.is_old_index`, says which)."""
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
    return old_index is not None and old_index(folder, [e for e in entries if e.name not in PLACEHOLDERS], names)


class _WriteLock:
    """An exclusive flock() on PATH/write.lock, waited for up to ``wait`` seconds.

    ``claim=True`` (every writer of an index) first refuses a folder that is
    not searcher's, and marks the folder as searcher's once locked;
    ``old_index`` tells an index made before the marker existed (the
    backend's :meth:`~searcher.backends.base.Backend.is_old_index`).
    """

    def __init__(self, folder: Path, wait: float, claim: bool = False, old_index: Optional[OldIndex] = None):
        self.folder = folder
        self.wait = wait
        self.claim = claim
        self.old_index = old_index
        self.fd: Optional[int] = None

    def __enter__(self) -> "_WriteLock":
        if self.folder.exists() and not self.folder.is_dir():
            raise IndexStorageError(
                str(self.folder), f"The index path {self.folder} is a file, not a folder", "Give the index a folder path (Index(path); on the command line --index or SEARCHER_INDEX)."
            )
        if self.claim and not _is_searcher_folder(self.folder, self.old_index):
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
        _hold(fd)
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
            _release(self.fd)
            try:
                fcntl.flock(self.fd, fcntl.LOCK_UN)
            finally:
                os.close(self.fd)
                self.fd = None


def _write_marker(folder: Path) -> None:
    tmp = folder / f"{MARKER}.{os.getpid()}"
    tmp.write_text("This folder is a searcher index; searcher replaces what is in it.\n", encoding="utf-8")
    os.replace(tmp, folder / MARKER)
