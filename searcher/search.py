"""Run searches on one opened Whoosh index: hits, paging, facets, snippets, stats.

:class:`SearchEngine` is what :class:`searcher.store.Index` delegates to.

How a search runs:

1. The query text becomes Whoosh queries (:mod:`searcher.query`), one per
   top-level clause; filters become a set of allowed docnums (issuer and
   person terms matched against the small vocabularies of ``issuer_names`` /
   ``persons``; the date range by bisecting a per-generation date index).
2. The exact set of matching docnums of every relaxing stage is computed with
   set operations on posting lists (frozensets of docnums per term). Phrases
   are set intersections of the words' occurrence keys (``position << bits |
   docnum``), shifted by each word's offset. This gives exact totals and
   facets without Whoosh's per-posting matcher calls.
3. Scores are BM25F (Whoosh's formula and statistics), kept per term as a
   {docnum: score} dict and read only at the stage's docs (``map`` in C, summed
   in the order Whoosh-style dict sums would add them); the top ``offset +
   limit`` are taken stage by stage with heapq.
4. Snippets read the match character offsets of the query's terms from the
   postings (``chars=True``) for the page's hits only, jumping straight to the
   posting block that holds a hit (a per-term block directory).

Every per-term structure above (docnum set + scores, occurrence keys, block
directory) depends only on the index generation, so it lives in a bounded LRU
(:class:`_Cache`) with the per-generation tables: one memory budget per engine
(``Index(path, cache_mb=...)``, env ``SEARCHER_CACHE_MB``, estimated bytes).
Query words follow a Zipf law, and the common terms, whose posting lists cost
most to decode, are the ones that recur.

Threads: one Whoosh searcher per thread (Whoosh searchers are not meant to
be shared), renewed when a writer has committed, so readers see new commits
and are never blocked. Lookup tables (vocabularies, columns, the date index,
field lengths) are cached per index generation, in the same budget, and shared
by all threads.

No Whoosh object leaves this module: :func:`_to_hit` copies a hit's stored
fields into a :class:`~searcher.models.Hit` while the searcher is open.
"""
from __future__ import annotations

import bisect
import datetime as _dt
import heapq
import json
import os
import re
import sys
import threading
from array import array
from collections import Counter, OrderedDict
from itertools import repeat
from operator import add
from itertools import accumulate
from typing import AbstractSet as Set, Any, Iterable, Mapping, Optional, Sequence, Union

from . import snippets as _snippets
from .errors import QueryError, UsageError
from .models import Hit, SearchResult, Snippet, Stats
from .query import (
    MAX_CANDIDATES,
    MAX_EXPANSIONS,
    MAX_QUERY_EXPANSIONS,
    MAX_SUGGESTED,
    TEXT_FIELDS,
    Budget,
    Builder,
    Node,
    literal_query,
    normalize_text,
    parse_date_bound,
    parse_literal,
    parse_query,
    query_words,
    top_clauses,
)
from .parse.quotes.names import name_matches
from .schema import date_to_int, int_to_date, person_key, persons_quoted_of

SORTS = ("relevance", "newest", "oldest")
MAX_LIMIT = 1000
FACET_PERSONS = 20  # the person facet lists the most quoted persons only
STATS_PERSONS = 20
_MAX_EXPANSION = 64  # prefix/fuzzy terms read per query for highlighting
# The budget (MiB, estimated) of everything a SearchEngine caches: decoded posting data and
# the per-generation tables; None: read SEARCHER_CACHE_MB (checked) when the engine first
# searches, never at import. Index(path, cache_mb=...) sets it per index.
CACHE_MB: Optional[float] = None
# Also a cap on the postings/occurrences held by the per-term entries; None: read
# SEARCHER_TERM_CACHE (unset: no cap besides the budget)
TERM_CACHE_POSTINGS: Optional[int] = None
# A query whose words match fewer releases than this also gets those with only
# the head of its first word, if that is a compound (Strassenrennen: Rennen).
BACKOFF_BELOW = 10

# forms of address and titles a user may type before a name (--person "Dr. Vogel")
_PERSON_TITLES = re.compile(r"^(?:(?:dr|prof|frau|herr|staatsministerin|staatsminister|ministerin|minister)\s+)+")

DateLike = Union[str, _dt.date, None]
Names = Union[str, Sequence[str], None]


def _norm(text: str) -> str:
    """Folded words separated by single spaces (punctuation dropped), for vocabulary matching."""
    from .analysis import fold

    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


def _names(value: Names) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    return [v for v in (normalize_text(str(x)).strip() for x in value) if v]


# A prefix* word reads at most this many of the index's terms with that prefix
# (in alphabetical order) before keeping the MAX_EXPANSIONS most frequent.
MAX_PREFIX_SCAN = 20_000


class _Vocabulary:
    """The terms of the text fields, for bounded prefix and fuzzy expansion and
    did-you-mean: per (field, first letter), built lazily once per generation,
    the terms by length, most frequent first. A fuzzy word is compared with at
    most MAX_CANDIDATES terms (the most frequent of the lengths it can reach)
    instead of every term of the field."""

    def __init__(self, cache: "_GenerationCache"):
        self._buckets = cache  # keys ("bucket", field, first letter)

    @staticmethod
    def _scan(reader, field: str, prefix: str, bound: Optional[int] = None):
        """({btext: doc frequency}, cut) of the field's terms with this prefix,
        summed over the segments; at most ``bound`` terms per segment."""
        dfs: dict[bytes, int] = {}
        cut = False
        for leaf, _ in reader.leaf_readers():
            if field not in leaf.schema:
                continue
            try:
                it = leaf.iter_prefix(field, prefix)
            except Exception:  # pragma: no cover - field absent in this segment
                continue
            for n, (btext, info) in enumerate(it):
                if bound is not None and n >= bound:
                    cut = True
                    break
                dfs[btext] = dfs.get(btext, 0) + info.doc_frequency()
        return dfs, cut

    def _bucket(self, reader, field: str, first: str) -> dict[int, list]:
        key = ("bucket", field, first)
        got = self._buckets.get(key)
        if got is None:
            dfs, _ = self._scan(reader, field, first)
            got = {}
            nbytes = sys.getsizeof(got)
            for btext, df in dfs.items():
                term = btext.decode("utf-8") if isinstance(btext, bytes) else btext
                got.setdefault(len(term), []).append((-df, term, btext))
                nbytes += _TERM_ENTRY + sys.getsizeof(term) + sys.getsizeof(btext)
            for terms in got.values():
                terms.sort()
                nbytes += sys.getsizeof(terms)
            self._buckets.put(key, got, nbytes)
        return got

    def prefix_terms(self, reader, field: str, prefix: str, budget: Optional[Budget] = None) -> tuple[list, bool]:
        """(the MAX_EXPANSIONS most frequent terms with this prefix, or fewer
        when the query's budget is short; cut)."""
        if field not in reader.schema or not prefix:
            return [], False
        dfs, cut = self._scan(reader, field, prefix, MAX_PREFIX_SCAN)
        n = _spend_terms(budget, len(dfs))
        best = heapq.nsmallest(n, ((-df, t) for t, df in dfs.items()))
        return [t for _, t in best], cut or len(dfs) > n

    def similar(self, reader, field: str, text: str, maxdist: int, prefixlength: int = 1,
                budget: Optional[Budget] = None):
        """([(distance, -doc frequency, term, btext)] of the terms within
        ``maxdist`` edits (Damerau-Levenshtein) sharing the first
        ``prefixlength`` letters, most frequent first; cut): only the
        MAX_CANDIDATES most frequent terms of the reachable lengths are compared."""
        from whoosh.support.levenshtein import distance

        if field not in reader.schema or not text:
            return [], False
        buckets = self._bucket(reader, field, text[:1])
        lists = [buckets.get(n, ()) for n in range(max(1, len(text) - maxdist), len(text) + maxdist + 1)]
        head = text[:prefixlength]
        out = []
        compared = 0
        cut = False
        bound = MAX_CANDIDATES if budget is None else min(MAX_CANDIDATES, budget.compared)
        for neg_df, term, btext in heapq.merge(*lists):
            if compared >= bound:
                cut = True
                break
            compared += 1
            if not term.startswith(head):
                continue
            d = distance(term, text, limit=maxdist)
            if d <= maxdist:
                out.append((d, neg_df, term, btext))
        if budget is not None:
            budget.compared -= compared
        return out, cut

    def fuzzy_terms(self, reader, field: str, text: str, maxdist: int, prefixlength: int,
                    budget: Optional[Budget] = None, typed: Optional[str] = None) -> tuple[list, bool]:
        """(the MAX_EXPANSIONS most frequent terms near ``text``, or fewer when
        the query's budget is short; cut). With ``typed`` (the word as typed,
        folded and lower case), also the terms that are a beginning of it
        whose rest is within ``maxdist`` edits of a German ending
        (``brandstiftng``: ``brandstift`` + ``ng`` ~ ``ung``), nearest first."""
        found, cut = self.similar(reader, field, text, maxdist, prefixlength, budget)
        if typed:
            have = {t for _, _, t, _ in found}
            extra = [f for f in _typed_stems(reader, field, typed, maxdist) if f[2] not in have]
            found = sorted(found + extra)
        n = _spend_terms(budget, len(found))
        return [b for _, _, _, b in found[:n]], cut or len(found) > n


def _endings() -> frozenset:
    """What Snowball's German stemmer cuts off a word (its three steps'
    suffixes, in the order they stand in a word), joined: ``ung``, ``ungen``,
    ``lichen``, ... and the empty ending."""
    global _ENDINGS
    if _ENDINGS is None:
        step1 = ("", "e", "em", "en", "ern", "er", "es", "s")
        step2 = ("", "en", "er", "est", "st")
        step3 = ("", "end", "ung", "ig", "ik", "isch", "lich", "heit", "keit")
        _ENDINGS = frozenset(a + b + c for a in step3 for b in step2 for c in step1)
    return _ENDINGS


_ENDINGS: Optional[frozenset] = None
_MAX_ENDING = 8  # letters of a typed word read as a mistyped ending


def _typed_stems(reader, field: str, typed: str, maxdist: int) -> list:
    """[(distance, -doc frequency, term, btext)] of the field's terms that
    begin ``typed`` (3 letters or more) where the rest of ``typed`` is within
    ``maxdist`` edits of a German ending but not an ending itself (that is
    the ordinary stem): at most _MAX_ENDING lookups."""
    from whoosh.support.levenshtein import distance

    out = []
    endings = _endings()
    for cut in range(max(3, len(typed) - _MAX_ENDING), len(typed) + 1):
        stem, rest = typed[:cut], typed[cut:]
        if rest in endings:
            continue
        near = min((distance(rest, e, limit=maxdist) for e in endings if abs(len(e) - len(rest)) <= maxdist),
                   default=maxdist + 1)
        if near > maxdist:
            continue
        btext = stem.encode("utf-8")
        try:
            df = reader.doc_frequency(field, btext)
        except Exception:  # pragma: no cover - field absent
            df = 0
        if df:
            out.append((near, -df, stem, btext))
    return out


def _spend_terms(budget: Optional[Budget], available: int) -> int:
    """How many of ``available`` expansion terms to take (MAX_EXPANSIONS, or
    what is left of the query's budget), taken from the budget."""
    n = min(MAX_EXPANSIONS, available)
    if budget is not None:
        n = min(n, max(0, budget.terms))
        budget.terms -= n
    return n


def _named_terms(vocab: Sequence[tuple[str, Any]], values: Sequence[str]) -> list:
    """The raw terms of ``vocab`` ((normalised name, raw term) pairs) that each
    value names: the whole name, or a run of its words (``Soziales`` finds the
    ministry, ``Kreuzberg`` finds ``Friedrichshain-Kreuzberg``)."""
    terms = []
    for value in values:
        v = _norm(value)
        if v:
            terms += [raw for n, raw in vocab if n == v or f" {v} " in f" {n} "]
    return terms


def _person_variants_grouped(term_sets: Mapping[str, frozenset]) -> dict[str, frozenset]:
    """The person keys of an index with each shorter form folded into the one
    longer name it belongs to, so that facets and stats count a person as the
    ``--person`` filter finds them: a release quoting only ``Slowik`` counts
    for ``Barbara Slowik`` when she is the only quoted person whose name
    contains that run of words. A short form that fits several names (two
    people called Müller) stays apart; a first name alone never joins."""
    by_last: dict[str, list[str]] = {}
    for key in term_sets:
        for word in set(key.split()):
            by_last.setdefault(word, []).append(key)
    target: dict[str, str] = {}
    for key in term_sets:
        words = key.split()
        if not words:
            continue
        longer = [k for k in by_last.get(words[-1], ()) if len(k.split()) > len(words) and name_matches(key, k)]
        if len(longer) == 1:
            target[key] = longer[0]
    if not target:
        return dict(term_sets)
    out: dict[str, frozenset] = {k: d for k, d in term_sets.items() if k not in target}
    for short, full in target.items():
        out[full] = out.get(full, frozenset()) | term_sets[short]
    return out


def _term_cache_postings() -> Optional[int]:
    if TERM_CACHE_POSTINGS is not None:
        return TERM_CACHE_POSTINGS
    from . import settings

    return settings.get("SEARCHER_TERM_CACHE")


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
            got, nbytes = build()
            self.terms.put(key, got, nbytes)
        return got

    def _vocab_of(self, reader, fieldname: str) -> list[tuple[str, str]]:
        def build():
            vocab = [(_norm(t), t) for t in _field_terms(reader, fieldname)]
            size = sys.getsizeof(vocab) + sum(sys.getsizeof(p) + sys.getsizeof(p[0]) + sys.getsizeof(p[1]) for p in vocab)
            return vocab, size

        return self._table(("vocab", fieldname), build)

    def issuer_vocab(self, reader) -> list[tuple[str, str]]:
        return self._vocab_of(reader, "issuer_names")

    def person_vocab(self, reader) -> list[tuple[str, str]]:
        return self._vocab_of(reader, "persons")

    def term_sets(self, reader, fieldname: str) -> dict[str, frozenset]:
        """{term: docnums} for every term of a small keyword-like field
        (issuer_key, year, persons): facets and stats count with set
        intersections instead of reading a value per document."""

        def build():
            got = {t: frozenset(_term_docs(reader, fieldname, t)) for t in _field_terms(reader, fieldname)}
            got = {t: d for t, d in got.items() if d}  # terms of deleted docs only
            return got, _sets_bytes(got)

        return self._table(("sets", fieldname), build)

    def live(self, reader) -> frozenset:
        def build():
            live = _live_docs(reader)
            return live, _ints_bytes(live)

        return self._table(("live",), build)

    def union_of(self, reader, fieldname: str, terms: Iterable[str]) -> set[int]:
        """Docnums having any of these terms of a filter field (issuer_names, persons)."""
        out: set[int] = set()
        for t in dict.fromkeys(terms):

            def build():
                docs = frozenset(_term_docs(reader, fieldname, t))
                return docs, _ints_bytes(docs)

            out |= self._table(("filter", fieldname, t), build)
        return out

    def _date_index(self, reader):
        """(sorted dates, their docnums, undated docnums) of the live releases."""

        def build():
            col = self._date_col(reader)
            live = self.live(reader)
            pairs = sorted((col[d], d) for d in live if d < len(col) and _is_date(col[d]))
            undated = sorted(d for d in live if not (d < len(col) and _is_date(col[d])))
            dates = ([v for v, _ in pairs], [d for _, d in pairs], undated)
            # the dates are the column's int objects; the docnums may outlive the live set
            return dates, sys.getsizeof(dates[0]) + _ints_bytes(dates[1]) + _ints_bytes(undated)

        return self._table(("dates",), build)

    def date_range(self, reader, lo: Optional[int], hi: Optional[int]) -> set[int]:
        """Docnums dated lo..hi (yyyymmdd, inclusive; None = open end)."""
        keys, docnums, _ = self._date_index(reader)
        i = bisect.bisect_left(keys, lo) if lo is not None else 0
        j = bisect.bisect_right(keys, hi) if hi is not None else len(keys)
        return set(docnums[i:j])

    def by_date(self, reader, docs: set[int], n: int, newest: bool) -> list[int]:
        """The first ``n`` of ``docs`` by date (newest or oldest first); undated last."""
        keys, docnums, undated = self._date_index(reader)
        if len(docs) <= 4 * n + 1000:
            col = self._date_col(reader)
            dated = [d for d in docs if d < len(col) and _is_date(col[d])]
            dated.sort(key=lambda d: (col[d], d), reverse=newest)
            rest = sorted(d for d in docs if not (d < len(col) and _is_date(col[d])))
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

    def month_sets(self, reader) -> dict[str, frozenset]:
        """{"YYYY-MM": docnums} of the dated live releases, from the date index."""

        def build():
            keys, docnums, _ = self._date_index(reader)
            groups: dict[str, list[int]] = {}
            for key, d in zip(keys, docnums):
                groups.setdefault(f"{key // 10000:04d}-{key // 100 % 100:02d}", []).append(d)
            months = {m: frozenset(ds) for m, ds in groups.items()}
            return months, _sets_bytes(months)

        return self._table(("months",), build)

    def field_lengths(self, reader, field: str) -> list[float]:
        """Per-docnum length of a text field, as Whoosh's BM25F reads it (0 -> 1)."""

        def build():
            lengths = _field_lengths(reader, field)
            return lengths, sys.getsizeof(lengths)  # the floats are shared (one per length byte)

        return self._table(("lengths", field), build)

    def _date_col(self, reader) -> list:
        def build():
            col = _column_values(reader, "date")
            return col, _ints_bytes(col)

        return self._table(("datecol",), build)


def _field_lengths(reader, field: str) -> list[float]:
    """Per-docnum field lengths as BM25F sees them (Whoosh stores a length
    byte per document; 0 counts as 1)."""
    from whoosh.util.numeric import byte_to_length

    table = [float(byte_to_length(b)) or 1.0 for b in range(256)]
    out: list[float] = []
    for leaf, base in reader.leaf_readers():
        n = leaf.doc_count_all()
        try:
            from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

            col = leaf._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
        except Exception:  # pragma: no cover - another codec
            out.extend(float(leaf.doc_field_length(d, field, 1) or 1) for d in range(n))
            continue
        if col is None:
            out.extend([1.0] * n)
        else:
            out.extend(table[b] for b in _raw_numbers(col, n))
    return out


def _raw_numbers(col, n: int) -> list:
    """The n values of a Whoosh numeric column, read in one piece when possible
    (indexing the column costs several Python calls per document)."""
    from array import array

    try:
        typecode, fixedlen, count = col._typecode, col._fixedlen, col._count
        raw = col._dbfile.get(col._basepos, fixedlen * count)
        values = array(typecode)
        values.frombytes(bytes(raw))
        if sys.byteorder == "little" and fixedlen > 1:
            values.byteswap()  # columns are big-endian ("!" structs)
        out = values.tolist()
        if count < n:
            out.extend([col._default] * (n - count))
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
        out.extend(map(field.from_column_value, _raw_numbers(col, n)))
    return out


def _live_docs(reader) -> frozenset:
    """Every docnum not deleted (Whoosh's all_doc_ids asks each document)."""
    out: set[int] = set()
    for leaf, base in reader.leaf_readers():
        n = leaf.doc_count_all()
        if leaf.has_deletions():
            deleted = getattr(leaf, "deleted_docs_set", None)  # a cached property in 2.7.5
            if callable(deleted):
                deleted = deleted()
            if deleted is None:  # pragma: no cover - another reader
                deleted = {d for d in range(n) if leaf.is_deleted(d)}
            out.update(base + d for d in range(n) if d not in deleted)
        else:
            out.update(range(base, base + n))
    return frozenset(out)


def _is_date(v) -> bool:
    return isinstance(v, int) and 10000101 <= v <= 99991231


def _term_docs(reader, fieldname: str, text) -> set[int]:
    """Global docnums of a term's postings (deleted docs excluded)."""
    return set(_term_postings(reader, fieldname, text)[0])


def _term_postings(reader, fieldname: str, text, values: bool = False):
    """(global docnums, weights, encoded values or None) of a term's postings,
    read a block at a time.

    Whoosh's W3 leaf matcher decodes a block of up to 128 postings at once;
    taking whole blocks avoids three Python calls per posting, which is what
    makes exact totals, filters and facets affordable.
    """
    from whoosh.matching.wrappers import FilterMatcher

    ids: list[int] = []
    weights: list[float] = []
    vals: Optional[list] = [] if values else None
    for leaf, base in reader.leaf_readers():
        try:
            m = leaf.postings(fieldname, text)
        except Exception:  # TermNotFound: not in this segment
            continue
        deleted = None
        if isinstance(m, FilterMatcher):
            deleted = m._ids
            m = m.child
        lids: list[int] = []
        lweights: list[float] = []
        lvals: list = []
        if all(hasattr(m, a) for a in ("_atend", "_ids", "_i", "_blocklength", "_read_ids", "_read_weights", "_read_values", "_next_block")):
            while not m._atend and m._i < m._blocklength:
                if m._ids is None:
                    m._read_ids()
                if m._weights is None:
                    m._read_weights()
                lids.extend(m._ids[m._i : m._blocklength])
                lweights.extend(m._weights[m._i : m._blocklength])
                if values:
                    if m._values is None:
                        m._read_values()
                    lvals.extend(m._values[m._i : m._blocklength])
                m._i = m._blocklength
                m._next_block()
        else:  # pragma: no cover - another codec
            while m.is_active():
                lids.append(m.id())
                lweights.append(m.weight())
                if values:
                    lvals.append(m.value())
                m.next()
        if deleted:
            keep = [i for i, d in enumerate(lids) if d not in deleted]
            lids = [lids[i] for i in keep]
            lweights = [lweights[i] for i in keep]
            lvals = [lvals[i] for i in keep] if values else lvals
        if base:
            lids = [d + base for d in lids]
        ids.extend(lids)
        weights.extend(lweights)
        if vals is not None:
            vals.extend(lvals)
    return ids, weights, vals


class _Cache:
    """The bounded LRU that holds every cached table of a :class:`SearchEngine`
    (all its index generations): per-term data derived from posting lists
    ((docnum frozenset, BM25F scores), the occurrence keys of phrase checks,
    posting block directories) and the per-generation tables (live docs, the
    date index, field lengths, filter vocabularies, facet term sets, the
    fuzzy/prefix vocabulary buckets).

    ``budget`` bounds the estimated bytes held (:func:`_ints_bytes` and
    friends: ``sys.getsizeof`` of the containers plus the objects they
    hold), the :attr:`packed` part (1/PACKED_SHARE of it: per-term data as
    arrays) included; ``postings``, when not None, also bounds the postings
    (or occurrences) of the per-term entries (``SEARCHER_TERM_CACHE``). A
    value larger than the room is returned without being kept, so a small
    budget makes searches slower, never different.

    Query words follow a Zipf law, so the common terms, whose posting lists
    cost most to read and decode, are the ones that recur. Plain LRU keeps
    them poorly when the terms searched do not all fit: a stream of rare
    terms pushes them out (and a workload cycling over more than fits misses
    every time). So a new entry that needs room is admitted only when it has
    been asked for more often than the entries it would evict (TinyLFU
    admission): the counts of recent requests (:attr:`_seen`) are halved
    every ``_AGE_EVERY`` requests, which bounds them and lets new favourites in.
    """

    _AGE_EVERY = 20_000  # requests between halvings of the request counts
    PACKED_SHARE = 4  # 1/4 of the budget holds per-term data packed in arrays

    def __init__(self, budget: int, postings: Optional[int] = None, packed: bool = True):
        self.budget = budget
        # Per-term data also kept packed (arrays: 12 bytes a posting, not ~170): a term
        # evicted from the main part comes back from there several times faster than
        # from the index (no decoding, no BM25F); see _DocSets.postings.
        self.packed: Optional[_Cache] = _Cache(budget // self.PACKED_SHARE, postings, False) if packed else None
        self._room = budget - (self.packed.budget if self.packed is not None else 0)
        self.postings_cap = postings
        self.size = 0  # estimated bytes held (main part)
        self.postings = 0  # postings/occurrences held by per-term entries
        self._items: "OrderedDict[tuple, tuple[Any, int, int]]" = OrderedDict()
        self._seen: dict[tuple, int] = {}  # recent requests per key, cached or not
        self._requests = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items) + (len(self.packed) if self.packed is not None else 0)

    @property
    def held(self) -> int:
        """Estimated bytes held, packed part included (at most ``budget``)."""
        return self.size + (self.packed.size if self.packed is not None else 0)

    def get(self, key):
        with self._lock:
            self._count(key)
            got = self._items.get(key)
            if got is None:
                return None
            self._items.move_to_end(key)
            return got[0]

    def _count(self, key) -> None:
        self._seen[key] = self._seen.get(key, 0) + 1
        self._requests += 1
        if self._requests >= self._AGE_EVERY:  # age: halve, forget the ones asked for once
            self._requests = 0
            self._seen = {k: n // 2 for k, n in self._seen.items() if n > 1}

    def put(self, key, value, nbytes: int, postings: int = 0):
        """Keep ``value`` (about ``nbytes`` bytes, ``postings`` postings) and
        evict the least recently used entries over the budget; returns ``value``."""
        nbytes = max(1, int(nbytes))
        if nbytes > self._room or (self.postings_cap is not None and postings > self.postings_cap):
            return value
        with self._lock:
            self._pop(key)
            if self.size + nbytes > self._room:
                # the least recently used entries that would make room; admitted only if asked
                # for more often than each of them (ties keep what is cached)
                wanted, freed, victims = self._seen.get(key, 0), 0, []
                for k, (_, n, _) in self._items.items():
                    if self.size - freed + nbytes <= self._room:
                        break
                    if self._seen.get(k, 0) >= wanted:
                        return value
                    victims.append(k)
                    freed += n
                for k in victims:
                    self._pop(k)
            self._items[key] = (value, nbytes, postings)
            self.size += nbytes
            self.postings += postings
            if self.postings_cap is not None and self.postings > self.postings_cap:
                over, oldest = self.postings - self.postings_cap, []
                for k, (_, _, n) in self._items.items():  # oldest first; stops when enough is freed
                    if over <= 0:
                        break
                    if n:
                        oldest.append(k)
                        over -= n
                for k in oldest:
                    self._pop(k)
        return value

    def drop(self, generation: int) -> None:
        """Forget every entry of an index generation no longer searched."""
        with self._lock:
            for key in [k for k in self._items if k[0] == generation]:
                self._pop(key)
        if self.packed is not None:
            self.packed.drop(generation)

    def _pop(self, key) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self.size -= old[1]
            self.postings -= old[2]


class _GenerationCache:
    """One generation's view of the engine's :class:`_Cache`: the same
    ``get``/``put``, with the generation put in front of every key."""

    def __init__(self, cache: _Cache, generation: int):
        self.cache = cache
        self.generation = generation

    def get(self, key):
        return self.cache.get((self.generation,) + key)

    def put(self, key, value, nbytes: int, postings: int = 0):
        return self.cache.put((self.generation,) + key, value, nbytes, postings)

    def get_packed(self, key):
        packed = self.cache.packed
        return None if packed is None else packed.get((self.generation,) + key)

    def put_packed(self, key, value, nbytes: int, postings: int = 0) -> None:
        if self.cache.packed is not None:
            self.cache.packed.put((self.generation,) + key, value, nbytes, postings)


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


def _sets_bytes(sets: Mapping[Any, frozenset]) -> int:
    """Estimated bytes of {key: frozenset of docnums} (keys strings)."""
    return sys.getsizeof(sets) + sum(sys.getsizeof(k) + _ints_bytes(v) for k, v in sets.items())


def _cache_budget(cache_mb: Optional[float]) -> int:
    """Bytes of the cache budget: ``cache_mb`` (MiB) when given, else
    :data:`CACHE_MB`, else the SEARCHER_CACHE_MB setting (checked)."""
    from . import settings

    if cache_mb is None:
        cache_mb = CACHE_MB if CACHE_MB is not None else settings.get("SEARCHER_CACHE_MB")
    return int(settings.check_cache_mb(cache_mb) * 1024 * 1024)


class _DocSets:
    """Exact sets of docnums matching Whoosh queries (set operations on posting
    lists), and BM25F scores computed from the same postings."""

    B, K1 = 0.75, 1.2  # whoosh.scoring.BM25F defaults

    def __init__(self, searcher, gen: "_Generation"):
        self.s = searcher
        self.reader = searcher.reader()
        self.gen = gen
        self.doc_bits = max(1, self.reader.doc_count_all().bit_length())

    def live(self) -> frozenset:
        return self.gen.live(self.reader)

    def postings(self, field: str, text) -> tuple[frozenset, dict[int, float]]:
        """(docnums, {docnum: BM25F}) of one term in one field, from the
        generation's cache (both are constant for a generation)."""
        key = ("p", field, text)
        cache = self.gen.terms
        got = cache.get(key)
        if got is None:
            packed = cache.get_packed(key)
            if packed is not None:  # the same docnums and floats, in the same order
                scores = dict(zip(*packed))
                ids = scores  # its keys: the frozenset shares their int objects
            else:
                ids, weights, _ = _term_postings(self.reader, field, text)
                scores = self._bm25_of(field, text, ids, weights)
                packed = (array("i", ids), array("d", scores.values()))
                cache.put_packed(key, packed, _packed_bytes(packed), len(ids))
            docs = frozenset(ids)
            got = cache.put(key, (docs, scores), sys.getsizeof(docs) + sys.getsizeof(scores) + len(ids) * (_INT + _FLOAT),
                            len(ids))
        return got

    def occurrences(self, field: str, text) -> frozenset:
        """The term's occurrences as keys ``position << doc_bits | docnum``
        (phrase checks become set intersections; the docnum in the low bits
        spreads the keys over the hash table)."""
        key = ("o", field, text)
        cache = self.gen.terms
        got = cache.get(key)
        if got is None:
            packed = cache.get_packed(key)
            if packed is not None:
                keys = frozenset(packed)
            else:
                ids, _, vals = _term_postings(self.reader, field, text, values=True)
                decode = _position_decoder(self.reader.schema[field].format)
                shift = self.doc_bits.__rlshift__
                keys: set[int] = set()
                update = keys.update
                for d, v in zip(ids, vals):
                    update(map(d.__add__, map(shift, decode(v))))
                keys = frozenset(keys)
                packed = array("q", keys)
                cache.put_packed(key, packed, _packed_bytes(packed), len(keys))
            got = cache.put(key, keys, _ints_bytes(keys, _BIG_INT), len(keys))
        return got

    def of(self, q, within: Optional[Set[int]] = None) -> set[int]:
        """The docs matching ``q``. With ``within``, docs outside it may be
        left out (phrases are only checked there: position checks are the
        expensive part)."""
        from whoosh import query as wq

        if isinstance(q, wq.Term) and not isinstance(q, wq.FuzzyTerm):
            return self.postings(q.fieldname, q.text)[0]
        if isinstance(q, wq.Or):
            out: set[int] = set()
            for sub in q.subqueries:
                out |= self.of(sub, within)
            return out
        if isinstance(q, wq.And):
            # cheap parts first; each narrows where the next is checked
            subs = sorted(q.subqueries, key=lambda sub: (isinstance(sub, wq.Phrase), sub.estimate_size(self.reader)))
            out = None
            for sub in subs:
                got = self.of(sub, out if out is not None else within)
                out = got if out is None else out & got
                if not out:
                    return set()
            return out if out is not None else set()
        if isinstance(q, wq.AndNot):
            return self.of(q.a, within) - self.of(q.b)
        if isinstance(q, wq.Not):
            return set(self.live()) - self.of(q.query)
        if isinstance(q, wq.Every):
            return set(self.live())
        if isinstance(q, wq.Phrase):
            return self._phrase(q, within)
        if isinstance(q, (wq.Prefix, wq.FuzzyTerm, wq.Wildcard)):
            out = set()
            for field, text in q.expanded_terms(self.reader):
                out.update(self.postings(field, text)[0])
            return out
        return set(self.s.docs_for_query(q))  # pragma: no cover - not built by query.py

    def scores(self, q) -> dict[int, float]:
        """{docnum: score} over the docs where ``q``'s terms occur: BM25F per
        term (as whoosh.scoring.BM25F computes it), summed over terms and
        fields; prefix and fuzzy matches score 1 per field, like Whoosh's
        constant-score multi-term queries. Restricting to the docs that truly
        match is the caller's business (the docsets)."""
        from whoosh import query as wq

        if isinstance(q, wq.Term) and not isinstance(q, wq.FuzzyTerm):
            return self._bm25(q.fieldname, q.text)
        if isinstance(q, (wq.Or, wq.And)):
            return _sum_scores([self.scores(sub) for sub in q.subqueries])
        if isinstance(q, wq.AndNot):
            return self.scores(q.a)
        if isinstance(q, wq.Phrase):
            return _sum_scores([self._bm25(q.fieldname, w) for w in q.words])
        if isinstance(q, (wq.Prefix, wq.FuzzyTerm, wq.Wildcard)):
            return dict.fromkeys(self.of(q), 1.0)
        return {}

    def _score_tree(self, q):
        """``q``'s scoring as a tree: a leaf is (docs, {docnum: score}) of one
        term (or a constant-score expansion), an inner node a list of the
        parts :meth:`scores` would sum."""
        from whoosh import query as wq

        if isinstance(q, wq.Term) and not isinstance(q, wq.FuzzyTerm):
            return self.postings(q.fieldname, q.text)
        if isinstance(q, (wq.Or, wq.And)):
            return [self._score_tree(sub) for sub in q.subqueries]
        if isinstance(q, wq.AndNot):
            return self._score_tree(q.a)
        if isinstance(q, wq.Phrase):
            return [self.postings(q.fieldname, w) for w in q.words]
        if isinstance(q, (wq.Prefix, wq.FuzzyTerm, wq.Wildcard)):
            docs = frozenset(self.of(q))
            return (docs, dict.fromkeys(docs, 1.0))
        return (frozenset(), {})

    def score_values(self, q, order: Sequence[int]) -> list[float]:
        """``scores(q)`` read at the docnums of ``order`` (0.0 where no term
        occurs), without building the summed dict: each term's cached scores
        are read at those docs only and added in C (``map``), in the order
        :func:`_sum_scores` adds them, so the floats are the same."""
        got = _tree_values(self._score_tree(q), order)
        return got if got is not None else [0.0] * len(order)

    def _bm25(self, field: str, text) -> dict[int, float]:
        return self.postings(field, text)[1]

    def _bm25_of(self, field: str, text, ids: list[int], weights: list[float]) -> dict[int, float]:
        """{docnum: BM25F} of one term in one field, as whoosh.scoring.BM25F computes it."""
        if not ids:
            return {}
        s = self.s
        idf = s.idf(field, text)
        avgfl = s.avg_field_length(field) or 1
        lengths = self.gen.field_lengths(self.reader, field)
        B, K1 = self.B, self.K1
        k1b = K1 * (1 - B)
        k1bl = K1 * B / avgfl
        top = idf * (K1 + 1)
        return {d: top * w / (w + k1b + k1bl * lengths[d]) for d, w in zip(ids, weights)}

    def _phrase(self, q, within: Optional[Set[int]] = None) -> Set[int]:
        """Docs with the phrase's words at consecutive positions.

        Each word's occurrences are a frozenset of keys ``position << doc_bits
        | docnum`` (cached per term), so a phrase is found with set
        intersections in C: the rarest word's occurrences, shifted to the next
        word's offset, intersected with that word's, and so on. May return docs
        outside ``within`` (callers intersect)."""
        words = list(q.words)
        occ = {}
        for w in dict.fromkeys(words):
            keys = self.occurrences(q.fieldname, w)
            if not keys:
                return set()
            occ[w] = keys
        bits = self.doc_bits
        order = sorted(range(len(words)), key=lambda i: len(occ[words[i]]))
        # ``cur``: occurrences of the word at offset ``at`` that the words
        # checked so far surround as the phrase says; rarest word first
        at = order[0]
        cur: Set[int] = occ[words[at]]
        for i in order[1:]:
            cur = occ[words[i]].intersection(map(((i - at) << bits).__add__, cur))
            at = i
            if not cur:
                return set()
        return set(map(((1 << bits) - 1).__and__, cur))


def _position_decoder(fmt):
    """A fast decoder of a posting value to its positions (the hot loop of phrase checks)."""
    from pickle import loads

    from whoosh.formats import Characters, Positions

    if type(fmt) is Characters:
        def decode(v: bytes) -> list[int]:
            codes = loads(v[4:] if v[-1:] == b"." else v[4:] + b".")
            return list(accumulate(c[0] for c in codes))
        return decode
    if type(fmt) is Positions:
        def decode(v: bytes) -> list[int]:
            return list(accumulate(loads(v[4:] if v[-1:] == b"." else v[4:] + b".")))
        return decode
    return fmt.decode_positions  # pragma: no cover - other formats


def _tree_docs(tree) -> Set[int]:
    if isinstance(tree, tuple):
        return tree[0]
    out: set[int] = set()
    for t in tree:
        out |= _tree_docs(t)
    return out


def _tree_nonempty(tree) -> bool:
    if isinstance(tree, tuple):
        return bool(tree[1])
    return any(_tree_nonempty(t) for t in tree)


def _tree_values(tree, order: Sequence[int]) -> Optional[list[float]]:
    """Values of a score tree at ``order``, or None when no term occurs at all.

    Mirrors :func:`_sum_scores`: empty parts are dropped, the others added
    largest first (by the number of docs in their sum; a stable sort), so each
    doc's float is summed in the same order; a missing part adds 0.0, which
    leaves a float unchanged."""
    if isinstance(tree, tuple):
        scores = tree[1]
        if not scores:
            return None
        return list(map(scores.get, order, repeat(0.0)))
    parts = [t for t in tree if _tree_nonempty(t)]
    if not parts:
        return None
    if len(parts) > 2:  # with two parts the order of the addition doesn't matter
        sizes = [len(_tree_docs(t)) for t in parts]
        idx = sorted(range(len(parts)), key=sizes.__getitem__, reverse=True)
        parts = [parts[i] for i in idx]
    acc = _tree_values(parts[0], order)
    for t in parts[1:]:
        acc = list(map(add, acc, _tree_values(t, order)))
    return acc


def _sum_scores(parts: list[dict[int, float]]) -> dict[int, float]:
    parts = [p for p in parts if p]
    if not parts:
        return {}
    parts.sort(key=len, reverse=True)
    acc = dict(parts[0])
    for p in parts[1:]:
        get = acc.get
        for d, v in p.items():
            acc[d] = get(d, 0.0) + v
    return acc


def _values(leaf, fieldname: str, text, local_ids: list[int], kind: str, blocks: Optional["_GenerationCache"] = None,
            block_key=None) -> dict[int, list]:
    """{local docnum: decoded value ("positions" or "characters")} for the given
    sorted docnums of one segment, skipping posting blocks that hold none of them."""
    from whoosh.matching.wrappers import FilterMatcher

    out: dict[int, list] = {}
    try:
        m = leaf.postings(fieldname, text)
    except Exception:  # TermNotFound
        return out
    if isinstance(m, FilterMatcher):
        m = m.child
    fmt = leaf.schema[fieldname].format
    decode = fmt.decode_positions if kind == "positions" else fmt.decode_characters
    if not all(hasattr(m, a) for a in ("_atend", "_maxid", "_read_ids", "_read_values", "_next_block",
                                       "_goto", "_baseoffset", "_lastblock", "_nextoffset")):
        for d in local_ids:  # pragma: no cover - another codec
            if not m.is_active():
                break
            if m.id() < d:
                m.skip_to(d)
                if not m.is_active():
                    break
            if m.id() == d:
                out[d] = m.value_as(kind)
        return out
    if blocks is not None:
        got = blocks.get(block_key)
        if got is None:
            got = _block_directory(m)
            blocks.put(block_key, got, _ints_bytes(got[0]) + _ints_bytes(got[1], _BIG_INT))
        maxids, offsets = got
        wi, n = 0, len(local_ids)
        while wi < n:
            b = bisect.bisect_left(maxids, local_ids[wi])
            if b >= len(maxids):
                break
            m._goto(offsets[b])
            m._read_ids()
            m._read_values()
            ids, values, maxid = m._ids, m._values, maxids[b]
            while wi < n and local_ids[wi] <= maxid:
                d = local_ids[wi]
                j = bisect.bisect_left(ids, d)
                if j < len(ids) and ids[j] == d:
                    out[d] = decode(values[j])
                wi += 1
        return out
    wi, n = 0, len(local_ids)
    while wi < n and not m._atend:
        if m._maxid < local_ids[wi]:
            m._next_block()
            continue
        if m._ids is None:
            m._read_ids()
        if m._values is None:
            m._read_values()
        ids, values = m._ids, m._values
        while wi < n and local_ids[wi] <= m._maxid:
            d = local_ids[wi]
            j = bisect.bisect_left(ids, d)
            if j < len(ids) and ids[j] == d:
                out[d] = decode(values[j])
            wi += 1
        m._next_block()
    return out


def _block_directory(m) -> tuple[list[int], list[int]]:
    """(last docnum, file offset) of every posting block of a W3 leaf matcher
    positioned at its first block: later reads jump to the block holding a
    docnum instead of reading every block header before it."""
    maxids: list[int] = []
    offsets: list[int] = []
    pos = m._baseoffset
    while True:
        m._goto(pos)
        maxids.append(m._maxid)
        offsets.append(pos)
        if m._lastblock:
            break
        pos = m._nextoffset
    return maxids, offsets


def _field_terms(reader, fieldname: str) -> list[str]:
    if fieldname not in reader.schema:
        return []
    out = []
    for t in reader.field_terms(fieldname):
        out.append(t.decode("utf-8") if isinstance(t, bytes) else t)
    return out


def _to_hit(stored: Mapping[str, Any], score: float, snippets: Sequence[Snippet], related: bool = False) -> Hit:
    """The one place a Whoosh hit (its stored fields) becomes a Hit."""
    data = json.loads(stored.get("data") or "{}")
    return Hit(
        id=stored["id"],
        source=stored.get("source"),
        title=stored.get("title", "") or "",
        issuer=stored.get("issuer"),
        date=int_to_date(stored.get("date")),
        persons_quoted=tuple(data.get("persons_quoted", ())),
        score=round(float(score), 4),
        snippets=tuple(snippets),
        url=data.get("url"),
        location=data.get("location"),
        related=related,
    )


class SearchEngine:
    """Searches one opened Whoosh index; safe for concurrent use by threads.

    >>> engine = SearchEngine(whoosh_index)                  # doctest: +SKIP
    >>> engine.search("Integration", issuer="SMS", date_from="2023").total  # doctest: +SKIP
    """

    def __init__(self, index, cache_mb: Optional[float] = None):
        """``cache_mb``: the memory budget (MiB) of the engine's caches; None:
        the SEARCHER_CACHE_MB setting. A bad value raises :class:`UsageError`."""
        from . import settings

        self._ix = index
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: list = []  # every searcher opened, for close()
        self._generations: dict[int, _Generation] = {}
        self._closed = False
        self._cache_mb = None if cache_mb is None else settings.check_cache_mb(cache_mb)
        self._cache: Optional[_Cache] = None  # made when first searched (settings are read then)

    # -- searchers ---------------------------------------------------------

    def _searcher(self):
        """This thread's searcher, renewed if a writer committed since."""
        if self._closed:
            raise UsageError("This index has been closed; open it again to search.")
        s = getattr(self._local, "searcher", None)
        if s is None:
            s = self._ix.searcher()
            with self._lock:
                self._open.append(s)
        elif not s.up_to_date():
            fresh = self._renew(s)
            with self._lock:
                self._open = [x for x in self._open if x is not s] + [fresh]
            s = fresh
        self._local.searcher = s
        return s

    def _renew(self, old):
        """A searcher on the latest commit.

        Whoosh's ``Searcher.refresh()`` reuses the open segment readers, which
        is cheap (opening a searcher copies each segment's term index, tens of
        milliseconds), but in whoosh-reloaded 2.7.5 it is wrong after a merge
        (merged-away segments come back) or new deletions in a kept segment
        (the reused reader still shows deleted releases). So refresh, check
        that the segments and deletion counts are those of the commit read,
        and open a new searcher when they are not.
        """
        from whoosh.index import TOC

        def shape(segments):
            return sorted((seg.segment_id(), seg.deleted_count()) for seg in segments)

        try:
            fresh = old.refresh()
            reader = fresh.reader()
            toc = TOC.read(self._ix.storage, self._ix.indexname, gen=reader.generation())
            if shape(reader.segments()) == shape(toc.segments):
                return fresh
            fresh.close()
        except Exception:  # pragma: no cover - fall back to a clean open
            pass
        return self._ix.searcher()

    def _generation(self, searcher) -> _Generation:
        gen = searcher.reader().generation()
        with self._lock:
            g = self._generations.get(gen)
            if g is None:
                if self._cache is None:
                    self._cache = _Cache(_cache_budget(self._cache_mb), _term_cache_postings())
                g = _Generation(gen, self._cache)
                self._generations[gen] = g
                for old in sorted(self._generations)[:-3]:  # keep a few for lagging threads
                    del self._generations[old]
                    self._cache.drop(old)
        return g

    def close(self) -> None:
        """Close every searcher this engine opened (in any thread)."""
        with self._lock:
            self._closed = True
            for s in self._open:
                try:
                    s.close()
                except Exception:  # pragma: no cover - closing twice etc.
                    pass
            self._open = []

    # -- stored documents --------------------------------------------------

    def get_stored(self, release_id: str) -> Optional[dict]:
        """The stored fields of the release with this id, or None."""
        s = self._searcher()
        docnum = s.document_number(id=release_id)
        if docnum is None:
            return None
        return dict(s.stored_fields(docnum))

    def highlights(self, release_id: str, query: str) -> Optional[dict[str, tuple[tuple[int, int], ...]]]:
        """Where the words of ``query`` match in the whole release: {"title",
        "subtitle", "body": ((start, end), ...)} character offsets, marked as
        in search snippets (stems, compound parts, folded spellings; matches in
        quotations land in the body). None when no release has this id. A query
        that cannot be parsed is read literally."""
        s = self._searcher()
        docnum = s.document_number(id=release_id)
        if docnum is None:
            return None
        stored = s.stored_fields(docnum)
        out: dict[str, tuple[tuple[int, int], ...]] = {"title": (), "subtitle": (), "body": ()}
        try:
            node = parse_query(query or "")
        except QueryError:
            node = parse_literal(query or "")
        if node is None:
            return out
        builder = Builder(s.schema)
        for n in top_clauses(node)[0]:
            builder.build(n)
        hl = _Highlighter(s, builder.leaves, self._generation(s).terms)
        hl.prepare([docnum])
        body = stored.get("body") or ""
        for field in out:
            spans = list(hl.spans.get((docnum, field), ()))
            if field == "body" and hl.spans.get((docnum, "quotes")):
                spans += _quote_spans_to_body(stored, body, hl.spans[(docnum, "quotes")])
            out[field] = tuple(_snippets.merge_spans(spans))
        return out

    # -- filters -----------------------------------------------------------

    def _filter(self, searcher, gen: _Generation, issuer: Names, date_from: DateLike, date_to: DateLike, person: Names,
                location: Names = None):
        """The set of docnums the filters allow, or None for "no filter".

        An empty set means nothing passes (an unknown issuer or person is no
        error: the search simply finds nothing).
        """
        reader = searcher.reader()
        lo = parse_date_bound(date_from, end=False) if date_from not in (None, "") else None
        hi = parse_date_bound(date_to, end=True) if date_to not in (None, "") else None
        if lo and hi and lo > hi:
            raise UsageError(
                f"The date range is reversed: from {_show(date_from)} is after to {_show(date_to)}; swap the two values."
            )
        sets: list[set[int]] = []
        issuers = _names(issuer)
        if issuers:
            sets.append(gen.union_of(reader, "issuer_names", _named_terms(gen.issuer_vocab(reader), issuers)))
        persons = _names(person)
        if persons:
            vocab = gen.person_vocab(reader)
            terms = []
            for value in persons:
                v = _PERSON_TITLES.sub("", _norm(person_key(value)))
                if v:
                    terms += [raw for n, raw in vocab if name_matches(v, n)]
            sets.append(gen.union_of(reader, "persons", terms))
        locations = _names(location)
        if locations:
            # "Kreuzberg" finds "Friedrichshain-Kreuzberg", any case and umlaut spelling
            vocab = [(_norm(t), t) for t in _field_terms(reader, "location")]
            sets.append(gen.union_of(reader, "location", _named_terms(vocab, locations)))
        if lo or hi:
            sets.append(gen.date_range(reader, date_to_int(lo) if lo else None, date_to_int(hi) if hi else None))
        if not sets:
            return None
        sets.sort(key=len)
        out = set(sets[0])
        for other in sets[1:]:
            out &= other
        return out

    # -- search ------------------------------------------------------------

    def search(
        self,
        query: str = "",
        *,
        issuer: Names = None,
        date_from: DateLike = None,
        date_to: DateLike = None,
        person: Names = None,
        require_all: bool = False,
        sort: str = "relevance",
        limit: int = 10,
        offset: int = 0,
        facets: bool = False,
        snippets: bool = True,
        literal: bool = False,
        location: Names = None,
        timeline: bool = False,
        mixed: bool = False,
    ) -> SearchResult:
        """Search releases.

        Exact matches: releases matching every word of the query, each word
        with its German forms (inflections and stems, folded spellings such
        as ``ae`` for ``ä``, the word as a part of an indexed compound:
        ``Sicherung`` in ``Fachkräftesicherung``; a prefix* or fuzzy~ word
        with the words it expands to; either side of an OR). ``total`` counts
        them.

        Related matches come after all exact ones, counted in ``related`` and
        marked ``Hit.related``: when fewer than ``offset + limit`` releases
        match every word, releases matching the first words follow, dropping
        words from the end one at a time (like Meilisearch's
        ``matchingStrategy: last``), each group ranked by BM25F; when fewer
        than :data:`BACKOFF_BELOW` releases match, releases with only the
        head of a compound typed as the first word come last
        (``Strassenrennen`` also finds ``Kraftfahrzeugrennen``). A word no
        release contains makes every release found related.
        ``require_all=True`` or an explicit ``AND`` turns relaxing off: exact
        matches only, ``related`` is 0. Both counts are those of the whole
        list (paging never changes them), within the filters and without any
        ``NOT`` word.

        No words (an empty query, or ``*``): every release passing the
        filters, newest first when ``sort="relevance"``; all are exact. Words
        of which none can be searched (only stop words such as ``der die
        das``, or only punctuation such as ``?``): no hits and a note that
        says why.

        ``sort="newest"``/``"oldest"`` orders the exact matches by date, then
        the related ones by date; ``mixed=True`` orders both together by date
        (each related hit still marked). ``score`` is then 0.

        ``location`` keeps releases whose place (``Ereignisort``, dateline)
        is or contains that name (any of several).

        ``facets=True`` counts issuer, year, (the 20 most quoted) persons and
        (the 20 most frequent) locations over the ``total`` exact matches.
        ``snippets=False`` skips snippets.
        ``timeline=True`` adds ``facets["month"]``: ``{"YYYY-MM": count}`` of
        the exact matches that have a date, oldest month first (for a chart).

        ``literal=True`` reads the query as plain words (no operators) and sets
        ``literal_fallback`` to the words used (a suggestion is then made of
        those words). Raises QueryError for a syntax error and UsageError for
        a bad option value.
        """
        if sort not in SORTS:
            raise UsageError(f'Unknown sort "{sort}"; choose one of: {", ".join(SORTS)}')
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
            raise UsageError(f"limit must be between 1 and {MAX_LIMIT}, got {limit!r}")
        if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
            raise UsageError(f"offset must be 0 or more, got {offset!r}")
        query = normalize_text(query or "")
        notes: list[str] = []
        node = parse_literal(query, notes) if literal else parse_query(query, notes)
        fallback = literal_query(query) if literal else None

        from whoosh import query as wq

        s = self._searcher()
        gen = self._generation(s)
        reader = s.reader()
        allowed = self._filter(s, gen, issuer, date_from, date_to, person, location)

        builder = Builder(s.schema, gen.vocab)
        pos_nodes, neg_nodes, explicit = top_clauses(node)
        pos = [q for q in (builder.build(n) for n in pos_nodes) if q is not None]
        neg = [q for q in (builder.build(n) for n in neg_nodes) if q is not None]
        has_words = bool(pos)
        suggestion = None
        if node is not None:
            suggestion = self._suggest(s, gen, fallback if literal else query, node, notes)
        docs = _DocSets(s, gen)
        if node is not None and not pos and not neg:
            # Words were typed but none can be searched (der die das, ?, ~):
            # listing every release would look like an answer. Say so instead.
            notes.append(_nothing_searched(fallback if literal else query))
            return SearchResult(total=0, hits=(), facets=self._facets(s, gen, set()) if facets else None,
                                suggestion=suggestion, query=query, literal_fallback=fallback, notes=tuple(notes))

        # Each stage's set of matching docs is computed exactly with set
        # operations on posting lists; scores come from the same postings.
        base = allowed if allowed is not None else docs.live()
        for q in neg:
            base = base - docs.of(q.query)
        unknown_dropped = False
        if pos and not (require_all or explicit) and len(pos) >= 2:
            # A word no release contains cannot rank anything: leave it out of
            # relaxing (the suggestion points at the typo) unless all are unknown.
            # No release then matches every word: all that is found is related.
            known = [q for q in pos if q.estimate_size(reader) > 0]
            if known and len(known) < len(pos):
                pos = known
                unknown_dropped = True
        if pos and not (require_all or explicit) and len(pos) >= 2:
            # every stage lies within the first clause's docs: check the
            # other clauses' phrases only there
            first = docs.of(pos[0], base) & base
            clause_docs = [first] + [docs.of(q, first) for q in pos[1:]]
            stage_sets = []
            acc = base
            for d in clause_docs:
                acc = acc & d
                stage_sets.append(acc)
            stages = [(pos[:k], stage_sets[k - 1]) for k in range(len(pos), 0, -1)]
        elif pos:
            acc = base
            for q in sorted(pos, key=lambda q: (isinstance(q, wq.Phrase), q.estimate_size(reader))):
                acc = acc & docs.of(q, acc)
            stages = [(pos, acc)]
        else:
            stages = [([], base)]
        if pos and not (require_all or explicit) and len(stages[-1][1]) < BACKOFF_BELOW:
            head = builder.head_backoff(pos_nodes[0], reader)
            if head is not None:
                # A compound typed as the first word also finds releases that
                # only have its head (Strassenrennen: Kraftfahrzeugrennen), last.
                head_q, mod_q = head
                got = (docs.of(head_q, base) & base) - stages[-1][1]
                if got:
                    stages.append(([head_q, mod_q], stages[-1][1] | got))
                    builder.leaves.extend(head_q.subqueries)  # mark the head in snippets
        matched = stages[-1][1]  # every stage is a subset of the last
        # Exact matches: every word (the first stage, all clauses); the rest
        # (relaxed stages, back-off) are related and listed after them.
        exact = set() if unknown_dropped else stages[0][1]
        if unknown_dropped:
            stages = [([], set())] + stages
        total = len(exact)
        related = len(matched) - total
        if sort != "relevance" and len(stages) > 2:
            # by date: all related releases as one group after the exact ones
            stages = [stages[0], (stages[1][0], matched)]
        if mixed and sort != "relevance" and related:
            stages = [(stages[-1][0], matched)]  # exact and related together by date

        need = offset + limit
        taken: list[tuple[int, float]] = []
        seen: set[int] = set()
        for clauses, stage_docs in stages:
            if len(taken) >= need:
                break
            fresh = stage_docs - seen if seen else stage_docs
            if not fresh:
                continue
            want = need - len(taken)
            if sort == "relevance" and clauses:
                order = list(fresh)
                values = docs.score_values(clauses[0], order)
                for clause in clauses[1:]:
                    values = list(map(add, values, docs.score_values(clause, order)))
                # ties: lower docnum (indexed earlier) first; plain tuples keep
                # the heap's comparisons in C
                best = heapq.nlargest(want, zip(values, [-d for d in order]))
                ranked = [(-neg_d, v) for v, neg_d in best]
            else:
                ranked = [(d, 0.0) for d in gen.by_date(reader, fresh, want, sort != "oldest")]
            taken += ranked
            seen.update(d for d, _ in ranked)

        page = taken[offset:need]
        hl = _Highlighter(s, builder.leaves, gen.terms) if (snippets and has_words) else None
        if hl is not None:
            hl.prepare([d for d, _ in page])
        hits = []
        for docnum, score in page:
            stored = s.stored_fields(docnum)
            snips: list[Snippet] = []
            if snippets:
                snips = hl.snippets(docnum, stored) if hl is not None else _lead_snippets(stored)
            hits.append(_to_hit(stored, score, snips, related=docnum not in exact))

        facet_counts = self._facets(s, gen, exact) if facets else None
        if timeline:
            facet_counts = dict(facet_counts or {})
            facet_counts["month"] = _counts_in(gen.month_sets(reader), exact, by_key=True)
        if builder.capped:
            notes.append(
                f"{', '.join(builder.capped)}: only the most frequent matching words were searched (at most "
                f"{MAX_EXPANSIONS} per field and {MAX_QUERY_EXPANSIONS} per query, from at most {MAX_CANDIDATES} "
                "similar words compared); write more letters to narrow it."
            )
        return SearchResult(
            total=total,
            hits=tuple(hits),
            facets=facet_counts,
            suggestion=suggestion,
            query=query,
            literal_fallback=fallback,
            notes=tuple(notes),
            related=related,
        )

    # -- facets and stats --------------------------------------------------

    def _facets(self, s, gen: _Generation, docs: Set[int]) -> dict[str, dict[str, int]]:
        reader = s.reader()

        def counts(fieldname: str) -> Counter:
            c: Counter = Counter()
            for term, term_docs in gen.term_sets(reader, fieldname).items():
                n = len(term_docs & docs) if len(term_docs) < len(docs) else len(docs & term_docs)
                if n:
                    c[term] = n
            return c

        persons: Counter = Counter()
        for key, key_docs in _person_variants_grouped(gen.term_sets(reader, "persons")).items():
            n = len(key_docs & docs) if len(key_docs) < len(docs) else len(docs & key_docs)
            if n:
                persons[key] = n
        return {
            "issuer": self._issuer_names(s, gen, counts("issuer_key").most_common()),
            "year": dict(sorted(counts("year").items(), reverse=True)),
            "person": self._person_names(s, gen, persons.most_common(FACET_PERSONS)),
            "location": dict(counts("location").most_common(FACET_PERSONS)),
        }

    def _issuer_names(self, s, gen: _Generation, counts) -> dict[str, int]:
        out: dict[str, int] = {}
        for key, n in counts:
            key = key.decode("utf-8") if isinstance(key, bytes) else key
            name = gen.issuer_display.get(key)
            if name is None:
                docnum = s.document_number(issuer_key=key)
                stored = s.stored_fields(docnum) if docnum is not None else {}
                name = stored.get("issuer") or key
                gen.issuer_display[key] = name
            out[name] = out.get(name, 0) + n
        return out

    def _person_names(self, s, gen: _Generation, counts) -> dict[str, int]:
        out: dict[str, int] = {}
        for key, n in counts:
            name = gen.person_display.get(key)
            if name is None:
                name = key
                docnum = s.document_number(persons=key)
                if docnum is not None:
                    for p in persons_quoted_of(s.stored_fields(docnum)):
                        if person_key(p) == key:
                            name = p
                            break
                gen.person_display[key] = name
            out[name] = out.get(name, 0) + n
        return out

    def stats(self) -> Stats:
        """Document count, date span, issuers and the most quoted persons, from
        posting lists and the date column (no document is loaded except one per
        name shown, for its display form)."""
        s = self._searcher()
        gen = self._generation(s)
        reader = s.reader()
        keys, _, _ = gen._date_index(reader)
        issuers = Counter({t: len(d) for t, d in gen.term_sets(reader, "issuer_key").items()})
        persons = Counter({t: len(d) for t, d in _person_variants_grouped(gen.term_sets(reader, "persons")).items()})
        return Stats(
            documents=s.doc_count(),
            date_from=int_to_date(keys[0]) if keys else None,
            date_to=int_to_date(keys[-1]) if keys else None,
            issuers=self._issuer_names(s, gen, issuers.most_common()),
            persons_quoted=self._person_names(s, gen, persons.most_common(STATS_PERSONS)),
            path=str(getattr(self._ix.storage, "folder", "") or ""),
        )

    # -- did you mean ------------------------------------------------------

    def _suggest(self, s, gen: _Generation, query: str, node: Optional[Node], notes: list[str],
                 budget: Optional[Budget] = None) -> Optional[str]:
        """The query with each word unknown to the index replaced by the closest
        known word (same first letter, edit distance 1–2, most frequent), or None.
        Each distinct word is looked at once; only the first MAX_SUGGESTED
        unknown words get a replacement (said in ``notes`` when there are more)."""
        reader = s.reader()
        analyzer = s.schema["body"].analyzer
        replacements: dict[str, str] = {}
        unknown = 0
        for text in dict.fromkeys(w.text for w in query_words(node)):
            try:
                tokens = [t.text for t in analyzer(text, mode="query")]
            except StopIteration:
                tokens = []
            if not tokens or any(((f, t) in reader) for t in tokens for f in TEXT_FIELDS):
                continue
            unknown += 1
            if unknown > MAX_SUGGESTED:
                notes.append(f"Did-you-mean looked at the first {MAX_SUGGESTED} unknown words only.")
                break
            for best in _closest(reader, gen.vocab, tokens[0], budget)[:3]:
                surface = _surface(s, best) or best
                if _plain_word(surface):  # never an operator, a field name or other syntax
                    if surface.lower() != text.lower():
                        replacements[text] = surface
                    break
        if not replacements:
            return None
        out = query
        for old, new in replacements.items():
            out = re.sub(rf"(?<!\w){re.escape(old)}(?!\w)", new, out, count=1)
        return out


def _counts_in(sets: dict[str, frozenset], docs: Set[int], by_key: bool = False) -> dict[str, int]:
    """How many of ``docs`` each set holds (zero counts left out)."""
    out = {}
    for key in sorted(sets) if by_key else sets:
        n = len(sets[key] & docs) if len(sets[key]) < len(docs) else len(docs & sets[key])
        if n:
            out[key] = n
    return out


def _show(value: DateLike) -> str:
    return value.isoformat() if isinstance(value, _dt.date) else str(value)


def _closest(reader, vocab: _Vocabulary, term: str, budget: Optional[Budget] = None) -> list[str]:
    """The body terms nearest to ``term`` (first letter kept, edit distance 1
    up to 7 letters, else 2), nearest and most frequent first, from a bounded
    set of candidates."""
    maxdist = 1 if len(term) <= 7 else 2
    found, _ = vocab.similar(reader, "body", term, maxdist, prefixlength=1, budget=budget)
    return [f[2] for f in sorted(found) if f[2] != term]


_PLAIN_WORD = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")


def _plain_word(word: str) -> bool:
    """A word a suggestion may offer: letters and digits (inner ' . - allowed),
    not a query operator (AND, OR, NOT); no ``field:``, ``*``, ``~`` or other syntax."""
    return bool(_PLAIN_WORD.fullmatch(word)) and word not in ("AND", "OR", "NOT") and "_" not in word


def _surface(s, term: str) -> Optional[str]:
    """How ``term`` (an analysed body term) is written in the text: the word at
    one of its occurrences whose own analysis starts with the term."""
    try:
        m = s.reader().postings("body", term)
    except Exception:
        return None
    analyzer = s.schema["body"].analyzer
    tries = 0
    while m.is_active() and tries < 3:
        tries += 1
        body = s.stored_fields(m.id()).get("body", "")
        for _, start, end in m.value_as("characters")[:3]:
            word = body[start:end]
            first = next((t.text for t in analyzer(word, mode="query")), None)
            if first == term:
                return word
        m.next()
    return None


def _nothing_searched(query: str) -> str:
    """The note for a query whose words are all stop words or punctuation."""
    from .query import literal_query

    words = literal_query(query).split()
    if any(re.search(r"\w", w) for w in words):
        shown = " ".join(words[:6]) + (" …" if len(words) > 6 else "")
        what = f'"{shown}" has only stop words (words too common to be searched)'
    else:
        what = f'"{query.strip()[:40]}" has no word to search for'
    return (
        f"{what}, so nothing was searched. Add a word that says what you look for, "
        "or leave the query empty (or write *) to list the releases of the filters, newest first."
    )


def _lead_snippets(stored: Mapping[str, Any]) -> list[Snippet]:
    snip = _snippets.lead(stored.get("body") or "") or _snippets.lead(stored.get("subtitle") or "", "subtitle")
    return [snip] if snip else []


class _Highlighter:
    """Reads match character offsets of the query's terms from the postings
    (``chars=True``) for a page of hits, and cuts snippets around them."""

    def __init__(self, searcher, leaves, blocks: Optional["_GenerationCache"] = None):
        from whoosh import query as wq

        self.blocks = blocks  # the generation's cache, for posting block directories
        self.s = searcher
        self.reader = searcher.reader()
        self.terms: set[tuple[str, str]] = set()  # (field, term): every occurrence marks
        self.phrases: list[tuple[str, list[str]]] = []  # (field, words): only whole phrases mark
        for leaf in leaves:
            field = leaf.field()
            if field not in TEXT_FIELDS:
                continue
            if isinstance(leaf, wq.Phrase):
                self.phrases.append((field, list(leaf.words)))
            elif isinstance(leaf, wq.Term) and not isinstance(leaf, wq.FuzzyTerm):
                self.terms.add((field, leaf.text))
            else:  # Prefix, FuzzyTerm: expand to the terms in the index
                for i, (f, t) in enumerate(leaf.expanded_terms(self.reader)):
                    if i >= _MAX_EXPANSION:
                        break
                    self.terms.add((f, t.decode("utf-8") if isinstance(t, bytes) else t))
        # (docnum, field) -> list of (start, end) in the field's text (quotes mapped later)
        self.spans: dict[tuple[int, str], list[tuple[int, int]]] = {}

    def _chars(self, field: str, term: str, docnums: list[int]) -> dict[int, list]:
        """{global docnum: [(pos, startchar, endchar), ...]} for the sorted docnums."""
        out: dict[int, list] = {}
        for i, (leaf, base) in enumerate(self.reader.leaf_readers()):
            end = base + leaf.doc_count_all()
            local = [d - base for d in docnums if base <= d < end]
            if local:
                values = _values(leaf, field, term, local, "characters", self.blocks, ("b", i, field, term))
                for d, v in values.items():
                    out[d + base] = v
        return out

    def prepare(self, docnums: list[int]) -> None:
        docs = sorted(set(docnums))
        if not docs:
            return
        for field, term in self.terms:
            for d, chars in self._chars(field, term, docs).items():
                self.spans.setdefault((d, field), []).extend((s, e) for _, s, e in chars)
        for field, words in self.phrases:
            per_word = [self._chars(field, w, docs) for w in dict.fromkeys(words)]
            index = dict(zip(dict.fromkeys(words), per_word))
            for d in docs:
                occ = [index[w].get(d) for w in words]
                if not all(occ):
                    continue
                by_pos = [{p: (s, e) for p, s, e in o} for o in occ]
                for p0 in by_pos[0]:
                    if all(p0 + i in by_pos[i] for i in range(1, len(words))):
                        for i in range(len(words)):
                            self.spans.setdefault((d, field), []).append(by_pos[i][p0 + i])

    def snippets(self, docnum: int, stored: Mapping[str, Any]) -> list[Snippet]:
        """Up to three fragments: the subtitle first when it matched (field
        "subtitle"), then the best body fragments; matches inside quotations
        (``quote:``) are marked in the body. Title matches are not repeated as
        a snippet (every hit shows its title). A hit whose words matched only
        the title, issuer or person shows the lead of the body."""
        body = stored.get("body") or ""
        subtitle = stored.get("subtitle") or ""
        body_spans = list(self.spans.get((docnum, "body"), ()))
        quote_spans = self.spans.get((docnum, "quotes"))
        if quote_spans:
            body_spans += _quote_spans_to_body(stored, body, quote_spans)
        out: list[Snippet] = []
        sub_spans = self.spans.get((docnum, "subtitle"))
        if sub_spans and subtitle:
            out += _snippets.fragments(subtitle, sub_spans, "subtitle", limit=1)
        if body_spans:
            out += _snippets.fragments(body, body_spans, "body", limit=_snippets.MAX_FRAGMENTS - len(out))
        if not out:  # matched in the title, issuer or person only
            out = _lead_snippets(stored)
        return out


def _quote_spans_to_body(stored: Mapping[str, Any], body: str, spans) -> list[tuple[int, int]]:
    """Map offsets in the ``quotes`` field (quotes joined by newlines) to the body text."""
    try:
        quotes = json.loads(stored.get("data") or "{}").get("quotes", ())
    except ValueError:
        return []
    bases = []  # (offset in joined text, length, body start or None)
    offset = 0
    for q in quotes:
        text = q.get("text", "")
        start = q.get("start", 0)
        ok = q.get("field", "body") == "body" and body[start : start + len(text)] == text
        bases.append((offset, len(text), start if ok else None))
        offset += len(text) + 1
    out = []
    for s, e in spans:
        for base, length, body_start in bases:
            if base <= s and e <= base + length:
                if body_start is not None:
                    out.append((body_start + s - base, body_start + e - base))
                break
    return out


__all__ = ["SORTS", "SearchEngine"]
