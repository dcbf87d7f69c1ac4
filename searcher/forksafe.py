"""The lock file descriptors this process holds, closed in every forked child,
so that a worker process never keeps an index locked after its parent died.

flock() locks belong to the open file, which a fork()ed child shares: a
worker that kept its copy would keep the index locked after the parent died.
Every forked child closes them at once (close only: ``flock(LOCK_UN)`` on a
shared file would unlock the parent). The write lock of :mod:`searcher.store`
and a backend's own writer lock (:mod:`searcher.backends.whoosh.pool`) are
registered here; neither reaches into the other.
"""
from __future__ import annotations

import os

_LOCK_FDS: set[int] = set()


def hold(fd: int) -> None:
    """Close ``fd`` in every child forked from now on (until :func:`release`)."""
    _LOCK_FDS.add(fd)


def release(fd) -> None:
    """Stop closing ``fd`` in forked children (the caller closes it itself)."""
    _LOCK_FDS.discard(fd)


def _close_inherited_locks() -> None:
    for fd in list(_LOCK_FDS):
        try:
            os.close(fd)
        except OSError:
            pass
    _LOCK_FDS.clear()


os.register_at_fork(after_in_child=_close_inherited_locks)

__all__ = ["hold", "release"]
