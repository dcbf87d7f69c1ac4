"""The options of a search, one frozen value: their names, defaults and checks in one place.

A :class:`SearchOptions` travels from the command line (``searcher search``),
the search page (:mod:`searcher.web`) and the library
(:meth:`searcher.store.Index.search`) through the storage backend
(:meth:`searcher.backends.base.Backend.search`) to the engine that runs the
search (:meth:`searcher.search.SearchEngine.search`)::

    >>> opts = SearchOptions(person=["Köpping"], date_from="2023", limit=5)
    >>> opts.limit, opts.person, opts.sort
    (5, ('Köpping',), 'relevance')
    >>> opts.replace(literal=True).literal
    True
    >>> SearchOptions(sort="best")
    Traceback (most recent call last):
    ...
    searcher.errors.UsageError: Unknown sort "best"; choose one of: relevance, newest, oldest

What each option means is the user contract of :meth:`searcher.store.Index.search`.
Dates are parsed (and a reversed range refused) where the filter is built, so
a query error is still reported before a date error, as it always was.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
from typing import Any, Optional, Sequence, Union

from .errors import UsageError

SORTS = ("relevance", "newest", "oldest")
MAX_LIMIT = 1000

DateLike = Union[str, _dt.date, None]
Names = Union[str, Sequence[str], None]


@dataclasses.dataclass(frozen=True)
class SearchOptions:
    """Filters, order, page and extras of one search (see :meth:`searcher.store.Index.search`).

    ``issuer``, ``person`` and ``location`` take a name or several (kept as a
    tuple); a bad ``sort``, ``limit`` or ``offset`` raises
    :class:`~searcher.errors.UsageError` when the value is made.
    """

    issuer: Names = None
    date_from: DateLike = None
    date_to: DateLike = None
    person: Names = None
    location: Names = None
    require_all: bool = False
    sort: str = "relevance"
    limit: int = 10
    offset: int = 0
    facets: bool = False
    snippets: bool = True
    literal: bool = False
    timeline: bool = False
    mixed: bool = False

    def __post_init__(self) -> None:
        for name in ("issuer", "person", "location"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                object.__setattr__(self, name, tuple(value))
        if self.sort not in SORTS:
            raise UsageError(f'Unknown sort "{self.sort}"; choose one of: {", ".join(SORTS)}')
        limit, offset = self.limit, self.offset
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
            raise UsageError(f"limit must be between 1 and {MAX_LIMIT}, got {limit!r}")
        if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
            raise UsageError(f"offset must be 0 or more, got {offset!r}")

    @classmethod
    def from_(cls, options: Optional["SearchOptions"] = None, **keywords: Any) -> "SearchOptions":
        """``options`` with ``keywords`` changed, or a new value of ``keywords``
        alone; an unknown keyword raises TypeError naming it, as a call would."""
        if options is None:
            return cls(**keywords)
        if not isinstance(options, cls):
            raise UsageError(f"options must be a SearchOptions, got {type(options).__name__}")
        return options.replace(**keywords) if keywords else options

    def replace(self, **changes: Any) -> "SearchOptions":
        """A copy with ``changes`` (checked again)."""
        return dataclasses.replace(self, **changes)


DEFAULTS = SearchOptions()

__all__ = ["SearchOptions", "SORTS", "MAX_LIMIT", "DEFAULTS"]
