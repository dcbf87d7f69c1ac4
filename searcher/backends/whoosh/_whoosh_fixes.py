"""Targeted workarounds for whoosh-reloaded 2.7.5, applied once before an index is used.

1. Opening a compound segment copied every sub-file into memory: whoosh maps
   the segment file, then wraps each sub-file's memoryview in ``io.BytesIO``,
   which copies it. On a 100,000-release index that was about 100 ms of every
   cold ``searcher search``. Sub-files now read straight from the map.
   Compound segments are kept because one file with its directory at the end
   makes any truncation visible the moment the segment is opened.
2. Whoosh names new segments with the process-wide ``random`` module, so an
   application that seeds it would get the same name twice and a failed
   commit. New segment names come from ``os.urandom``.
"""
from __future__ import annotations

import io
import os
import pickle

from . import internals  # noqa: F401  (checks that the private names used here are there)

_applied = False


class _ViewReader:
    """A read-only file over a memoryview that never copies more than it returns."""

    __slots__ = ("_view", "_pos", "_len")

    def __init__(self, view):
        self._view = view
        self._pos = 0
        self._len = len(view)

    def read(self, size=-1):
        start = self._pos
        end = self._len if size is None or size < 0 else min(start + size, self._len)
        self._pos = end
        return bytes(self._view[start:end])

    def readline(self, size=-1):
        end = self._len if size is None or size < 0 else min(self._pos + size, self._len)
        chunk = bytes(self._view[self._pos:end])
        cut = chunk.find(b"\n")
        if cut >= 0:
            chunk = chunk[: cut + 1]
        self._pos += len(chunk)
        return chunk

    def seek(self, pos, whence=0):
        if whence == 1:
            pos += self._pos
        elif whence == 2:
            pos += self._len
        if pos < 0:
            raise ValueError("negative seek position")
        self._pos = pos
        return pos

    def tell(self):
        return self._pos

    def close(self):
        pass

    def read_pickle(self):
        # pickle.load() on a Python-level file makes one read() call per
        # opcode; unpickling from a small in-memory chunk keeps it in C.
        start = self._pos
        size = 512
        while True:
            chunk = io.BytesIO(self._view[start : start + size])
            try:
                obj = pickle.load(chunk)
            except (EOFError, pickle.UnpicklingError):
                if start + size >= self._len:
                    raise
                size *= 8
                continue
            self._pos = start + chunk.tell()
            return obj


_SEGMENT_ID_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _urandom_segment_id(cls, size=16):
    return "".join(_SEGMENT_ID_CHARS[b % 36] for b in os.urandom(size))


def apply() -> None:
    """Install the workarounds (idempotent)."""
    global _applied
    if _applied:
        return
    from whoosh.codec.base import Segment
    from whoosh.filedb import compound
    from whoosh.filedb.structfile import BufferFile

    class ZeroCopyBufferFile(BufferFile):
        def __init__(self, buf, name=None, onclose=None):
            self._buf = buf
            self._name = name
            self.file = _ViewReader(buf)
            self.onclose = onclose
            self.is_real = False
            self.is_closed = False

        def read_pickle(self):
            return self.file.read_pickle()

    compound.BufferFile = ZeroCopyBufferFile
    Segment._random_id = classmethod(_urandom_segment_id)
    _applied = True
