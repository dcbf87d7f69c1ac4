"""Exceptions raised by searcher. Every message says what to do next.

All derive from :class:`SearcherError`, so a caller embedding the library can
catch one class. The CLI maps them to one-line messages and exit codes
(usage problems exit 2, everything else 1).
"""
from __future__ import annotations

from typing import Optional


class SearcherError(Exception):
    """Base class for every error searcher raises on purpose."""

    exit_code = 1


class UsageError(SearcherError):
    """An argument or option value is not acceptable (exit code 2)."""

    exit_code = 2


class ParseError(SearcherError):
    """A source could not be read or parsed at all."""

    def __init__(self, message: str, source: Optional[str] = None, line: Optional[int] = None):
        where = source or ""
        if source and line is not None:
            where = f"{source}:{line}"
        super().__init__(f"{where}: {message}" if where else message)
        self.source = source
        self.line = line
        self.reason = message


class IndexNotFound(SearcherError):
    """There is no index at the given path."""

    def __init__(self, path: str):
        super().__init__(
            f"No index at {path}. Build one with: searcher index [PATH ...] --index {path}"
        )
        self.path = path


class IndexLocked(SearcherError):
    """Another process holds the index's write lock."""

    def __init__(self, path: str, waited: float):
        super().__init__(
            f"The index at {path} is being written by another process "
            f"(waited {waited:g} s). Try again when it finishes, or pass --wait SECONDS to wait longer."
        )
        self.path = path
        self.waited = waited


class IndexDamaged(SearcherError):
    """The on-disk index is damaged (missing or truncated files)."""

    def __init__(self, path: str, detail: str):
        super().__init__(
            f"The index at {path} is damaged ({detail}). "
            f"Recover it from the sources with: searcher index --rebuild [PATH ...] --index {path}"
        )
        self.path = path
        self.detail = detail


class IndexStorageError(SearcherError):
    """The index folder cannot be written or read as a folder: disk full,
    file-size limit, read-only folder, no permission, a path under a file.
    Not damage: the index keeps its last committed state."""

    def __init__(self, path: str, reason: str, advice: str):
        super().__init__(f"{reason}. {advice}")
        self.path = path
        self.reason = reason


class QueryError(UsageError):
    """A search query could not be understood."""

    def __init__(self, message: str, query: str = ""):
        super().__init__(message)
        self.query = query


class ReleaseNotFound(SearcherError):
    """No release with the given id is in the index."""

    def __init__(self, release_id: str):
        super().__init__(
            f"No release with id {release_id!r} in the index. "
            "Search first and use an id from the results (searcher search WORDS --json)."
        )
        self.release_id = release_id


__all__ = [
    "IndexDamaged",
    "IndexLocked",
    "IndexNotFound",
    "IndexStorageError",
    "ParseError",
    "QueryError",
    "ReleaseNotFound",
    "SearcherError",
    "UsageError",
]
