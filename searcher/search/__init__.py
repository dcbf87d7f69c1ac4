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

No Whoosh object leaves this package: :func:`_to_hit` copies a hit's stored
fields into a :class:`~searcher.models.Hit` while the searcher is open.
"""
from __future__ import annotations

from typing import Optional

# the query's bounds, read from here so that they can be changed in one place (tests do)
from ..query import MAX_CANDIDATES, MAX_EXPANSIONS, MAX_QUERY_EXPANSIONS, MAX_SUGGESTED  # noqa: F401

from ..options import MAX_LIMIT, SORTS, DateLike, Names  # noqa: F401  (checked in SearchOptions)
FACET_PERSONS = 20  # the person facet lists the most quoted persons only
STATS_PERSONS = 20
# The budget (MiB, estimated) of everything a SearchEngine caches: decoded posting data and
# the per-generation tables; None: read SEARCHER_CACHE_MB (checked) when the engine first
# searches, never at import. Index(path, cache_mb=...) sets it per index.
CACHE_MB: Optional[float] = None
# Also a cap on the postings/occurrences held by the per-term entries; None: read
# SEARCHER_TERM_CACHE (unset: no cap besides the budget)
TERM_CACHE_POSTINGS: Optional[int] = None
# Index pages read through Whoosh's mmap stay resident in the process: past this many MiB
# of resident file pages a search gives them back (search/mapped.py); None: never
MAPPED_MB: Optional[float] = 64
# A query whose words match fewer releases than this also gets those with only
# the head of its first word, if that is a compound (Strassenrennen: Rennen), with the other words.
BACKOFF_BELOW = 10



# The parts (they read the settings above through this package, at call time).
from .vocabulary import (  # noqa: E402
    MAX_PREFIX_SCAN,
    _Vocabulary,
    _named_terms,
    _names,
    _norm,
    _person_variants_grouped,
    _spend_terms,
    _typed_stems,
)
from .caches import _Cache, _GenerationCache, _cache_budget, _term_cache_postings  # noqa: E402
from .tables import _Generation, _column_values, _field_lengths, _live_docs, _term_docs  # noqa: E402
from .postings import (  # noqa: E402
    _block_directory,
    _field_terms,
    _position_decoder,
    _term_postings,
    _values,
)
from .scoring import _DocSets, _sum_scores, _tree_docs, _tree_iter, _tree_nonempty, _tree_values  # noqa: E402
from .engine import SearchEngine, _to_hit  # noqa: E402
from .facets import _counts_in  # noqa: E402
from .suggestions import _closest, _nothing_searched, _plain_word, _surface  # noqa: E402
from .highlighting import _Highlighter, _lead_snippets, _quote_spans_to_body  # noqa: E402

__all__ = ["SORTS", "SearchEngine"]
