"""The recursive-descent parser from tokens to a syntax tree, within the bounds
on words and nesting, and the literal reading used after a QueryError.
"""
from __future__ import annotations

import re
from typing import Optional

from .. import query as _pkg
from ..errors import QueryError
from .lexer import _OPERATORS, _FUZZY, _lex
from .nodes import FIELD_LIST, FIELDS, And, Node, Not, Or, Phrase, Word
from .text import bound_text, normalize_text

_TOO_DEEP = (
    f"The query is too deeply nested (more than {_pkg.MAX_DEPTH} parentheses or NOT/- inside "
    "one another): remove the extra parentheses and dashes."
)
# a run of more than MAX_DEPTH openers ("(", "NOT ", a dash on a word): found
# in the whole text, before a long query is cut
_NESTING_RUN = re.compile(r"(?:\(\s*|\bNOT\s+|-(?=\S)){%d}" % (_pkg.MAX_DEPTH + 1))


class _Parser:
    def __init__(self, text: str, notes: Optional[list[str]] = None):
        self.text = text
        self.tokens = _lex(text)
        self.i = 0
        self.depth = 0  # open parentheses and NOTs around the current token
        self.notes = notes if notes is not None else []

    def enter(self) -> None:
        self.depth += 1
        if self.depth > _pkg.MAX_DEPTH:
            raise QueryError(_TOO_DEEP, self.text)

    def peek(self) -> Optional[tuple[str, str]]:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def error(self, message: str) -> QueryError:
        return QueryError(message, self.text)

    def parse(self) -> Optional[Node]:
        node = self.conjunction()
        tok = self.peek()
        if tok is not None:
            if tok[0] == ")":
                raise self.error(
                    'Unbalanced parenthesis: ")" has no matching "(". Remove it or add "(" before the group.'
                )
            raise self.error(f"Cannot read the query at {tok[1]!r}.")  # pragma: no cover
        return node

    def conjunction(self) -> Optional[Node]:
        nodes: list[Node] = []
        explicit = False
        while True:
            tok = self.peek()
            if tok is None or tok[0] == ")":
                break
            if tok == ("op", "AND"):
                if not nodes:
                    raise self.error(
                        'AND needs a word on both sides: write "Integration AND Sachsen" '
                        '(or "and" in lower case to search for the word).'
                    )
                self.take()
                nxt = self.peek()
                if nxt is None or nxt[0] == ")" or nxt in (("op", "AND"), ("op", "OR")):
                    raise self.error(
                        'AND needs a word on both sides: write "Integration AND Sachsen" '
                        '(or "and" in lower case to search for the word).'
                    )
                explicit = True
                continue
            if tok == ("op", "OR"):
                raise self.error(
                    'OR needs a word on both sides: write "Integration OR Inklusion" '
                    '(or "or" in lower case to search for the word).'
                )
            nodes.append(self.disjunction())
        if not nodes:
            return None
        if len(nodes) == 1 and not explicit:
            return nodes[0]
        return And(tuple(nodes), explicit=explicit)

    def disjunction(self) -> Node:
        nodes = [self.unary()]
        while self.peek() == ("op", "OR"):
            self.take()
            nxt = self.peek()
            if nxt is None or nxt[0] == ")" or nxt in (("op", "AND"), ("op", "OR")):
                raise self.error(
                    'OR needs a word on both sides: write "Integration OR Inklusion" '
                    '(or "or" in lower case to search for the word).'
                )
            nodes.append(self.unary())
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def unary(self) -> Node:
        tok = self.peek()
        if tok == ("op", "NOT") or (tok and tok[0] == "neg"):
            self.take()
            nxt = self.peek()
            if nxt is None or nxt[0] == ")" or nxt[0] == "op":
                raise self.error(
                    'NOT needs a word after it: write "Integration NOT Sachsen" or "Integration -Sachsen" '
                    '(or "not" in lower case to search for the word).'
                )
            self.enter()
            node = Not(self.unary())
            self.depth -= 1
            return node
        return self.primary()

    def primary(self, field: Optional[str] = None) -> Node:
        kind, value = self.take()
        if kind == "(":
            self.enter()
            node = self.conjunction()
            if self.peek() is None or self.peek()[0] != ")":
                raise self.error('Unbalanced parenthesis: "(" is never closed. Add ")" after the group or remove "(".')
            self.take()
            self.depth -= 1
            if node is None:
                raise self.error('Empty parentheses "()": put words inside or remove them.')
            return _scope(node, field) if field else node
        if kind == ")":
            raise self.error('Unbalanced parenthesis: ")" has no matching "(". Remove it or add "(" before the group.')
        if kind == "field":
            name = value.lower()
            if name not in FIELDS:
                raise self.error(f'Unknown field "{value}"; possible fields: {FIELD_LIST}')
            if field:
                raise self.error(f'Field "{value}:" inside "{field}:": scope a word with one field only.')
            nxt = self.peek()
            if nxt is None or nxt[0] in (")", "op", "neg", "field"):
                raise self.error(f'"{value}:" needs a word after it, e.g. {name}:Integration')
            return self.primary(field=name)
        if kind == "phrase":
            if not value.strip():
                raise self.error('Empty phrase "": put words between the quotation marks or remove them.')
            return Phrase(_cut_words(value, self.notes), field)
        if kind == "op":  # pragma: no cover - handled by the callers
            raise self.error(f"{value} needs a word on both sides.")
        return _word(value, field, self)


def _cut_word(text: str, notes: list[str]) -> str:
    if len(text) <= _pkg.MAX_WORD_CHARS:
        return text
    cut = text[:_pkg.MAX_WORD_CHARS]
    notes.append(
        f'The word "{cut[:20]}…" is {len(text)} characters long; only its first {_pkg.MAX_WORD_CHARS} were searched.'
    )
    return cut


def _cut_words(text: str, notes: list[str]) -> str:
    """A phrase with each of its words cut to :data:`MAX_WORD_CHARS`."""
    if len(text) <= _pkg.MAX_WORD_CHARS:
        return text
    return re.sub(r"\S{%d,}" % (_pkg.MAX_WORD_CHARS + 1), lambda m: _cut_word(m[0], notes), text)


def _word(text: str, field: Optional[str], parser: _Parser) -> Word:
    m = _FUZZY.fullmatch(text)
    if m:
        dist = int(m[2]) if m[2] else 1
        if not 1 <= dist <= 2:
            raise parser.error(f'Fuzzy distance in "{text}" must be 1 or 2, e.g. {m[1]}~ or {m[1]}~2')
        return Word(_cut_word(m[1], parser.notes), field, "fuzzy", dist)
    if text.endswith("*"):
        stem = text.rstrip("*")
        if "*" in stem:
            raise parser.error(f'Wildcards only work at the end of a word: write "{stem[: stem.index("*")]}*".')
        if len(re.sub(r"\W", "", stem)) < 2:
            raise parser.error(f'Prefix "{text}" is too short: write at least 2 letters before "*".')
        return Word(_cut_word(stem, parser.notes), field, "prefix")
    if "*" in text:
        raise parser.error(f'Wildcards only work at the end of a word: write "{text[: text.index("*")]}*".')
    return Word(_cut_word(text, parser.notes), field)


def _scope(node: Node, field: str) -> Node:
    if isinstance(node, Word):
        return Word(node.text, node.field or field, node.kind, node.maxdist)
    if isinstance(node, Phrase):
        return Phrase(node.text, node.field or field)
    if isinstance(node, Not):
        return Not(_scope(node.node, field))
    if isinstance(node, Or):
        return Or(tuple(_scope(n, field) for n in node.nodes))
    return And(tuple(_scope(n, field) for n in node.nodes), node.explicit)


def parse_query(text: str, notes: Optional[list[str]] = None) -> Optional[Node]:
    """Parse query text into a syntax tree (None for an empty query).

    >>> parse_query('Kita -Sachsen')
    And(nodes=(Word(text='Kita', field=None, kind='word', maxdist=1), Not(node=Word(text='Sachsen', field=None, kind='word', maxdist=1))), explicit=False)

    The text is read in NFC form and within the bounds above (:data:`MAX_QUERY_CHARS`,
    :data:`MAX_WORD_CHARS`, :data:`MAX_WORDS`); what a bound cut is said in
    ``notes`` when a list is given. Nesting deeper than :data:`MAX_DEPTH` is a
    QueryError.
    """
    notes = notes if notes is not None else []
    if _NESTING_RUN.search(text):
        raise QueryError(_TOO_DEEP, text[:_pkg.MAX_QUERY_CHARS])
    text = bound_text(normalize_text(text), notes)
    parser = _Parser(text, notes)
    return _limit_words(parser.parse(), notes)


def _leaves(node: Optional[Node], out: list) -> list:
    if isinstance(node, (Word, Phrase)):
        out.append(node)
    elif isinstance(node, Not):
        _leaves(node.node, out)
    elif isinstance(node, (And, Or)):
        for n in node.nodes:
            _leaves(n, out)
    return out


def _limit_words(node: Optional[Node], notes: list[str]) -> Optional[Node]:
    """The tree with only its first :data:`MAX_WORDS` distinct words and
    phrases (a repeated word counts once); says in ``notes`` what was left out."""
    keys = list(dict.fromkeys(_leaves(node, [])))
    if len(keys) <= _pkg.MAX_WORDS:
        return node
    keep = set(keys[:_pkg.MAX_WORDS])
    notes.append(
        f"The query has {len(keys)} different words and phrases; only the first {_pkg.MAX_WORDS} were searched."
    )
    return _prune(node, keep)


def _prune(node: Optional[Node], keep: set) -> Optional[Node]:
    if isinstance(node, (Word, Phrase)):
        return node if node in keep else None
    if isinstance(node, Not):
        inner = _prune(node.node, keep)
        return Not(inner) if inner is not None else None
    if isinstance(node, Or):
        nodes = tuple(n for n in (_prune(n, keep) for n in node.nodes) if n is not None)
        return None if not nodes else nodes[0] if len(nodes) == 1 else Or(nodes)
    if isinstance(node, And):
        nodes = tuple(n for n in (_prune(n, keep) for n in node.nodes) if n is not None)
        if not nodes:
            return None
        return nodes[0] if len(nodes) == 1 and not node.explicit else And(nodes, node.explicit)
    return node


_LITERAL_SPLIT = re.compile(r"[\s\"„“”()*~:]+")


def literal_query(text: str) -> str:
    """The query's words with every operator character removed, for a fallback
    search after a QueryError: ``'"soziale Arbeit'`` -> ``'soziale Arbeit'``.

    Operator words are lowercased so that they are searched as words.
    """
    words = []
    for w in _LITERAL_SPLIT.split(text):
        w = w.strip("-–—")
        if not w:
            continue
        words.append(w.lower() if w in _OPERATORS else w)
    return " ".join(words)


def parse_literal(text: str, notes: Optional[list[str]] = None) -> Optional[Node]:
    """The tree of :func:`literal_query` ``(text)``: plain words only, never an
    error; within the same bounds as :func:`parse_query`."""
    notes = notes if notes is not None else []
    text = bound_text(normalize_text(text), notes)
    words = [_cut_word(w, notes) for w in literal_query(text).split()]
    if not words:
        return None
    if len(words) == 1:
        return Word(words[0])
    return _limit_words(And(tuple(Word(w) for w in words)), notes)


def parse_lenient(text: Optional[str]) -> Optional[Node]:
    """The tree of ``text`` as a query, or of its plain words when it is no valid
    query (what highlighting a release for any text a user typed needs)."""
    try:
        return parse_query(text or "")
    except QueryError:
        return parse_literal(text or "")
