"""The data that flows through searcher: plain frozen dataclasses.

This module imports nothing from the rest of the package, so every other
module can import it. ``dataclasses.asdict`` plus :func:`to_jsonable` gives
the JSON that ``--json`` prints (dates as ISO strings).
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass
from typing import Any, Optional


# Field metadata: leave the key out of the JSON when the value is None
# (``facets`` only when asked for, ``suggestion`` only when there is one).
_OMIT_NONE = {"json": "omit if None"}
# ... when it is empty (``notes`` only when a bound on query cost cut something).
_OMIT_EMPTY = {"json": "omit if empty"}


@dataclass(frozen=True)
class Contact:
    """A press contact named in a release. Contacts are never speakers."""

    name: str
    role: Optional[str] = None
    phone: Optional[str] = None
    fax: Optional[str] = None
    email: Optional[str] = None


@dataclass(frozen=True)
class Quote:
    """A quotation and who said it.

    ``start``/``end`` are character offsets into the text of ``field``
    (``"body"``, ``"subtitle"`` or ``"title"``) of the release, so that
    ``getattr(release, quote.field)[quote.start:quote.end] == quote.text``.
    ``kind`` is ``"direct"`` (inside quotation marks) or ``"indirect"``
    (reported speech after a speech verb).
    ``speaker_kind`` says what the speaker is: ``"person"`` (only these go
    into ``persons_quoted``), ``"role"`` (``der Sprecher``), ``"organisation"``,
    ``"media"``, ``"document"``, ``"pronoun"``, or ``""`` when unknown
    (quotes stored before the field existed).
    """

    text: str
    speaker: Optional[str]
    role: Optional[str] = None
    start: int = 0
    end: int = 0
    kind: str = "direct"
    field: str = "body"
    speaker_kind: str = ""


@dataclass(frozen=True)
class Release:
    """One press release, as parsed from a file or a record."""

    id: str
    source: Optional[str] = None
    issuer: Optional[str] = None
    issuer_key: Optional[str] = None
    issuer_aliases: tuple[str, ...] = ()
    date: Optional[_dt.date] = None
    number: Optional[str] = None
    title: str = ""
    subtitle: str = ""
    body: str = ""
    url: Optional[str] = None
    location: Optional[str] = None
    contacts: tuple[Contact, ...] = ()
    quotes: tuple[Quote, ...] = ()
    persons_quoted: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def replace(self, **changes: Any) -> "Release":
        """Return a copy with ``changes`` applied (a frozen dataclass cannot be edited)."""
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class Snippet:
    """A fragment of a release's text with the spans that matched the query.

    ``highlights`` are ``(start, end)`` character offsets into ``text``.
    Rendering lives in :mod:`searcher.snippets`; these methods delegate there.
    """

    text: str
    highlights: tuple[tuple[int, int], ...] = ()
    field: str = "body"

    def to_plain(self) -> str:
        from .snippets import render_plain

        return render_plain(self)

    def to_html(self) -> str:
        from .snippets import render_html

        return render_html(self)

    def to_terminal(self, color: Optional[bool] = None) -> str:
        from .snippets import render_terminal

        return render_terminal(self, color=color)


@dataclass(frozen=True)
class Hit:
    """One search result, detached from the index (safe after the search ends)."""

    id: str
    source: Optional[str]
    title: str
    issuer: Optional[str]
    date: Optional[_dt.date]
    persons_quoted: tuple[str, ...]
    score: float
    snippets: tuple[Snippet, ...] = ()
    url: Optional[str] = None
    location: Optional[str] = None
    # False: the release matches every word of the query (an exact match,
    # counted in SearchResult.total); True: it was found by relaxing (only
    # some of the words) or by backing off to the head of a compound typed as
    # the first word, and is counted in SearchResult.related
    related: bool = False


@dataclass(frozen=True)
class SearchResult:
    """What a search returns: the counts, one page of hits, extras.

    ``total`` counts the exact matches: releases matching every word of the
    query (each word with its German forms). ``related`` counts the releases
    found only by relaxing (most of the words) or by backing off to a
    compound's head; they come after all exact ones (``Hit.related`` marks
    them), so ``total + related`` is the length of the whole list that
    paging walks through.
    """

    total: int
    hits: tuple[Hit, ...]
    facets: Optional[dict[str, dict[str, int]]] = dataclasses.field(default=None, metadata=_OMIT_NONE)
    suggestion: Optional[str] = dataclasses.field(default=None, metadata=_OMIT_NONE)
    query: str = ""
    literal_fallback: Optional[str] = dataclasses.field(default=None, metadata=_OMIT_NONE)
    # what a bound on query cost cut (searcher.query.MAX_*), or why nothing
    # was searched (a query of stop words only), one sentence each
    notes: tuple[str, ...] = dataclasses.field(default=(), metadata=_OMIT_EMPTY)
    related: int = 0


@dataclass(frozen=True)
class Failure:
    """A source that could not be read, parsed or indexed, and why."""

    source: str
    error: str


@dataclass(frozen=True)
class ReleaseWarning:
    """A release that was indexed but is missing something (``no date found``)."""

    source: str
    id: str
    warning: str


@dataclass(frozen=True)
class IndexReport:
    """What an index operation did. ``total`` is the document count afterwards.

    ``warnings`` lists what the parser missed in releases added or updated
    by this run (the first :data:`MAX_REPORTED_WARNINGS`); ``warned`` counts
    those releases in full.
    """

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0
    total: int = 0
    failures: tuple[Failure, ...] = ()
    warned: int = 0
    warnings: tuple[ReleaseWarning, ...] = ()


#: Warnings listed at most in one IndexReport (a 100,000-record export without dates would list each).
MAX_REPORTED_WARNINGS = 1000


@dataclass(frozen=True)
class Stats:
    """Summary of an index: counts, date span, issuers, most quoted persons."""

    documents: int
    date_from: Optional[_dt.date] = None
    date_to: Optional[_dt.date] = None
    issuers: dict[str, int] | None = None
    persons_quoted: dict[str, int] | None = None
    path: str = ""


@dataclass(frozen=True)
class CheckReport:
    """The result of an integrity check of an on-disk index."""

    path: str
    ok: bool
    documents: int = 0
    segments: int = 0
    problems: tuple[str, ...] = ()


def to_jsonable(obj: Any) -> Any:
    """Turn dataclasses (nested), tuples and dates into JSON-ready values.

    This is the JSON ``--json`` prints. Optional extras of a
    :class:`SearchResult` (``facets``, ``suggestion``, ``literal_fallback``)
    are left out when they are None, ``notes`` when there are none.
    """
    kind = type(obj)
    if kind is str or kind is int or kind is float or obj is None or kind is bool:
        return obj  # the common leaves first (indexing turns every release into JSON)
    fields = _FIELDS.get(kind)
    if fields is None and dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        fields = _FIELDS[kind] = tuple((f.name, f.metadata.get("json")) for f in dataclasses.fields(obj))
    if fields is not None:
        out = {}
        for name, rule in fields:
            value = getattr(obj, name)
            if (rule == _OMIT_NONE["json"] and value is None) or (rule == _OMIT_EMPTY["json"] and not value):
                continue
            out[name] = to_jsonable(value)
        return out
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (_dt.date, _dt.datetime)):
        return obj.isoformat()
    return obj


# dataclass type -> ((field name, its "json" metadata rule), ...), made on first use
_FIELDS: dict[type, tuple] = {}


__all__ = [
    "CheckReport",
    "Contact",
    "Failure",
    "Hit",
    "IndexReport",
    "Quote",
    "Release",
    "ReleaseWarning",
    "SearchResult",
    "Snippet",
    "Stats",
    "to_jsonable",
]
