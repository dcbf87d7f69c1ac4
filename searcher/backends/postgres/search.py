"""Searches on the PostgreSQL backend: the same steps and answers as
:class:`searcher.search.SearchEngine`, in SQL.

1. Filters are SQL conditions: the issuer, person and location values are
   matched against the index's own (small) vocabularies of folded keys, as the
   Whoosh backend matches them (:func:`searcher.search.vocabulary._named_terms`,
   :func:`searcher.person_names.name_matches`), then ``issuer_names &&``,
   ``persons &&`` (GIN) and ``location = ANY``; the date range is a B-tree range.
2. The query's top-level clauses become tsqueries (:mod:`.tsquery`). Every word
   first (exact), then the first words only, dropping one word at a time,
   then a compound's head (related): each row's stage is a ``CASE`` over the
   clause prefixes; the page is ``ORDER BY stage, score`` (or date).
3. Counts, facets and the timeline are ``count(*)`` / ``GROUP BY`` over the
   exact matches; snippets come from the stored text, analysed again by the
   project's analyzer and cut by :mod:`searcher.snippets` (the Whoosh
   backend reads the same offsets from its postings).
"""
from __future__ import annotations

from typing import Optional

from psycopg import sql

from ...errors import UsageError
from ...models import SearchResult
from ...query import literal_query, normalize_text, parse_date_bound, parse_literal, parse_query, top_clauses
from ...options import SearchOptions
from ...search.engine import _capped_note, _show
from ...search.suggestions import _nothing_searched
from ...search.vocabulary import _named_terms, _names, _norm, _person_variants_grouped, person_name
from ... import search as _pkg
from . import schema as S
from .documents import STORED
from . import ranking
from .ranking import BLOCK, EXTRA, TERMS, Bm25, postings_terms, top_by_postings
from .hits import _hits
from .tsquery import Ts, TsBuilder, rank_sql, to_sql
from .vocabulary import PgVocabulary, suggest
from .counts import postings_count, word_terms

TABLE = sql.Identifier(S.SCHEMA, S.LIVE)
_COLS = sql.SQL(", ").join(sql.Identifier("r", c) for c in STORED)
DF_BOUND = 100_000  # a head back-off's document frequencies are counted up to this


# -- vocabularies (once per committed generation) -----------------------------


def _vocab(backend, cur, key: str, query: sql.Composable) -> list[tuple[str, str]]:
    def build():
        cur.execute(query)
        return [(_norm(t), t) for (t,) in cur.fetchall() if t]

    return backend.cached(key, build)


def issuer_vocab(backend, cur):
    return _vocab(backend, cur, "issuers", sql.SQL("SELECT DISTINCT unnest(issuer_names) FROM {}").format(TABLE))


def person_vocab(backend, cur):
    return _vocab(backend, cur, "persons", sql.SQL("SELECT DISTINCT unnest(persons) FROM {}").format(TABLE))


def location_vocab(backend, cur):
    return _vocab(backend, cur, "locations",
                  sql.SQL("SELECT DISTINCT location FROM {} WHERE location IS NOT NULL").format(TABLE))


def person_groups(backend, cur) -> dict[str, str]:
    """{shorter person key: the one longer name it belongs to}, as the Whoosh facets fold them."""

    def build():
        keys = {raw: frozenset((raw,)) for _, raw in person_vocab(backend, cur)}
        grouped = _person_variants_grouped(keys)
        return {short: full for full, shorts in grouped.items() for short in shorts if short != full}

    return backend.cached("person_groups", build)


def person_terms(backend, cur, typed: str) -> list[str]:
    """The person keys a typed name matches (``--person`` and ``person:``), as on the Whoosh backend."""
    from ...person_names import name_matches

    v = person_name(typed)
    return [raw for n, raw in person_vocab(backend, cur) if name_matches(v, n)] if v else []


# -- filters -------------------------------------------------------------------


def filters(backend, cur, issuer, date_from, date_to, person, location) -> tuple[list[sql.Composable], list]:
    lo = parse_date_bound(date_from, end=False) if date_from not in (None, "") else None
    hi = parse_date_bound(date_to, end=True) if date_to not in (None, "") else None
    if lo and hi and lo > hi:
        raise UsageError(
            f"The date range is reversed: from {_show(date_from)} is after to {_show(date_to)}; swap the two values."
        )
    conds: list[sql.Composable] = []
    params: list = []
    issuers = _names(issuer)
    if issuers:
        conds.append(sql.SQL("r.issuer_names && %s::text[]"))
        params.append(list(dict.fromkeys(_named_terms(issuer_vocab(backend, cur), issuers))))
    persons = _names(person)
    if persons:
        terms = [t for value in persons for t in person_terms(backend, cur, value)]
        conds.append(sql.SQL("r.persons && %s::text[]"))
        params.append(list(dict.fromkeys(terms)))
    locations = _names(location)
    if locations:
        conds.append(sql.SQL("r.location = ANY(%s::text[])"))
        params.append(list(dict.fromkeys(_named_terms(location_vocab(backend, cur), locations))))
    if lo:
        conds.append(sql.SQL("r.date >= %s"))
        params.append(lo)
    if hi:
        conds.append(sql.SQL("r.date <= %s"))
        params.append(hi)
    return conds, params


def _and(parts: list[tuple[sql.Composable, list]]) -> tuple[sql.Composable, list]:
    parts = [p for p in parts if p is not None]
    if not parts:
        return sql.SQL("TRUE"), []
    out, params = [], []
    for s, ps in parts:
        out.append(sql.SQL("({})").format(s))
        params += ps
    return sql.SQL(" AND ").join(out), params


def _or(parts: list[tuple[sql.Composable, list]]) -> tuple[sql.Composable, list]:
    out, params = [], []
    for s, ps in parts:
        out.append(sql.SQL("({})").format(s))
        params += ps
    return sql.SQL(" OR ").join(out), params


# -- search --------------------------------------------------------------------


def run_search(backend, cur, query: str, options: SearchOptions) -> SearchResult:
    """The Whoosh backend's search (:meth:`searcher.search.SearchEngine.search`), in SQL."""
    from .facets import _facets, _months  # (facets reads this module's tables: imported here)

    o = options
    issuer, date_from, date_to, person, location = o.issuer, o.date_from, o.date_to, o.person, o.location
    require_all, sort, limit, offset, facets = o.require_all, o.sort, o.limit, o.offset, o.facets
    snippets, literal, timeline, mixed = o.snippets, o.literal, o.timeline, o.mixed
    query = normalize_text(query or "")
    notes: list[str] = []
    node = parse_literal(query, notes) if literal else parse_query(query, notes)
    fallback = literal_query(query) if literal else None

    fconds, fparams = filters(backend, cur, issuer, date_from, date_to, person, location)
    vocab = PgVocabulary(backend, cur) if backend.version() >= 2 else None
    builder = TsBuilder(vocab, lambda typed: person_terms(backend, cur, typed))
    pos_nodes, neg_nodes, explicit = top_clauses(node)
    built = [builder.build(n) for n in pos_nodes]
    pos = [e for e in built if e is not None]
    first_kept = bool(built) and built[0] is not None  # clauses[0] is the first word's (its head may back off)
    atoms_of, leaves_of = _clause_atoms(pos_nodes, vocab)  # the score atoms and leaves of each positive clause
    neg = [e for e in (builder.build(n) for n in neg_nodes) if e is not None]  # Neg(...) each
    has_words = bool(pos)
    suggestion = None
    if node is not None and vocab is not None:
        suggestion = suggest(vocab, fallback if literal else query, node, notes)
    if node is not None and not pos and not neg:
        notes.append(_nothing_searched(fallback if literal else query))
        return SearchResult(total=0, hits=(), facets=_facets(backend, cur, (sql.SQL("FALSE"), [])) if facets else None,
                            suggestion=suggestion, query=query, literal_fallback=fallback, notes=tuple(notes))

    base = _and([(c, [p]) for c, p in zip(fconds, fparams)] + [to_sql(e) for e in neg])
    clauses = [to_sql(e) for e in pos]
    relax = bool(pos) and not (require_all or explicit) and len(pos) >= 2
    unknown_dropped = False
    kept = pos  # the clauses searched (a word the index does not know is dropped when relaxing)
    if relax:
        known = [i for i, e in enumerate(pos) if _exists(cur, to_sql(e))]
        if known and len(known) < len(pos):
            clauses = [clauses[i] for i in known]
            kept = [pos[i] for i in known]
            atoms_of = [atoms_of[i] for i in known]
            leaves_of = [leaves_of[i] for i in known]
            unknown_dropped = True
            first_kept = first_kept and 0 in known
    relax = bool(pos) and not (require_all or explicit) and len(clauses) >= 2
    # stages: the prefixes of the clauses, longest first
    # stage_leaves: what scores a row of each stage (the leaves of its clauses)
    if relax:
        stages = [_and(clauses[:k]) for k in range(len(clauses), 0, -1)]
        stage_leaves = [[leaf for ls in leaves_of[:k] for leaf in ls] for k in range(len(clauses), 0, -1)]
    elif clauses:
        stages = [_and(clauses)]
        stage_leaves = [[leaf for ls in leaves_of for leaf in ls]]
    else:
        stages = [(sql.SQL("TRUE"), [])]
        stage_leaves = [[]]
    stage_atoms = [a for atoms in atoms_of for a in atoms]
    # a stage that is the first word alone, without filters, is counted from the postings (see .counts)
    one_word = word_terms(kept[0]) if kept and not (fconds or neg) else None
    by_postings = {id(stages[-1]): one_word} if one_word and (relax or len(clauses) == 1) else {}

    def count(st) -> int:
        got = postings_count(backend, cur, by_postings[id(st)]) if id(st) in by_postings else None
        return got if got is not None else _count(cur, _and([base, st]))

    if pos and not (require_all or explicit) and _may_back_off(pos_nodes[0]):
        last_count = _count(cur, _and([base, stages[-1]]), bound=_pkg.BACKOFF_BELOW)
        if last_count < _pkg.BACKOFF_BELOW:
            head = builder.head_backoff(pos_nodes[0], _doc_frequency(backend, cur))
            if head is not None:
                head_q, mod_q, leaf = head
                # the head with every other word of the query, as on Whoosh
                at = 1 if first_kept else 0
                with_others = _and([to_sql(head_q)] + clauses[at:])
                got = _count(cur, _and([base, with_others, (sql.SQL("NOT ({})").format(stages[-1][0]), stages[-1][1])]),
                             bound=1)
                if got:
                    stages.append(_or([stages[-1], with_others]))
                    builder.leaves.append(leaf)
                    stage_atoms = stage_atoms + [head_q, mod_q]
                    stage_leaves.append([leaf, (leaf[0], leaf[1], (mod_q.query.strip("'"),))]
                                        + [lf for ls in leaves_of[at:] for lf in ls])
    matched = stages[-1]
    exact = (sql.SQL("FALSE"), []) if unknown_dropped else stages[0]
    if unknown_dropped:
        stages = [(sql.SQL("FALSE"), [])] + stages
        stage_leaves = [[]] + stage_leaves

    counted: dict[int, int] = {}
    # a phrase is checked against every vector holding its words: one statement
    # gives the page and the count together (the count read off the ranked rows)
    page = None
    if sort == "relevance" and len(stages) == 1 and any(leaf[0] == "phrase" for leaf in stage_leaves[0]):
        page = _page_and_count(backend, cur, _and([base, stages[0]]), stage_atoms, offset, limit)
    total = page[2] if page else 0 if unknown_dropped else count(exact)
    everything = total if matched is exact else count(matched)
    related = everything - total
    counted[id(matched)] = everything
    if not unknown_dropped:
        counted[id(exact)] = total

    # the order: stage (exact first), then score or date
    exact_by_stage = not unknown_dropped  # stage 0 holds the exact matches (else none is exact)
    if sort != "relevance" and len(stages) > 2:
        stages = [stages[0], matched]
    if mixed and sort != "relevance" and related:
        stages = [matched]
        exact_by_stage = False
    # ts_rank only picks the blocks BM25F re-orders: with one block of matches there is nothing to pick
    use_rank = sort == "relevance" and has_words and everything > BLOCK
    score, score_params = rank_sql(stage_atoms) if use_rank else (sql.SQL("0.0"), [])
    if use_rank:
        order = sql.SQL("score DESC, r.date DESC NULLS LAST, r.seq")
    elif sort == "relevance" and has_words:
        # (an expression, not the column: walking the seq index in order and
        # testing every row's vector until the few matches turn up is the plan
        # the planner would otherwise pick for a rare word)
        order = sql.SQL("r.seq + 0")
    elif sort == "oldest":
        order = sql.SQL("r.date IS NULL, r.date, r.seq")
    else:  # newest, and relevance without words
        order = sql.SQL("r.date IS NULL, r.date DESC, CASE WHEN r.date IS NULL THEN r.seq ELSE -r.seq END")

    def fetch(start: int, n: int) -> list[tuple]:
        """Rows [start, start + n) of the whole ordered list, stage by stage
        (each stage's own rows: its condition and not the one before)."""
        if page and page[0] == start:
            return page[1][:n]
        out: list[tuple] = []
        done, prev = 0, None
        for i, st in enumerate(stages):
            if len(out) >= n:
                break
            cum = counted.get(id(st))
            if cum is None:
                cum = counted[id(st)] = count(st)
            at = start + len(out)
            if at < cum:
                cond = _and([base, st] + ([(sql.SQL("NOT ({})").format(prev[0]), prev[1])] if prev else []))
                big = use_rank and cum - done > ranking.EXACT_MAX and backend.version() >= 2
                terms = postings_terms(stage_leaves[i]) if big else None
                got = None if terms is None else top_by_postings(backend, cur, sql.SQL(
                    "{cols}, {i} AS stage, c.score AS score, {ex} AS exact, {extra}").format(
                    cols=_COLS, i=sql.Literal(i), ex=sql.Literal(exact_by_stage and i == 0),
                    extra=sql.SQL(", ").join(sql.Identifier("r", c) for c in EXTRA)),
                    cond, terms, min(n - len(out), cum - at), at - done, cum - done)
                if got is not None:
                    out += got
                    done, prev = cum, st
                    continue
                cur.execute(sql.SQL(
                    "SELECT {cols}, {i} AS stage, {score} AS score, {ex} AS exact, {extra} FROM {t} r "
                    "WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s"
                ).format(cols=_COLS, i=sql.Literal(i), score=score, ex=sql.Literal(exact_by_stage and i == 0),
                         extra=sql.SQL(", ").join(sql.Identifier("r", c) for c in EXTRA), t=TABLE,
                         where=cond[0], order=order), score_params + cond[1] + [min(n - len(out), cum - at), at - done])
                out += cur.fetchall()
            done, prev = cum, st
        return out

    if sort == "relevance" and has_words:
        rows = _bm25_page(backend, cur, fetch, stage_leaves, offset, limit)
    else:
        rows = fetch(offset, limit)
    if mixed and sort != "relevance" and related and rows:
        rows = _mark_exact(cur, rows, exact)
    hits = _hits(rows, builder.leaves, snippets, has_words, backend.tokens)

    facet_counts = _facets(backend, cur, _and([base, exact])) if facets else None
    if timeline:
        facet_counts = dict(facet_counts or {})
        facet_counts["month"] = _months(cur, _and([base, exact]))
    if builder.fuzzy:
        notes.append(
            f"{', '.join(w + '~' for w in builder.fuzzy)}: fuzzy matching is not available on a PostgreSQL index; "
            "the word was searched with its German forms only."
        )
    if vocab is not None and vocab.capped:
        notes.append(_capped_note(vocab.capped))
    return SearchResult(total=total, hits=tuple(hits), facets=facet_counts, suggestion=suggestion, query=query,
                        literal_fallback=fallback, notes=tuple(notes), related=related)


def _clause_atoms(pos_nodes, vocab=None) -> tuple[list[list[Ts]], list[list[tuple]]]:
    """The score atoms and the leaves of each positive top-level clause (a builder per clause)."""
    atoms, leaves = [], []
    for n in pos_nodes:
        b = TsBuilder(vocab)
        if b.build(n) is not None:
            atoms.append(b.atoms)
            leaves.append(b.leaves)
    return atoms, leaves


def _bm25_page(backend, cur, fetch, stage_leaves, offset: int, limit: int) -> list[tuple]:
    """The page's rows by BM25F: the blocks of BLOCK rows (in ts_rank order)
    that hold the page, each ordered by (stage, BM25F, insertion); the score
    column replaced by BM25F."""
    first, last = offset // BLOCK, (offset + limit - 1) // BLOCK
    rows = fetch(first * BLOCK, (last - first + 1) * BLOCK)
    n = len(STORED)
    out: list[tuple] = []
    scorer = Bm25(backend, cur)
    for b in range(0, len(rows), BLOCK):
        block = rows[b: b + BLOCK]
        metas = [dict(zip(("seq",) + EXTRA, (r[0],) + tuple(r[n + 3:]))) for r in block]
        scores = scorer.scores(metas, lambda i: stage_leaves[min(block[i][n], len(stage_leaves) - 1)])
        # equal scores: the newer release first (undated last), then the one indexed first, as Whoosh's
        ranked = sorted(zip(block, scores), key=lambda pair: (pair[0][n], -pair[1], -_ymd(pair[0][_DATE]), pair[0][0]))
        out += [r[: n + 1] + (score,) + r[n + 2:] for r, score in ranked]
    start = offset - first * BLOCK
    return out[start: start + limit]


_DATE = STORED.index("date")


def _may_back_off(node) -> bool:
    """Whether a compound's head could stand in for this first clause (a
    plain word of the text fields; see TsBuilder.head_backoff)."""
    from ...query import Word

    return isinstance(node, Word) and node.kind == "word" and node.field in (None, "title", "quote")


def _page_and_count(backend, cur, cond, atoms, offset: int, limit: int):
    """(first row, the BM25F blocks' rows in ts_rank order, how many rows meet
    ``cond``) of a one-stage search, in one statement; None past the last row.
    With a RUM index on ``tsv`` (schema version 4) the phrase is checked in
    the index, so the count is cheap; above ranking.EXACT_MAX matches the
    blocks are then taken in the index's own rank order (no vector read
    but the page's), not by ts_rank over every match."""
    first, last = offset // BLOCK, (offset + limit - 1) // BLOCK
    extra = sql.SQL(", ").join(sql.Identifier("r", c) for c in EXTRA)
    if atoms and all(a.column == "tsv" for a in atoms) and _has_rum(backend, cur):
        total = _count(cur, cond)
        if total > ranking.EXACT_MAX:
            if first * BLOCK >= total:
                return None
            # (the index gives rows in its rank order only: ties are ordered among the rows it gave)
            cur.execute(sql.SQL(
                "SELECT {cols}, 0 AS stage, 0.0::float8 AS score, true AS exact, {extra} FROM "
                "(SELECT r.*, r.tsv <=> %s::tsquery AS distance FROM {t} r WHERE {w} ORDER BY distance LIMIT %s) r "
                "ORDER BY r.distance, r.date DESC NULLS LAST, r.seq LIMIT %s OFFSET %s"
            ).format(cols=_COLS, extra=extra, t=TABLE, w=cond[0]),
                [" & ".join(f"({a.query})" for a in atoms)] + cond[1]
                + [(last + 1) * BLOCK, (last - first + 1) * BLOCK, first * BLOCK])
            rows = cur.fetchall()
            return (first * BLOCK, rows, total) if rows else None
    score, params = rank_sql(atoms)
    cur.execute(sql.SQL(
        "SELECT {cols}, 0 AS stage, {score} AS score, true AS exact, {extra}, count(*) OVER () FROM {t} r "
        "WHERE {w} ORDER BY score DESC, r.date DESC NULLS LAST, r.seq LIMIT %s OFFSET %s"
    ).format(cols=_COLS, score=score, extra=extra, t=TABLE,
             w=cond[0]), params + cond[1] + [(last - first + 1) * BLOCK, first * BLOCK])
    rows = cur.fetchall()
    return (first * BLOCK, [r[:-1] for r in rows], rows[0][-1]) if rows else None


def _has_rum(backend, cur) -> bool:
    """Whether the live table's ``tsv`` has a RUM index (once per generation)."""
    return backend.cached("tsv_rum", lambda: backend.version() >= 4 and S.tsv_is_rum(cur))


def _ymd(d) -> int:
    return d.year * 10000 + d.month * 100 + d.day if d else 0


def _exists(cur, expr) -> bool:
    cur.execute(sql.SQL("SELECT EXISTS (SELECT 1 FROM {} r WHERE {})").format(TABLE, expr[0]), expr[1])
    return cur.fetchone()[0]


def _count(cur, where, bound: Optional[int] = None) -> int:
    if bound is None:
        cur.execute(sql.SQL("SELECT count(*) FROM {} r WHERE {}").format(TABLE, where[0]), where[1])
    else:
        cur.execute(sql.SQL("SELECT count(*) FROM (SELECT 1 FROM {} r WHERE {} LIMIT %s) x").format(TABLE, where[0]),
                    where[1] + [bound])
    return cur.fetchone()[0]


def _mark_exact(cur, rows, exact) -> list[tuple]:
    """The rows with their exact flag read (stages mixed by date)."""
    n = len(STORED)
    cur.execute(sql.SQL("SELECT r.seq FROM {} r WHERE r.seq = ANY(%s) AND ({})").format(TABLE, exact[0]),
                [[r[0] for r in rows]] + exact[1])
    hit = {seq for (seq,) in cur.fetchall()}
    return [r[: n + 2] + (r[0] in hit,) + r[n + 3:] for r in rows]


def _doc_frequency(backend, cur):
    """A term's document frequency in the body (counted up to DF_BOUND), once per generation."""
    from .tsquery import lexeme

    def df(term: str) -> int:
        def build():
            # a word the vocabulary lacks is in no body (most pieces a split tries are no words)
            if backend.version() >= 2:
                cur.execute(sql.SQL("SELECT df FROM {} WHERE term = %s").format(TERMS), [term])
                got = cur.fetchone()
                if not got or got[0] <= 0:
                    return 0
            cur.execute(sql.SQL("SELECT count(*) FROM (SELECT 1 FROM {} r WHERE r.tsv @@ %s::tsquery LIMIT %s) x")
                        .format(TABLE), [lexeme(term) + ":CD", DF_BOUND])
            return cur.fetchone()[0]

        return backend.cached("df:" + term, build)

    return df
