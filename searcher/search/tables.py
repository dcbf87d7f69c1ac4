"""Per-generation lookup tables of an index (vocabularies, term sets, live docs, date index, field lengths, columns)."""
from __future__ import annotations

import bisect
import sys
import threading
from array import array
from itertools import chain, compress
from typing import Iterable, Optional

from ..backends.whoosh import internals
from .bitmaps import BitMap, FrozenBitMap, frozen, nbytes as _bitmap_bytes
from .caches import _Cache, _GenerationCache, _cache_budget, _clock, _ints_bytes, _sets_bytes, _term_cache_postings
from .postings import _field_terms, _term_postings
from .vocabulary import _Vocabulary




class _Generation:
    """Lookup tables for one index generation, built lazily, shared by threads.
    The tables live in the engine's :class:`_Cache` (keys start with the
    generation), so they count against its budget and are rebuilt when evicted."""

    def __init__(self, generation: int, cache: Optional[_Cache] = None):
        self.generation = generation
        self.lock = threading.Lock()
        self.issuer_display: dict[str, str] = {}  # one name per issuer/person shown: small
        self.person_display: dict[str, str] = {}
        if cache is None:
            cache = _Cache(_cache_budget(None), _term_cache_postings())
        self.cache = cache
        self.terms = _GenerationCache(cache, generation)  # per-term data: keys without the generation
        self.vocab = _Vocabulary(self.terms)

    def _table(self, key: tuple, build):
        """The cached table ``key`` of this generation; ``build()`` returns
        (table, estimated bytes) when it is not cached."""
        got = self.terms.get(key)
        if got is None:
            t0 = _clock()
            got, nbytes = build()
            self.terms.put(key, got, nbytes, cost=_clock() - t0)
        return got

    def issuer_vocab(self, reader) -> list[tuple[str, str]]:
        return self.vocab.names_of(reader, "issuer_names")

    def term_sets(self, reader, fieldname: str) -> dict[str, FrozenBitMap]:
        """{term: docnums} for every term of a small keyword-like field
        (issuer_key, year, persons): facets and stats count with set
        intersections instead of reading a value per document."""

        def build():
            got = {t: _term_bitmap(reader, fieldname, t) for t in _field_terms(reader, fieldname)}
            got = {t: d for t, d in got.items() if d}  # terms of deleted docs only
            return got, _sets_bytes(got)

        return self._table(("sets", fieldname), build)

    def live(self, reader) -> FrozenBitMap:
        def build():
            live = _live_bitmap(reader)
            return live, _bitmap_bytes(live)

        return self._table(("live",), build)

    def union_of(self, reader, fieldname: str, terms: Iterable[str]) -> BitMap:
        """Docnums having any of these terms of a filter field (issuer_names, persons)."""
        out = BitMap()
        for t in dict.fromkeys(terms):

            def build():
                docs = _term_bitmap(reader, fieldname, t)
                return docs, _bitmap_bytes(docs)

            out |= self._table(("filter", fieldname, t), build)
        return out

    def _date_index(self, reader):
        """(sorted dates, their docnums, undated docnums) of the live releases."""

        def build():
            if not reader.has_deletions():
                return self._packed_date_index(reader)
            col = self._date_col(reader)
            live = self.live(reader).to_array()
            pairs = sorted((col[d], d) for d in live if d < len(col) and _is_date(col[d]))
            undated = sorted(d for d in live if not (d < len(col) and _is_date(col[d])))
            dates = ([v for v, _ in pairs], [d for _, d in pairs], undated)
            # the dates are the column's int objects; the docnums may outlive the live set
            return dates, sys.getsizeof(dates[0]) + _ints_bytes(dates[1]) + _ints_bytes(undated)

        return self._table(("dates",), build)

    def _packed_date_index(self, reader):
        """The date index of an index without deletions as arrays (4 or 8 bytes a
        release, not int objects), from :meth:`date_keys` (0: undated): the dated
        docnums sorted by date, equal dates in docnum order (a stable sort of
        ascending docnums), as sorting (date, docnum) pairs gives."""
        keys = self.date_keys(reader)
        order = array("i", sorted(compress(range(len(keys)), keys), key=keys.__getitem__))
        dates = (array(keys.typecode, map(keys.__getitem__, order)), order,
                 array("i", compress(range(len(keys)), map((0).__eq__, keys))))
        return dates, sum(map(sys.getsizeof, dates))

    def date_range(self, reader, lo: Optional[int], hi: Optional[int]) -> FrozenBitMap:
        """Docnums dated lo..hi (yyyymmdd, inclusive; None = open end), a bitmap."""
        key = ("date-range", lo, hi)
        got = self.terms.get_packed(key)  # kept: the docnums come in date order, slow to make a bitmap of
        if got is None:
            t0 = _clock()
            keys, docnums, _ = self._date_index(reader)
            i = bisect.bisect_left(keys, lo) if lo is not None else 0
            j = bisect.bisect_right(keys, hi) if hi is not None else len(keys)
            got = frozen(docnums[i:j] if isinstance(docnums, array) else array("i", docnums[i:j]))
            self.terms.put_packed(key, got, _bitmap_bytes(got), cost=_clock() - t0)
        return got

    def by_date(self, reader, docs, n: int, newest: bool) -> list[int]:
        """The first ``n`` of ``docs`` by date (newest or oldest first); undated last."""
        keys, docnums, undated = self._date_index(reader)
        if len(docs) <= 4 * n + 1000:
            col = self.date_keys(reader)  # yyyymmdd of a dated release (as the column has it), else 0
            docs = docs.to_array().tolist() if isinstance(docs, (BitMap, FrozenBitMap)) else docs
            dated = [d for d in docs if d < len(col) and col[d]]
            dated.sort(key=lambda d: (col[d], d), reverse=newest)
            rest = sorted(d for d in docs if not (d < len(col) and col[d]))
            return (dated + rest)[:n]
        out = []
        for d in (reversed(docnums) if newest else docnums):
            if d in docs:
                out.append(d)
                if len(out) >= n:
                    return out
        for d in undated:
            if d in docs:
                out.append(d)
                if len(out) >= n:
                    break
        return out

    def month_sets(self, reader) -> dict[str, FrozenBitMap]:
        """{"YYYY-MM": docnums} of the dated live releases, from the date index."""

        def build():
            keys, docnums, _ = self._date_index(reader)
            groups: dict[str, list[int]] = {}
            for key, d in zip(keys, docnums):
                groups.setdefault(f"{key // 10000:04d}-{key // 100 % 100:02d}", []).append(d)
            months = {m: frozen(array("i", ds)) for m, ds in groups.items()}
            return months, _sets_bytes(months)

        return self._table(("months",), build)

    def length_bytes(self, reader, field: str) -> bytes:
        """Per-docnum length byte of a text field as Whoosh stores it (a byte a
        release; :data:`LENGTHS` gives the length BM25F reads from it)."""

        def build():
            lengths = _length_bytes(reader, field)
            return lengths, sys.getsizeof(lengths)

        return self._table(("lengths", field), build)

    def date_keys(self, reader) -> "array[int]":
        """Per-docnum date as yyyymmdd, 0 when undated: the tie-break of equal scores."""

        def build():
            # an array: 4 or 8 bytes a release, not a list of int objects
            keys = _every_date(reader)  # every release dated (the usual case): no Python work per release
            if keys is None:
                keys = array("l", [v if type(v) is int and 10000101 <= v <= 99991231 else 0
                                   for v in self._date_col(reader)])
            return keys, sys.getsizeof(keys)

        return self._table(("datekeys",), build)

    def _date_col(self, reader) -> list:
        def build():
            col = _column_values(reader, "date")
            return col, _ints_bytes(col)

        return self._table(("datecol",), build)


def _lengths_table() -> list[float]:
    from whoosh.util.numeric import byte_to_length

    return [float(byte_to_length(b)) or 1.0 for b in range(256)]


# the field length BM25F reads for each length byte Whoosh stores (0 counts as 1)
LENGTHS = _lengths_table()


def _field_lengths(reader, field: str) -> list[float]:
    """Per-docnum field lengths as BM25F sees them (Whoosh stores a length
    byte per document; 0 counts as 1)."""
    return list(map(LENGTHS.__getitem__, _length_bytes(reader, field)))


def _length_bytes(reader, field: str) -> bytes:
    """Per-docnum length bytes of a field (0 where a segment has none)."""
    out = bytearray()
    for leaf, base in reader.leaf_readers():
        n = leaf.doc_count_all()
        try:
            col = internals.length_column(leaf, field)
        except Exception:  # pragma: no cover - another codec
            from whoosh.util.numeric import length_to_byte

            out.extend(length_to_byte(leaf.doc_field_length(d, field, 0) or 0) for d in range(n))
            continue
        if col is None:
            out.extend(bytes(n))
            continue
        try:  # a byte a release: the column's bytes as they are
            typecode, fixedlen, count, raw, default = internals.column_bytes(col)
        except Exception:  # pragma: no cover - another column type
            typecode = None
        if typecode == "B" and fixedlen == 1:
            out.extend(raw[:n])
            if count < n:
                out.extend(bytes([default]) * (n - count))
        else:  # pragma: no cover - another column type
            out.extend(_raw_numbers(col, n))
    return bytes(out)


def _raw_numbers(col, n: int) -> list:
    """The n values of a Whoosh numeric column, read in one piece when possible
    (indexing the column costs several Python calls per document)."""
    from array import array

    try:
        typecode, fixedlen, count, raw, default = internals.column_bytes(col)
        values = array(typecode)
        values.frombytes(raw)
        if sys.byteorder == "little" and fixedlen > 1:
            values.byteswap()  # columns are big-endian ("!" structs)
        out = values.tolist()
        if count < n:
            out.extend([default] * (n - count))
        return out[:n]
    except Exception:  # pragma: no cover - another column type
        return [col[d] for d in range(n)]


def _column_values(reader, fieldname: str) -> list:
    """Per-docnum values of a sortable numeric column (e.g. ``date``), translated."""
    if fieldname not in reader.schema:
        return []
    field = reader.schema[fieldname]
    out: list = []
    for leaf, base in reader.leaf_readers():
        n = leaf.doc_count_all()
        if not leaf.has_column(fieldname):
            out.extend([None] * n)
            continue
        col = leaf.column_reader(fieldname, translate=False)
        raw = _raw_numbers(col, n)
        offset = _int_column_offset(field)
        if offset is None:
            out.extend(map(field.from_column_value, raw))
        elif offset:
            out.extend(map(offset.__rsub__, raw))
        else:
            out.extend(raw)
    return out


# flips the top bit of a byte: a column's unsigned big-endian value minus 2**(bits - 1)
# is the signed value of the same bytes with the top bit of the first byte flipped
_FLIP_TOP = bytes(b ^ 0x80 for b in range(256))


def _every_date(reader) -> Optional["array[int]"]:
    """The ``date`` column as an array of yyyymmdd when every release has a date
    (None otherwise, or for a column that is not a signed integer one), translated
    in C: a signed NUMERIC column stores ``value + 2**(bits - 1)`` big-endian."""
    field = reader.schema["date"] if "date" in reader.schema else None
    offset = _int_column_offset(field) if field is not None else None
    out = array("l")
    for leaf, base in reader.leaf_readers():
        n = leaf.doc_count_all()
        if not offset or not leaf.has_column("date"):
            return None
        try:
            typecode, fixedlen, count, raw, _ = internals.column_bytes(leaf.column_reader("date", translate=False))
        except Exception:  # pragma: no cover - another column type
            return None
        signed = {4: "i", 8: "q"}.get(fixedlen)
        if count != n or typecode.lower() != signed or offset != 1 << (8 * fixedlen - 1) \
                or array(signed).itemsize != fixedlen:
            return None
        flipped = bytearray(raw)
        flipped[0::fixedlen] = flipped[0::fixedlen].translate(_FLIP_TOP)
        values = array(signed, bytes(flipped))
        if sys.byteorder == "little":
            values.byteswap()
        if out.typecode != signed:
            out = array(signed, out)
        out.extend(values)
    if not out or min(out) < 10000101 or max(out) > 99991231:
        return None
    return out


def _int_column_offset(field) -> Optional[int]:
    """What Whoosh subtracts from a stored value of an integer NUMERIC field's column to
    translate it (``NUMERIC.from_column_value``, said once for a whole column instead of
    called per document), or None for any other field."""
    from whoosh.fields import NUMERIC

    if (type(field).from_column_value is not NUMERIC.from_column_value or getattr(field, "numtype", None) is not int
            or getattr(field, "decimal_places", 0) or not isinstance(getattr(field, "bits", None), int)):
        return None
    return (1 << (field.bits - 1)) if field.signed else 0


def _live_docs(reader) -> frozenset:
    """Every docnum not deleted (Whoosh's all_doc_ids asks each document)."""
    parts = []
    for leaf, base in reader.leaf_readers():
        n = leaf.doc_count_all()
        if leaf.has_deletions():
            deleted = getattr(leaf, "deleted_docs_set", None)  # a cached property in 2.7.5
            if callable(deleted):
                deleted = deleted()
            if deleted is None:  # pragma: no cover - another reader
                deleted = {d for d in range(n) if leaf.is_deleted(d)}
            parts.append([base + d for d in range(n) if d not in deleted])
        else:
            parts.append(range(base, base + n))  # no set of a segment's docnums copied into another
    return frozenset(chain.from_iterable(parts))


def _live_bitmap(reader) -> FrozenBitMap:
    """Every docnum not deleted, as a bitmap (a range of docnums when none is)."""
    if not reader.has_deletions():
        return FrozenBitMap(range(reader.doc_count_all()))
    return frozen(array("i", sorted(_live_docs(reader))))


def _term_bitmap(reader, fieldname: str, text) -> FrozenBitMap:
    """Global docnums of a term's postings (deleted docs excluded), a bitmap."""
    return frozen(array("i", _term_postings(reader, fieldname, text)[0]))


def _is_date(v) -> bool:
    return isinstance(v, int) and 10000101 <= v <= 99991231


def _term_docs(reader, fieldname: str, text) -> set[int]:
    """Global docnums of a term's postings (deleted docs excluded)."""
    return set(_term_postings(reader, fieldname, text)[0])
