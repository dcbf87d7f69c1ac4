"""Hits and snippets on the PostgreSQL backend: the Whoosh backend's
highlighter fed from the stored text analysed again (the same analyzer gives
the same terms, positions and offsets the postings hold), so snippets are
identical for the same hit."""
from __future__ import annotations

import json

from ...models import Snippet
from ...query import TEXT_FIELDS, parse_lenient, top_clauses
from ...search.engine import _to_hit
from ...search.highlighting import _Highlighter, _lead_snippets, _quote_spans_to_body
from .documents import STORED, stored_of, tokens
from .tsquery import TsBuilder


def _hits(rows, leaves, snippets: bool, has_words: bool, cache=None) -> list:
    n = len(STORED)
    stored_rows = [(stored_of(r[:n]), r[n + 1], r[n + 2]) for r in rows]
    hl = _TextHighlighter(leaves, cache) if (snippets and has_words) else None
    hits = []
    for i, (stored, score, exact) in enumerate(stored_rows):
        snips: list[Snippet] = []
        if snippets:
            if hl is not None:
                hl.prepare_doc(i, stored)
                snips = hl.snippets(i, stored)
            else:
                snips = _lead_snippets(stored)
        hits.append(_to_hit(stored, score, snips, related=not exact))
    return hits


class _TextHighlighter(_Highlighter):
    """The Whoosh backend's highlighter, fed from the stored text analysed
    again (the same analyzer gives the same terms, positions and offsets the
    postings hold) instead of from the postings."""

    def __init__(self, leaves, cache=None):
        self.cache = cache  # (seq, field) -> tokens: a row's text never changes (an update is a new seq)
        self.terms: set[tuple[str, str]] = set()
        self.prefixes: list[tuple[str, str]] = []
        self.phrases: list[tuple[str, list[str]]] = []
        for kind, fields, payload in leaves:
            for field in fields:
                if field not in TEXT_FIELDS:
                    continue
                if kind in ("terms", "alts", "expanded"):
                    self.terms.update((field, t) for t in payload)
                elif kind == "prefix":
                    self.prefixes.append((field, payload))
                else:
                    self.phrases.append((field, list(payload)))
        self.spans: dict[tuple[int, str], list[tuple[int, int]]] = {}

    def prepare_doc(self, docnum: int, stored: dict) -> None:
        data = json.loads(stored.get("data") or "{}")
        texts = {
            "title": stored.get("title") or "",
            "subtitle": stored.get("subtitle") or "",
            "body": stored.get("body") or "",
            "quotes": "\n".join(q.get("text", "") for q in data.get("quotes", ())),
        }
        for field, text in texts.items():
            want = {t for f, t in self.terms if f == field}
            prefixes = [p for f, p in self.prefixes if f == field]
            phrases = [w for f, w in self.phrases if f == field]
            if not (want or prefixes or phrases) or not text:
                continue
            key = (stored.get("seq"), field)
            toks = self.cache.get(key) if self.cache is not None and key[0] is not None else None
            if toks is None:
                toks = tokens(text, chars=True)
                if self.cache is not None and key[0] is not None:
                    self.cache.put(key, toks)
            spans = self.spans.setdefault((docnum, field), [])
            if prefixes:
                starts = tuple(prefixes)
                spans.extend((s, e) for term, _, s, e, _ in toks if term in want or term.startswith(starts))
            else:
                spans.extend((s, e) for term, _, s, e, _ in toks if term in want)
            if phrases:
                at: dict[str, dict[int, tuple[int, int]]] = {}
                for term, p, s, e, _ in toks:
                    at.setdefault(term, {})[p] = (s, e)
                for words in phrases:
                    occ = [at.get(w) for w in words]
                    if not all(occ):
                        continue
                    for p0 in occ[0]:
                        if all(p0 + i in occ[i] for i in range(1, len(words))):
                            spans.extend(occ[i][p0 + i] for i in range(len(words)))


def highlights(stored: dict, query: str) -> dict:
    """Where the query's words match in the whole stored release (as :meth:`SearchEngine.highlights`)."""
    from ... import snippets as _snippets

    out: dict[str, tuple] = {"title": (), "subtitle": (), "body": ()}
    node = parse_lenient(query)
    if node is None:
        return out
    builder = TsBuilder()
    for n in top_clauses(node)[0]:
        builder.build(n)
    hl = _TextHighlighter(builder.leaves)
    hl.prepare_doc(0, stored)
    body = stored.get("body") or ""
    for field in out:
        spans = list(hl.spans.get((0, field), ()))
        if field == "body" and hl.spans.get((0, "quotes")):
            spans += _quote_spans_to_body(stored, body, hl.spans[(0, "quotes")])
        out[field] = tuple(_snippets.merge_spans(spans))
    return out
