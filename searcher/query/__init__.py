"""The query language: user text -> a small syntax tree -> Whoosh queries.

The language (operators in capitals; everything else is a word)::

    Integration Sachsen            all words rank first, then most of the words
    Integration AND Sachsen        every word is required (so is ``--all``)
    "soziale Arbeit"               a phrase
    Integration OR Inklusion       either (OR binds tighter than AND)
    NOT Sachsen   -Sachsen         exclude
    integr*                        prefix
    Integratoin~   Integratoin~2   fuzzy (edit distance 1, or the given 1..2)
    title:Kita  quote:"Wir"        field scoping: title, issuer, person, quote
    (Kita OR Schule) Sachsen       grouping

A syntax error raises :class:`~searcher.errors.QueryError` that says what is
wrong and what to write instead; :func:`literal_query` reads the same text as
plain words so a caller can fall back to it.

This package also re-exports the ``--from`` / ``--to`` date bounds
(:func:`parse_date_bound`).

The rooms: :mod:`.text` (NFC, the length cut), :mod:`.lexer` (tokens),
:mod:`.nodes` (the syntax tree and the fields), :mod:`.parser` (tokens to a
tree, the literal reading), :mod:`.builder` (trees to Whoosh queries, the
compound-head back-off) and :mod:`.expansion` (the caps on prefix and fuzzy
expansion). The bounds below live here and are read through this package
when a query is parsed or built, so changing one here (tests do) changes it
everywhere.
"""
from __future__ import annotations

# ---------------------------------------------------------------------------
# Dates: one reading of user dates for --from/--to, --set date= and records
from ..dates import DATE_FORMS, parse_date_bound  # noqa: F401  (re-exported)


# ---------------------------------------------------------------------------
# Bounds: what one query may cost. Every query answers within a bounded cost;
# when a bound cuts something, the search result says so in ``notes``.

MAX_QUERY_CHARS = 1000  # longer query text is cut (at a space where possible)
MAX_WORD_CHARS = 64  # a longer word is cut to its first 64 characters
MAX_WORDS = 20  # distinct words and phrases per query; later ones are left out
MAX_DEPTH = 25  # nested parentheses and NOT / -word in one another: a QueryError beyond
MAX_EXPANSIONS = 50  # terms a prefix* or fuzzy~ word matches, per field (the most frequent)
MAX_CANDIDATES = 2000  # terms compared per fuzzy word or did-you-mean word, per field
MAX_QUERY_EXPANSIONS = 200  # prefix and fuzzy terms of all words and fields of one query
MAX_QUERY_CANDIDATES = 6000  # terms compared for all fuzzy and did-you-mean words of one query
MAX_SUGGESTED = 5  # unknown words that get a did-you-mean replacement


# The rooms (they read the bounds above through this package, at call time).
from .text import _CLOSE_QUOTES, _DANGLING, _OPEN_QUOTES, _close_cut, _outside_phrases, bound_text, normalize_text, replace_words  # noqa: E402,F401
from .nodes import (  # noqa: E402,F401
    DEFAULT_FIELDS, FIELD_LIST, FIELDS, TEXT_FIELDS, And, Node, Not, Or, Phrase, Word, query_words, top_clauses,
)
from .lexer import _BLANK_REST, _CLOSE_QUOTE, _FUZZY, _GROUP_STARTS, _OPERATORS, _TOKEN, _lex  # noqa: E402,F401
from .parser import (  # noqa: E402,F401
    _LITERAL_SPLIT, _NESTING_RUN, _TOO_DEEP, _Parser, _cut_word, _cut_words, _leaves, _limit_words, _prune, _scope,
    _word, literal_query, parse_lenient, parse_literal, parse_query,
)
from .expansion import Budget, _bounded_classes, alternatives_class  # noqa: E402,F401
from .builder import _GENDER_ENDING, NOT_HEAD_ENDINGS, Builder  # noqa: E402,F401

__all__ = [
    "DATE_FORMS",
    "MAX_CANDIDATES",
    "MAX_DEPTH",
    "MAX_EXPANSIONS",
    "MAX_QUERY_CANDIDATES",
    "MAX_QUERY_CHARS",
    "MAX_QUERY_EXPANSIONS",
    "MAX_SUGGESTED",
    "MAX_WORD_CHARS",
    "MAX_WORDS",
    "Budget",
    "Builder",
    "bound_text",
    "literal_query",
    "normalize_text",
    "parse_date_bound",
    "parse_lenient",
    "parse_literal",
    "parse_query",
    "query_words",
    "replace_words",
    "top_clauses",
]
