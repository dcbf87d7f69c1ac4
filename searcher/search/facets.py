"""Facet counts of a result and the index's stats, as a part of SearchEngine."""
from __future__ import annotations

from collections import Counter
from typing import AbstractSet as Set

from ..models import Stats
from ..schema import int_to_date, person_key, persons_quoted_of

from .. import search as _pkg
from .bitmaps import AbstractBitMap
from .tables import _Generation
from .vocabulary import _person_variants_grouped


class _Facets:
    """The facet and stats methods of :class:`SearchEngine`."""

    def _facets(self, s, gen: _Generation, docs: Set[int]) -> dict[str, dict[str, int]]:
        reader = s.reader()

        def counts(fieldname: str) -> Counter:
            c: Counter = Counter()
            for term, term_docs in gen.term_sets(reader, fieldname).items():
                n = _common(term_docs, docs)
                if n:
                    c[term] = n
            return c

        persons: Counter = Counter()
        for key, key_docs in _person_variants_grouped(gen.term_sets(reader, "persons")).items():
            n = _common(key_docs, docs)
            if n:
                persons[key] = n
        return {
            "issuer": self._issuer_names(s, gen, counts("issuer_key").most_common()),
            "year": dict(sorted(counts("year").items(), reverse=True)),
            "person": self._person_names(s, gen, persons.most_common(_pkg.FACET_PERSONS)),
            "location": dict(counts("location").most_common(_pkg.FACET_PERSONS)),
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
        posting lists and the date column (no document is loaded except one per
        name shown, for its display form)."""
        s = self._searcher()
        gen = self._generation(s)
        reader = s.reader()
        keys, _, _ = gen._date_index(reader)
        issuers = Counter({t: len(d) for t, d in gen.term_sets(reader, "issuer_key").items()})
        persons = Counter({t: len(d) for t, d in _person_variants_grouped(gen.term_sets(reader, "persons")).items()})
        return Stats(
            documents=s.doc_count(),
            date_from=int_to_date(keys[0]) if keys else None,
            date_to=int_to_date(keys[-1]) if keys else None,
            issuers=self._issuer_names(s, gen, issuers.most_common()),
            persons_quoted=self._person_names(s, gen, persons.most_common(_pkg.STATS_PERSONS)),
            path=str(getattr(self._ix.storage, "folder", "") or ""),
        )

    # -- did you mean ------------------------------------------------------

def _counts_in(sets: dict, docs: Set[int], by_key: bool = False) -> dict[str, int]:
    """How many of ``docs`` each set holds (zero counts left out)."""
    out = {}
    for key in sorted(sets) if by_key else sets:
        n = _common(sets[key], docs)
        if n:
            out[key] = n
    return out


def _common(a, b) -> int:
    """How many docnums two bitmaps (or sets) share."""
    if isinstance(a, AbstractBitMap) and isinstance(b, AbstractBitMap):
        return a.intersection_cardinality(b)  # in C, no set made
    return len(set(a) & set(b))
