"""BM25F for the PostgreSQL backend, as the Whoosh backend scores
(:class:`searcher.search.scoring._DocSets`: Whoosh's BM25F, B=0.75, K1=1.2,
idf = log(N / (df + 1)) + 1, a term's weight in a field the sum of its
occurrences' boosts times the field boost, a prefix word 1 per field).

``ts_rank`` orders the matches first; then each block of :data:`BLOCK`
consecutive rows (a page never cuts a block differently: the blocks are fixed
by the ts_rank order) is ordered again by BM25F computed from the block's own
tsvectors: the field of an occurrence from its position (``title_last``,
``subtitle_last``), a compound part from its weight letter, the field
lengths from their columns, document frequencies and average lengths once
per committed generation.
"""
from __future__ import annotations

import json
import math
from typing import Iterable

from psycopg import sql

from ...analysis import PART_BOOST
from ...schema import FIELD_BOOSTS
from . import schema as S
from .tsquery import lexeme

BLOCK = 50  # rows re-ordered together by BM25F (nDCG@10 on berlin-judged: 100: 0.931, 50: 0.929, 30: 0.924)
B, K1 = 0.75, 1.2
TABLE = sql.Identifier(S.SCHEMA, S.LIVE)
# field -> (tsvector column, the weight letter of a whole word there)
FIELD_SOURCE = {
    "title": ("tsv", "A"), "subtitle": ("tsv", "B"), "body": ("tsv", "C"),
    "quotes": ("quotes_tsv", "A"), "issuer": ("issuer_tsv", "A"), "person": ("person_tsv", "A"),
}
# document frequency of a term in a field: which column, which weights
_DF_QUERY = {
    "title": ("title_tsv", ""), "subtitle": ("tsv", ":B"), "body": ("tsv", ":CD"),
    "quotes": ("quotes_tsv", ""), "issuer": ("issuer_tsv", ""), "person": ("person_tsv", ""),
}
LENGTHS = ("title_len", "subtitle_len", "body_len", "quotes_len", "issuer_len", "person_len")
EXTRA = LENGTHS + ("title_last", "subtitle_last")  # the columns a block's rows bring along
BOOST = dict(FIELD_BOOSTS, person=1.0)


def _like(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class Bm25:
    """Scores of one search's rows; statistics cached per generation by the backend."""

    def __init__(self, backend, cur):
        self.backend = backend
        self.cur = cur

    def _averages(self) -> tuple[int, dict[str, float]]:
        def build():
            # as the last commit stored them (exact up to schema.AVERAGES_EXACT releases, then
            # blended): counting every row again would read the whole table in each new process
            self.cur.execute(sql.SQL("SELECT value FROM {} WHERE key = 'averages'").format(
                sql.Identifier(S.SCHEMA, "meta")))
            got = self.cur.fetchone()
            if got and len(json.loads(got[0])) == len(LENGTHS) + 1:
                n, *avgs = json.loads(got[0])
                return n, {c[: -len("_len")]: float(a or 0) or 1.0 for c, a in zip(LENGTHS, avgs)}
            self.cur.execute(sql.SQL("SELECT count(*), {} FROM {}").format(
                sql.SQL(", ").join(sql.SQL("avg({})").format(sql.Identifier(c)) for c in LENGTHS), TABLE))
            n, *avgs = self.cur.fetchone()
            return n, {c[: -len("_len")]: float(a or 0) or 1.0 for c, a in zip(LENGTHS, avgs)}

        return self.backend.cached("bm25:averages", build)

    def _df(self, field: str, term: str) -> int:
        column, weights = _DF_QUERY[field]

        def build():
            self.cur.execute(sql.SQL("SELECT count(*) FROM {} r WHERE {} @@ %s::tsquery").format(
                TABLE, sql.Identifier("r", column)), [lexeme(term) + weights])
            return self.cur.fetchone()[0]

        return self.backend.cached(f"bm25:df:{field}:{term}", build)

    def _weights(self, seqs: list[int], terms: set[str], prefixes: set[str], columns: Iterable[str]):
        """{(seq, column): [(lexeme, positions, weights)]} of the query's lexemes in these rows."""
        out: dict = {}
        for column in columns:
            self.cur.execute(sql.SQL(
                "SELECT r.seq, u.lexeme, u.positions, u.weights FROM {} r CROSS JOIN LATERAL unnest({}) AS u "
                "WHERE r.seq = ANY(%s) AND (u.lexeme = ANY(%s) OR u.lexeme LIKE ANY(%s))"
            ).format(TABLE, sql.Identifier("r", column)), [seqs, sorted(terms), [_like(p) for p in sorted(prefixes)]])
            for seq, lex, positions, weights in self.cur.fetchall():
                out.setdefault((seq, column), []).append((lex, positions or (), weights or ()))
        return out

    def scores(self, rows: list[dict], leaves_of_row) -> list[float]:
        """BM25F of each row (``seq``, the length and position columns) for the
        leaves ``leaves_of_row(i)`` gives (those of the clauses its stage counts)."""
        if not rows:
            return []
        all_leaves = [leaf for i in range(len(rows)) for leaf in leaves_of_row(i)]
        terms = {t for kind, _, payload in all_leaves if kind in ("terms", "alts", "phrase", "expanded") for t in payload}
        prefixes = {payload for kind, _, payload in all_leaves if kind == "prefix"}
        fields = {f for _, fs, _ in all_leaves for f in fs}
        columns = {FIELD_SOURCE[f][0] for f in fields if f in FIELD_SOURCE}
        if not (terms or prefixes) or not columns:
            return [0.0] * len(rows)
        found = self._weights([r["seq"] for r in rows], terms, prefixes, columns)
        n, avg = self._averages()
        out = []
        for i, r in enumerate(rows):
            per_field = self._per_field(r, found)
            score = 0.0
            for kind, fs, payload in leaves_of_row(i):
                for f in fs:
                    if f not in FIELD_SOURCE:
                        continue
                    got = per_field.get(f, {})
                    if kind == "prefix":
                        if any(t.startswith(payload) for t in got):
                            score += 1.0
                        continue
                    if kind == "expanded":  # a prefix or fuzzy word's words: 1 per field, as Whoosh scores them
                        if any(t in got for t in payload):
                            score += 1.0
                        continue
                    if kind == "alts":  # one word's forms: one term, the idf of its most frequent form
                        w = sum(got.get(t) or 0.0 for t in payload)
                        if w:
                            dfs = [self._df(f, t) for t in payload]
                            score += self._bm25(n, max(dfs), w * BOOST[f], r[f + "_len"], avg[f])
                        continue
                    for t in payload:
                        w = got.get(t)
                        if w:
                            score += self._bm25(n, self._df(f, t), w * BOOST[f], r[f + "_len"], avg[f])
            out.append(score)
        return out

    @staticmethod
    def _bm25(n: int, df: int, w: float, fl: float, avg: float) -> float:
        """One term's BM25F in one field (``w``: its boosted weight there)."""
        idf = math.log(n / (df + 1)) + 1.0
        return idf * (K1 + 1) * w / (w + K1 * (1 - B) + K1 * B * fl / avg)

    @staticmethod
    def _per_field(r: dict, found: dict) -> dict[str, dict[str, float]]:
        """{field: {lexeme: summed boosts}} of one row."""
        out: dict[str, dict[str, float]] = {}
        seq, tl, sl = r["seq"], r["title_last"], r["subtitle_last"]
        for lex, positions, weights in found.get((seq, "tsv"), ()):
            for p, w in zip(positions, weights):
                field = "title" if p <= tl else "subtitle" if p <= sl else "body"
                boost = 1.0 if w == FIELD_SOURCE[field][1] else PART_BOOST
                d = out.setdefault(field, {})
                d[lex] = d.get(lex, 0.0) + boost
        for field in ("quotes", "issuer", "person"):
            for lex, positions, weights in found.get((seq, FIELD_SOURCE[field][0]), ()):
                d = out.setdefault(field, {})
                d[lex] = d.get(lex, 0.0) + sum(1.0 if w == "A" else PART_BOOST for w in weights)
        return out


# -- top candidates from the postings -------------------------------------------

EXACT_MAX = 1000  # a stage with at most this many rows is ordered by ts_rank over all of them
CANDIDATES = 200  # postings read per term first (x4 per retry)
CANDIDATES_MAX = 20_000  # beyond this many per term, ts_rank over every row is the answer
POSTINGS = sql.Identifier(S.SCHEMA, "postings")
TERMS = sql.Identifier(S.SCHEMA, "terms")
_DEFAULT = {"title", "subtitle", "body"}


def postings_terms(leaves) -> list[str] | None:
    """The terms whose postings can pick a stage's best rows, or None when a
    leaf is outside the postings (quotes alone, issuer, person, a prefix)."""
    terms: list[str] = []
    for kind, fields, payload in leaves:
        if kind in ("prefix", "expanded") or not (set(fields) & _DEFAULT):
            return None
        terms += [t for t in payload if t not in terms]
    return terms or None


def term_idfs(backend, cur, terms: list[str]) -> tuple[list[float], int]:
    """(idf per term from the vocabulary, the largest document frequency)."""

    def build():
        cur.execute(sql.SQL("SELECT value FROM {} WHERE key = 'averages'").format(sql.Identifier(S.SCHEMA, "meta")))
        got = cur.fetchone()
        return json.loads(got[0])[0] if got else 0

    n = backend.cached("docs", build)
    cur.execute(sql.SQL("SELECT term, df FROM {} WHERE term = ANY(%s)").format(TERMS), [terms])
    df = dict(cur.fetchall())
    return [math.log(max(n, 1) / (df.get(t, 0) + 1)) + 1.0 for t in terms], max(df.values(), default=0)


def top_by_postings(backend, cur, select: sql.Composable, cond, terms: list[str], limit: int, offset: int,
                    matches: int = 0):
    """Rows [offset, offset + limit) of the rows meeting ``cond``, ordered by
    the sum of idf x impact over the best postings of each term (read from the
    (term, impact DESC) index, CANDIDATES per term, more while too few of them
    meet the condition); ``select`` the columns (the score as ``c.score``).
    With ``matches`` (how many rows meet it), the first read is as long as
    the share of a term's releases that pass the filters asks for. None when
    the candidates run out before the page fills (the caller orders every
    row instead)."""
    idfs, longest = term_idfs(backend, cur, terms)
    want = offset + limit
    per_term = max(CANDIDATES, 2 * want)
    if matches:
        per_term = min(CANDIDATES_MAX, max(per_term, 2 * want * longest // matches))
    while True:
        set_join = bool(matches) and matches <= SET_JOIN_RATIO * per_term * len(terms)
        cur.execute(_top_sql(select, cond, dated=backend.version() >= 3, set_join=set_join),
                    [terms, idfs, per_term, per_term] + cond[1] * (1 if set_join else 2 if backend.version() >= 3 else 1)
                    + [limit, offset])
        rows = cur.fetchall()
        if len(rows) == limit or per_term >= longest:
            return rows
        if per_term >= CANDIDATES_MAX:
            return None
        per_term *= 4


SET_JOIN_RATIO = 8  # a stage of at most this many matches per candidate is read whole (see _top_sql)


def _top_sql(select: sql.Composable, cond, dated: bool, set_join: bool) -> sql.Composed:
    """The statement of :func:`top_by_postings`.

    A candidate missing from a term's list that was cut may still hold the
    term, with at most the list's lowest impact: it is counted with that (an
    upper bound), so a release good on every term is not put behind one that
    is only in one list.

    Which candidates meet the stage's condition: with ``set_join`` (a stage
    with few matches per candidate) the matching releases are read once
    through the text index (a bitmap scan: no vector is read where the index
    answers alone) and joined with the candidates, and only the page's rows
    are looked up; else each candidate is looked up and checked on its own,
    LATERAL and OFFSET 0 (the planner would rather read every matching row,
    not knowing what vectors cost). From version 3 the postings hold the
    date: a lookup reads the candidate's year's partition, or the undated
    one, not every partition."""
    if dated:
        probe = ("(SELECT * FROM {t} r WHERE r.seq = c.seq AND r.date = c.date{w} UNION ALL "
                 "SELECT * FROM {t} r WHERE c.date IS NULL AND r.date IS NULL AND r.seq = c.seq{w} OFFSET 0)")
    else:
        probe = "(SELECT * FROM {t} r WHERE r.seq = c.seq{w} OFFSET 0)"
    where = sql.SQL("") if set_join else sql.SQL(" AND ({})").format(cond[0])
    lookup = sql.SQL(probe).format(t=TABLE, w=where)
    head = sql.SQL(
        "WITH p AS MATERIALIZED (SELECT q.term, q.idf, x.seq, x.impact, x.date "
        "FROM unnest(%s::text[], %s::float8[]) AS q(term, idf) CROSS JOIN LATERAL "
        "(SELECT seq, impact, {d} AS date FROM {p} WHERE term = q.term ORDER BY impact DESC LIMIT %s) x), "
        "cut AS MATERIALIZED (SELECT term, idf * min(impact) AS low FROM p GROUP BY term, idf HAVING count(*) >= %s), "
        "c AS MATERIALIZED (SELECT seq, min(date) AS date, sum(idf * impact) AS got, array_agg(term) AS have "
        "FROM p GROUP BY seq), "
        "s AS (SELECT c.seq, c.date, c.got + coalesce((SELECT sum(cut.low) FROM cut "
        "WHERE cut.term <> ALL(c.have)), 0) AS score FROM c) "
    ).format(p=POSTINGS, d=sql.SQL("date" if dated else "NULL::date"))
    if set_join:
        return head + sql.SQL(
            ", m AS MATERIALIZED (SELECT r.seq FROM {t} r WHERE {w}) "
            "SELECT {sel} FROM (SELECT s.* FROM s JOIN m ON m.seq = s.seq "
            "ORDER BY s.score DESC, s.date DESC NULLS LAST, s.seq LIMIT %s OFFSET %s) c "
            "CROSS JOIN LATERAL {lookup} r ORDER BY c.score DESC, r.date DESC NULLS LAST, r.seq"
        ).format(t=TABLE, w=cond[0], sel=select, lookup=lookup)
    return head + sql.SQL(
        "SELECT {sel} FROM s c CROSS JOIN LATERAL {lookup} r "
        "ORDER BY c.score DESC, r.date DESC NULLS LAST, r.seq LIMIT %s OFFSET %s"
    ).format(sel=select, lookup=lookup)
