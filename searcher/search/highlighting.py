"""Snippets of a page's hits: the query terms' character offsets (read from the
postings, or recomputed from the stored text and the postings' positions) cut into fragments."""
from __future__ import annotations

import json
from array import array
from bisect import bisect_left
from typing import Any, Mapping, Optional

from .. import snippets as _snippets
from ..analysis import term_spans
from ..models import Snippet
from ..query import TEXT_FIELDS
from ..schema import field_text
from .caches import _GenerationCache
from .postings import _values


def _lead_snippets(stored: Mapping[str, Any]) -> list[Snippet]:
    snip = _snippets.lead(stored.get("body") or "") or _snippets.lead(stored.get("subtitle") or "", "subtitle")
    return [snip] if snip else []

_MAX_EXPANSION = 64  # prefix/fuzzy terms read per query for highlighting


class _Highlighter:
    """Finds the match character offsets of the query's terms for a page of
    hits, and cuts snippets around them: read from the postings of an index
    that keeps them (``Spans``, ``Characters``), recomputed from the stored
    text at the postings' positions otherwise (``PackedPositions``)."""

    def __init__(self, searcher, leaves, blocks: Optional["_GenerationCache"] = None):
        from whoosh import query as wq

        self.blocks = blocks  # the generation's cache, for posting block directories
        self.s = searcher
        self.reader = searcher.reader()
        self.terms: set[tuple[str, str]] = set()  # (field, term): every occurrence marks
        self.phrases: list[tuple[str, list[str]]] = []  # (field, words): only whole phrases mark
        for leaf in leaves:
            field = leaf.field()
            if field not in TEXT_FIELDS:
                continue
            if isinstance(leaf, wq.Phrase):
                self.phrases.append((field, list(leaf.words)))
            elif isinstance(leaf, wq.Term) and not isinstance(leaf, wq.FuzzyTerm):
                self.terms.add((field, leaf.text))
            else:  # Prefix, FuzzyTerm: expand to the terms in the index
                for i, (f, t) in enumerate(leaf.expanded_terms(self.reader)):
                    if i >= _MAX_EXPANSION:
                        break
                    self.terms.add((f, t.decode("utf-8") if isinstance(t, bytes) else t))
        # (docnum, field) -> list of (start, end) in the field's text (quotes mapped later)
        self.spans: dict[tuple[int, str], list[tuple[int, int]]] = {}
        self._stored_cache: dict[int, Mapping[str, Any]] = {}

    def _decoded(self, field: str, term: str, docnums: list[int], kind: str) -> dict[int, list]:
        """{global docnum: decoded posting value} for the sorted docnums: ``kind``
        "characters" gives [(pos, startchar, endchar), ...] (postings that keep
        character spans), "positions" gives [pos, ...]."""
        out: dict[int, list] = {}
        docnums = self._holding(field, term, docnums)
        if not docnums:
            return out
        for i, (leaf, base) in enumerate(self.reader.leaf_readers()):
            end = base + leaf.doc_count_all()
            local = [d - base for d in docnums if base <= d < end]
            if local:
                values = _values(leaf, field, term, local, kind, self.blocks, ("b", i, field, term))
                for d, v in values.items():
                    out[d + base] = v
        return out

    def _holding(self, field: str, term: str, docnums: list[int]) -> list[int]:
        """Those of the sorted ``docnums`` that have ``term`` in ``field``, when
        the cache holds the term's docnums (packed, as the search read them);
        else all of them. A term of the query is missing from most hits' title
        or quotes: their postings are then not opened at all."""
        packed = self.blocks.get_packed(("p", field, term)) if self.blocks is not None else None
        if packed is None:
            return docnums
        ids = packed[0]
        if not isinstance(ids, array):  # a bitmap
            return [d for d in docnums if d in ids]
        out = []
        for d in docnums:
            i = bisect_left(ids, d)
            if i < len(ids) and ids[i] == d:
                out.append(d)
        return out

    def _all_chars(self, wanted: set[tuple[str, str]], docs: list[int]) -> dict[tuple[str, str], dict[int, list]]:
        """{(field, term): {docnum: [(pos, startchar, endchar), ...]}} for the
        sorted docnums. Postings without character spans (indexes written since
        :class:`searcher.formats.PackedPositions`) give positions; the spans of
        those are recomputed from the stored text, once per hit and field."""
        out: dict[tuple[str, str], dict[int, list]] = {}
        by_field: dict[str, list[str]] = {}
        for field, term in sorted(wanted):
            by_field.setdefault(field, []).append(term)
        for field, terms in by_field.items():
            fmt = self.s.schema[field].format
            if fmt.supports("characters"):
                for term in terms:
                    out[(field, term)] = self._decoded(field, term, docs, "characters")
                continue
            per_doc: dict[int, dict[str, list]] = {}
            for term in terms:
                out[(field, term)] = {}
                for d, poss in self._decoded(field, term, docs, "positions").items():
                    per_doc.setdefault(d, {})[term] = poss
            analyzer = self.s.schema[field].analyzer
            for d, positions in per_doc.items():
                text = field_text(self.stored(d), field)
                for term, chars in term_spans(analyzer, text, positions).items():
                    out[(field, term)][d] = chars
        return out

    def stored(self, docnum: int) -> Mapping[str, Any]:
        """The stored fields of a hit, read once for the spans and the hit."""
        got = self._stored_cache.get(docnum)
        if got is None:
            got = self._stored_cache[docnum] = self.s.stored_fields(docnum)
        return got

    def prepare(self, docnums: list[int]) -> None:
        docs = sorted(set(docnums))
        if not docs:
            return
        wanted = set(self.terms) | {(field, w) for field, words in self.phrases for w in words}
        chars = self._all_chars(wanted, docs)
        for field, term in self.terms:
            for d, occ in chars[(field, term)].items():
                self.spans.setdefault((d, field), []).extend((s, e) for _, s, e in occ)
        for field, words in self.phrases:
            index = {w: chars[(field, w)] for w in dict.fromkeys(words)}
            for d in docs:
                occ = [index[w].get(d) for w in words]
                if not all(occ):
                    continue
                by_pos = [{p: (s, e) for p, s, e in o} for o in occ]
                for p0 in by_pos[0]:
                    if all(p0 + i in by_pos[i] for i in range(1, len(words))):
                        for i in range(len(words)):
                            self.spans.setdefault((d, field), []).append(by_pos[i][p0 + i])

    def snippets(self, docnum: int, stored: Mapping[str, Any]) -> list[Snippet]:
        """Up to three fragments: the subtitle first when it matched (field
        "subtitle"), then the best body fragments; matches inside quotations
        (``quote:``) are marked in the body. Title matches are not repeated as
        a snippet (every hit shows its title). A hit whose words matched only
        the title, issuer or person shows the lead of the body."""
        body = stored.get("body") or ""
        subtitle = stored.get("subtitle") or ""
        body_spans = list(self.spans.get((docnum, "body"), ()))
        quote_spans = self.spans.get((docnum, "quotes"))
        if quote_spans:
            body_spans += _quote_spans_to_body(stored, body, quote_spans)
        out: list[Snippet] = []
        sub_spans = self.spans.get((docnum, "subtitle"))
        if sub_spans and subtitle:
            out += _snippets.fragments(subtitle, sub_spans, "subtitle", limit=1)
        if body_spans:
            out += _snippets.fragments(body, body_spans, "body", limit=_snippets.MAX_FRAGMENTS - len(out))
        if not out:  # matched in the title, issuer or person only
            out = _lead_snippets(stored)
        return out


def _quote_spans_to_body(stored: Mapping[str, Any], body: str, spans) -> list[tuple[int, int]]:
    """Map offsets in the ``quotes`` field (quotes joined by newlines) to the body text."""
    try:
        quotes = json.loads(stored.get("data") or "{}").get("quotes", ())
    except ValueError:
        return []
    bases = []  # (offset in joined text, length, body start or None)
    offset = 0
    for q in quotes:
        text = q.get("text", "")
        start = q.get("start", 0)
        ok = q.get("field", "body") == "body" and body[start : start + len(text)] == text
        bases.append((offset, len(text), start if ok else None))
        offset += len(text) + 1
    out = []
    for s, e in spans:
        for base, length, body_start in bases:
            if base <= s and e <= base + length:
                if body_start is not None:
                    out.append((body_start + s - base, body_start + e - base))
                break
    return out
