"""The one bounded, memory-budgeted LRU cache of a SearchEngine and the estimates of what its entries cost."""
from __future__ import annotations

import heapq
import sys
import threading
import time
from collections import OrderedDict
from itertools import count
from typing import Any, Mapping, Optional


from .. import search as _pkg


def _term_cache_postings() -> Optional[int]:
    if _pkg.TERM_CACHE_POSTINGS is not None:
        return _pkg.TERM_CACHE_POSTINGS
    from .. import settings

    return settings.get("SEARCHER_TERM_CACHE")


class _Cache:
    """The bounded cache that holds every cached table of a :class:`SearchEngine`
    (all its index generations): per-term data derived from posting lists
    ((docnum frozenset, BM25F scores), the occurrence keys of phrase checks,
    posting block directories) and the per-generation tables (live docs, the
    date index, field lengths, filter vocabularies, facet term sets, the
    fuzzy/prefix vocabulary buckets).

    ``budget`` bounds the estimated bytes held (:func:`_ints_bytes` and
    friends: ``sys.getsizeof`` of the containers plus the objects they
    hold), the entries of the :attr:`packed` view (per-term data as arrays,
    from which the sets and score tables are made again) included; ``postings``, when not None, also bounds the postings
    (or occurrences) of the per-term entries (``SEARCHER_TERM_CACHE``). A
    value larger than the room is returned without being kept, so a small
    budget makes searches slower, never different.

    What is evicted is chosen by what it would cost to have it again, per
    byte it holds: an entry's priority is ``requests * cost / bytes``, where
    ``cost`` is the CPU time its build took (measured by the caller,
    :func:`_clock`; else :data:`COST_PER_BYTE` a byte) and ``requests`` the
    recent requests of its key (:attr:`_seen`, halved every ``_AGE_EVERY``
    requests, so they stay bounded, entries not asked for again age out and
    new favourites get in). The entry of lowest priority goes first (of
    equal ones, the one kept longest). A clause's rank prefix (24 KB that
    took a common word's postings to build) outlasts a large score array that
    is cheap to make again. A new entry is admitted only when its priority
    beats each entry it would evict, ties keeping what is cached (TinyLFU
    admission weighted by cost: a stream of one-off rare terms does not push
    out a common term asked for by many queries, and searches cycling over
    more than fits keep a part of it instead of missing every time).
    """

    _AGE_EVERY = 20_000  # requests between halvings of the request counts

    def __init__(self, budget: int, postings: Optional[int] = None, packed: bool = True):
        self.budget = budget
        # Per-term data also kept packed (arrays: 12 bytes a posting, not ~170): a term
        # whose sets or scores were evicted comes back from there several times faster
        # than from the index (no decoding). In the same budget: what it costs to build
        # again per byte decides what stays (a quarter of the budget set apart for them
        # held too few of a million releases' common terms).
        self.packed: Optional[_PackedView] = _PackedView(self) if packed else None
        self._room = budget
        self.postings_cap = postings
        self.size = 0  # estimated bytes held (main part)
        self.postings = 0  # postings/occurrences held by per-term entries
        # key -> [value, bytes, postings, cost per byte, priority]; oldest request first
        self._items: "OrderedDict[tuple, list]" = OrderedDict()
        self._heap: list = []  # (priority, tie, key); stale rows skipped when popped
        self._ties = count()
        self._seen: dict[tuple, int] = {}  # recent requests per key, cached or not
        self._requests = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    @property
    def held(self) -> int:
        """Estimated bytes held, packed entries included (at most ``budget``)."""
        return self.size

    def get(self, key):
        with self._lock:
            self._count(key)
            got = self._items.get(key)
            if got is None:
                return None
            self._items.move_to_end(key)  # its priority is brought up to date when it could go
            return got[0]

    def _count(self, key) -> None:
        self._seen[key] = self._seen.get(key, 0) + 1
        self._requests += 1
        if self._requests >= self._AGE_EVERY:  # age: halve, forget the ones asked for once
            self._requests = 0
            self._seen = {k: n // 2 for k, n in self._seen.items() if n > 1}
            for k, item in self._items.items():  # the priorities fall with the counts
                item[4] = self._priority(k, item[3])
            self._heap = [(item[4], next(self._ties), k) for k, item in self._items.items()]
            heapq.heapify(self._heap)

    def _priority(self, key, per_byte: float) -> float:
        return max(1, self._seen.get(key, 0)) * per_byte

    def _rank(self, key, item: list) -> None:
        """Give a kept entry its priority now (its requests may have grown): a row in the heap."""
        item[4] = self._priority(key, item[3])
        heapq.heappush(self._heap, (item[4], next(self._ties), key))
        if len(self._heap) > 4 * len(self._items) + 64:  # drop the stale rows
            self._heap = [(it[4], next(self._ties), k) for k, it in self._items.items()]
            heapq.heapify(self._heap)

    def _victims(self, nbytes: int, priority: float) -> Optional[list]:
        """The entries of lowest priority whose room makes ``nbytes`` fit, or
        None when one of them has a priority at least ``priority``."""
        freed, victims, rows = 0, [], []
        heap, items = self._heap, self._items
        while self.size - freed + nbytes > self._room and heap:
            row = heapq.heappop(heap)
            item = items.get(row[2])
            if item is None or item[4] != row[0] or row[2] in victims:
                continue  # stale
            if self._priority(row[2], item[3]) > row[0]:  # asked for since it was ranked
                self._rank(row[2], item)
                continue
            rows.append(row)
            if row[0] >= priority:
                break
            victims.append(row[2])
            freed += item[1]
        else:
            for row in rows:
                heapq.heappush(heap, row)
            return victims if self.size - freed + nbytes <= self._room else None
        for row in rows:  # refused: everything stays as it was
            heapq.heappush(heap, row)
        return None

    def put(self, key, value, nbytes: int, postings: int = 0, cost: Optional[float] = None):
        """Keep ``value`` (about ``nbytes`` bytes, ``postings`` postings, built
        in ``cost`` seconds of CPU) and evict the entries of lowest priority
        over the budget; returns ``value``."""
        nbytes = max(1, int(nbytes))
        if nbytes > self._room or (self.postings_cap is not None and postings > self.postings_cap):
            return value
        per_byte = (COST_PER_BYTE if cost is None else max(cost / nbytes, COST_PER_BYTE / 64))
        with self._lock:
            self._pop(key)
            priority = self._priority(key, per_byte)
            if self.size + nbytes > self._room:
                victims = self._victims(nbytes, priority)
                if victims is None:  # ties keep what is cached
                    return value
                for k in victims:
                    self._pop(k)
            item = [value, nbytes, postings, per_byte, 0.0]
            self._items[key] = item
            self._rank(key, item)
            self.size += nbytes
            self.postings += postings
            if self.postings_cap is not None and self.postings > self.postings_cap:
                over, oldest = self.postings - self.postings_cap, []
                for k, it in self._items.items():  # oldest first; stops when enough is freed
                    if over <= 0:
                        break
                    if it[2]:
                        oldest.append(k)
                        over -= it[2]
                for k in oldest:
                    self._pop(k)
        return value

    def drop(self, generation: int) -> None:
        """Forget every entry of an index generation no longer searched."""
        with self._lock:
            for key in [k for k in self._items if k[0] == generation]:
                self._pop(key)

    def _pop(self, key) -> None:
        old = self._items.pop(key, None)  # its heap rows are stale from now on
        if old is not None:
            self.size -= old[1]
            self.postings -= old[2]


_PACKED = ("packed",)  # put after the generation in the key of a packed entry


class _PackedView:
    """The packed entries of a :class:`_Cache` (arrays of per-term data): the
    same ``get``/``put`` and budget, under keys marked apart."""

    def __init__(self, cache: _Cache):
        self.cache = cache

    def get(self, key):
        return self.cache.get((key[0], _PACKED) + key[1:])

    def put(self, key, value, nbytes: int, postings: int = 0, cost: Optional[float] = None):
        return self.cache.put((key[0], _PACKED) + key[1:], value, nbytes, postings, cost)

    def __len__(self) -> int:
        return sum(1 for k in list(self.cache._items) if k[1:2] == (_PACKED,))


# What an entry costs to build, per estimated byte, when the caller did not measure
# it (seconds of CPU): about what making a set or dict of decoded postings takes.
COST_PER_BYTE = 2e-9

# The CPU time of the calling thread (seconds): what a cache entry's build cost.
_clock = time.thread_time


class _GenerationCache:
    """One generation's view of the engine's :class:`_Cache`: the same
    ``get``/``put``, with the generation put in front of every key."""

    def __init__(self, cache: _Cache, generation: int):
        self.cache = cache
        self.generation = generation

    def get(self, key):
        return self.cache.get((self.generation,) + key)

    def put(self, key, value, nbytes: int, postings: int = 0, cost: Optional[float] = None):
        return self.cache.put((self.generation,) + key, value, nbytes, postings, cost)

    def get_packed(self, key):
        packed = self.cache.packed
        return None if packed is None else packed.get((self.generation,) + key)

    def put_packed(self, key, value, nbytes: int, postings: int = 0, cost: Optional[float] = None) -> None:
        if self.cache.packed is not None:
            self.cache.packed.put((self.generation,) + key, value, nbytes, postings, cost)


_INT = sys.getsizeof(1 << 20)  # a docnum (small ints below 257 are shared, but few)
_BIG_INT = sys.getsizeof(1 << 40)  # an occurrence key, a file offset
_FLOAT = sys.getsizeof(1.0)
_TERM_ENTRY = sys.getsizeof((1, "", b"")) + _INT  # a vocabulary bucket's (-df, term, btext)


def _packed_bytes(arrays) -> int:
    """Bytes of an array, or of a tuple of arrays."""
    if isinstance(arrays, tuple):
        return sys.getsizeof(arrays) + sum(map(sys.getsizeof, arrays))
    return sys.getsizeof(arrays)


def _ints_bytes(values, each: int = _INT) -> int:
    """Estimated bytes of a set/list of distinct int objects."""
    return sys.getsizeof(values) + len(values) * each


def _sets_bytes(sets: Mapping[Any, Any]) -> int:
    """Estimated bytes of {key: bitmap or frozenset of docnums} (keys strings)."""
    return sys.getsizeof(sets) + sum(sys.getsizeof(k) + _set_bytes(v) for k, v in sets.items())


def _set_bytes(docs) -> int:
    """Estimated bytes of a bitmap (its containers) or a set of docnums."""
    return 64 + docs.__sizeof__() if not isinstance(docs, (set, frozenset)) else _ints_bytes(docs)


def _cache_budget(cache_mb: Optional[float]) -> int:
    """Bytes of the cache budget: ``cache_mb`` (MiB) when given, else
    :data:`CACHE_MB`, else the SEARCHER_CACHE_MB setting (checked)."""
    from .. import settings

    if cache_mb is None:
        cache_mb = _pkg.CACHE_MB if _pkg.CACHE_MB is not None else settings.get("SEARCHER_CACHE_MB")
    return int(settings.check_cache_mb(cache_mb) * 1024 * 1024)
