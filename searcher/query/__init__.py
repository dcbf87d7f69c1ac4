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

This module also parses the ``--from`` / ``--to`` date bounds
(:func:`parse_date_bound`).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Optional, Union

from ..errors import QueryError, UsageError

# ---------------------------------------------------------------------------
# Dates: one reading of user dates for --from/--to, --set date= and records
from ..dates import DATE_FORMS, parse_date_bound  # noqa: E402,F401  (re-exported)


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


def normalize_text(text: str) -> str:
    """Query text and filter values in NFC (composed) form, as the releases are indexed.

    >>> normalize_text("Bru\u0308cke") == "Br\u00fccke"
    True
    """
    return unicodedata.normalize("NFC", text)


def bound_text(text: str, notes: Optional[list[str]] = None) -> str:
    """``text`` cut to :data:`MAX_QUERY_CHARS` (at the last space before the
    bound when there is one); says so in ``notes``."""
    if len(text) <= MAX_QUERY_CHARS:
        return text
    cut = text[:MAX_QUERY_CHARS]
    space = cut.rfind(" ")
    if space > MAX_QUERY_CHARS // 2:
        cut = cut[:space]
    cut = _close_cut(cut)
    if notes is not None:
        notes.append(
            f"The query is {len(text)} characters long; only its first {len(cut)} were searched "
            f"(at most {MAX_QUERY_CHARS})."
        )
    return cut


_OPEN_QUOTES = '"„“”'
_CLOSE_QUOTES = '"“”'
_DANGLING = re.compile(r"(?:\s+|\b(?:AND|OR|NOT)\b|[^\W\d_]+:|(?<!\S)-+)+\Z")


def _outside_phrases(text: str) -> tuple[str, int]:
    """(text up to a phrase left open, if any; parentheses open at its end, outside phrases)."""
    depth = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in _OPEN_QUOTES:
            j = next((k for k in range(i + 1, n) if text[k] in _CLOSE_QUOTES), -1)
            if j < 0:
                return text[:i], depth
            i = j
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        i += 1
    return text, depth


def _close_cut(text: str) -> str:
    """A query cut at a bound, made whole again: a phrase the cut opened is
    left out, a trailing operator or "(" dropped and open parentheses closed,
    so the cut itself never causes a syntax error."""
    text, _ = _outside_phrases(text)
    while True:
        shorter = _DANGLING.sub("", text).rstrip("(")
        if shorter == text:
            break
        text = shorter
    text, depth = _outside_phrases(text)
    return text + ")" * max(0, depth)


# ---------------------------------------------------------------------------
# Syntax tree


@dataclass(frozen=True)
class Word:
    """A word, prefix (``kind="prefix"``) or fuzzy word (``kind="fuzzy"``)."""

    text: str
    field: Optional[str] = None  # user field name (title, issuer, person, quote) or None
    kind: str = "word"
    maxdist: int = 1


@dataclass(frozen=True)
class Phrase:
    text: str
    field: Optional[str] = None


@dataclass(frozen=True)
class Not:
    node: "Node"


@dataclass(frozen=True)
class Or:
    nodes: tuple["Node", ...]


@dataclass(frozen=True)
class And:
    """A conjunction. ``explicit`` is True when the user wrote AND (no relaxing)."""

    nodes: tuple["Node", ...]
    explicit: bool = False


Node = Union[Word, Phrase, Not, Or, And]

# user field name -> Whoosh fields
FIELDS = {
    "title": ("title",),
    "issuer": ("issuer",),
    "person": ("person",),
    "quote": ("quotes",),
}
DEFAULT_FIELDS = ("title", "subtitle", "body", "quotes")
TEXT_FIELDS = ("title", "subtitle", "body", "quotes")
FIELD_LIST = "title, issuer, person, quote"

# A token of the query text. Order matters: phrases, parens, words.
_TOKEN = re.compile(
    r"""
    \s*(?:
      (?P<field>[^\W\d_]+):(?!in(?:nen)?\b)  # field: (not Mitarbeiter:innen)
    | (?P<quote>["„“”])
    | (?P<lparen>\()
    | (?P<rparen>\))
    | (?P<word>[^\s()"„“”]+)
    )""",
    re.VERBOSE,
)
_OPERATORS = {"AND", "OR", "NOT"}
_FUZZY = re.compile(r"(.+?)~([0-9]*)")
_CLOSE_QUOTE = re.compile(r'["“”]')
_BLANK_REST = re.compile(r"\s*\Z")
_GROUP_STARTS = ("(", '"', "„", "“", "”")  # -(group) and -"phrase" are negations


def _lex(text: str) -> list[tuple[str, str]]:
    """Split the query into (kind, value) tokens; kinds: field, phrase, (, ), op, word, neg."""
    tokens: list[tuple[str, str]] = []
    pos = 0
    n = len(text)
    while pos < n:
        if _BLANK_REST.match(text, pos):
            break
        m = _TOKEN.match(text, pos)
        if not m:  # pragma: no cover - the word alternative matches anything else
            raise QueryError(f"Cannot read the query at {text[pos:]!r}.", text)
        pos = m.end()
        if m["field"]:
            tokens.append(("field", m["field"]))
        elif m["quote"]:
            close = _CLOSE_QUOTE.search(text, pos)
            if not close:
                raise QueryError(
                    f'Unbalanced quotation mark in {text.strip()!r}: end the phrase with a second " '
                    f'(e.g. "soziale Arbeit") or remove the quotation mark.',
                    text,
                )
            tokens.append(("phrase", text[pos : close.start()]))
            pos = close.end()
        elif m["lparen"]:
            tokens.append(("(", "("))
        elif m["rparen"]:
            tokens.append((")", ")"))
        else:
            w = m["word"]
            if w in _OPERATORS:
                tokens.append(("op", w))
            elif w.startswith("-") and (len(w) > 1 or text[m.end() : m.end() + 1] in _GROUP_STARTS):
                tokens.append(("neg", "-"))
                rest = w[1:]
                # -"phrase" / -(group) / -title:x: re-lex the remainder
                pos = m.end() - len(rest)
            elif w.strip("-–—") == "":
                continue  # a lone dash between words ("Arbeit - Soziales") means nothing
            elif w.strip("*") == "":
                continue  # "*" alone means any release: the same as no word at all
            else:
                tokens.append(("word", w))
    return tokens


_TOO_DEEP = (
    f"The query is too deeply nested (more than {MAX_DEPTH} parentheses or NOT/- inside "
    "one another): remove the extra parentheses and dashes."
)
# a run of more than MAX_DEPTH openers ("(", "NOT ", a dash on a word): found
# in the whole text, before a long query is cut
_NESTING_RUN = re.compile(r"(?:\(\s*|\bNOT\s+|-(?=\S)){%d}" % (MAX_DEPTH + 1))


class _Parser:
    def __init__(self, text: str, notes: Optional[list[str]] = None):
        self.text = text
        self.tokens = _lex(text)
        self.i = 0
        self.depth = 0  # open parentheses and NOTs around the current token
        self.notes = notes if notes is not None else []

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
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
    if len(text) <= MAX_WORD_CHARS:
        return text
    cut = text[:MAX_WORD_CHARS]
    notes.append(
        f'The word "{cut[:20]}…" is {len(text)} characters long; only its first {MAX_WORD_CHARS} were searched.'
    )
    return cut


def _cut_words(text: str, notes: list[str]) -> str:
    """A phrase with each of its words cut to :data:`MAX_WORD_CHARS`."""
    if len(text) <= MAX_WORD_CHARS:
        return text
    return re.sub(r"\S{%d,}" % (MAX_WORD_CHARS + 1), lambda m: _cut_word(m[0], notes), text)


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
        raise QueryError(_TOO_DEEP, text[:MAX_QUERY_CHARS])
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
    if len(keys) <= MAX_WORDS:
        return node
    keep = set(keys[:MAX_WORDS])
    notes.append(
        f"The query has {len(keys)} different words and phrases; only the first {MAX_WORDS} were searched."
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


# ---------------------------------------------------------------------------
# Tree -> Whoosh queries


# Endings that split_query_word may meet as the last part of a typed word but
# that are never a compound's head: gender and inflection endings (Diebinnen),
# derivation suffixes (Schönheit). Compared as analysed body terms.
NOT_HEAD_ENDINGS = ("innen", "erinnen", "erin", "in", "nen", "ern", "ungen", "ung", "heit", "keit", "heiten",
                    "keiten", "schaft", "schaften", "chen", "lein", "ling", "linge", "nis", "nisse")
# a feminine ending, also in gender-neutral spellings (Dieb*innen, Dieb:innen, DiebInnen)
_GENDER_ENDING = re.compile(r"(?:[*:_/]?I|[*:_/]i|i)n(?:nen)?\Z")


class Budget:
    """What one query may still expand (terms) and compare (candidates)."""

    def __init__(self):
        self.terms = MAX_QUERY_EXPANSIONS
        self.compared = MAX_QUERY_CANDIDATES


class Builder:
    """Turns syntax trees into Whoosh queries against one schema.

    Words are analysed with the field's own query-time analyzer, so stems and
    folded spellings meet the index. ``leaves`` collects every positive leaf
    query (never a negated one) for highlighting.
    """

    def __init__(self, schema, vocab=None):
        self.schema = schema
        self.leaves: list = []
        # With a vocabulary (an object with ``prefix_terms(reader, field, prefix)``
        # and ``fuzzy_terms(reader, field, text, maxdist, prefixlength)``, each
        # returning (bytes terms, cut)), prefix* and fuzzy~ words expand to at
        # most MAX_EXPANSIONS terms per field; ``capped`` lists what was cut.
        self.vocab = vocab
        self.capped: list[str] = []
        self.budget = Budget()

    def analyse(self, fieldname: str, text: str) -> list[tuple[str, int]]:
        field = self.schema[fieldname]
        try:
            return [(t.text, t.pos) for t in field.analyzer(text, mode="query", positions=True)]
        except StopIteration:  # some filter chains choke on an empty stream
            return []

    def fields_of(self, name: Optional[str]) -> tuple[str, ...]:
        return FIELDS[name] if name else DEFAULT_FIELDS

    def build(self, node: Node, negated: bool = False):
        """A Whoosh query for ``node``, or None when nothing is left (only stop words)."""
        from whoosh import query as wq

        if isinstance(node, Word):
            parts = [self._word(f, node, negated) for f in self.fields_of(node.field)]
            parts = [p for p in parts if p is not None]
            if not parts:
                return None
            return parts[0] if len(parts) == 1 else wq.Or(parts)
        if isinstance(node, Phrase):
            parts = [self._phrase(f, node.text, negated) for f in self.fields_of(node.field)]
            parts = [p for p in parts if p is not None]
            if not parts:
                return None
            return parts[0] if len(parts) == 1 else wq.Or(parts)
        if isinstance(node, Not):
            inner = self.build(node.node, not negated)
            return wq.Not(inner) if inner is not None else None
        if isinstance(node, Or):
            parts = [q for q in (self.build(n, negated) for n in node.nodes) if q is not None]
            if not parts:
                return None
            return parts[0] if len(parts) == 1 else wq.Or(parts)
        if isinstance(node, And):
            return self.conjoin([self.build(n, negated) for n in node.nodes])
        raise TypeError(node)  # pragma: no cover

    def conjoin(self, queries):
        """And of positive queries, minus the negated ones (``Not`` parts)."""
        from whoosh import query as wq

        pos = [q for q in queries if q is not None and not isinstance(q, wq.Not)]
        neg = [q.query for q in queries if isinstance(q, wq.Not)]
        if not pos and not neg:
            return None
        base = wq.Every() if not pos else (pos[0] if len(pos) == 1 else wq.And(pos))
        if neg:
            return wq.AndNot(base, neg[0] if len(neg) == 1 else wq.Or(neg))
        return base

    def _leaf(self, q, negated: bool):
        if not negated:
            self.leaves.append(q)
        return q

    def _word(self, fieldname: str, node: Word, negated: bool):
        from whoosh import query as wq
        from ..analysis import fold

        if node.kind == "prefix":
            # index terms are lowercased and folded (and stemmed, which mostly
            # keeps a word's beginning), so fold the prefix the same way
            prefix = re.sub(r"\W", "", fold(node.text))
            if self.vocab is not None:
                return self._leaf(_bounded_classes()[0](fieldname, prefix, self, f"{node.text}*"), negated)
            return self._leaf(wq.Prefix(fieldname, prefix), negated)
        tokens = self.analyse(fieldname, node.text)
        if not tokens:
            return None
        # One typed word may analyse to several tokens: alternatives at one
        # position (IQ-Netzwerk -> iq | iqnetzwerk) and parts at the next
        # positions (netzwerk). Any alternative, every position.
        by_pos: dict[int, list[str]] = {}
        for text, pos in tokens:
            if text not in by_pos.setdefault(pos, []):
                by_pos[pos].append(text)
        groups = []
        # a fuzzy word is compared as typed too (folded, lower case): a typo
        # in its ending (Brandstiftng) leaves a stem Snowball cannot cut
        typed = re.sub(r"\W", "", fold(node.text)).lower() if len(by_pos) == 1 else None
        for texts in by_pos.values():
            if node.kind == "fuzzy":
                if self.vocab is not None:
                    shown = f"{node.text}~" + ("2" if node.maxdist == 2 else "")
                    terms = [_bounded_classes()[1](fieldname, t, self, shown, maxdist=node.maxdist, typed=typed)
                             for t in texts]
                else:
                    terms = [wq.FuzzyTerm(fieldname, t, maxdist=node.maxdist, prefixlength=1) for t in texts]
            else:
                terms = [wq.Term(fieldname, t) for t in texts]
            for t in terms:
                self._leaf(t, negated)
            groups.append(terms[0] if len(terms) == 1 else wq.Or(terms))
        return groups[0] if len(groups) == 1 else wq.And(groups)

    def head_backoff(self, node: Node, reader):
        """(head query, modifier query) for a compound typed as a plain word in
        the text fields, split against the index's own vocabulary
        (analysis.split_query_word), or None. Neither goes into ``leaves``: the
        caller adds the head there when it uses it.

        An inflection, gender or derivation ending is never a head
        (``Trickdiebinnen`` is not ``Trickdieb`` + ``innen``): the word is
        split again without its gender ending (``Trickdieb``: ``Dieb``), and
        when the head is still such an ending there is no back-off."""
        from whoosh import query as wq
        from ..analysis import split_query_word

        if not isinstance(node, Word) or node.kind != "word" or node.field not in (None, "title", "quote"):
            return None
        fields = self.fields_of(node.field)  # text fields only, for these scopes
        endings = self._ending_terms()
        text = node.text
        for _ in range(2):  # the word, then the word without its gender ending
            split = split_query_word(text, lambda term: reader.doc_frequency("body", term))
            if split is None:
                return None
            mod, head = split
            if head not in endings:
                return (wq.Or([wq.Term(f, head) for f in fields]), wq.Or([wq.Term(f, mod) for f in fields]))
            shorter = _GENDER_ENDING.sub("", text)
            if shorter == text:
                return None
            text = shorter
        return None

    def _ending_terms(self) -> frozenset:
        """The body terms of the endings that are never a compound's head."""
        got = getattr(self, "_endings", None)
        if got is None:
            got = frozenset(t for e in NOT_HEAD_ENDINGS for t, _ in self.analyse("body", e))
            self._endings = got
        return got

    def _phrase(self, fieldname: str, text: str, negated: bool):
        from whoosh import query as wq

        tokens = self.analyse(fieldname, text)
        if not tokens:
            return None
        if len(tokens) == 1:
            return self._leaf(wq.Term(fieldname, tokens[0][0]), negated)
        # positions relative to the first word: a decompounding analyzer may put
        # several tokens at one position, which Phrase's char_ranges can't say,
        # so keep only the first token per position
        words, seen = [], set()
        for t, p in tokens:
            if p not in seen:
                seen.add(p)
                words.append(t)
        if len(words) == 1:
            return self._leaf(wq.Term(fieldname, words[0]), negated)
        return self._leaf(wq.Phrase(fieldname, words), negated)


_BOUNDED = None


def _bounded_classes():
    """(prefix, fuzzy) Whoosh query classes whose term expansion asks the
    builder's vocabulary: at most MAX_EXPANSIONS terms (the most frequent),
    from a bounded number of candidates, computed once per reader."""
    global _BOUNDED
    if _BOUNDED is not None:
        return _BOUNDED
    from whoosh import query as wq

    class _Expansion:
        def _btexts(self, ixreader):
            got = self._expanded.get(id(ixreader))
            if got is None:
                terms, cut = self._expand(ixreader)
                got = self._expanded[id(ixreader)] = terms
                if cut and self._shown not in self._builder.capped:
                    self._builder.capped.append(self._shown)
            return iter(got)

    class BoundedPrefix(_Expansion, wq.Prefix):
        def __init__(self, fieldname, text, builder, shown):
            super().__init__(fieldname, text)
            self._builder, self._shown, self._expanded = builder, shown, {}

        def _expand(self, ixreader):
            return self._builder.vocab.prefix_terms(ixreader, self.fieldname, self.text, self._builder.budget)

    class BoundedFuzzy(_Expansion, wq.FuzzyTerm):
        def __init__(self, fieldname, text, builder, shown, maxdist=1, typed=None):
            super().__init__(fieldname, text, maxdist=maxdist, prefixlength=1)
            self._builder, self._shown, self._expanded, self._typed = builder, shown, {}, typed

        def _expand(self, ixreader):
            return self._builder.vocab.fuzzy_terms(
                ixreader, self.fieldname, self.text, self.maxdist, self.prefixlength, self._builder.budget,
                typed=self._typed,
            )

    _BOUNDED = (BoundedPrefix, BoundedFuzzy)
    return _BOUNDED


def top_clauses(node: Optional[Node]) -> tuple[list[Node], list[Node], bool]:
    """Split a tree into (positive clauses, negated clauses, explicit AND) at the top level."""
    if node is None:
        return [], [], False
    if isinstance(node, And):
        pos = [n for n in node.nodes if not isinstance(n, Not)]
        neg = [n for n in node.nodes if isinstance(n, Not)]
        return pos, neg, node.explicit
    if isinstance(node, Not):
        return [], [node], False
    return [node], [], False


def query_words(node: Optional[Node]) -> list[Word]:
    """Plain (not prefix/fuzzy), non-negated words of a tree, for did-you-mean."""
    out: list[Word] = []
    if node is None or isinstance(node, Not):
        return out
    if isinstance(node, Word):
        if node.kind == "word" and (node.field in (None, "title", "quote")):
            out.append(node)
    elif isinstance(node, (And, Or)):
        for n in node.nodes:
            out.extend(query_words(n))
    return out


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
    "parse_literal",
    "parse_query",
    "query_words",
    "top_clauses",
]
