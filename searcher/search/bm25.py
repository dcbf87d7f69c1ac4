"""BM25F of one term (or one word's forms) in one field from Whoosh's length bytes, and the
forms a term's scores are read in: packed weights read by bisection, or one float per release."""
from __future__ import annotations

import sys
from array import array
from bisect import bisect_left
from collections import deque

from .tables import LENGTHS


class _BM25:
    """BM25F of one term (or one word's forms) in one field, as whoosh.scoring.BM25F
    computes it: ``top * w / (w + k1b + k1bl * length)``.

    A release's length is read as Whoosh stores it, one byte per release, and
    ``k1bl * length`` comes from a table of the 256 byte values, worked out once
    per term: the same floats as multiplying per release (``norm[b]`` *is* the
    product ``k1bl * LENGTHS[b]``, added where it was added)."""

    __slots__ = ("top", "k1b", "norm", "lengths")

    def __init__(self, idf: float, avgfl: float, lengths: bytes, B: float, K1: float):
        k1bl = K1 * B / avgfl
        self.top, self.k1b, self.lengths = idf * (K1 + 1), K1 * (1 - B), lengths
        self.norm = [k1bl * length for length in LENGTHS]

    def score(self, docnum: int, w: float) -> float:
        return self.top * w / (w + self.k1b + self.norm[self.lengths[docnum]])

    def scores(self, ids, weights):
        """The scores of the postings ``ids`` with term weights ``weights``: a list,
        or for many postings (:func:`_numpy`) a numpy array of the same floats."""
        np = _numpy(len(ids))
        if np is not None:
            return self._vector(np, ids, weights)
        top, k1b, norm, lengths = self.top, self.k1b, self.norm, self.lengths
        return [top * w / (w + k1b + norm[lengths[d]]) for d, w in zip(ids, weights)]

    def _vector(self, np, ids, weights):
        """:meth:`scores` with numpy: the same operations in the same order on
        float64 (float32 weights widened exactly, as Python does), so the same floats."""
        w = _as_numpy(np, weights).astype(np.float64)
        lengths = np.frombuffer(self.lengths, dtype=np.uint8)[_as_numpy(np, ids)]
        out = self.top * w
        out /= (w + self.k1b) + np.array(self.norm)[lengths]
        return out


# Scores of a term with at least NUMPY_POSTINGS postings are worked out with numpy,
# imported then (once, about 0.1 s: what a million postings cost in Python, so a
# process that searches an index this large soon gets it back); a term with at least
# VECTOR_POSTINGS uses numpy too once it is imported. A small index's cold search
# never imports it.
NUMPY_POSTINGS = 100_000
VECTOR_POSTINGS = 2_048


def _numpy(n: int):
    """numpy, to score ``n`` postings with, or None (the Python loop)."""
    if n < VECTOR_POSTINGS:
        return None
    np = sys.modules.get("numpy")
    if np is None and n >= NUMPY_POSTINGS:
        import numpy as np
    return np


def _as_numpy(np, values):
    """An array (of ``array`` or a list) as a numpy array, without a copy for an array."""
    if isinstance(values, array):
        return np.frombuffer(values, dtype=values.typecode) if len(values) else np.zeros(0, values.typecode)
    return np.asarray(values if isinstance(values, list) else list(values))


# A term's scores are kept as one float per release of the index (_DenseScores)
# when it occurs in at least 1/DENSE_SHARE of them: 8 bytes a release instead
# of a dict entry, an int and a float (about 100 bytes) per posting.
DENSE_SHARE = 8


class _DenseScores:
    """A term's scores as one float per docnum (0.0 where it does not occur),
    read like its scores dict: ``len``, iteration over its docnums and
    ``at(docnum)`` (its score, 0.0 where it does not occur: the 0.0 a score
    sum adds for a missing term)."""

    __slots__ = ("ids", "values", "at")

    def __init__(self, ids, scores, doc_count: int):
        if isinstance(scores, (list, array)):
            values = array("d", bytes(8 * doc_count))
            deque(map(values.__setitem__, ids, scores), maxlen=0)  # values[d] = v, looped in C
        else:  # a numpy array (:meth:`_BM25.scores`)
            np = sys.modules["numpy"]
            dense = np.zeros(doc_count, dtype=np.float64)
            dense[_as_numpy(np, ids)] = scores
            values = array("d")
            values.frombytes(dense.tobytes())
        self.ids, self.values, self.at = ids, values, values.__getitem__

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self):
        return iter(self.ids)

    def get(self, docnum: int, default=None):
        """Its score at ``docnum`` (0.0 where it does not occur), ``default`` past the index."""
        return self.values[docnum] if 0 <= docnum < len(self.values) else default

    def nbytes(self) -> int:
        return self.values.buffer_info()[1] * self.values.itemsize + self.ids.buffer_info()[1] * self.ids.itemsize


class _PackedWord:
    """One term's or word's (docnums: a sorted array or a bitmap, their weights in
    docnum order) read like its scores dict."""

    __slots__ = ("ids", "tfs", "word")

    def __init__(self, ids, tfs, word: _BM25):
        self.ids, self.tfs, self.word = ids, tfs, word

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self):
        return iter(self.ids)

    def get(self, docnum: int, default=None):
        ids = self.ids
        if type(ids) is array:
            i = bisect_left(ids, docnum)
            if i < len(ids) and ids[i] == docnum:
                return self.word.score(docnum, self.tfs[i])
            return default
        if docnum in ids:  # a bitmap: its rank is the posting's index plus one
            return self.word.score(docnum, self.tfs[ids.rank(docnum) - 1])
        return default
