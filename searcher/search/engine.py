"""SearchEngine: one opened index's searchers per thread, filters, the staged search with paging, and hits."""
from __future__ import annotations

import datetime as _dt
import json
import sys
import threading
from typing import Any, Mapping, Optional, Sequence

from .. import snippets as _snippets
from ..errors import UsageError
from ..models import Hit, SearchResult, Snippet
from ..options import SearchOptions
from ..query import (
    Builder,
    literal_query,
    normalize_text,
    parse_date_bound,
    parse_lenient, parse_literal,
    parse_query,
    top_clauses,
)
from ..schema import date_to_int, int_to_date, source_of

from .. import search as _pkg
from . import DateLike, Names
from .backoff import backoff_stage
from .bitmaps import EMPTY, BitMap, FrozenBitMap, frozen, nbytes as _bitmap_bytes
from .caches import _Cache, _cache_budget, _clock, _term_cache_postings
from .facets import _Facets, _counts_in
from . import ranking as _ranking
from .highlighting import _Highlighter, _lead_snippets, _quote_spans_to_body
from . import mapped as _mapped
from .postings import _field_terms
from .scoring import _DocSets
from .suggestions import _Suggestions, _nothing_searched
from .tables import _Generation
from .vocabulary import _named_terms, _names, _norm


def _to_hit(stored: Mapping[str, Any], score: float, snippets: Sequence[Snippet], related: bool = False) -> Hit:
    """The one place a Whoosh hit (its stored fields) becomes a Hit."""
    data = json.loads(stored.get("data") or "{}")
    return Hit(
        id=stored["id"],
        source=source_of(stored, data),
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




class SearchEngine(_Facets, _Suggestions):
    """Searches one opened Whoosh index; safe for concurrent use by threads.

    >>> engine = SearchEngine(whoosh_index)                  # doctest: +SKIP
    >>> engine.search("Integration", issuer="SMS", date_from="2023").total  # doctest: +SKIP
    """

    def __init__(self, index, cache_mb: Optional[float] = None):
        """``cache_mb``: the memory budget (MiB) of the engine's caches; None:
        the SEARCHER_CACHE_MB setting. A bad value raises :class:`UsageError`."""
        from .. import settings

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
        node = parse_lenient(query)
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
        """The docnums the filters allow (a bitmap), or None for "no filter".

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
        sets: list = []
        issuers = _names(issuer)
        if issuers:
            sets.append(_union_of(gen, reader, "issuer_names", _named_terms(gen.issuer_vocab(reader), issuers)))
        persons = _names(person)
        if persons:
            terms = []
            for value in persons:
                terms += gen.vocab.person_keys(reader, value)
            sets.append(_union_of(gen, reader, "persons", terms))
        locations = _names(location)
        if locations:
            # "Kreuzberg" finds "Friedrichshain-Kreuzberg", any case and umlaut spelling
            vocab = [(_norm(t), t) for t in _field_terms(reader, "location")]
            sets.append(_union_of(gen, reader, "location", _named_terms(vocab, locations)))
        if lo or hi:
            sets.append(gen.date_range(reader, date_to_int(lo) if lo else None, date_to_int(hi) if hi else None))
        if not sets:
            return None
        sets.sort(key=len)
        out = sets[0]  # read only by the caller
        for other in sets[1:]:
            out = out & other
        return out

    # -- search ------------------------------------------------------------

    def search(self, query: str = "", options: Optional[SearchOptions] = None, **keywords) -> SearchResult:
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
        ``matchingStrategy: last``), each group ranked by BM25F (equal
        scores: the newer release first); when fewer
        than :data:`BACKOFF_BELOW` releases match, releases with only the
        head of a compound typed as the first word come last
        (``Strassenrennen`` also finds ``Kraftfahrzeugrennen``), each with
        every other word of the query. A word no
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

        The options come as a :class:`~searcher.options.SearchOptions`, as
        keywords of it (``require_all=True``), or both (the keywords change
        the value).
        """
        o = SearchOptions.from_(options, **keywords)
        query = normalize_text(query or "")
        notes: list[str] = []
        node = parse_literal(query, notes) if o.literal else parse_query(query, notes)
        fallback = literal_query(query) if o.literal else None

        s = self._searcher()
        gen = self._generation(s)
        reader = s.reader()
        allowed = self._filter(s, gen, o.issuer, o.date_from, o.date_to, o.person, o.location)

        builder = Builder(s.schema, gen.vocab, reader)
        pos_nodes, neg_nodes, explicit = top_clauses(node)
        pos = [q for q in (builder.build(n) for n in pos_nodes) if q is not None]
        neg = [q for q in (builder.build(n) for n in neg_nodes) if q is not None]
        has_words = bool(pos)
        suggestion = None
        if node is not None:
            suggestion = self._suggest(s, gen, fallback if o.literal else query, node, notes)
        docs = _DocSets(s, gen)
        if node is not None and not pos and not neg:
            # Words were typed but none can be searched (der die das, ?, ~):
            # listing every release would look like an answer. Say so instead.
            notes.append(_nothing_searched(fallback if o.literal else query))
            return SearchResult(total=0, hits=(), facets=self._facets(s, gen, EMPTY) if o.facets else None,
                                suggestion=suggestion, query=query, literal_fallback=fallback, notes=tuple(notes))

        # Each stage's set of matching docs is computed exactly with set
        # operations on posting lists; scores come from the same postings.
        base = docs.base(allowed, bool(pos), neg)
        stages, unknown_dropped = self._stages(docs, reader, builder, pos, pos_nodes, base, o.require_all, explicit,
                                               allowed is None and not neg)
        matched = stages[-1][1]  # every stage is a subset of the last
        # Exact matches: every word (the first stage, all clauses); the rest
        # (relaxed stages, back-off) are related and listed after them.
        exact = EMPTY if unknown_dropped else stages[0][1]
        if unknown_dropped:
            stages = [([], EMPTY)] + stages
        total = len(exact)
        related = len(matched) - total
        stages = _date_stages(stages, matched, o.sort, o.mixed, related)

        page = self._take(docs, gen, reader, stages, o.sort, o.offset, o.limit)
        hits = self._hits(s, gen, builder, page, exact, o.snippets, has_words)
        facet_counts = self._facet_counts(s, gen, reader, exact, o.facets, o.timeline)
        if builder.capped:
            notes.append(_capped_note(builder.capped))
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

    def _facet_counts(self, s, gen, reader, exact, facets: bool, timeline: bool) -> Optional[dict]:
        """The facets of the exact matches (``facets``), with ``month`` when ``timeline``."""
        facet_counts = self._facets(s, gen, exact) if facets else None
        if timeline:
            facet_counts = dict(facet_counts or {})
            facet_counts["month"] = _counts_in(gen.month_sets(reader), exact, by_key=True)
        return facet_counts

    def _stages(self, docs, reader, builder, pos, pos_nodes, base, require_all: bool, explicit: bool,
                unfiltered: bool = False):
        """The stages of a search, [(clauses, docs matched so far)]: every word
        first, then (unless ``require_all`` or an ``explicit`` AND) the first words only, dropping one word
        at a time, and the compound head back-off; and whether words no release
        contains were left out. ``unfiltered``: ``base`` is every live
        release (no filter, no NOT word)."""
        from whoosh import query as wq

        # every docnum of the index is in base (no deletion either): no need to intersect with it
        everything = unfiltered and len(base) == reader.doc_count_all()

        def in_base(got):
            return got if everything else got & base

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
            first = in_base(docs.of(pos[0], base))
            stage_sets = [first]
            acc = first
            for d in [docs.of(q, first) for q in pos[1:]]:
                acc = acc & d
                stage_sets.append(acc)
            stages = [(pos[:k], stage_sets[k - 1]) for k in range(len(pos), 0, -1)]
        elif pos:
            acc = None
            for q in sorted(pos, key=lambda q: (isinstance(q, wq.Phrase), q.estimate_size(reader))):
                acc = in_base(docs.of(q, base)) if acc is None else acc & docs.of(q, acc)
            stages = [(pos, acc)]
        else:
            stages = [([], base)]
        if pos and not (require_all or explicit) and len(stages[-1][1]) < _pkg.BACKOFF_BELOW:
            stage = backoff_stage(docs, reader, builder, pos, pos_nodes[0], base, in_base, stages[-1][1])
            if stage is not None:
                stages.append(stage)
        return stages, unknown_dropped


    def _take(self, docs, gen, reader, stages, sort: str, offset: int, limit: int) -> list[tuple[int, float]]:
        """The page's (docnum, score): the top ``offset + limit`` taken stage by
        stage (by score, or by date when ``sort`` says so), from ``offset`` on."""

        need = offset + limit
        taken: list[tuple[int, float]] = []
        seen = BitMap()
        for clauses, stage_docs in stages:
            if len(taken) >= need:
                break
            fresh = stage_docs - seen if seen else stage_docs
            if not fresh:
                continue
            want = need - len(taken)
            if sort == "relevance" and clauses:
                ranked = _ranking.best(docs, gen, reader, clauses, fresh, want)
            else:
                ranked = [(d, 0.0) for d in gen.by_date(reader, fresh, want, sort != "oldest")]
            taken += ranked
            seen.update([d for d, _ in ranked])

        return taken[offset:need]


    def _hits(self, s, gen, builder, page, exact, snippets: bool, has_words: bool) -> list[Hit]:
        """The page's hits, with snippets marking the query's words (the lead
        sentences when no word was searched), each marked related unless exact."""
        hl = _Highlighter(s, builder.leaves, gen.terms) if (snippets and has_words) else None
        if hl is not None:
            hl.prepare([d for d, _ in page])
        hits = []
        for docnum, score in page:
            # the highlighter has read the stored fields of hits whose spans it recomputed
            stored = hl.stored(docnum) if hl is not None else s.stored_fields(docnum)
            snips: list[Snippet] = []
            if snippets:
                snips = hl.snippets(docnum, stored) if hl is not None else _lead_snippets(stored)
            hits.append(_to_hit(stored, score, snips, related=docnum not in exact))
        _mapped.trim(s.reader())  # the index pages a search mapped in: given back past MAPPED_MB
        return hits

    # -- facets and stats --------------------------------------------------

def _union_of(gen, reader, fieldname: str, terms) -> FrozenBitMap:
    """The docnums having any of these terms of a filter field (issuer_names,
    persons, location), kept packed for the generation: an issuer's releases
    are read again by every search filtered by it."""
    terms = tuple(sorted(set(terms)))
    key = ("filter-union", fieldname, terms)
    packed = gen.terms.get_packed(key)
    if packed is None:
        t0, packed = _clock(), frozen(gen.union_of(reader, fieldname, terms))
        gen.terms.put_packed(key, packed, _bitmap_bytes(packed), len(packed), _clock() - t0)
    return packed


def _show(value: DateLike) -> str:
    return value.isoformat() if isinstance(value, _dt.date) else str(value)


def _date_stages(stages, matched, sort: str, mixed: bool, related: int):
    """The stages as a date order takes them: all related releases as one group
    after the exact ones, or (``mixed``) exact and related together."""
    if sort != "relevance" and len(stages) > 2:
        stages = [stages[0], (stages[1][0], matched)]
    if mixed and sort != "relevance" and related:
        stages = [(stages[-1][0], matched)]
    return stages


def _capped_note(capped) -> str:
    """The note for a query whose prefix or fuzzy words matched more words than were searched."""
    return (
        f"{', '.join(capped)}: only the most frequent matching words were searched (at most "
        f"{_pkg.MAX_EXPANSIONS} per field and {_pkg.MAX_QUERY_EXPANSIONS} per query, from at most {_pkg.MAX_CANDIDATES} "
        "similar words compared); write more letters to narrow it."
    )
