"""A faster whoosh segment writer: postings grouped per term as documents arrive.

Whoosh's ``SegmentWriter`` puts one ``(field, term, docnum, weight, value)``
tuple per posting into a pool, sorts all of them at the end (spilling pickled
sorted runs to disk when the pool is full), then hands them one by one to the
codec, looking up each posting's field length in the just-written length
column. About half of the indexing time went there.

:class:`FastSegmentWriter` keeps the same segment files (the whoosh3 codec,
the same postings once read) but

- groups postings per ``(field, term)`` in arrays as documents arrive
  (documents arrive in docnum order, so each term's postings are already
  sorted; only the distinct terms are sorted at the end);
- remembers each document's field lengths while adding them, instead of
  reading them back from the length column per posting;
- writes each term's postings block by block (128 a block, like whoosh)
  without going through ``add_posting`` per posting, pickled with protocol
  4 (:data:`BLOCK_PICKLE_PROTOCOL`) where whoosh uses 2: protocol 2 pickles
  each ``bytes`` posting value as a ``_codecs.encode`` call on a latin-1
  string, about 20 bytes more a posting, so posting files are half the size.
  Any Python 3 ``pickle.loads`` (whoosh's reader) reads either.

Memory stays bounded: when the pool's estimate passes ``limitmb``, its terms
are written to a sorted run file in the writer's temporary folder and merged
(term by term) when the segment is flushed.
"""
from __future__ import annotations

import heapq
import os
import pickle
from array import array
from itertools import accumulate, repeat

from whoosh.writing import SegmentWriter

from ...formats import PackedPositions
from ...formats.spans import _ONE_POSITION, pack_occurrences

from . import internals  # every private Whoosh name used here goes through it

# rough bytes of Python memory per distinct term and per posting in the pool
# (a flat list [docnum, weight, value, ...] per term: three list slots and often a
# float object a posting; a two-byte value is a shared object)
_TERM_COST = 330
_POSTING_COST = 36
_RUN_CHUNK = 2000  # terms per pickle in a run file
_CACHE_CHARS = 300  # longest value of a cached field whose postings are remembered
_CACHE_ENTRIES = 4096  # remembered values per writer (then the memo starts over)
# Posting blocks whose pickle is shorter than this are stored uncompressed:
# most terms have one to three postings, and zlib spends ~10 us setting up
# for each block to make a 40-byte pickle longer.
COMPRESS_MIN = 128
# Posting blocks are pickled with this protocol (whoosh's writer uses 2; see above).
BLOCK_PICKLE_PROTOCOL = 4


def _state(p: list):
    """A term's flat postings list as bytes objects (for a sorted run file)."""
    values = p[2::3]
    return (array("I", p[0::3]).tobytes(), array("d", p[1::3]).tobytes(), b"".join(values),
            array("I", [len(v) for v in values]).tobytes())


def _from_state(state) -> list:
    """The flat postings list of :func:`_state`'s bytes."""
    ids, weights, sizes = array("I"), array("d"), array("I")
    ids.frombytes(state[0])
    weights.frombytes(state[1])
    data = state[2]
    sizes.frombytes(state[3])
    ends = list(accumulate(sizes))
    p = [None] * (3 * len(ids))
    p[0::3] = ids.tolist()
    p[1::3] = weights.tolist()
    p[2::3] = [data[a:b] for a, b in zip([0, *ends[:-1]], ends)]
    return p


def _value_list(p: list) -> list[bytes]:
    """Each posting's value as a bytes object of its own (cut from their join),
    as posting blocks have always pickled them: shared objects would pickle as
    memo references, and the postings file would not be the same bytes."""
    values = p[2::3]
    data = b"".join(values)
    ends = list(accumulate([len(v) for v in values]))
    return [data[a:b] for a, b in zip([0, *ends[:-1]], ends)]


def _sort_postings(p: list) -> None:
    """Order a flat postings list by docnum (stable), in place."""
    order = sorted(range(len(p) // 3), key=p[0::3].__getitem__)
    p[:] = [x for i in order for x in p[3 * i:3 * i + 3]]


class GroupedPool:
    """Postings grouped by field, then by term (``btext``); spills sorted runs past ``limitmb``."""

    def __init__(self, tempstore, limitmb=128):
        self.tempstore = tempstore
        self.limit = limitmb * 1024 * 1024
        self.size = 0
        # fieldname -> {btext: flat postings list [docnum, weight, value, docnum, ...]}
        self.fields: dict[str, dict] = {}
        self.runs: list[str] = []
        self.unsorted = False  # a term got a docnum lower than its last one

    # -- adding ------------------------------------------------------------

    def add_items(self, fieldname, docnum, items, boost=1.0) -> int:
        """Add one document's postings of one field; returns the summed frequency."""
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        get = terms.get
        if type(items) is not list and type(items) is not tuple:
            items = list(items)
        length = 0
        size = _POSTING_COST * len(items)
        for btext, freq, weight, vbytes in items:
            length += freq
            if vbytes:
                size += len(vbytes)
            else:
                vbytes = b""
            p = get(btext)
            if p is None:
                terms[btext] = [docnum, weight * boost, vbytes]
                size += _TERM_COST + len(btext)
            else:
                p += (docnum, weight * boost, vbytes)
        self.size += size
        if self.size > self.limit:
            self.save()
        return length

    def add_occurrences(self, fieldname, docnum, seen: dict, field_boost: float, boost=1.0) -> int:
        """Add one document's postings of one positions-only field from
        ``{btext: [weight, position, ...]}`` (what :meth:`add_items` gets
        through :meth:`searcher.formats.PackedPositions.index_items`, without
        the list of tuples between); returns the summed frequency."""
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        get = terms.get
        one = _ONE_POSITION
        length = len(seen)
        size = _POSTING_COST * length
        # x * 1.0 is x: without boosts the weight is the summed term weight as it is
        plain = field_boost == 1.0 and boost == 1.0
        for btext, occ in seen.items():
            if len(occ) == 2 and occ[1] < 4096:  # one occurrence (most postings): pack_occurrences inlined
                vbytes = one[occ[1]]
            else:
                vbytes = pack_occurrences(occ)
                length += len(occ) - 2
                size += len(vbytes)
            # the same float operations, in the same order, as before
            weight = occ[0] if plain else occ[0] * field_boost * boost
            p = get(btext)
            if p is None:
                terms[btext] = [docnum, weight, vbytes]
                size += _TERM_COST + len(btext)
            else:
                p += (docnum, weight, vbytes)
        self.size += size
        if self.size > self.limit:
            self.save()
        return length

    def add(self, item) -> None:
        """Whoosh's pool interface: one ``(fieldname, btext, docnum, weight, vbytes)``
        posting (used when whoosh merges segments into this writer)."""
        fieldname, btext, docnum, weight, vbytes = item
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        vbytes = vbytes or b""
        p = terms.get(btext)
        if p is None:
            terms[btext] = [docnum, float(weight), vbytes]
            self.size += _TERM_COST + len(btext)
        else:
            if docnum < p[-3]:
                self.unsorted = True
            p += (docnum, float(weight), vbytes)
        self.size += _POSTING_COST + len(vbytes)
        if self.size > self.limit:
            self.save()

    def _sorted_terms(self):
        """``((fieldname, btext), postings)`` of the pool, in key order."""
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            for btext in sorted(terms):
                yield (fieldname, btext), terms[btext]

    # -- runs ----------------------------------------------------------------

    def save(self) -> None:
        """Write the pool's terms, sorted, to a run file and empty the pool."""
        if not self.fields or self.unsorted:
            return  # unsorted postings must be sorted as a whole; keep them in memory
        name = "%s.grun" % os.urandom(12).hex()
        f = self.tempstore.create_file(name).raw_file()
        try:
            chunk = []
            for k, p in self._sorted_terms():
                chunk.append((k, _state(p)))
                if len(chunk) >= _RUN_CHUNK:
                    pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
                    chunk = []
            if chunk:
                pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
        finally:
            f.close()
        self.runs.append(name)
        self.fields = {}
        self.size = 0

    def _read_run(self, name):
        f = self.tempstore.open_file(name).raw_file()
        try:
            while True:
                try:
                    chunk = pickle.load(f)
                except EOFError:
                    return
                for key, state in chunk:
                    yield key, _from_state(state)
        finally:
            f.close()

    def iter_terms(self):
        """``(key, postings)`` in key order, each term's postings in docnum order."""
        current = self._sorted_terms()
        if self.runs:
            current = self._merged([self._read_run(name) for name in self.runs] + [current])
        if not self.unsorted:
            return current
        return ((k, p) for k, p in current if _sort_postings(p) or True)

    @staticmethod
    def _merged(streams):
        merged = heapq.merge(*streams, key=lambda kp: kp[0])  # stable: earlier runs first
        last_key = last = None
        for key, p in merged:
            if key == last_key:
                last += p
                continue
            if last is not None:
                yield last_key, last
            last_key, last = key, p
        if last is not None:
            yield last_key, last

    def iter_postings(self):
        """Whoosh's pool interface: every posting as a tuple, sorted."""
        for (fieldname, btext), p in self.iter_terms():
            for d, weight, value in zip(p[0::3], p[1::3], _value_list(p)):
                yield fieldname, btext, d, weight, value

    def cleanup(self) -> None:
        for name in self.runs:
            try:
                self.tempstore.delete_file(name)
            except OSError:
                pass
        self.runs = []
        self.fields = {}


class FastSegmentWriter(SegmentWriter):
    """``SegmentWriter`` with :class:`GroupedPool` and a block-wise postings flush."""

    def __init__(self, ix, poolclass=None, limitmb=128, cached_fields=(), **kwargs):
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = GroupedPool(internals.writer_temp_storage(self), limitmb=limitmb)
        # fields whose values repeat from document to document (an issuer, a
        # year): their postings are computed once per distinct short value
        self._cached_fields = frozenset(cached_fields)
        self._index_cache: dict = {}
        self._lengths: dict[str, array] = {}  # fieldname -> length of each docnum
        self._plans: dict[str, tuple] = {}  # fieldname -> what adding its values involves (_plan)
        self._wrap_perdoc_lengths()

    def _wrap_perdoc_lengths(self) -> None:
        """Note every field length given to the per-document writer (added
        documents and documents copied from merged segments alike)."""
        pdw = self.perdocwriter
        add_field = pdw.add_field
        lengths = self._lengths

        def noting_add_field(fieldname, fieldobj, value, length):
            if length:
                arr = lengths.get(fieldname)
                if arr is None:
                    arr = lengths[fieldname] = array("I")
                d = internals.perdoc_docnum(pdw)
                n = len(arr)
                if d == n:
                    arr.append(length)
                elif d > n:
                    arr.extend(repeat(0, d - n))
                    arr.append(length)
                else:
                    arr[d] = length
            add_field(fieldname, fieldobj, value, length)

        pdw.add_field = noting_add_field

    def _plan(self, fieldname: str) -> tuple:
        """What adding a value of ``fieldname`` involves, worked out once per writer."""
        field = self.schema[fieldname]
        plan = self._plans[fieldname] = (
            field, field.indexed, field.scorable, field.separate_spelling(), field.vector,
            field.stored, field.column_type, "_stored_%s" % fieldname,
        )
        return plan

    def add_document(self, **fields):
        internals.writer_check_state(self)
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        pool = self.pool

        docboost = internals.writer_doc_boost(self, fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        internals.writer_check_fields(self, schema, fieldnames)
        extras = len(fieldnames) != len(fields)  # "_boost", "_stored_x", "_x_boost" keys
        plans = self._plans

        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields[fieldname]
                if value is None:
                    continue
                field, indexed, scorable, spelling, vector, stored, column, stored_key = (
                    plans.get(fieldname) or self._plan(fieldname))

                length = 0
                if indexed:
                    fieldboost = (internals.writer_field_boost(self, fields, fieldname, docboost)
                                  if extras else docboost)
                    freq = self._add_postings(fieldname, field, value, docnum, fieldboost)
                    if scorable:
                        length = freq

                if spelling:
                    from whoosh.compat import utf8encode

                    spellfield = field.spelling_fieldname(fieldname)
                    for word in field.spellable_words(value):
                        pool.add((spellfield, utf8encode(word)[0], 0, 1, None))

                if vector:
                    vitems = vector.word_values(value, field.analyzer, mode="index")
                    vitems = sorted((text, weight, vbytes) for text, _, weight, vbytes in vitems)
                    perdocwriter.add_vector_items(fieldname, field, vitems)

                customval = fields.get(stored_key, value) if extras else value
                perdocwriter.add_field(fieldname, field, customval if stored else None, length)

                if column and customval is not None:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(customval))
        except Exception:
            perdocwriter.cancel_doc()
            raise

        perdocwriter.finish_doc()
        internals.writer_mark_added(self)
        self.docnum += 1

    def _add_postings(self, fieldname, field, value, docnum: int, boost: float) -> int:
        """Pool one field's postings of a document; returns the summed frequency."""
        pool = self.pool
        if fieldname in self._cached_fields:
            return pool.add_items(fieldname, docnum, self._cached_index(fieldname, field, value), boost)
        if type(field.format) is PackedPositions and type(value) is str:
            # the text fields: each distinct word's terms worked out once
            fast = getattr(field.analyzer, "position_postings", None)
            seen = fast(value) if fast is not None else None
            if seen is not None:
                return pool.add_occurrences(fieldname, docnum, seen, field.format.field_boost, boost)
        return pool.add_items(fieldname, docnum, field.index(value), boost)

    def _cached_index(self, fieldname, field, value):
        """``field.index(value)``, remembered for short values."""
        if not (type(value) is int or (type(value) is str and len(value) <= _CACHE_CHARS)):
            return field.index(value)
        cache = self._index_cache
        key = (fieldname, value)
        items = cache.get(key)
        if items is None:
            if len(cache) >= _CACHE_ENTRIES:
                cache.clear()
            items = cache[key] = tuple(field.index(value))
        return items

    def _flush_segment(self):
        self.perdocwriter.close()
        _write_terms(self.fieldwriter, self.schema, self.pool.iter_terms(), self._lengths)
        self.fieldwriter.close()


def _write_terms(fw, schema, terms, lengths) -> None:
    """Write grouped postings through a whoosh3 field writer, a block at a time.

    Produces the same blocks as ``FieldWriter.add_postings`` fed one posting
    at a time: ``blocklimit`` postings a block, the same statistics per block
    (maximum weight, shortest and longest field length), the last block
    written by ``finish_term``."""
    if not internals.is_w3_field_writer(fw):  # pragma: no cover - another codec
        raise TypeError(f"unsupported field writer {type(fw).__name__}")
    empty = array("I")
    lastfn = None
    fieldobj = lens = None
    fixed = -1
    nlens = 0
    for (fieldname, btext), p in terms:
        if fieldname != lastfn:
            if lastfn is not None:
                fw.finish_field()
            fieldobj = schema[fieldname]
            fw.start_field(fieldname, fieldobj)
            internals.write_blocks_with(internals.postings_writer(fw), _write_block)
            lastfn = fieldname
            lens = lengths.get(fieldname, empty)
            nlens = len(lens)
            fixed = fieldobj.format.fixed_value_size()
        if len(p) == 3:  # one posting (most terms): no lists to work out
            _write_one_posting(fw, btext, p, lens, nlens)
            continue
        pw = internals.postings_writer(fw)
        limit = internals.block_limit(pw)
        ids, weights = p[0::3], p[1::3]
        n = len(ids)
        values = _value_list(p)
        holes = fixed == 0 or not all(values)
        if n <= limit:  # one block (most terms): written in one go
            mw = max(weights)
            bl = [lens[d] if d < nlens else 0 for d in ids]
            nz = [x for x in bl if x]
            internals.write_one_block_term(
                fw, btext, ids, array("f", weights), mw if mw > 0 else 0,
                [v for v in values if v] if holes else values,
                min(nz) if nz else None, max(bl) if bl else 0,
                BLOCK_PICKLE_PROTOCOL, COMPRESS_MIN,
            )
            continue
        _write_blocks(fw, pw, btext, ids, weights, values, holes, lens, limit)
    if lastfn is not None:
        fw.finish_field()
    internals.reset_postings_writer(fw)


def _write_blocks(fw, pw, btext: bytes, ids, weights, values, holes: bool, lens, limit: int) -> None:
    """Write a term of more postings than one block holds, ``limit`` postings a block."""
    n, nlens = len(ids), len(lens)
    fw.start_term(btext)
    for lo in range(0, n, limit):
        hi = min(lo + limit, n)
        block_ids = ids[lo:hi]
        block_weights = weights[lo:hi]
        mw = max(block_weights)
        bl = [lens[d] if d < nlens else 0 for d in block_ids]
        nz = [x for x in bl if x]
        internals.fill_block(  # empty values are not kept (as in add_posting)
            pw, ids=block_ids, weights=array("f", block_weights), maxweight=mw if mw > 0 else 0,
            values=[v for v in values[lo:hi] if v] if holes else values[lo:hi],
            minlength=min(nz) if nz else None, maxlength=max(bl) if bl else 0,
        )
        if hi < n:
            _write_block(pw)
    fw.finish_term()


def _write_one_posting(fw, btext: bytes, p: list, lens, nlens: int) -> None:
    """Write a term of one posting (``p`` is ``[docnum, weight, value]``): the block
    :func:`_write_terms` would write, without its lists."""
    d, w, v = p
    length = lens[d] if d < nlens else 0
    internals.write_one_block_term(
        fw, btext, [d], array("f", [w]), w if w > 0 else 0, [v] if v else [],
        length or None, length, BLOCK_PICKLE_PROTOCOL, COMPRESS_MIN,
    )


def _write_block(pw, last=False):
    """``W3PostingsWriter._write_block`` with small blocks left uncompressed
    (the block header says whether a block is compressed; readers honour it)
    and the block pickled with :data:`BLOCK_PICKLE_PROTOCOL`."""
    internals.write_postings_block(pw, last, protocol=BLOCK_PICKLE_PROTOCOL, compress_min=COMPRESS_MIN)
