"""Taking a page by score: the clauses' rank prefixes, read off (one clause) or summed by
the threshold algorithm (several), else every match scored; equal scores put the newer
release first."""
from __future__ import annotations

import heapq
import sys
from array import array
from itertools import compress, islice
from operator import add, neg
from typing import Optional

from .bitmaps import ids as _ids
from .caches import _clock


def best(docs, gen, reader, clauses, fresh, want: int) -> list[tuple[int, float]]:
    """The best ``want`` (docnum, score) of ``fresh`` (releases matching every
    clause) by the sum of the clauses' scores; equal scores: the newer release
    first, then the one indexed earlier."""
    if len(fresh) >= RANK_FROM and want <= RANK_PREFIX:
        prefixes = [_rank_prefix(docs, gen, reader, c) for c in clauses]
        if len(clauses) == 1:
            got = _from_rank_prefix(prefixes[0], fresh, want)
        else:
            got = _from_rank_prefixes(docs, clauses, prefixes, fresh, want, gen.date_keys(reader))
        if got is not None:
            return got
    order = _ids(fresh).tolist()
    values = docs.score_values(clauses[0], order)
    for clause in clauses[1:]:
        values = list(map(add, values, docs.score_values(clause, order)))
    # plain tuples keep the heap's comparisons in C
    top = heapq.nlargest(want, zip(values, [-d for d in order]))
    top = _newer_first(top, values, order, gen.date_keys(reader))
    return [(-neg_d, v) for v, neg_d in top]


# A one-clause stage of at least RANK_FROM releases takes its page from the
# clause's first RANK_PREFIX releases in rank order, kept for the generation.
RANK_FROM = 500
RANK_PREFIX = 2000


def _rank_prefix(docs, gen, reader, clause) -> tuple:
    """(docnums, scores, whole) of the first :data:`RANK_PREFIX` releases
    matching ``clause`` in the order a page is taken in (score, then the newer
    release, then the one indexed earlier; see :func:`_newer_first`), cached
    for the generation; ``whole``: no release matching it is left out.

    The scores are those :meth:`_DocSets.score_values` gives (a release's score
    does not depend on the others), so any set of releases matching the
    clause has its best ones in this order: those of the prefix that are in
    the set, as long as there are enough of them."""
    key = ("rank", clause)
    got = gen.terms.get_packed(key)  # arrays: kept beside the packed per-term data
    if got is None:
        t0 = _clock()
        order = _ids(docs.of(clause)).tolist()
        matches = len(order)
        values = docs.score_values(clause, order)
        if matches > RANK_PREFIX:
            # only releases scoring at least the RANK_PREFIX-th best score can be in
            # the prefix (ties at it included): compare plain floats before tuples
            cut = _kth_largest(values, RANK_PREFIX)
            keep = list(compress(range(matches), map(cut.__le__, values)))
            order = [order[i] for i in keep]
            values = [values[i] for i in keep]
        dates = gen.date_keys(reader)
        best = heapq.nlargest(RANK_PREFIX, zip(values, map(dates.__getitem__, order), map(neg, order)))
        got = (array("i", [-nd for _, _, nd in best]), array("d", [v for v, _, _ in best]), len(best) == matches)
        gen.terms.put_packed(key, got, sys.getsizeof(got) + sum(map(sys.getsizeof, got[:2])), cost=_clock() - t0)
    return got


def _from_rank_prefix(prefix: tuple, fresh, want: int) -> Optional[list[tuple[int, float]]]:
    """The best ``want`` (docnum, score) of ``fresh`` (releases matching the
    prefix's clause) read off the rank prefix, or None when the prefix holds
    fewer than ``want`` of them and leaves releases out."""
    ids, scores, whole = prefix
    at = list(islice(compress(range(len(ids)), map(fresh.__contains__, ids)), want))
    if len(at) < want and not whole:
        return None
    return [(ids[i], scores[i]) for i in at]


def _from_rank_prefixes(docs, clauses, prefixes, fresh, want: int, dates) -> Optional[list[tuple[int, float]]]:
    """The best ``want`` (docnum, score) of ``fresh`` (releases matching every
    clause) by the sum of the clauses' scores, from the clauses' rank prefixes
    (Fagin's threshold algorithm, in rounds): the releases of ``fresh`` among
    the first ``n`` of each prefix are scored exactly, and a release further
    down every prefix scores at most the sum of the scores at position ``n``
    (rounding is monotonic, so the float sum bounds it too). Done when the
    ``want``-th best beats that bound; None when the prefixes run out first."""
    n = 64
    while True:
        cands: set[int] = set()
        bound = 0.0
        for ids, scores, whole in prefixes:
            head = ids[:n]
            cands.update(compress(head, map(fresh.__contains__, head)))
            if n < len(ids):
                bound += scores[n]
            elif whole:  # every release of this clause was looked at
                bound = float("-inf")
            else:
                return None
        order = sorted(cands)
        values = docs.score_values(clauses[0], order)
        for clause in clauses[1:]:
            values = list(map(add, values, docs.score_values(clause, order)))
        best = heapq.nlargest(want, zip(values, map(dates.__getitem__, order), map(neg, order)))
        if len(best) == want and best[-1][0] > bound or bound == float("-inf"):
            return [(-nd, v) for v, _, nd in best]
        n *= 4


def _newer_first(best: list, values: list, order: list, dates: list) -> list:
    """The top ``best`` [(score, -docnum)] of ``values`` at ``order`` with equal
    scores put the newer release first (then the one indexed earlier), so that
    the order never depends on how the index was built. A score shared across
    the cut is chosen again from every release with it; scans stay in C."""
    if not best:
        return best
    last = best[-1][0]
    scores = [v for v, _ in best]
    if len(order) > len(best) and values.count(last) > scores.count(last):
        keep = [x for x in best if x[0] != last]
        tied = compress(order, map(last.__eq__, values))
        chosen = heapq.nlargest(len(best) - len(keep), ((dates[d], -d) for d in tied))
        best = keep + [(last, neg_d) for _, neg_d in chosen]
    elif len(set(scores)) == len(scores):
        return best
    best.sort(key=lambda x: (x[0], dates[-x[1]], x[1]), reverse=True)
    return best


def _kth_largest(values: list, k: int) -> float:
    """The ``k``-th largest of ``values`` (repeats counted: ``heapq.nlargest(k,
    values)[-1]``), for ``k < len(values)``. A sample of every 4th or 8th value
    gives a guess that about 1.5 ``k`` values reach; when at least ``k`` do, the
    ``k``-th largest is among them and only they are sorted, else all are."""
    if len(values) >= 2 * k:
        step = 8 if len(values) >= 16 * k else 4
        sample = sorted(values[::step], reverse=True)
        guess = sample[min(len(sample) - 1, k * 3 // (2 * step) + 8)]
        above = list(compress(values, map(guess.__le__, values)))
        if len(above) >= k:
            above.sort(reverse=True)
            return above[k - 1]
    return sorted(values, reverse=True)[k - 1]
