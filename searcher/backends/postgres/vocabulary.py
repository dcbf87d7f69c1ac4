"""The index's vocabulary on PostgreSQL (``searcher.terms``: the lexemes of
the releases' title, subtitle and body with their document frequencies):
prefix* and fuzzy~ expansion and did-you-mean, as the Whoosh backend does
them from its lexicon (:mod:`searcher.search.vocabulary`,
:mod:`searcher.search.suggestions`): the MAX_EXPANSIONS most frequent
matching words, from at most MAX_CANDIDATES compared."""
from __future__ import annotations

from typing import Optional

from psycopg import sql

from ... import search as _pkg
from ...query import replace_words
from . import schema as S

TERMS = sql.Identifier(S.SCHEMA, "terms")


def _like(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class PgVocabulary:
    """The vocabulary of one search (a cursor in its snapshot); lookups cached per generation."""

    def __init__(self, backend, cur):
        self.backend = backend
        self.cur = cur
        self.capped: list[str] = []  # words whose expansion was cut (said in a note)

    def prefix_terms(self, prefix: str, shown: str) -> list[str]:
        """The MAX_EXPANSIONS most frequent words beginning with ``prefix``."""
        def build():
            self.cur.execute(sql.SQL("SELECT term FROM {} WHERE term LIKE %s AND df > 0 ORDER BY df DESC, term LIMIT %s")
                             .format(TERMS), [_like(prefix), _pkg.MAX_EXPANSIONS + 1])
            return [t for (t,) in self.cur.fetchall()]

        got = self.backend.cached("prefix:" + prefix, build)
        if len(got) > _pkg.MAX_EXPANSIONS and shown not in self.capped:
            self.capped.append(shown)
        return got[: _pkg.MAX_EXPANSIONS]

    def similar(self, text: str, maxdist: int) -> list[tuple[int, int, str]]:
        """[(distance, -df, term)] of the words within ``maxdist`` edits of
        ``text`` (Damerau-Levenshtein) with its first letter, compared among
        the MAX_CANDIDATES most frequent words of the reachable lengths."""
        from whoosh.support.levenshtein import distance

        if not text:
            return []

        def build():
            self.cur.execute(sql.SQL(
                "SELECT term, df FROM {} WHERE term LIKE %s AND length(term) BETWEEN %s AND %s AND df > 0 "
                "ORDER BY df DESC, term LIMIT %s").format(TERMS),
                [_like(text[:1]), max(1, len(text) - maxdist), len(text) + maxdist, _pkg.MAX_CANDIDATES])
            return self.cur.fetchall()

        out = []
        for term, df in self.backend.cached(f"similar:{maxdist}:{text}", build):
            d = distance(term, text, limit=maxdist)
            if d <= maxdist:
                out.append((d, -df, term))
        return sorted(out)

    def doc_frequency(self, field: str, btext) -> int:
        """(For :func:`searcher.search.vocabulary._typed_stems`, which asks a reader.)"""
        term = btext.decode("utf-8") if isinstance(btext, bytes) else btext
        return self.known([term]).get(term, 0)

    def fuzzy_terms(self, text: str, maxdist: int, typed: Optional[str], shown: str) -> list[str]:
        """The MAX_EXPANSIONS nearest, most frequent words to ``text``; with
        ``typed``, also the words it begins with a mistyped ending after them."""
        from ...search.vocabulary import _typed_stems

        found = self.similar(text, maxdist)
        if typed:
            have = {t for _, _, t in found}
            found = sorted(found + [(d, n, t) for d, n, t, _ in _typed_stems(self, "body", typed, maxdist)
                                    if t not in have])
        if len(found) > _pkg.MAX_EXPANSIONS and shown not in self.capped:
            self.capped.append(shown)
        return [t for _, _, t in found[: _pkg.MAX_EXPANSIONS]]

    def known(self, terms: list[str]) -> dict[str, int]:
        """{term: document frequency} of those of ``terms`` the index holds."""
        if not terms:
            return {}
        self.cur.execute(sql.SQL("SELECT term, df FROM {} WHERE term = ANY(%s) AND df > 0").format(TERMS), [list(terms)])
        return dict(self.cur.fetchall())


def suggest(vocab: PgVocabulary, query: str, node, notes: list[str]) -> Optional[str]:
    """The query with each word the index does not know replaced by the
    closest known word, as :meth:`searcher.search.suggestions._Suggestions._suggest`."""
    from ...search.suggestions import choose_replacements, query_tokens
    from .documents import analyzer

    words = query_tokens(node, analyzer())
    known = vocab.known([t for toks in words.values() for t in toks])

    def nearest(term: str) -> list[str]:
        maxdist = 1 if len(term) <= 7 else 2
        return [t for _, _, t in vocab.similar(term, maxdist) if t != term]

    replacements = choose_replacements(words, known.__contains__, nearest,
                                       lambda term: _surface(vocab, term), notes)
    return replace_words(query, replacements) if replacements else None


def _surface(vocab: PgVocabulary, term: str) -> Optional[str]:
    """How ``term`` is written in a body that holds it: the word at one of
    its occurrences whose own analysis starts with the term (3 releases at most)."""
    from .documents import analyzer, tokens
    from .tsquery import lexeme

    vocab.cur.execute(sql.SQL("SELECT r.body FROM {} r WHERE r.tsv @@ %s::tsquery ORDER BY r.seq + 0 LIMIT 3").format(
        sql.Identifier(S.SCHEMA, S.LIVE)), [lexeme(term) + ":CD"])
    for (body,) in vocab.cur.fetchall():
        for t, _, start, end, _ in tokens(body or "", chars=True):
            if t != term:
                continue
            word = (body or "")[start:end]
            try:
                first = next((x.text for x in analyzer()(word, mode="query")), None)
            except StopIteration:
                first = None
            if first == term:
                return word
    return None
