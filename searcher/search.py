"""Run searches on one opened Whoosh index: hits, paging, facets, snippets, stats.

:class:`SearchEngine` is what :class:`searcher.store.Index` delegates to. It
keeps one Whoosh searcher per thread (Whoosh searchers are not meant to be
shared between threads) and refreshes it when a writer has committed a new
generation, so readers see new commits and are never blocked. Small lookup
tables (issuer and person vocabularies, per-document facet values) are cached
per index generation and shared by all threads.

No Whoosh object leaves this module: :func:`_to_hit` copies a hit's stored
fields into a :class:`~searcher.models.Hit` while the searcher is open.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
import threading
from collections import Counter
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

from . import snippets as _snippets
from .errors import UsageError
from .models import Hit, SearchResult, Snippet, Stats
from .query import (
    TEXT_FIELDS,
    Builder,
    Node,
    literal_query,
    parse_date_bound,
    parse_literal,
    parse_query,
    query_words,
    top_clauses,
)
from .schema import date_to_int, int_to_date, person_key, persons_quoted_of

SORTS = ("relevance", "newest", "oldest")
MAX_LIMIT = 1000
FACET_PERSONS = 20  # the person facet lists the most quoted persons only
STATS_PERSONS = 20
_MAX_EXPANSION = 64  # prefix/fuzzy terms read per query for highlighting

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
    return [v for v in (str(x).strip() for x in value) if v]


class _Generation:
    """Lookup tables for one index generation, built lazily, shared by threads."""

    def __init__(self, generation: int):
        self.generation = generation
        self.lock = threading.Lock()
        self._issuer_vocab: Optional[list[tuple[str, str]]] = None
        self._person_vocab: Optional[list[tuple[str, str]]] = None
        self._columns: Optional[dict[str, list]] = None
        self._persons_of: Optional[dict[int, tuple[str, ...]]] = None
        self.issuer_display: dict[str, str] = {}
        self.person_display: dict[str, str] = {}

    def issuer_vocab(self, reader) -> list[tuple[str, str]]:
        if self._issuer_vocab is None:
            terms = _field_terms(reader, "issuer_names")
            self._issuer_vocab = [(_norm(t), t) for t in terms]
        return self._issuer_vocab

    def person_vocab(self, reader) -> list[tuple[str, str]]:
        if self._person_vocab is None:
            terms = _field_terms(reader, "persons")
            self._person_vocab = [(_norm(t), t) for t in terms]
        return self._person_vocab

    def columns(self, reader) -> dict[str, list]:
        """Per-docnum values of the sortable columns issuer_key, year, date."""
        with self.lock:
            if self._columns is None:
                cols = {}
                for name in ("issuer_key", "year", "date"):
                    cols[name] = list(reader.column_reader(name)) if reader.has_column(name) else []
                self._columns = cols
        return self._columns

    def persons_of(self, reader) -> dict[int, tuple[str, ...]]:
        """docnum -> person keys quoted in it (from the postings of ``persons``)."""
        with self.lock:
            if self._persons_of is None:
                acc: dict[int, list[str]] = {}
                for term in _field_terms(reader, "persons"):
                    for d in reader.postings("persons", term).all_ids():
                        acc.setdefault(d, []).append(term)
                self._persons_of = {d: tuple(v) for d, v in acc.items()}
        return self._persons_of


def _field_terms(reader, fieldname: str) -> list[str]:
    if fieldname not in reader.schema:
        return []
    out = []
    for t in reader.field_terms(fieldname):
        out.append(t.decode("utf-8") if isinstance(t, bytes) else t)
    return out


def _to_hit(stored: Mapping[str, Any], score: float, snippets: Sequence[Snippet]) -> Hit:
    """The one place a Whoosh hit (its stored fields) becomes a Hit."""
    return Hit(
        id=stored["id"],
        source=stored.get("source"),
        title=stored.get("title", "") or "",
        issuer=stored.get("issuer"),
        date=int_to_date(stored.get("date")),
        persons_quoted=persons_quoted_of(stored),
        score=round(float(score), 4),
        snippets=tuple(snippets),
    )


class SearchEngine:
    """Searches one opened Whoosh index; safe for concurrent use by threads.

    >>> engine = SearchEngine(whoosh_index)                  # doctest: +SKIP
    >>> engine.search("Integration", issuer="SMS", date_from="2023").total
    """

    def __init__(self, index):
        self._ix = index
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: list = []  # every searcher opened, for close()
        self._generations: dict[int, _Generation] = {}
        self._closed = False

    # -- searchers ---------------------------------------------------------

    def _searcher(self):
        """This thread's searcher, refreshed if a writer committed since."""
        if self._closed:
            raise UsageError("This index has been closed; open it again to search.")
        s = getattr(self._local, "searcher", None)
        if s is None:
            s = self._ix.searcher()
            with self._lock:
                self._open.append(s)
        elif not s.up_to_date():
            fresh = s.refresh()
            if fresh is not s:
                with self._lock:
                    self._open = [x for x in self._open if x is not s] + [fresh]
                s = fresh
        self._local.searcher = s
        return s

    def _generation(self, searcher) -> _Generation:
        gen = searcher.reader().generation()
        with self._lock:
            g = self._generations.get(gen)
            if g is None:
                g = _Generation(gen)
                self._generations[gen] = g
                for old in sorted(self._generations)[:-3]:  # keep a few for lagging threads
                    del self._generations[old]
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

    # -- filters -----------------------------------------------------------

    def _filter(self, searcher, gen: _Generation, issuer: Names, date_from: DateLike, date_to: DateLike, person: Names):
        """(whoosh filter query or None, matches_nothing)."""
        from whoosh import query as wq

        parts = []
        issuers = _names(issuer)
        if issuers:
            vocab = gen.issuer_vocab(searcher.reader())
            terms = []
            for value in issuers:
                v = _norm(value)
                if not v:
                    continue
                terms += [raw for n, raw in vocab if n == v or f" {v} " in f" {n} "]
            if not terms:
                return None, True
            parts.append(wq.Or([wq.Term("issuer_names", t) for t in dict.fromkeys(terms)]))
        persons = _names(person)
        if persons:
            vocab = gen.person_vocab(searcher.reader())
            terms = []
            for value in persons:
                v = _norm(person_key(value))
                if not v:
                    continue
                terms += [raw for n, raw in vocab if n == v or n.endswith(" " + v)]
            if not terms:
                return None, True
            parts.append(wq.Or([wq.Term("persons", t) for t in dict.fromkeys(terms)]))
        lo = parse_date_bound(date_from, end=False) if date_from not in (None, "") else None
        hi = parse_date_bound(date_to, end=True) if date_to not in (None, "") else None
        if lo and hi and lo > hi:
            raise UsageError(
                f"The date range is reversed: from {_show(date_from)} is after to {_show(date_to)}; swap the two values."
            )
        if lo or hi:
            parts.append(wq.NumericRange("date", date_to_int(lo), date_to_int(hi)))
        if not parts:
            return None, False
        return (parts[0] if len(parts) == 1 else wq.And(parts)), False

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
    ) -> SearchResult:
        """Search releases.

        Words: releases matching all words (after German analysis) come
        first; when fewer than ``offset + limit`` do, releases matching the
        first words follow, dropping words from the end one at a time (like
        Meilisearch's ``matchingStrategy: last``), each group ranked by
        BM25F. ``require_all=True`` or an explicit ``AND`` turns relaxing off.

        ``total`` is the number of releases the query can return at all, i.e.
        with relaxing: those matching at least the first word (and every
        ``NOT``, and the filters); with ``require_all``: those matching all.
        Filters only (no words): every release passing the filters, newest
        first when ``sort="relevance"``.

        ``literal=True`` reads the query as plain words (no operators) and sets
        ``literal_fallback`` to the words used. Raises QueryError for a
        syntax error and UsageError for a bad option value.
        """
        if sort not in SORTS:
            raise UsageError(f'Unknown sort "{sort}"; choose one of: {", ".join(SORTS)}')
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
            raise UsageError(f"limit must be between 1 and {MAX_LIMIT}, got {limit!r}")
        if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
            raise UsageError(f"offset must be 0 or more, got {offset!r}")
        query = query or ""
        node = parse_literal(query) if literal else parse_query(query)
        fallback = literal_query(query) if literal else None

        s = self._searcher()
        gen = self._generation(s)
        filter_q, nothing = self._filter(s, gen, issuer, date_from, date_to, person)

        builder = Builder(s.schema)
        pos_nodes, neg_nodes, explicit = top_clauses(node)
        pos = [q for q in (builder.build(n) for n in pos_nodes) if q is not None]
        neg = [q for q in (builder.build(n) for n in neg_nodes) if q is not None]
        has_words = bool(pos)
        suggestion = self._suggest(s, query, node) if node is not None else None

        def empty() -> SearchResult:
            return SearchResult(
                total=0,
                hits=(),
                facets={"issuer": {}, "year": {}, "person": {}} if facets else None,
                suggestion=suggestion,
                query=query,
                literal_fallback=fallback,
            )

        if nothing:
            return empty()
        filter_set = None
        if filter_q is not None:
            filter_set = set(s.docs_for_query(filter_q))
            if not filter_set:  # an empty set would mean "no filter" to whoosh
                return empty()

        relax = has_words and not (require_all or explicit) and len(pos) >= 2
        if relax:
            # A word no release contains cannot rank anything: leave it out of
            # relaxing (the suggestion points at the typo) unless all are unknown.
            known = [q for q in pos if q.estimate_size(s.reader()) > 0]
            if known and len(known) < len(pos):
                pos = known
            relax = len(pos) >= 2
        if relax:
            stages = [builder.conjoin(pos[:k] + neg) for k in range(len(pos), 0, -1)]
        else:
            q = builder.conjoin(pos + neg)
            stages = [q if q is not None else _every()]

        sortedby, reverse = None, False
        if sort != "relevance" or not has_words:
            sortedby, reverse = "date", sort != "oldest"

        need = offset + limit
        taken: list[tuple[int, float]] = []
        seen: set[int] = set()
        total = None
        for i, q in enumerate(stages):
            last = i == len(stages) - 1
            r = s.search(
                q,
                limit=need - len(taken) if len(taken) < need else 1,
                filter=filter_set,
                mask=set(seen) if seen else None,
                sortedby=sortedby,
                reverse=reverse,
            )
            before = len(taken)
            if before < need:
                for hit in r:
                    taken.append((hit.docnum, hit.score if sortedby is None else 0.0))
                    seen.add(hit.docnum)
            if last:
                total = before + len(r)
            elif len(taken) >= need:
                break
        final = stages[-1]

        matched_docs = None
        if facets or total is None:
            matched_docs = [d for d in s.docs_for_query(final) if filter_set is None or d in filter_set]
            total = len(matched_docs)

        page = taken[offset:need]
        hl = _Highlighter(s, builder.leaves) if (snippets and has_words) else None
        if hl is not None:
            hl.prepare([d for d, _ in page])
        hits = []
        for docnum, score in page:
            stored = s.stored_fields(docnum)
            snips: list[Snippet] = []
            if snippets:
                snips = hl.snippets(docnum, stored) if hl is not None else _lead_snippets(stored)
            hits.append(_to_hit(stored, score, snips))

        facet_counts = self._facets(s, gen, matched_docs) if facets else None
        return SearchResult(
            total=total,
            hits=tuple(hits),
            facets=facet_counts,
            suggestion=suggestion,
            query=query,
            literal_fallback=fallback,
        )

    # -- facets and stats --------------------------------------------------

    def _facets(self, s, gen: _Generation, docs: Iterable[int]) -> dict[str, dict[str, int]]:
        reader = s.reader()
        cols = gen.columns(reader)
        issuer_col, year_col = cols["issuer_key"], cols["year"]
        persons_of = gen.persons_of(reader)
        issuers: Counter = Counter()
        years: Counter = Counter()
        persons: Counter = Counter()
        for d in docs:
            if d < len(issuer_col) and issuer_col[d]:
                issuers[issuer_col[d]] += 1
            if d < len(year_col) and year_col[d]:
                years[year_col[d]] += 1
            for p in persons_of.get(d, ()):
                persons[p] += 1
        return {
            "issuer": self._issuer_names(s, gen, issuers.most_common()),
            "year": dict(sorted(years.items(), reverse=True)),
            "person": self._person_names(s, gen, persons.most_common(FACET_PERSONS)),
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
        the index's columns and posting lists (no document is loaded except one
        per name shown, for its display form)."""
        s = self._searcher()
        gen = self._generation(s)
        reader = s.reader()
        cols = gen.columns(reader)
        live = list(reader.all_doc_ids())
        dates = [cols["date"][d] for d in live if d < len(cols["date"])]
        dates = [v for v in dates if isinstance(v, int) and 10000101 <= v <= 99991231]
        issuers = Counter(cols["issuer_key"][d] for d in live if d < len(cols["issuer_key"]) and cols["issuer_key"][d])
        persons: Counter = Counter()
        for d, keys in gen.persons_of(reader).items():
            for k in keys:
                persons[k] += 1
        return Stats(
            documents=s.doc_count(),
            date_from=int_to_date(min(dates)) if dates else None,
            date_to=int_to_date(max(dates)) if dates else None,
            issuers=self._issuer_names(s, gen, issuers.most_common()),
            persons_quoted=self._person_names(s, gen, persons.most_common(STATS_PERSONS)),
            path=str(getattr(self._ix.storage, "folder", "") or ""),
        )

    # -- did you mean ------------------------------------------------------

    def _suggest(self, s, query: str, node: Optional[Node]) -> Optional[str]:
        """The query with each word unknown to the index replaced by the closest
        known word (same first letter, edit distance 1–2, most frequent), or None."""
        reader = s.reader()
        analyzer = s.schema["body"].analyzer
        replacements: dict[str, str] = {}
        for word in query_words(node):
            try:
                tokens = [t.text for t in analyzer(word.text, mode="query")]
            except StopIteration:
                tokens = []
            if not tokens or any(((f, t) in reader) for t in tokens for f in TEXT_FIELDS):
                continue
            best = _closest(reader, tokens[0])
            if best is None:
                continue
            surface = _surface(s, best) or best
            if surface.lower() != word.text.lower():
                replacements[word.text] = surface
        if not replacements:
            return None
        out = query
        for old, new in replacements.items():
            out = re.sub(rf"(?<!\w){re.escape(old)}(?!\w)", new, out, count=1)
        return out


def _every():
    from whoosh import query as wq

    return wq.Every()


def _show(value: DateLike) -> str:
    return value.isoformat() if isinstance(value, _dt.date) else str(value)


def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _closest(reader, term: str) -> Optional[str]:
    maxdist = 1 if len(term) <= 5 else 2
    best = None
    for cand in reader.terms_within("body", term, maxdist, prefix=1):
        cand = cand.decode("utf-8") if isinstance(cand, bytes) else cand
        if cand == term:
            continue
        key = (_edit_distance(term, cand), -reader.doc_frequency("body", cand), cand)
        if best is None or key < best[0]:
            best = (key, cand)
    return best[1] if best else None


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


def _lead_snippets(stored: Mapping[str, Any]) -> list[Snippet]:
    snip = _snippets.lead(stored.get("body") or "") or _snippets.lead(stored.get("subtitle") or "", "subtitle")
    return [snip] if snip else []


class _Highlighter:
    """Reads match character offsets of the query's terms from the postings
    (``chars=True``) for a page of hits, and cuts snippets around them."""

    def __init__(self, searcher, leaves):
        from whoosh import query as wq

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
        out: dict[int, list] = {}
        try:
            m = self.reader.postings(field, term)
        except Exception:  # TermNotFound
            return out
        for d in docnums:
            if not m.is_active():
                break
            if m.id() < d:
                m.skip_to(d)
                if not m.is_active():
                    break
            if m.id() == d:
                out[d] = m.value_as("characters")
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
