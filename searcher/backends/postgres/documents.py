"""Documents (:func:`searcher.schema.to_document`) as rows of the releases
table, with their pre-analysed ``tsvector`` values.

The lexemes are the project's own analysis (:func:`searcher.analysis.german_analyzer`
in index mode: stems, folded spellings, feminine bases, lemmas and compound
parts at the word's position), never a PostgreSQL text-search configuration.
Weights reproduce the Whoosh field boosts (title 3.0, subtitle 1.8, body 1.0,
a compound part 0.3 of its field's)::

    A  a title word                         (3.0)
    B  a subtitle word                      (1.8)
    C  a body word, a title compound part   (1.0, 0.9)
    D  subtitle and body compound parts     (0.54, 0.3)

``tsv`` holds title, subtitle and body one after the other (a gap of one
position between fields, so a phrase never spans two fields); ``title_tsv``,
``quotes_tsv``, ``issuer_tsv`` and ``person_tsv`` serve the ``title:``,
``quote:``, ``issuer:`` and ``person:`` scopes (A a word, D a compound part). A tsvector position is at most
16,383: words beyond it share that last position (a phrase there may match
loosely).
"""
from __future__ import annotations

import datetime as _dt
import json
from typing import Any, Iterable, Optional

from ...schema import int_to_date, location_value

MAX_POS = 16383  # PostgreSQL's largest tsvector position
MAX_LEXEME_BYTES = 2046  # a longer lexeme is not stored (PostgreSQL's limit is 2 KiB)

_ANALYZERS: dict[str, Any] = {}


def analyzer(kind: str = "german"):
    """The project's analyzer (built once per process)."""
    got = _ANALYZERS.get(kind)
    if got is None:
        from ...analysis import german_analyzer, name_analyzer

        got = _ANALYZERS[kind] = german_analyzer() if kind == "german" else name_analyzer()
    return got


def tokens(text: str, kind: str = "german", chars: bool = False) -> list[tuple[str, int, int, int, float]]:
    """(term, position, startchar, endchar, boost) of ``text`` analysed in index mode."""
    if not text:
        return []
    out = []
    try:
        for t in analyzer(kind)(text, mode="index", positions=True, chars=chars):
            out.append((t.text, t.pos, getattr(t, "startchar", 0), getattr(t, "endchar", 0), getattr(t, "boost", 1.0)))
    except StopIteration:  # some filter chains choke on an empty stream
        pass
    return out


_REPEATED: dict[tuple[str, str], list] = {}  # (kind, text) -> tokens of a value many releases share
REPEATED_MAX = 20_000  # values kept per process (issuers and the persons quoted repeat across releases)


def repeated_tokens(text: str, kind: str = "german") -> list[tuple[str, int, int, int, float]]:
    """:func:`tokens` of a value that repeats across releases (the issuer,
    the persons quoted), analysed once per process, as the Whoosh backend's
    writer analyses each distinct value of its repeated fields once per run."""
    key = (kind, text)
    got = _REPEATED.get(key)
    if got is None:
        got = tokens(text, kind)
        if len(_REPEATED) >= REPEATED_MAX:
            _REPEATED.clear()
        _REPEATED[key] = got
    return got


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


class _Vector:
    """A tsvector being assembled: lexeme -> {position: weight letter}."""

    _RANK = {"A": 4, "B": 3, "C": 2, "D": 1}

    def __init__(self):
        self.lexemes: dict[str, dict[int, str]] = {}
        self.last = 0

    def add(self, toks: Iterable[tuple[str, int, int, int, float]], base: int, main: str, part: str) -> None:
        top = base
        for text, pos, _, _, boost in toks:
            if not text or len(text.encode("utf-8")) > MAX_LEXEME_BYTES:
                continue
            p = min(base + pos + 1, MAX_POS)
            weight = main if boost >= 1.0 else part
            slots = self.lexemes.setdefault(text, {})
            old = slots.get(p)
            if old is None or self._RANK[weight] > self._RANK[old]:
                slots[p] = weight
            top = max(top, p)
        self.last = max(self.last, top)

    def text(self) -> str:
        """The tsvector's text form (PostgreSQL keeps at most 256 positions a lexeme)."""
        parts = []
        for lex, slots in self.lexemes.items():
            positions = sorted(slots.items())[:256]
            parts.append(_quote(lex) + ":" + ",".join(f"{p}{w}" for p, w in positions))
        return " ".join(parts)


def vector(fields: Iterable[tuple[list, str, str]]) -> tuple[str, list[int], list[int]]:
    """(the tsvector text, each field's token count, each field's last
    position) of several fields ((their :func:`tokens`, main weight, part
    weight)), each starting one position after the previous one's end."""
    vec = _Vector()
    lengths, lasts = [], []
    for toks, main, part in fields:
        if toks:
            vec.add(toks, vec.last + 1 if vec.last else 0, main, part)
        lengths.append(len(toks))
        lasts.append(vec.last)
    return vec.text(), lengths, lasts


COLUMNS = (
    "id", "source", "content_hash", "file_hash", "size", "date", "issuer", "issuer_key", "issuer_names",
    "number", "title", "subtitle", "body", "persons", "location", "url", "contacts", "data",
    "tsv", "title_tsv", "quotes_tsv", "issuer_tsv", "person_tsv",
    "title_len", "subtitle_len", "body_len", "quotes_len", "issuer_len", "person_len", "title_last", "subtitle_last",
)


def row(doc: dict) -> tuple:
    """The releases-table row of a document (values in :data:`COLUMNS` order).

    The lengths (tokens per field, as Whoosh counts a field's length) and the
    last tsv position of the title and of the subtitle let a search score
    BM25F per field from ``tsv`` (see :mod:`.ranking`)."""
    data = json.loads(doc.get("data") or "{}")
    title, subtitle, body = doc.get("title") or "", doc.get("subtitle") or "", doc.get("body") or ""
    persons = [p for p in (doc.get("persons") or "").split(",") if p]
    issuer_names = [k for k in (doc.get("issuer_names") or "").split(",") if k]
    title_toks = tokens(title)
    tsv, (title_len, subtitle_len, body_len), (title_last, subtitle_last, _) = vector(
        [(title_toks, "A", "C"), (tokens(subtitle), "B", "D"), (tokens(body), "C", "D")])
    title_tsv, _, _ = vector([(title_toks, "A", "D")])
    quotes_tsv, (quotes_len,), _ = vector([(tokens(doc.get("quotes") or ""), "A", "D")])
    issuer_tsv, (issuer_len,), _ = vector([(repeated_tokens(doc.get("issuer") or ""), "A", "D")])
    person_tsv, (person_len,), _ = vector([(repeated_tokens(doc.get("person") or "", "name"), "A", "D")])
    return (
        doc["id"],
        doc["source"],
        doc.get("content_hash") or "",
        doc.get("file_hash") or "",
        int(doc.get("size") or 0),
        int_to_date(doc.get("date")),
        doc.get("issuer"),
        doc.get("issuer_key"),
        issuer_names,
        doc.get("number"),
        title,
        subtitle,
        body,
        persons,
        location_value(doc.get("location")) or None,
        data.get("url"),
        json.dumps(data.get("contacts", []), ensure_ascii=False),
        doc.get("data") or "{}",
        tsv, title_tsv, quotes_tsv, issuer_tsv, person_tsv,
        title_len, subtitle_len, body_len, quotes_len, issuer_len, person_len, title_last, subtitle_last,
    )


# the stored columns a search reads for a hit, a release or a snippet
STORED = ("seq", "id", "source", "content_hash", "file_hash", "date", "issuer", "issuer_key", "number",
          "title", "subtitle", "body", "data")


def stored_of(values: tuple) -> dict[str, Any]:
    """A row of :data:`STORED` as the stored fields Whoosh would give (``date``
    as ``yyyymmdd``, ``data`` as JSON text), for :func:`searcher.schema.from_stored`
    and the shared hit and snippet code."""
    stored = dict(zip(STORED, values))
    d: Optional[_dt.date] = stored.get("date")
    stored["date"] = d.year * 10000 + d.month * 100 + d.day if d else None
    data = stored.get("data")
    stored["data"] = json.dumps(data, ensure_ascii=False) if not isinstance(data, str) else data
    return {k: v for k, v in stored.items() if v is not None}
