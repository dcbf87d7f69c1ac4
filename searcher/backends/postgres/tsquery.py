"""The query tree of :mod:`searcher.query` as SQL over the tsvector columns.

Each word is analysed by the project's analyzer in query mode, as the Whoosh
backend's :class:`searcher.query.Builder` does: alternatives at one position
are ``|``-ed, positions ``&``-ed; a phrase is ``<->``; a prefix is ``:*``.
Text goes into the ``tsquery`` as quoted lexemes and reaches the server as a
parameter; column names are identifiers (:mod:`psycopg.sql`).

A node becomes an :class:`Expr`: a tsquery on one column (``Ts``) or a
boolean combination. Every positive leaf is remembered for highlighting
(``leaves``: ``("terms", fields, terms)``, ``("alts", fields, terms)`` (one word's forms at one position), ``("phrase", fields, words)``,
``("prefix", fields, prefix)``) and for the relevance score (``atoms``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional, Union

from psycopg import sql

from ...query import _GENDER_ENDING, DEFAULT_FIELDS, FIELDS, NOT_HEAD_ENDINGS, And, Node, Not, Or, Phrase, Word
from .documents import analyzer

# user field (None: the default text fields) -> tsvector column
COLUMN = {None: "tsv", "title": "title_tsv", "issuer": "issuer_tsv", "person": "person_tsv", "quote": "quotes_tsv"}
# ts_rank weights {D, C, B, A} per column: the Whoosh field boosts (see documents.py)
RANK_WEIGHTS = {
    "tsv": (0.1, 0.333, 0.6, 1.0),
    "title_tsv": (0.3, 0.0, 0.0, 1.0),
    "quotes_tsv": (0.1, 0.0, 0.0, 0.333),
    "issuer_tsv": (0.05, 0.0, 0.0, 0.167),
    "person_tsv": (0.1, 0.0, 0.0, 0.333),
}
RANK_NORMALIZATION = 1  # ts_rank: divide by 1 + log(document length), as BM25 damps long releases


@dataclass(frozen=True)
class Ts:
    column: str
    query: str  # tsquery text


@dataclass(frozen=True)
class Bool:
    op: str  # "and" | "or"
    parts: tuple


@dataclass(frozen=True)
class Neg:
    part: object


@dataclass(frozen=True)
class Every:
    pass


@dataclass(frozen=True)
class Keys:
    """Releases quoting any of these person keys (the ``persons`` array), as ``--person`` finds them."""

    terms: tuple


@dataclass(frozen=True)
class Never:
    """A word whose expansion found nothing in the vocabulary."""


Expr = Union[Ts, Bool, Neg, Every, Never, Keys]


def lexeme(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def to_sql(expr: Expr, alias: str = "r") -> tuple[sql.Composable, list]:
    """(SQL boolean expression, its parameters)."""
    if isinstance(expr, Ts):
        return sql.SQL("{} @@ %s::tsquery").format(sql.Identifier(alias, expr.column)), [expr.query]
    if isinstance(expr, Every):
        return sql.SQL("TRUE"), []
    if isinstance(expr, Never):
        return sql.SQL("FALSE"), []
    if isinstance(expr, Keys):
        return sql.SQL("{} && %s::text[]").format(sql.Identifier(alias, "persons")), [list(expr.terms)]
    if isinstance(expr, Neg):
        inner, params = to_sql(expr.part, alias)
        return sql.SQL("NOT ({})").format(inner), params
    parts, params = [], []
    for p in expr.parts:
        s, ps = to_sql(p, alias)
        parts.append(sql.SQL("({})").format(s))
        params += ps
    return sql.SQL(" AND " if expr.op == "and" else " OR ").join(parts), params


def rank_sql(atoms: list[Ts], alias: str = "r") -> tuple[sql.Composable, list]:
    """The relevance score: the sum of ``ts_rank`` of every positive leaf's tsquery."""
    if not atoms:
        return sql.SQL("0.0"), []
    parts, params = [], []
    for a in atoms:
        parts.append(sql.SQL("ts_rank(%s::real[], {}, %s::tsquery, %s)").format(sql.Identifier(alias, a.column)))
        params += [list(RANK_WEIGHTS[a.column]), a.query, RANK_NORMALIZATION]
    return sql.SQL(" + ").join(parts), params


def _combine(op: str, parts: list) -> Optional[Expr]:
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    if all(isinstance(p, Ts) for p in parts) and len({p.column for p in parts}) == 1:
        joiner = " & " if op == "and" else " | "
        return Ts(parts[0].column, joiner.join(f"({p.query})" for p in parts))
    return Bool(op, tuple(parts))


class TsBuilder:
    """Turns query trees into :class:`Expr` (one instance per search)."""

    def __init__(self, vocab=None, person_keys: Optional[Callable[[str], list]] = None):
        # person_keys(typed name): the person keys --person finds for it; a
        # person:X word or phrase also matches them (Slowik ~ Barbara Slowik)
        self.person_keys = person_keys
        self.leaves: list[tuple] = []  # positive leaves, for highlighting
        self.atoms: list[Ts] = []  # positive tsqueries, for the score
        self.fuzzy: list[str] = []  # fuzzy words searched as typed (no vocabulary)
        # with a vocabulary (.vocabulary.PgVocabulary), prefix* and fuzzy~ words
        # expand to its most frequent matching words, as on the Whoosh backend;
        # such a leaf is ("expanded", fields, terms): it scores 1 per field
        self.vocab = vocab

    def analyse(self, field: Optional[str], text: str) -> list[tuple[str, int]]:
        kind = "name" if field == "person" else "german"
        try:
            return [(t.text, t.pos) for t in analyzer(kind)(text, mode="query", positions=True)]
        except StopIteration:
            return []

    @staticmethod
    def text_fields(field: Optional[str]) -> tuple[str, ...]:
        return FIELDS[field] if field else DEFAULT_FIELDS

    def build(self, node: Node, negated: bool = False) -> Optional[Expr]:
        if isinstance(node, Word):
            return self._with_keys(node, self._word(node, negated))
        if isinstance(node, Phrase):
            return self._with_keys(node, self._phrase(node, negated))
        if isinstance(node, Not):
            inner = self.build(node.node, not negated)
            return Neg(inner) if inner is not None else None
        if isinstance(node, Or):
            return _combine("or", [self.build(n, negated) for n in node.nodes])
        if isinstance(node, And):
            return self.conjoin([self.build(n, negated) for n in node.nodes])
        raise TypeError(node)  # pragma: no cover

    def _with_keys(self, node, expr: Optional[Expr]) -> Optional[Expr]:
        """A person:X word or phrase, or the person keys X names (not a leaf: no text to score)."""
        if node.field != "person" or getattr(node, "kind", "word") != "word" or self.person_keys is None:
            return expr
        keys = tuple(self.person_keys(node.text))
        if not keys:
            return expr
        return Keys(keys) if expr is None else Bool("or", (expr, Keys(keys)))

    def conjoin(self, exprs: list) -> Optional[Expr]:
        pos = [e for e in exprs if e is not None and not isinstance(e, Neg)]
        neg = [e.part for e in exprs if isinstance(e, Neg)]
        if not pos and not neg:
            return None
        base = _combine("and", pos) if pos else Every()
        if neg:
            return _combine("and", [base, Neg(_combine("or", neg))]) if not isinstance(base, Every) else Neg(_combine("or", neg))
        return base

    def _leaf(self, expr: Ts, leaf: tuple, negated: bool) -> Ts:
        if not negated:
            self.leaves.append(leaf)
            self.atoms.append(expr)
        return expr

    def _word(self, node: Word, negated: bool) -> Optional[Ts]:
        from ...analysis import fold

        column = COLUMN[node.field]
        fields = self.text_fields(node.field)
        if node.kind == "prefix":
            prefix = re.sub(r"\W", "", fold(node.text)).lower()
            if not prefix:
                return None
            if self.vocab is not None and column == "tsv":
                return self._expanded(column, fields, self.vocab.prefix_terms(prefix, f"{node.text}*"), negated)
            return self._leaf(Ts(column, lexeme(prefix) + ":*"), ("prefix", fields, prefix), negated)
        toks = self.analyse(node.field, node.text)
        if not toks:
            return None
        by_pos: dict[int, list[str]] = {}
        for text, pos in toks:
            if text not in by_pos.setdefault(pos, []):
                by_pos[pos].append(text)
        if node.kind == "fuzzy":
            if self.vocab is not None and column == "tsv":
                return self._fuzzy(node, column, fields, by_pos, negated)
            if node.text not in self.fuzzy:
                self.fuzzy.append(node.text)
        groups = []
        for texts in by_pos.values():
            alts = " | ".join(lexeme(t) for t in texts)
            groups.append(f"({alts})" if len(texts) > 1 else alts)
        query = " & ".join(groups)
        terms = tuple(t for texts in by_pos.values() for t in texts)
        # one word's forms at one position score as one term (search.scoring._bm25_word)
        kind = "alts" if node.kind == "word" and len(by_pos) == 1 and len(terms) > 1 else "terms"
        return self._leaf(Ts(column, query), (kind, fields, terms), negated)

    def _expanded(self, column: str, fields, terms: list[str], negated: bool) -> Expr:
        """Any of the words a prefix or fuzzy word expanded to (none: it matches nothing)."""
        if not terms:
            return Never()
        return self._leaf(Ts(column, " | ".join(lexeme(t) for t in terms)), ("expanded", fields, tuple(terms)), negated)

    def _fuzzy(self, node: Word, column: str, fields, by_pos: dict, negated: bool) -> Optional[Expr]:
        """A fuzzy word: each of its terms within ``maxdist`` edits (as the
        Whoosh backend, which also tries the typed word's mistyped ending)."""
        from ...analysis import fold

        typed = re.sub(r"\W", "", fold(node.text)).lower() if len(by_pos) == 1 else None
        shown = f"{node.text}~" + ("2" if node.maxdist == 2 else "")
        parts = []
        for texts in by_pos.values():
            terms: list[str] = []
            for t in texts:
                terms += [x for x in self.vocab.fuzzy_terms(t, node.maxdist, typed, shown) if x not in terms]
            parts.append(self._expanded(column, fields, terms, negated))
        return _combine("and", parts)

    def _phrase(self, node: Phrase, negated: bool) -> Optional[Ts]:
        column = COLUMN[node.field]
        fields = self.text_fields(node.field)
        toks = self.analyse(node.field, node.text)
        if not toks:
            return None
        words, seen = [], set()
        for t, p in toks:  # the first token per position, as the Whoosh backend's phrases
            if p not in seen:
                seen.add(p)
                words.append(t)
        if len(words) == 1:
            return self._leaf(Ts(column, lexeme(words[0])), ("terms", fields, (words[0],)), negated)
        return self._leaf(Ts(column, " <-> ".join(lexeme(w) for w in words)), ("phrase", fields, tuple(words)), negated)

    def head_backoff(self, node: Node, doc_frequency: Callable[[str], int]):
        """(head expr, modifier expr, head leaf) for a compound typed as a plain
        word, split against the index's own vocabulary (as
        :meth:`searcher.query.Builder.head_backoff`), or None."""
        from ...analysis import split_query_word

        if not isinstance(node, Word) or node.kind != "word" or node.field not in (None, "title", "quote"):
            return None
        column = COLUMN[node.field]
        fields = self.text_fields(node.field)
        endings = frozenset(t for e in NOT_HEAD_ENDINGS for t, _ in self.analyse(None, e))
        text = node.text
        for _ in range(2):
            split = split_query_word(text, doc_frequency)
            if split is None:
                return None
            mod, head = split
            if head not in endings:
                return Ts(column, lexeme(head)), Ts(column, lexeme(mod)), ("terms", fields, (head,))
            shorter = _GENDER_ENDING.sub("", text)
            if shorter == text:
                return None
            text = shorter
        return None
