"""The ``Index`` facade, the library's one door to an index: open/create, one
writer at a time, incremental sync, atomic rebuild, reports.

The facade keeps what every storage backend shares (the lock, the walk in
:mod:`searcher.sources`, the diff in :mod:`.sync`); the documents live in a
backend (:mod:`searcher.backends.base`; Whoosh's in
:mod:`searcher.backends.whoosh`). Layout of an index folder ``PATH``::

    PATH/current        symlink to the live generation folder (switched atomically)
    PATH/gen-<stamp>/   a Whoosh index (segments + table of contents)
    PATH/write.lock     flock()ed by the one writer; the kernel drops it when the
                        writer dies, so a killed writer never blocks the next run
    PATH/.searcher-index  marks the folder as made by searcher: a non-empty folder
                        without it (and without an older index's layout) is
                        never written to, so nothing of a user's is replaced

Why a symlink, and why a crash at any moment leaves the last committed
state: see :mod:`searcher.backends.whoosh.generations`.

Example::

    >>> from searcher import Index
    >>> with Index("index") as ix:                          # doctest: +SKIP
    ...     report = ix.sync("seeds")
    ...     result = ix.search("Integration", person="Köpping")
"""
from __future__ import annotations

import dataclasses
import json
import datetime
import os
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence, Union

from ..backends.storage import _AGAIN, _NO_SPACE, _STORAGE_ERRNOS, _storage_error, _storage_errors  # noqa: F401
from ..backends.whoosh.backend import WhooshBackend, WhooshState as _IndexedState, _looks_like_damage  # noqa: F401
from ..backends.whoosh.generations import CURRENT, windex as _windex, with_current_fields as _with_current_fields  # noqa: F401
from ..backends.whoosh.pool import (  # noqa: F401
    BATCH_DOCS, PARALLEL_MIN_BYTES, POOL_MB, WORKER_TIMEOUT, _DocSink, _worker_count, _worker_main,
)
from ..errors import IndexDamaged, SearcherError, SourceNotFound, UsageError
from ..models import CheckReport, Failure, IndexReport, Release, SearchResult, Stats
from ..options import DEFAULTS as DEFAULT_OPTIONS, SearchOptions
from ..reading import display_path as _display
from ..sources import MAX_DEPTH, _absent, _inside, _is_supported, _Source, _total_size, _walk, collect_sources  # noqa: F401
from .lock import _LOCK_FDS, LOCK_FILE, MARKER, _close_inherited_locks, _is_searcher_folder, _write_marker, _WriteLock  # noqa: F401
from .sync import _collision, _Counts, _first_time, content_hash, Diff, rebuild_into, release_hash  # noqa: F401

PathLike = Union[str, os.PathLike]
ProgressFn = Callable[[int, int, str], None]

DEFAULT_INDEX = "index"
DEFAULT_WAIT = 30.0


def default_index_path() -> str:
    """``$SEARCHER_INDEX`` if set, else ``index`` (relative to the working folder)."""
    from .. import settings

    return settings.get("SEARCHER_INDEX") or DEFAULT_INDEX


def _check_request(paths, fields, constants) -> None:
    """Refuse, before anything is written (or an index created), a mapping that
    cannot work (UsageError) and a PATH that does not exist (SourceNotFound):
    a missing folder must not read as an empty one."""
    from ..parse import check_mapping

    check_mapping(fields, constants)
    for raw in paths:
        try:
            missing = _absent(os.path.abspath(os.fspath(raw)))
        except (TypeError, ValueError):  # e.g. a NUL byte: reported by collect_sources
            missing = False
        if missing:
            raise SourceNotFound(_display(os.fspath(raw)))


def _mapping_fingerprint(fields, constants) -> bytes:
    """The parser version and the --field/--set mapping as bytes, folded into
    a file's hash so a newer parser or a changed mapping re-reads an unchanged
    file (an index from before the version re-reads each file once)."""
    from .. import parse

    version = b"\0parser:%d" % parse.PARSER_VERSION
    if not fields and not constants:
        return version
    blob = json.dumps({"fields": dict(fields or {}), "set": dict(constants or {})}, sort_keys=True, ensure_ascii=False)
    return version + b"\0mapping:" + blob.encode("utf-8")


def _search_options(options: Optional[SearchOptions], given: dict) -> SearchOptions:
    """One SearchOptions of :meth:`Index.search`'s ``options=`` or its keywords
    (checked; UsageError for a bad value or for both ways at once)."""
    if options is None:
        return SearchOptions(**given)
    if not isinstance(options, SearchOptions):
        raise UsageError(f"options must be a SearchOptions, got {type(options).__name__}")
    keywords = [name for name, value in given.items() if value != getattr(DEFAULT_OPTIONS, name)]
    if keywords:
        raise UsageError(f"Pass the search options either as options= or as keywords, not both ({', '.join(keywords)}).")
    return options


def _plain_storage_errors(method):
    """Decorate an Index method: storage OSErrors become :class:`IndexStorageError`."""
    import functools

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with _storage_errors(self.path):
            return method(self, *args, **kwargs)

    return wrapper


class Index:
    """A searchable index of press releases stored in a folder.

    ``Index(path)`` does not touch the disk: searching a folder with no index
    raises :class:`IndexNotFound`; :meth:`add`, :meth:`sync` and
    :meth:`rebuild` create the index when it is missing.
    ``Index.open(path)`` fails at once when there is no index;
    ``Index.create(path)`` makes an empty index if none exists and otherwise
    opens the existing one unchanged (it never deletes anything).

    Safe to search from several threads at once. Use as a context manager or
    call :meth:`close`.
    """

    def __init__(self, path: Optional[PathLike] = None, *, wait: float = DEFAULT_WAIT, cache_mb: Optional[float] = None):
        # cache_mb: the memory budget (MiB) of the search caches; None: SEARCHER_CACHE_MB
        from ..settings import check_cache_mb

        from ..backends import is_url, open_backend

        self.cache_mb = None if cache_mb is None else check_cache_mb(cache_mb)
        location = os.fspath(path if path is not None else default_index_path())
        # a database URL (postgresql://...) is kept as given; a folder is made absolute
        self._url = is_url(location)
        self.path = location if self._url else Path(os.path.abspath(location))
        self.wait = wait
        self._backend = open_backend(self.path, cache_mb=self.cache_mb)

    # -- construction -----------------------------------------------------

    @classmethod
    def open(cls, path: Optional[PathLike] = None, *, wait: float = DEFAULT_WAIT) -> "Index":
        """Open an existing index; :class:`IndexNotFound` (with how to build one) if none."""
        ix = cls(path, wait=wait)
        ix._current_dir()
        return ix

    @classmethod
    def create(cls, path: Optional[PathLike] = None, *, wait: float = DEFAULT_WAIT) -> "Index":
        """Create an empty index at ``path`` unless one exists (then open it unchanged)."""
        ix = cls(path, wait=wait)
        with _storage_errors(ix.path):
            if not ix.exists():
                with ix._write_lock():
                    if not ix.exists():
                        ix._backend.create()
        return ix

    def _write_lock(self):
        """The one writer's lock: on this index's folder (claimed as searcher's),
        or the database's advisory lock for a PostgreSQL URL."""
        if self._url:
            return self._backend.write_lock(self.wait)
        return _WriteLock(self.path, self.wait, claim=True, old_index=self._backend.is_old_index)

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Index({str(self.path)!r})"

    def close(self) -> None:
        """Release open files. The object may be used again afterwards."""
        self._backend.close()

    def exists(self) -> bool:
        """True when PATH holds an index."""
        return self._backend.exists()

    @_plain_storage_errors
    def _current_dir(self) -> Path:
        """The live generation folder (IndexNotFound or IndexDamaged when none)."""
        return self._backend.current_dir()

    def _open_whoosh(self):
        """The whoosh index of the live generation (for tests and tools that look inside)."""
        return self._backend.open()

    # -- reading ----------------------------------------------------------

    @_plain_storage_errors
    def doc_count(self) -> int:
        """Number of releases in the index."""
        backend = self._backend
        for retry in (False, True):
            try:
                return backend.doc_count()
            except IndexDamaged:
                if retry:  # else perhaps a rebuild removed the generation we had open
                    raise
            except SearcherError:
                raise
            except Exception as err:
                if retry or not backend.looks_like_damage(err):
                    raise IndexDamaged(str(self.path), f"{err.__class__.__name__}: {err}") from None
            backend.forget()
        raise AssertionError("unreachable")

    def search(
        self,
        query: str = "",
        *,
        issuer: Union[str, Sequence[str], None] = None,
        date_from: Union[str, "datetime.date", None] = None,
        date_to: Union[str, "datetime.date", None] = None,
        person: Union[str, Sequence[str], None] = None,
        require_all: bool = False,
        sort: str = "relevance",
        limit: int = 10,
        offset: int = 0,
        facets: bool = False,
        snippets: bool = True,
        literal: bool = False,
        location: Union[str, Sequence[str], None] = None,
        timeline: bool = False,
        mixed: bool = False,
        options: Optional[SearchOptions] = None,
    ) -> SearchResult:
        """Search the index.

        ``query`` uses the query language of ``searcher search`` (words,
        "phrases", OR, NOT/-word, prefix*, word~, title:/issuer:/person:/quote:).
        ``total`` counts the exact matches (every word, with its German forms),
        listed first; ``related`` counts those found with only some of the
        words or a compound's head, listed after them (``Hit.related``).
        ``issuer`` and ``person`` take a name or a list (any of them);
        ``date_from``/``date_to`` take a date or ``2023-01-27``,
        ``27.01.2023``, ``2023-01``, ``2023`` (both ends inclusive).
        ``location`` takes a place or a list (``Mitte``, ``Dresden``; part of a
        name such as ``Kreuzberg`` matches ``Friedrichshain-Kreuzberg``).
        ``sort`` is relevance, newest or oldest; ``facets=True`` adds counts by
        issuer, year, person quoted and location; ``literal=True`` reads the words
        without operators; ``timeline=True`` adds ``facets["month"]``, the
        matching releases per month ({"2023-01": 3, ...}); ``mixed=True`` sorts
        exact and related matches together by date. See :meth:`searcher.search.SearchEngine.search`.
        The same options may come as one :class:`searcher.SearchOptions`
        (``options=``) instead of keywords, not both.

            >>> ix.search("Integration", person="Köpping", date_from="2023")  # doctest: +SKIP
        """
        given = dict(
            issuer=issuer, date_from=date_from, date_to=date_to, person=person, require_all=require_all,
            sort=sort, limit=limit, offset=offset, facets=facets, snippets=snippets, literal=literal,
            location=location, timeline=timeline, mixed=mixed,
        )
        checked = _search_options(options, given)
        return self._guarded(lambda backend: backend.search(query, checked))

    def stats(self) -> Stats:
        """Counts, date span, issuers and most quoted persons."""
        return dataclasses.replace(self._guarded(lambda backend: backend.stats()),
                                   path=self._backend.shown if self._url else str(self.path))

    def get(self, release_id: str) -> Release:
        """The whole release with this id; :class:`ReleaseNotFound` if absent."""
        from ..errors import ReleaseNotFound

        release = self._guarded(lambda backend: backend.get(release_id))
        if release is None:
            raise ReleaseNotFound(release_id)
        return release

    def releases(self) -> Iterator[Release]:
        """Every release in the index, in id order, one at a time (what
        ``searcher export`` writes); memory stays flat however large the index.
        :class:`IndexNotFound` when there is no index.

            >>> [r.id for r in ix.releases()][:2]  # doctest: +SKIP
            ['001_0a4f6c2e7e0b9a1d.txt', '002_5d0e8b3c1f7a6e42.txt']
        """
        backend = self._backend
        with _storage_errors(self.path):
            try:
                yield from backend.iter_releases()
            except SearcherError:
                raise
            except Exception as err:
                self._raise_if_damage(backend, err)
                raise

    def highlights(self, release_id: str, query: str) -> dict[str, tuple[tuple[int, int], ...]]:
        """Where ``query``'s words match in the whole release with this id:
        ``{"title"|"subtitle"|"body": ((start, end), ...)}`` offsets into those
        fields of :meth:`get`'s release, as search snippets mark them.
        :class:`ReleaseNotFound` if absent.

            >>> ix.highlights("003_c79be066c681028f.txt", "Sicherung")["body"]  # doctest: +SKIP
            ((1201, 1220),)
        """
        from ..errors import ReleaseNotFound

        spans = self._guarded(lambda backend: backend.highlights(release_id, query))
        if spans is None:
            raise ReleaseNotFound(release_id)
        return spans

    @_plain_storage_errors
    def _guarded(self, call):
        """Run a read; reopen and retry once if a concurrent commit or rebuild
        removed files under it; a second failure means the index is damaged."""
        backend = self._backend
        try:
            return call(backend)
        except IndexDamaged:
            pass  # perhaps a rebuild removed the generation we had open: retry once
        except SearcherError:
            raise
        except Exception as err:
            if not backend.looks_like_damage(err):
                raise
        backend.forget()
        try:
            return call(backend)
        except SearcherError:
            raise
        except Exception as err:
            self._raise_if_damage(backend, err)
            raise

    def _raise_if_damage(self, backend, err: Exception) -> None:
        """:class:`IndexDamaged` naming ``err`` when the backend reads it as damaged or vanished files."""
        if backend.looks_like_damage(err):
            raise IndexDamaged(str(self.path), f"{err.__class__.__name__}: {err}") from None

    # -- writing ----------------------------------------------------------

    def add(
        self,
        paths: Union[PathLike, Sequence[PathLike]],
        *,
        fields: Optional[dict[str, str]] = None,
        constants: Optional[dict[str, str]] = None,
        progress: Optional[ProgressFn] = None,
    ) -> IndexReport:
        """Add new and changed releases from files and folders; skip unchanged ones.

        Nothing is removed. ``fields`` maps release fields to record columns
        (``{"body": "description"}``); ``constants`` sets fields on every
        release (``{"issuer": "Polizei Berlin"}``).
        """
        return self._update(_as_list(paths), remove_vanished=False, fields=fields, constants=constants, progress=progress)

    def sync(
        self,
        paths: Union[PathLike, Sequence[PathLike]],
        *,
        fields: Optional[dict[str, str]] = None,
        constants: Optional[dict[str, str]] = None,
        progress: Optional[ProgressFn] = None,
    ) -> IndexReport:
        """Like :meth:`add`, and also remove releases whose source file vanished
        from a given folder (or whose record vanished from a records file)."""
        return self._update(_as_list(paths), remove_vanished=True, fields=fields, constants=constants, progress=progress)

    @_plain_storage_errors
    def rebuild(
        self,
        paths: Union[PathLike, Sequence[PathLike]],
        *,
        fields: Optional[dict[str, str]] = None,
        constants: Optional[dict[str, str]] = None,
        progress: Optional[ProgressFn] = None,
    ) -> IndexReport:
        """Build a fresh index from ``paths`` aside and switch to it atomically.

        Searches during the rebuild see the old index. Works on a damaged index.
        """
        paths = _as_list(paths)
        _check_request(paths, fields, constants)
        with self._write_lock():
            failures: list[Failure] = []
            sources, _ = collect_sources(paths, failures)
            write = self._backend.begin_rebuild()
            try:
                write.start(_total_size(sources), batch_docs=BATCH_DOCS)
                counts = rebuild_into(write, sources, failures, fields, constants, progress,
                                      _mapping_fingerprint(fields, constants))
                total = write.commit()
            except BaseException:
                write.cancel()
                raise
            write.publish()
            self.close()
            return IndexReport(added=counts.added, failed=len(failures), total=total, failures=tuple(failures),
                               warned=counts.warned, warnings=tuple(counts.warnings))

    @_plain_storage_errors
    def remove(self, ids: Union[str, Iterable[str]]) -> IndexReport:
        """Remove releases by id. Unknown ids are ignored; ``removed`` counts the rest."""
        ids = [ids] if isinstance(ids, str) else list(ids)
        with self._write_lock():
            write = self._backend.begin_update(prepare=False)
            with write.state() as known:
                present = [i for i in dict.fromkeys(ids) if known.contains(i)]
            write.start()
            try:
                for rid in present:
                    write.delete_id(rid)
                total = write.commit()
            except BaseException:
                write.cancel()
                raise
            return IndexReport(removed=len(present), total=total)

    @_plain_storage_errors
    def _update(self, paths, *, remove_vanished, fields, constants, progress) -> IndexReport:
        _check_request(paths, fields, constants)
        with self._write_lock():
            write = self._backend.begin_update()
            failures: list[Failure] = []
            unreadable: set[str] = set()
            sources, folders = collect_sources(paths, failures, unreadable)
            counts = _Counts()
            write.start(_total_size(sources), batch_docs=BATCH_DOCS)
            try:
                with write.state() as known:
                    Diff(known, write, counts, failures).run(
                        sources, folders, remove_vanished, fields, constants, progress,
                        _mapping_fingerprint(fields, constants), unreadable,
                    )
                total = write.commit()
            except BaseException as err:
                write.cancel()
                if isinstance(err, Exception) and not isinstance(err, SearcherError) and self._backend.looks_like_damage(err):
                    raise IndexDamaged(str(self.path), f"{err.__class__.__name__}: {err}") from None
                raise
            self.close()
            return IndexReport(
                added=counts.added, updated=counts.updated, unchanged=counts.unchanged, removed=counts.removed,
                failed=len(failures), total=total, failures=tuple(failures),
                warned=counts.warned, warnings=tuple(counts.warnings),
            )

    # -- integrity --------------------------------------------------------

    @_plain_storage_errors
    def check(self) -> CheckReport:
        """Verify every file of the live generation; report problems instead of raising."""
        return self._backend.check()


def _as_list(paths) -> list:
    if isinstance(paths, (str, os.PathLike)):
        return [paths]
    return list(paths)
