"""Index pages mapped into the query process: given back past a bound.

Whoosh reads a segment's compound file through one ``mmap``. Every page a search
touches stays mapped in the process, and the kernel maps up to 16 neighbouring
pages with each one read (fault-around), so after a few hundred searches the
stored fields and postings read for hits add some 100 MiB to the resident set of
a process over a 100,000-release index, although none of it is needed again
(decoded postings are in the cache). When the file pages resident in the process
pass :data:`searcher.search.MAPPED_MB`, :func:`trim` tells the kernel the segment
maps are not needed (``MADV_DONTNEED``): the pages leave the process's resident
set but stay in the page cache, and a later read maps them again (a minor fault,
no disk read). The data read is the same file's: answers never change.
"""
from __future__ import annotations

import mmap
import os

from .. import search as _pkg
from ..backends.whoosh import internals

_PAGE = mmap.PAGESIZE
_STATM = "/proc/self/statm"


def file_resident() -> int | None:
    """Bytes of file pages (and shared memory) resident in this process, or None
    where ``/proc/self/statm`` cannot be read."""
    try:
        with open(_STATM, "rb") as f:
            fields = f.read().split()
        return int(fields[2]) * _PAGE
    except (OSError, IndexError, ValueError):
        return None


def trim(reader) -> bool:
    """Give back the pages of ``reader``'s segment maps when more than
    ``MAPPED_MB`` of file pages are resident; whether it did."""
    bound = _pkg.MAPPED_MB
    advice = getattr(mmap, "MADV_DONTNEED", None)
    if bound is None or advice is None or os.name != "posix":
        return False
    resident = file_resident()
    if resident is None or resident <= bound * 1024 * 1024:
        return False
    for m in internals.segment_maps(reader):
        try:
            m.madvise(advice)
        except (ValueError, OSError):  # closed by another thread's close(), or refused: nothing to give back
            pass
    return True
