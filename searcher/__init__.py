"""searcher: full-text search over German press releases.

    >>> from searcher import Index
    >>> with Index("index") as ix:                          # doctest: +SKIP
    ...     result = ix.search("Integration", issuer="SMS")
"""
from .errors import (
    IndexDamaged,
    IndexStorageError,
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
    Stats,
)
from .options import SearchOptions
from .store import Index


def __getattr__(name: str):
    # The parser is imported on first use, keeping `searcher search` start-up light.
    if name in ("parse_file", "parse_text"):
        from . import parse

        return getattr(parse, name)
    raise AttributeError(f"module 'searcher' has no attribute {name!r}")

__version__ = "0.1.0"

__all__ = [
    "CheckReport",
    "Contact",
    "Failure",
    "Hit",
    "Index",
    "IndexDamaged",
    "IndexStorageError",
    "IndexLocked",
    "IndexNotFound",
    "IndexReport",
    "ParseError",
    "QueryError",
    "Quote",
    "Release",
    "ReleaseNotFound",
    "SearchOptions",
    "SearchResult",
    "SearcherError",
    "Snippet",
    "Stats",
    "UsageError",
    "parse_file",
    "parse_text",
    "__version__",
]
