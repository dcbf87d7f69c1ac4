"""searcher: full-text search over German press releases.

    >>> from searcher import Index
    >>> with Index("index") as ix:                          # doctest: +SKIP
    ...     result = ix.search("Integration", issuer="SMS")
"""
from .errors import (
    IndexDamaged,
    IndexLocked,
    IndexNotFound,
    ParseError,
    QueryError,
    ReleaseNotFound,
    SearcherError,
    UsageError,
)
from .models import (
    CheckReport,
    Contact,
    Failure,
    Hit,
    IndexReport,
    Quote,
    Release,
    SearchResult,
    Snippet,
)

__version__ = "0.1.0"

__all__ = [
    "CheckReport",
    "Contact",
    "Failure",
    "Hit",
    "IndexDamaged",
    "IndexLocked",
    "IndexNotFound",
    "IndexReport",
    "ParseError",
    "QueryError",
    "Quote",
    "Release",
    "ReleaseNotFound",
    "SearchResult",
    "SearcherError",
    "Snippet",
    "UsageError",
    "__version__",
]
