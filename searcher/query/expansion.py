"""Caps on what prefix* and fuzzy~ words expand to: the per-query budget and
the Whoosh query classes that ask the vocabulary.
"""
from __future__ import annotations

from .. import query as _pkg

class Budget:
    """What one query may still expand (terms) and compare (candidates)."""

    def __init__(self):
        self.terms = _pkg.MAX_QUERY_EXPANSIONS
        self.compared = _pkg.MAX_QUERY_CANDIDATES



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


_ALTERNATIVES = None


def alternatives_class():
    """The Whoosh ``Or`` that holds the alternatives of one typed word at one
    position in one field (its verb forms: ``uberfall | uberfallt | uberfiel``).
    The scorer ranks it as one term (search.scoring), so a release is not
    counted twice for two forms of one word and a rare form's idf does not
    outweigh the common one's; matching is that of a plain ``Or``."""
    global _ALTERNATIVES
    if _ALTERNATIVES is None:
        from whoosh import query as wq

        class Alternatives(wq.Or):
            pass

        _ALTERNATIVES = Alternatives
    return _ALTERNATIVES
