"""Exceptions raised by searcher. Every message says what to do next.

All derive from :class:`SearcherError`, so a caller embedding the library can
catch one class. Messages speak in library terms (``Index.rebuild``, the
``wait`` argument); the command line puts its own advice in their place.

Whose fault it is decides the class:

- :class:`UsageError` and its subclasses (:class:`QueryError`,
  :class:`SettingError`, :class:`ReleaseNotFound`, :class:`SourceNotFound`,
  a bad date or option value): the caller asked for something wrong. A web app answers 4xx
  (404 for :class:`ReleaseNotFound`); the CLI exits 2 (1 for a missing id or path).
- :class:`ParseError`: a source could not be read or parsed; the input's
  fault (an upload: 4xx) or the environment's (a file on disk).
- Everything else (:class:`IndexNotFound`, :class:`IndexLocked`,
  :class:`IndexDamaged`, a failed indexing worker): the environment's. A web
  app answers 5xx (503 for :class:`IndexLocked`); the CLI exits 1.
"""
from __future__ import annotations

from typing import Optional


class SearcherError(Exception):
    """Base class for every error searcher raises on purpose.

    ``problem`` says what went wrong, ``advice`` what to do about it in
    library terms; ``str(err)`` is both.
    """

    exit_code = 1

    def __init__(self, problem: str, advice: str = ""):
        super().__init__(f"{problem} {advice}" if advice else problem)
        self.problem = problem
        self.advice = advice


class UsageError(SearcherError):
    """An argument, option or setting value is not acceptable: the caller's fault (exit code 2)."""

    exit_code = 2


class SettingError(UsageError):
    """An environment variable (``SEARCHER_*``) has a value it does not accept."""

    def __init__(self, name: str, value: str, accepted: str):
        super().__init__(
            f"{name}={value!r} is not accepted:",
            f"use {accepted}, or leave it unset.",
        )
        self.name = name
        self.value = value
        self.accepted = accepted


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
            f"No index at {path}.",
            "Build one with Index(path).sync(paths), or create an empty one with Index.create(path).",
        )
        self.path = path


class IndexLocked(SearcherError):
    """Another process holds the index's write lock."""

    def __init__(self, path: str, waited: float):
        super().__init__(
            f"The index at {path} is being written by another process (waited {waited:g} s).",
            "Try again when it finishes, or wait longer with Index(path, wait=SECONDS).",
        )
        self.path = path
        self.waited = waited


class IndexDamaged(SearcherError):
    """The on-disk index is damaged (missing or truncated files)."""

    def __init__(self, path: str, detail: str):
        super().__init__(
            f"The index at {path} is damaged ({detail}).",
            "Recover it from the sources with Index(path).rebuild(paths).",
        )
        self.path = path
        self.detail = detail


class IndexStorageError(SearcherError):
    """The index folder cannot be written or read as a folder: disk full,
    file-size limit, read-only folder, no permission, a path under a file.
    Not damage: the index keeps its last committed state."""

    def __init__(self, path: str, reason: str, advice: str):
        super().__init__(f"{reason}.", advice)
        self.path = path
        self.reason = reason


class ExportError(SearcherError):
    """An export file cannot be written (a missing folder, no permission, a full disk)."""

    def __init__(self, path: str, reason: str):
        super().__init__(
            f"Cannot write the export {path}: {reason}.",
            "Nothing was written there; choose a writable file (or - for standard output).",
        )
        self.path = path
        self.reason = reason


class QueryError(UsageError):
    """A search query could not be understood."""

    def __init__(self, message: str, query: str = ""):
        super().__init__(message)
        self.query = query


class ReleaseNotFound(UsageError):
    """No release with the given id is in the index: the caller asked for an id that is not there."""

    exit_code = 1  # the CLI's exit code: the command was well formed, the id is just not there

    def __init__(self, release_id: str):
        super().__init__(
            f"No release with id {release_id!r} in the index.",
            "Use the id of a search result (Hit.id).",
        )
        self.release_id = release_id


class SourceNotFound(UsageError):
    """A file or folder given to index does not exist; nothing was indexed."""

    exit_code = 1  # as for a missing id: the call was well formed, the path is not there

    def __init__(self, path: str):
        super().__init__(
            f"No such file or folder: {path}.",
            "Nothing was indexed; check the name (a folder that is missing is never read as empty).",
        )
        self.path = path


__all__ = [
    "ExportError",
    "IndexDamaged",
    "IndexLocked",
    "IndexNotFound",
    "IndexStorageError",
    "ParseError",
    "QueryError",
    "ReleaseNotFound",
    "SearcherError",
    "SettingError",
    "SourceNotFound",
    "UsageError",
]
