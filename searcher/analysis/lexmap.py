"""The lexicon's compact form: one file of records in hash buckets, read through mmap.

The noun lexicon (german-nouns: about 250,000 folded forms) as Python dicts costs a
second to build from a pickle and ~60 MiB in every process that uses it, even one that
looks up a dozen words to place highlight spans. This form is built once per lexicon
version into the user's cache directory and memory-mapped: opening it reads a header,
and a lookup reads one bucket (a few hundred bytes), so a process pays for the pages
it touches, which the operating system shares between processes.

File layout (integers little-endian uint32)::

    MAGIC (8 bytes) | buckets | records | data size | filter bits (log2)
    | filter | offsets[buckets + 1] | data

Most lookups are of strings that are no word (a compound's substrings tried as parts),
so a one-hash Bloom filter comes first: bit ``crc >> (32 - filter bits)`` is set for
every key (16+ bits a key: about 6 % of absent strings get past it). Bucket ``b`` holds
the records whose key's CRC-32 modulo ``buckets`` (a power of two) is ``b``:
``data[offsets[b]:offsets[b + 1]]``, each record one line::

    key US forms(RS-separated) US genus-marker+genus US lemma US verb-stem US short-flag LF

A key's record has every fact the lexicon keeps about that folded word; an empty field
is a fact the lexicon does not have (the genus field starts with ``=`` when the key is
a lemma, since a lemma's genders can be empty).
"""
from __future__ import annotations

import mmap
import os
import struct
from pathlib import Path
from typing import Mapping, Optional, Union
from zlib import crc32

MAGIC = b"SLEXMAP2"
_HEADER = struct.Struct("<8sIIII")
_PAIR = struct.Struct("<II")
_US, _RS, _LF = "\x1f", "\x1e", "\n"

# (forms, genus, lemma, verb stem, short_ok): forms a tuple of lemmas or None, genus a
# string or None (the key is no lemma), lemma and verb stem strings or None.
Record = tuple
ABSENT: Record = (None, None, None, None, False)


class LexmapError(ValueError):
    """A compact lexicon file that is not one (wrong magic, truncated, bad offsets)."""


def encode(records: Mapping[str, Record]) -> bytes:
    """The file's bytes for ``records`` (key -> Record). Raises ValueError when a key or
    value holds a separator character (the german-nouns rows never do)."""
    n = len(records)
    buckets = 1
    while buckets < max(n, 1):
        buckets <<= 1
    mask = buckets - 1
    fbits = 10
    while (1 << fbits) < 16 * n:
        fbits += 1
    bloom = bytearray(1 << (fbits - 3))
    lines: list[list[bytes]] = [[] for _ in range(buckets)]
    for key, (forms, genus, lemma, verb, short) in records.items():
        fields = (key, _RS.join(forms or ()), "" if genus is None else "=" + genus,
                  lemma or "", verb or "", "1" if short else "")
        for field in fields:
            if _US in field or _LF in field or (field is not fields[1] and _RS in field):
                raise ValueError(f"lexicon entry {key!r} holds a separator character")
        if not key or (forms is not None and not forms) or any(not f or _RS in f for f in forms or ()):
            raise ValueError(f"lexicon entry {key!r} cannot be stored")
        kb = key.encode("utf-8")
        h = crc32(kb)
        bit = h >> (32 - fbits)
        bloom[bit >> 3] |= 1 << (bit & 7)
        lines[h & mask].append(_US.join(fields).encode("utf-8") + b"\n")
    offsets = [0]
    chunks = []
    for bucket in lines:
        chunk = b"".join(bucket)
        chunks.append(chunk)
        offsets.append(offsets[-1] + len(chunk))
    data = b"".join(chunks)
    return (_HEADER.pack(MAGIC, buckets, n, len(data), fbits) + bytes(bloom)
            + struct.pack(f"<{buckets + 1}I", *offsets) + data)


def write(path: Path, records: Mapping[str, Record]) -> None:
    """Write the compact form of ``records`` to ``path`` atomically (temporary file, then
    rename: a process reading the old file keeps its mapping)."""
    data = encode(records)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


class Table:
    """Lookups in a compact lexicon: mapped from a file (:meth:`open`) or held as bytes."""

    def __init__(self, buf: Union[bytes, mmap.mmap], source: str = "<bytes>"):
        if len(buf) < _HEADER.size:
            raise LexmapError(f"{source}: too short for a compact lexicon")
        magic, buckets, n, size, fbits = _HEADER.unpack_from(buf, 0)
        if magic != MAGIC or not 10 <= fbits <= 32:
            raise LexmapError(f"{source}: not a compact lexicon of this version")
        offsets = _HEADER.size + (1 << (fbits - 3))
        base = offsets + 4 * (buckets + 1)
        if buckets & (buckets - 1) or len(buf) != base + size:
            raise LexmapError(f"{source}: not a compact lexicon of this version (or truncated)")
        self._buf = buf
        self._mask = buckets - 1
        self._shift = 32 - fbits
        self._offsets = offsets
        self._base = base
        self.source = source
        self.count = n
        # first and last offsets: a cheap check that the offset table is whole
        first, = struct.unpack_from("<I", buf, offsets)
        last, = struct.unpack_from("<I", buf, base - 4)
        if first != 0 or last != size:
            raise LexmapError(f"{source}: damaged offset table")

    @classmethod
    def open(cls, path: Path) -> "Table":
        """Map ``path`` read-only. Raises OSError or LexmapError."""
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size == 0:
                raise LexmapError(f"{path}: empty")
            buf = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        return cls(buf, str(path))

    def get(self, key: str) -> Optional[Record]:
        """The record of ``key``, or None."""
        kb = key.encode("utf-8")
        h = crc32(kb)
        bit = h >> self._shift
        if not self._buf[_HEADER.size + (bit >> 3)] >> (bit & 7) & 1:
            return None
        start, end = _PAIR.unpack_from(self._buf, self._offsets + 4 * (h & self._mask))
        if start == end:
            return None
        base = self._base
        chunk = self._buf[base + start: base + end]
        prefix = kb + b"\x1f"
        pos = 0
        while pos < len(chunk):  # a bucket holds a handful of lines at most
            nl = chunk.index(b"\n", pos)
            if chunk.startswith(prefix, pos):
                return _decode(chunk[pos + len(prefix): nl])
            pos = nl + 1
        return None

    def keys(self):
        """Every key (for tests and tools: reads the whole file)."""
        data = self._buf[self._base:]
        for line in data.split(b"\n"):
            if line:
                yield line.split(b"\x1f", 1)[0].decode("utf-8")

    def close(self) -> None:
        if isinstance(self._buf, mmap.mmap):
            self._buf.close()


def _decode(value: bytes) -> Record:
    forms, genus, lemma, verb, short = value.decode("utf-8").split(_US)
    return (tuple(forms.split(_RS)) if forms else None,
            genus[1:] if genus else None,
            lemma or None,
            verb or None,
            short == "1")


class Records(dict):
    """key -> Record for every key looked up so far (ABSENT for a key the lexicon lacks),
    filled from a :class:`Table` on first use: a repeated lookup is one dict subscript.
    Holds at most ``cap`` keys (then starts over), so no input grows it without bound."""

    def __init__(self, table: Table, cap: int = 1_000_000):
        super().__init__()
        self.table = table
        self.cap = cap

    def __missing__(self, key: str) -> Record:
        # Table.get inlined for the common case, a string the filter rules out
        table = self.table
        h = crc32(key.encode("utf-8"))
        bit = h >> table._shift
        if table._buf[_HEADER.size + (bit >> 3)] >> (bit & 7) & 1:
            rec = table.get(key) or ABSENT
        else:
            rec = ABSENT
        if len(self) >= self.cap:
            self.clear()
        self[key] = rec
        return rec
