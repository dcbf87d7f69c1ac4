"""searcher: full-text search over German press releases.

    >>> from searcher import Index
    >>> with Index("index") as ix:                          # doctest: +SKIP
    ...     result = ix.search("Integration", issuer="SMS")
"""
from . import _lean_imports

_lean_imports.apply()  # before anything imports Whoosh: see the module

from .errors import (  # noqa: E402
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
from .models import (  # noqa: E402
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
from .options import SearchOptions  # noqa: E402
from .store import Index  # noqa: E402


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
