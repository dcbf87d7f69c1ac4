"""Storage OSErrors on an index folder (a full disk, a read-only folder, a missing permission) said plainly as :class:`IndexStorageError`."""
from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

from ..errors import IndexStorageError

_AGAIN = "Nothing of this run was committed: the index keeps its last state"
_NO_SPACE = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
_STORAGE_ERRNOS = {*_NO_SPACE, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOTDIR}


def _storage_error(index_path: Path, err: BaseException) -> Optional[IndexStorageError]:
    """What a full disk, a file-size limit, a read-only folder or a missing
    permission is, said as such (they are not damage, and a rebuild would not help)."""
    if not isinstance(err, OSError) or err.errno not in _STORAGE_ERRNOS:
        return None
    path = str(index_path)
    where = os.fsdecode(err.filename) if err.filename else path
    if err.errno in _NO_SPACE:
        return IndexStorageError(path, f"No space left on the device of the index at {path} (writing {where})",
                                 f"{_AGAIN}. Free some space and run it again.")
    if err.errno == errno.EFBIG:
        return IndexStorageError(path, f"A file of the index at {path} would exceed the file-size limit (ulimit -f)",
                                 f"{_AGAIN}. Raise the limit and run it again.")
    if err.errno == errno.ENOTDIR:
        return IndexStorageError(path, f"The index path {path} is a file or lies under one, not a folder",
                                 "Give the index a folder path (Index(path); on the command line --index or SEARCHER_INDEX).")
    if err.errno == errno.EROFS or not os.access(index_path if index_path.exists() else index_path.parent, os.W_OK):
        return IndexStorageError(path, f"The index folder {path} is read-only",
                                 "Searching it still works; to change it, make it writable or use a writable folder for the index.")
    return IndexStorageError(path, f"No permission to access {where} (index at {path})",
                             "Check the permissions of the index folder or use a folder you may write for the index.")


@contextmanager
def _storage_errors(index_path: Path):
    """Turn storage OSErrors raised inside into :class:`IndexStorageError`."""
    try:
        yield
    except OSError as err:
        plain = _storage_error(index_path, err)
        if plain is None:
            raise
        raise plain from None
