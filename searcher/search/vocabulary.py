"""The words an index knows: prefix, fuzzy and typo lookups in a field's vocabulary, issuer and person names matched to their terms."""
from __future__ import annotations

import heapq
import re
import sys
from typing import Any, Mapping, Optional, Sequence

from ..query import Budget, normalize_text
from ..person_names import name_matches

from .. import search as _pkg
from . import Names
from .caches import _TERM_ENTRY, _clock


def _norm(text: str) -> str:
    """Folded words separated by single spaces (punctuation dropped), for vocabulary matching."""
    from ..analysis import fold

    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


# forms of address and titles a user may type before a name (--person "Dr. Vogel")
_PERSON_TITLES = re.compile(r"^(?:(?:dr|prof|frau|herr|staatsministerin|staatsminister|ministerin|minister)\s+)+")


def person_name(typed: str) -> str:
    """A typed person name as the person keys are matched: folded words, no title."""
    from ..schema import person_key

    return _PERSON_TITLES.sub("", _norm(person_key(typed)))


def _names(value: Names) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    return [v for v in (normalize_text(str(x)).strip() for x in value) if v]


# A prefix* word reads at most this many of the index's terms with that prefix
# (in alphabetical order) before keeping the MAX_EXPANSIONS most frequent.
MAX_PREFIX_SCAN = 20_000


class _Vocabulary:
    """The terms of the text fields, for bounded prefix and fuzzy expansion and
    did-you-mean: per (field, first letter), built lazily once per generation,
    the terms by length, most frequent first. A fuzzy word is compared with at
    most MAX_CANDIDATES terms (the most frequent of the lengths it can reach)
    instead of every term of the field."""

    def __init__(self, cache: "_GenerationCache"):
        self._buckets = cache  # keys ("bucket", field, first letter)

    @staticmethod
    def _scan(reader, field: str, prefix: str, bound: Optional[int] = None):
        """({btext: doc frequency}, cut) of the field's terms with this prefix,
        summed over the segments; at most ``bound`` terms per segment."""
        dfs: dict[bytes, int] = {}
        cut = False
        for leaf, _ in reader.leaf_readers():
            if field not in leaf.schema:
                continue
            try:
                it = leaf.iter_prefix(field, prefix)
            except Exception:  # pragma: no cover - field absent in this segment
                continue
            for n, (btext, info) in enumerate(it):
                if bound is not None and n >= bound:
                    cut = True
                    break
                dfs[btext] = dfs.get(btext, 0) + info.doc_frequency()
        return dfs, cut

    def _bucket(self, reader, field: str, first: str) -> dict[int, list]:
        key = ("bucket", field, first)
        got = self._buckets.get(key)
        if got is None:
            t0 = _clock()
            dfs, _ = self._scan(reader, field, first)
            got = {}
            nbytes = sys.getsizeof(got)
            for btext, df in dfs.items():
                term = btext.decode("utf-8") if isinstance(btext, bytes) else btext
                got.setdefault(len(term), []).append((-df, term, btext))
                nbytes += _TERM_ENTRY + sys.getsizeof(term) + sys.getsizeof(btext)
            for terms in got.values():
                terms.sort()
                nbytes += sys.getsizeof(terms)
            self._buckets.put(key, got, nbytes, cost=_clock() - t0)
        return got

    def person_keys(self, reader, typed: str) -> tuple:
        """The indexed person keys (``persons`` terms) a typed name matches
        (:func:`searcher.person_names.name_matches`), as ``--person`` and
        ``person:`` resolve it; kept for the generation (matching a name
        against every quoted person costs more than the rest of a search)."""
        name = person_name(typed)
        if not name:
            return ()
        key = ("person-terms", name)
        got = self._buckets.get_packed(key)
        if got is None:
            t0, got = _clock(), tuple(raw for n, raw in self.names_of(reader, "persons") if name_matches(name, n))
            self._buckets.put_packed(key, got, sys.getsizeof(got) + sum(map(sys.getsizeof, got)), len(got), _clock() - t0)
        return got

    def names_of(self, reader, fieldname: str) -> list[tuple[str, str]]:
        """[(normalised name, raw term)] of a keyword field of names
        (``persons``, ``issuer_names``), a table kept for the generation."""
        from .postings import _field_terms

        key = ("vocab", fieldname)
        got = self._buckets.get(key)
        if got is None:
            t0 = _clock()
            got = [(_norm(t), t) for t in _field_terms(reader, fieldname)]
            size = sys.getsizeof(got) + sum(sys.getsizeof(p) + sys.getsizeof(p[0]) + sys.getsizeof(p[1]) for p in got)
            self._buckets.put(key, got, size, cost=_clock() - t0)
        return got

    def prefix_terms(self, reader, field: str, prefix: str, budget: Optional[Budget] = None) -> tuple[list, bool]:
        """(the MAX_EXPANSIONS most frequent terms with this prefix, or fewer
        when the query's budget is short; cut)."""
        if field not in reader.schema or not prefix:
            return [], False
        dfs, cut = self._scan(reader, field, prefix, MAX_PREFIX_SCAN)
        n = _spend_terms(budget, len(dfs))
        best = heapq.nsmallest(n, ((-df, t) for t, df in dfs.items()))
        return [t for _, t in best], cut or len(dfs) > n

    def similar(self, reader, field: str, text: str, maxdist: int, prefixlength: int = 1,
                budget: Optional[Budget] = None):
        """([(distance, -doc frequency, term, btext)] of the terms within
        ``maxdist`` edits (Damerau-Levenshtein) sharing the first
        ``prefixlength`` letters, most frequent first; cut): only the
        MAX_CANDIDATES most frequent terms of the reachable lengths are compared."""
        from whoosh.support.levenshtein import distance

        if field not in reader.schema or not text:
            return [], False
        buckets = self._bucket(reader, field, text[:1])
        lists = [buckets.get(n, ()) for n in range(max(1, len(text) - maxdist), len(text) + maxdist + 1)]
        head = text[:prefixlength]
        out = []
        compared = 0
        cut = False
        bound = _pkg.MAX_CANDIDATES if budget is None else min(_pkg.MAX_CANDIDATES, budget.compared)
        for neg_df, term, btext in heapq.merge(*lists):
            if compared >= bound:
                cut = True
                break
            compared += 1
            if not term.startswith(head):
                continue
            d = distance(term, text, limit=maxdist)
            if d <= maxdist:
                out.append((d, neg_df, term, btext))
        if budget is not None:
            budget.compared -= compared
        return out, cut

    def fuzzy_terms(self, reader, field: str, text: str, maxdist: int, prefixlength: int,
                    budget: Optional[Budget] = None, typed: Optional[str] = None) -> tuple[list, bool]:
        """(the MAX_EXPANSIONS most frequent terms near ``text``, or fewer when
        the query's budget is short; cut). With ``typed`` (the word as typed,
        folded and lower case), also the terms that are a beginning of it
        whose rest is within ``maxdist`` edits of a German ending
        (``brandstiftng``: ``brandstift`` + ``ng`` ~ ``ung``), nearest first."""
        found, cut = self.similar(reader, field, text, maxdist, prefixlength, budget)
        if typed:
            have = {t for _, _, t, _ in found}
            extra = [f for f in _typed_stems(reader, field, typed, maxdist) if f[2] not in have]
            found = sorted(found + extra)
        n = _spend_terms(budget, len(found))
        return [b for _, _, _, b in found[:n]], cut or len(found) > n


def _endings() -> frozenset:
    """What Snowball's German stemmer cuts off a word (its three steps'
    suffixes, in the order they stand in a word), joined: ``ung``, ``ungen``,
    ``lichen``, ... and the empty ending."""
    global _ENDINGS
    if _ENDINGS is None:
        step1 = ("", "e", "em", "en", "ern", "er", "es", "s")
        step2 = ("", "en", "er", "est", "st")
        step3 = ("", "end", "ung", "ig", "ik", "isch", "lich", "heit", "keit")
        _ENDINGS = frozenset(a + b + c for a in step3 for b in step2 for c in step1)
    return _ENDINGS


_ENDINGS: Optional[frozenset] = None
_MAX_ENDING = 8  # letters of a typed word read as a mistyped ending


def _typed_stems(reader, field: str, typed: str, maxdist: int) -> list:
    """[(distance, -doc frequency, term, btext)] of the field's terms that
    begin ``typed`` (3 letters or more) where the rest of ``typed`` is within
    ``maxdist`` edits of a German ending but not an ending itself (that is
    the ordinary stem): at most _MAX_ENDING lookups."""
    from whoosh.support.levenshtein import distance

    out = []
    endings = _endings()
    for cut in range(max(3, len(typed) - _MAX_ENDING), len(typed) + 1):
        stem, rest = typed[:cut], typed[cut:]
        if rest in endings:
            continue
        near = min((distance(rest, e, limit=maxdist) for e in endings if abs(len(e) - len(rest)) <= maxdist),
                   default=maxdist + 1)
        if near > maxdist:
            continue
        btext = stem.encode("utf-8")
        try:
            df = reader.doc_frequency(field, btext)
        except Exception:  # pragma: no cover - field absent
            df = 0
        if df:
            out.append((near, -df, stem, btext))
    return out


def _spend_terms(budget: Optional[Budget], available: int) -> int:
    """How many of ``available`` expansion terms to take (MAX_EXPANSIONS, or
    what is left of the query's budget), taken from the budget."""
    n = min(_pkg.MAX_EXPANSIONS, available)
    if budget is not None:
        n = min(n, max(0, budget.terms))
        budget.terms -= n
    return n


def _named_terms(vocab: Sequence[tuple[str, Any]], values: Sequence[str]) -> list:
    """The raw terms of ``vocab`` ((normalised name, raw term) pairs) that each
    value names: the whole name, or a run of its words (``Soziales`` finds the
    ministry, ``Kreuzberg`` finds ``Friedrichshain-Kreuzberg``)."""
    terms = []
    for value in values:
        v = _norm(value)
        if v:
            terms += [raw for n, raw in vocab if n == v or f" {v} " in f" {n} "]
    return terms


def _person_variants_grouped(term_sets: Mapping[str, frozenset]) -> dict[str, frozenset]:
    """The person keys of an index with each shorter form folded into the one
    longer name it belongs to, so that facets and stats count a person as the
    ``--person`` filter finds them: a release quoting only ``Slowik`` counts
    for ``Barbara Slowik`` when she is the only quoted person whose name
    contains that run of words, or when all the names it fits are forms of
    one longest name (``Berg`` and ``Anna Berg`` join ``Anna Berg-Kraus``).
    A short form that fits several people (two called Müller) stays apart;
    a first name alone never joins."""
    words = {key: _norm(key).split() for key in term_sets}  # Berg-Kraus: two words, as --person reads it
    by_word: dict[str, list[str]] = {}
    for key, ws in words.items():
        for word in set(ws):
            by_word.setdefault(word, []).append(key)
    target: dict[str, str] = {}
    # longest first: a longer form's own target is known when a shorter one
    # asks, so Slowik joins Barbara Slowik Meisel through Barbara Slowik
    for key in sorted(term_sets, key=lambda k: (-len(words[k]), k)):
        ws = words[key]
        if not ws:
            continue
        roots = {target.get(k, k) for k in by_word.get(ws[-1], ())
                 if len(words[k]) > len(ws) and name_matches(" ".join(ws), " ".join(words[k]))}
        if len(roots) == 1:
            target[key] = roots.pop()
    if not target:
        return dict(term_sets)
    out: dict[str, frozenset] = {k: d for k, d in term_sets.items() if k not in target}
    for short, full in target.items():
        got = term_sets[short]
        out[full] = out[full] | got if full in out else got  # bitmaps (or sets) of docnums
    return out
