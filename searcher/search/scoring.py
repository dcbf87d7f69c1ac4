"""Matching and scoring with set operations: exact docnum sets of a query tree, phrases, and BM25F scores per term."""
from __future__ import annotations

import sys
from array import array
from itertools import chain, repeat
from operator import add
from typing import AbstractSet as Set, Optional, Sequence

from . import bm25
from .bm25 import _BM25, _DenseScores, _PackedWord
from .bitmaps import EMPTY, AbstractBitMap, BitMap, FrozenBitMap, frozen, ids as _ids, nbytes as _bitmap_bytes
from .caches import _BIG_INT, _FLOAT, _INT, _clock, _ints_bytes, _packed_bytes
from ..query import alternatives_class
from .postings import _position_decoder, _term_postings




class _DocSets:
    """Exact sets of docnums matching Whoosh queries (set operations on posting
    lists), and BM25F scores computed from the same postings."""

    B, K1 = 0.75, 1.2  # whoosh.scoring.BM25F defaults

    def __init__(self, searcher, gen: "_Generation"):
        self.s = searcher
        self.reader = searcher.reader()
        self.gen = gen
        self.doc_count = self.reader.doc_count_all()
        self.doc_bits = max(1, self.doc_count.bit_length())

    def live(self) -> FrozenBitMap:
        return self.gen.live(self.reader)

    def base(self, allowed: Optional[Set[int]], words: bool, neg: list):
        """The releases a search looks in: those the filters allow (``allowed``;
        None: every live one), less those with a NOT word (``neg``), as a bitmap."""
        if allowed is None and words and not neg and not self.reader.has_deletions():
            return FrozenBitMap(range(self.doc_count))  # a few hundred bytes
        base = allowed if allowed is not None else self.live()
        for q in neg:
            base = base - self.of(q.query)
        return base

    def docset(self, field: str, text) -> FrozenBitMap:
        """The docnums of one term in one field (a bitmap), from the generation's
        cache: what matching and totals need."""
        key = ("d", field, text)
        cache = self.gen.terms
        got = cache.get(key)
        if got is None:
            t0 = _clock()
            docs = frozen(self._packed(field, text)[0])
            got = cache.put(key, docs, _bitmap_bytes(docs), len(docs), _clock() - t0)
        return got

    def postings(self, field: str, text) -> tuple[FrozenBitMap, dict[int, float]]:
        """(docnums, {docnum: BM25F}) of one term in one field, from the
        generation's cache (both are constant for a generation; the scores
        are cached apart from the docnums, which matching alone needs)."""
        return self.docset(field, text), _as_dict(self._scores(field, text))

    def _scores(self, field: str, text, scores=None):
        """{docnum: BM25F} of one term in one field (cached); for a term in
        many releases a :class:`_DenseScores` (one float per release)."""
        key = ("p", field, text)
        cache = self.gen.terms
        if scores is None:
            scores = cache.get(key)
        if scores is None:
            # the same docnums and floats, in the same order, as read from the index
            t0 = _clock()
            docs, weights, scorer = self._packed(field, text)
            ids = _ids(docs)
            scores = self._keep_scores(key, ids, scorer.scores(ids, weights) if ids else [], t0=t0)
        return scores

    def _keep_scores(self, key: tuple, ids, values, t0: float):
        """Cache a term's scores: one float per release when it occurs in many
        (:data:`~.bm25.DENSE_SHARE`), else a {docnum: score} dict; ``t0``: the
        CPU clock when their build began."""
        if len(ids) * bm25.DENSE_SHARE >= self.doc_count:
            scores = _DenseScores(ids, values, self.doc_count)
            return self.gen.terms.put(key, scores, scores.nbytes(), len(ids), _clock() - t0)
        scores = dict(zip(ids, values if type(values) is list else values.tolist()))
        nbytes = sys.getsizeof(scores) + len(scores) * (_INT + _FLOAT)
        return self.gen.terms.put(key, scores, nbytes, len(scores), _clock() - t0)

    def _leaf(self, field: str, text, n: int) -> tuple:
        """A score tree's leaf (None, scores) of one term, to be read at ``n``
        docs: the cached dict, or, when it is not cached and ``n`` is small
        beside the term's postings, the packed arrays read by bisection (no
        dict of every posting is built to read a few of them)."""
        scores = self.gen.terms.get(("p", field, text))
        if scores is None:
            packed = self._packed(field, text)
            if n * FEW_SHARE < len(packed[0]):
                return (None, _PackedWord(*packed))
        return (None, self._scores(field, text, scores))

    def _packed(self, field: str, text) -> tuple:
        """(bitmap of docnums, array of their weights in docnum order, its
        :class:`~.bm25._BM25` or None when it has no postings) of one term in
        one field: the cache's packed part, else read from the index (and kept
        packed: about 4 bytes a posting). Matching needs only the docnums, so
        the scores are worked out when asked for."""
        key = ("p", field, text)
        cache = self.gen.terms
        packed = cache.get_packed(key)
        if packed is None:
            t0 = _clock()
            directories: dict = {}
            ids, weights, _ = _term_postings(self.reader, field, text, directories=directories)
            packed = (frozen(array("i", ids)), _weights(weights), self._bm25_of(field, text) if ids else None)
            self._keep_directories(field, text, directories)
            cache.put_packed(key, packed, _packed_bytes(packed[:2]), len(ids), _clock() - t0)
        return packed

    def _keep_directories(self, field: str, text, directories: dict) -> None:
        """Keep the block directories read with a term's postings, for the
        highlighter (:func:`~.postings._values`): not walked again for a hit."""
        for i, (maxids, offsets) in directories.items():
            got = (array("i", maxids), array("q", offsets))
            self.gen.terms.put_packed(("b", i, field, text), got, _packed_bytes(got))

    def occurrences(self, field: str, text) -> frozenset:
        """The term's occurrences as keys ``position << doc_bits | docnum``
        (phrase checks become set intersections; the docnum in the low bits
        spreads the keys over the hash table)."""
        key = ("o", field, text)
        cache = self.gen.terms
        got = cache.get(key)
        if got is None:
            packed = cache.get_packed(key)
            t0 = _clock()
            if packed is not None:
                keys = frozenset(packed)
            else:
                ids, _, vals = _term_postings(self.reader, field, text, values=True)
                decode = _position_decoder(self.reader.schema[field].format)
                shift = self.doc_bits.__rlshift__
                # made as the frozenset at once: no set of every occurrence copied into it
                keys = frozenset(chain.from_iterable(map(d.__add__, map(shift, decode(v))) for d, v in zip(ids, vals)))
                del ids, vals
                packed = array("q", keys)
                cache.put_packed(key, packed, _packed_bytes(packed), len(keys), _clock() - t0)
            got = cache.put(key, keys, _ints_bytes(keys, _BIG_INT), len(keys), _clock() - t0)
        return got

    def of(self, q, within: Optional[AbstractBitMap] = None) -> AbstractBitMap:
        """The docs matching ``q`` (a bitmap; never changed by the caller). With
        ``within``, docs outside it may be left out (phrases are only checked
        there: position checks are the expensive part)."""
        from whoosh import query as wq

        if isinstance(q, wq.Term) and not isinstance(q, wq.FuzzyTerm):
            return self.docset(q.fieldname, q.text)
        if isinstance(q, wq.Or):
            out = BitMap()
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
                    return EMPTY
            return out if out is not None else EMPTY
        if isinstance(q, wq.AndNot):
            return self.of(q.a, within) - self.of(q.b)
        if isinstance(q, wq.Not):
            return self.live() - self.of(q.query)
        if isinstance(q, wq.Every):
            return self.live()
        if isinstance(q, wq.Phrase):
            return self._phrase(q, within)
        if isinstance(q, (wq.Prefix, wq.FuzzyTerm, wq.Wildcard)):
            out = BitMap()
            for field, text in q.expanded_terms(self.reader):
                out |= self.docset(field, text)
            return out
        return frozen(self.s.docs_for_query(q))  # pragma: no cover - not built by query.py

    def scores(self, q) -> dict[int, float]:
        """{docnum: score} over the docs where ``q``'s terms occur: BM25F per
        term (as whoosh.scoring.BM25F computes it), summed over terms and
        fields; prefix and fuzzy matches score 1 per field, like Whoosh's
        constant-score multi-term queries. Restricting to the docs that truly
        match is the caller's business (the docsets)."""
        from whoosh import query as wq

        if isinstance(q, wq.Term) and not isinstance(q, wq.FuzzyTerm):
            return self._bm25(q.fieldname, q.text)
        if isinstance(q, alternatives_class()):
            return self._word_scores(q)
        if isinstance(q, (wq.Or, wq.And)):
            return _sum_scores([self.scores(sub) for sub in q.subqueries])
        if isinstance(q, wq.AndNot):
            return self.scores(q.a)
        if isinstance(q, wq.Phrase):
            return _sum_scores([self._bm25(q.fieldname, w) for w in q.words])
        if isinstance(q, (wq.Prefix, wq.FuzzyTerm, wq.Wildcard)):
            return dict.fromkeys(_ids(self.of(q)).tolist(), 1.0)
        return {}

    def _score_tree(self, q, n: int):
        """``q``'s scoring as a tree, to be read at ``n`` docs: a leaf is
        (docs or None, {docnum: score}) of one term (or a constant-score
        expansion), an inner node a list of the parts :meth:`scores` would sum."""
        from whoosh import query as wq

        if isinstance(q, wq.Term) and not isinstance(q, wq.FuzzyTerm):
            return self._leaf(q.fieldname, q.text, n)
        if isinstance(q, alternatives_class()):
            return self._word_leaf(q, n)
        if isinstance(q, (wq.Or, wq.And)):
            return [self._score_tree(sub, n) for sub in q.subqueries]
        if isinstance(q, wq.AndNot):
            return self._score_tree(q.a, n)
        if isinstance(q, wq.Phrase):
            return _Part([self._leaf(q.fieldname, w, n) for w in q.words], ("pu", q.fieldname, tuple(q.words)))
        if isinstance(q, (wq.Prefix, wq.FuzzyTerm, wq.Wildcard)):
            docs = self.of(q)
            return (docs, dict.fromkeys(_ids(docs).tolist(), 1.0))
        return (EMPTY, {})

    def score_values(self, q, order: Sequence[int]) -> list[float]:
        """``scores(q)`` read at the docnums of ``order`` (0.0 where no term
        occurs), without building the summed dict: each term's cached scores
        are read at those docs only and added in C (``map``), in the order
        :func:`_sum_scores` adds them, so the floats are the same."""
        got = _tree_values(self._score_tree(q, len(order)), order, self._part_size)
        return got if got is not None else [0.0] * len(order)

    def _part_size(self, part) -> int:
        """How many docs a part of a score tree covers (the order in which
        parts are added); a phrase's (the union of its words' docs, costly
        for common words) is cached for the generation."""
        key = getattr(part, "key", None)
        if key is None:
            return _tree_size(part)
        got = self.gen.terms.get_packed(key)
        if got is None:
            t0 = _clock()
            got = len(_tree_docs(part))
            self.gen.terms.put_packed(key, got, _INT, cost=_clock() - t0)
        return got

    def _bm25(self, field: str, text) -> dict[int, float]:
        return _as_dict(self._scores(field, text))

    def _word_scores(self, q, whole: bool = True) -> dict[int, float]:
        """{docnum: BM25F} of one word's forms in one field (an ``Alternatives``
        query of plain terms), scored as one term (cached)."""
        field, texts = q.subqueries[0].fieldname, tuple(t.text for t in q.subqueries)
        key = ("pw", field, texts)
        cache = self.gen.terms
        scores = cache.get(key)
        if scores is None:
            t0 = _clock()
            ids, tfs, word = self._word_packed(field, texts)
            scores = self._keep_scores(key, ids, word.scores(ids, tfs), t0)
        return _as_dict(scores) if whole else scores

    def _word_leaf(self, q, n: int) -> tuple:
        """A score tree's leaf of one word's forms, to be read at ``n`` docs:
        the cached dict, or, when ``n`` is small beside the word's postings and
        the dict is not cached, the packed arrays read by bisection."""
        field, texts = q.subqueries[0].fieldname, tuple(t.text for t in q.subqueries)
        if self.gen.terms.get(("pw", field, texts)) is None:
            ids, tfs, word = self._word_packed(field, texts)
            if n * FEW_SHARE < len(ids):
                return (None, _PackedWord(ids, tfs, word))
        return (None, self._word_scores(q, whole=False))

    def _word_packed(self, field: str, texts: tuple) -> tuple:
        """(docnums, summed weights, :class:`~.bm25._BM25`) of one word whose forms
        in ``field`` are ``texts``: the forms' weights in a release add up to one
        term frequency, normalised by the field's length as for one term, and
        the word's idf is that of its most frequent form. A release with two
        forms of a verb is not counted twice, and a rare form (``überfällt``)
        ranks no higher than the common one. Kept packed for the generation."""
        key = ("pw", field, texts)
        cache = self.gen.terms
        packed = cache.get_packed(key)
        if packed is None:
            t0, reader = _clock(), self.reader
            dfs = [reader.doc_frequency(field, t) for t in texts]
            tf: dict[int, float] = {}
            for text, df in zip(texts, dfs):
                if df:
                    directories: dict = {}
                    ids, weights, _ = _term_postings(reader, field, text, directories=directories)
                    self._keep_directories(field, text, directories)
                    get = tf.get
                    for d, w in zip(ids, weights):
                        tf[d] = get(d, 0.0) + w
            idf = self.s.idf(field, texts[dfs.index(max(dfs))]) if tf else 0.0
            avgfl = self.s.avg_field_length(field) or 1
            word = _BM25(idf, avgfl, self.gen.length_bytes(reader, field), self.B, self.K1)
            order = sorted(tf)
            packed = (array("i", order), array("d", map(tf.__getitem__, order)), word)
            cache.put_packed(key, packed, _packed_bytes(packed[:2]), len(order), _clock() - t0)
        return packed

    def _bm25_of(self, field: str, text) -> _BM25:
        """BM25F of one term in one field, as whoosh.scoring.BM25F computes it."""
        s = self.s
        return _BM25(s.idf(field, text), s.avg_field_length(field) or 1, self.gen.length_bytes(self.reader, field),
                     self.B, self.K1)

    def _phrase(self, q, within: Optional[AbstractBitMap] = None) -> FrozenBitMap:
        """Docs with the phrase's words at consecutive positions (a bitmap
        cached for the generation: a phrase's docs are far fewer than its
        words' occurrences, which need not be read again). May return docs
        outside ``within`` (callers intersect)."""
        key = ("ph", q.fieldname, tuple(q.words))
        cache = self.gen.terms
        got = cache.get(key)
        if got is None:
            t0 = _clock()
            packed = cache.get_packed(key)
            if packed is None:
                packed = array("i", sorted(self._phrase_docs(q)))
                cache.put_packed(key, packed, _packed_bytes(packed), len(packed), _clock() - t0)
            docs = frozen(packed)
            got = cache.put(key, docs, _bitmap_bytes(docs), len(docs), _clock() - t0)
        return got

    def _phrase_docs(self, q) -> Set[int]:
        """Docs with the phrase's words at consecutive positions.

        Each word's occurrences are a frozenset of keys ``position << doc_bits
        | docnum`` (cached per term), so a phrase is found with set
        intersections in C: the rarest word's occurrences, shifted to the next
        word's offset, intersected with that word's, and so on."""
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


def _weights(weights: list[float]) -> array:
    """Posting weights packed: 4 bytes each when they are float32 values (as Whoosh
    stores them, read back the same), else 8."""
    packed = array("f", weights)
    return packed if packed.tolist() == weights else array("d", weights)


class _Part(list):
    """An inner node of a score tree with a ``key`` its size is cached under."""

    __slots__ = ("key",)

    def __init__(self, parts, key):
        super().__init__(parts)
        self.key = key


# a term's scores are read by bisection from its packed arrays when the docs
# to read are fewer than 1/FEW_SHARE of its postings (and its dict is not cached)
FEW_SHARE = 32


def _tree_size(tree) -> int:
    """How many docs a score tree covers (a leaf: its scores' keys)."""
    return len(tree[1]) if isinstance(tree, tuple) else len(_tree_docs(tree))


def _tree_docs(tree) -> AbstractBitMap:
    if isinstance(tree, tuple):
        if tree[0] is not None:
            return tree[0]
        scores = tree[1]
        return frozen(scores.ids if hasattr(scores, "ids") else array("I", sorted(scores)))
    out = BitMap()
    for t in tree:
        out |= _tree_docs(t)
    return out


def _tree_nonempty(tree) -> bool:
    if isinstance(tree, tuple):
        return bool(tree[1])
    return any(_tree_nonempty(t) for t in tree)


def _tree_values(tree, order: Sequence[int], size=None) -> Optional[list[float]]:
    """Values of a score tree at ``order``, or None when no term occurs at all.

    Mirrors :func:`_sum_scores`: empty parts are dropped, the others added
    largest first (by the number of docs in their sum; a stable sort), so each
    doc's float is summed in the same order; a missing part adds 0.0, which
    leaves a float unchanged. ``size(part)``: the number of docs of a part
    (default: :func:`_tree_size`)."""
    got = _tree_iter(tree, order, size)
    try:
        return None if got is None else list(got)
    except IndexError:  # a docnum past the index's last (none of its own): 0.0, as a dict gives
        return list(_tree_iter(tree, order, size, dense=False))


def _tree_iter(tree, order: Sequence[int], size=None, dense: bool = True):
    """:func:`_tree_values` as an iterator (the sums are made in one pass, no list per part)."""
    if isinstance(tree, tuple):
        scores = tree[1]
        if not scores:
            return None
        if type(scores) is _DenseScores and dense:
            return map(scores.at, order)
        return map(scores.get, order, repeat(0.0))
    parts = [t for t in tree if _tree_nonempty(t)]
    if not parts:
        return None
    if len(parts) > 2:  # with two parts the order of the addition doesn't matter
        sizes = [size(t) if size is not None else _tree_size(t) for t in parts]
        idx = sorted(range(len(parts)), key=sizes.__getitem__, reverse=True)
        parts = [parts[i] for i in idx]
    acc = _tree_iter(parts[0], order, size, dense)
    for t in parts[1:]:
        acc = map(add, acc, _tree_iter(t, order, size, dense))
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


def _as_dict(scores) -> dict[int, float]:
    """A term's scores as a {docnum: score} dict (a :class:`_DenseScores` read at its docnums)."""
    if type(scores) is _DenseScores:
        return dict(zip(scores.ids, map(scores.at, scores.ids)))
    return scores
