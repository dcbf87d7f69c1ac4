"""Syntax trees to Whoosh queries against one schema: words through the field
analyzers, phrases, negation, and the compound-head back-off.
"""
from __future__ import annotations

import re
from typing import Optional

from .expansion import Budget, _bounded_classes, alternatives_class
from .nodes import DEFAULT_FIELDS, FIELDS, And, Node, Not, Or, Phrase, Word

# Endings that split_query_word may meet as the last part of a typed word but
# that are never a compound's head: gender and inflection endings (Diebinnen),
# derivation suffixes (Schönheit). Compared as analysed body terms.
NOT_HEAD_ENDINGS = ("innen", "erinnen", "erin", "in", "nen", "ern", "ungen", "ung", "heit", "keit", "heiten",
                    "keiten", "schaft", "schaften", "chen", "lein", "ling", "linge", "nis", "nisse")
# a feminine ending, also in gender-neutral spellings (Dieb*innen, Dieb:innen, DiebInnen)
_GENDER_ENDING = re.compile(r"(?:[*:_/]?I|[*:_/]i|i)n(?:nen)?\Z")



class Builder:
    """Turns syntax trees into Whoosh queries against one schema.

    Words are analysed with the field's own query-time analyzer, so stems and
    folded spellings meet the index. ``leaves`` collects every positive leaf
    query (never a negated one) for highlighting.
    """

    def __init__(self, schema, vocab=None, reader=None):
        self.schema = schema
        # with a vocabulary that has ``person_keys(reader, name)`` and a reader,
        # person:X also finds the releases whose quoted persons' keys the name
        # matches, as --person X does (Slowik ~ Barbara Slowik ~ Barbara Slowik Meisel)
        self.reader = reader
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
            parts = [p for p in parts if p is not None] + self._person_keys(node)
            if not parts:
                return None
            return parts[0] if len(parts) == 1 else wq.Or(parts)
        if isinstance(node, Phrase):
            parts = [self._phrase(f, node.text, negated) for f in self.fields_of(node.field)]
            parts = [p for p in parts if p is not None] + self._person_keys(node)
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

    def _person_keys(self, node) -> list:
        """For a person:X word or phrase, [Or of the ``persons`` keys X names]
        (none known: []). Not a leaf: the keys are not text to highlight."""
        from whoosh import query as wq

        if node.field != "person" or getattr(node, "kind", "word") != "word" or self.reader is None:
            return []
        keys = getattr(self.vocab, "person_keys", None)
        got = keys(self.reader, node.text) if keys is not None else ()
        return [wq.Or([wq.Term("persons", k) for k in got])] if got else []

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
            if len(terms) == 1:
                groups.append(terms[0])
            else:  # one word's forms: scored as one term (plain terms only; fuzzy ones score 1)
                groups.append(alternatives_class()(terms) if node.kind == "word" else wq.Or(terms))
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
