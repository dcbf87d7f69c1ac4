"""What a storage backend does for the :class:`~searcher.store.Index` facade:
the small interface a second backend (PostgreSQL) implements beside Whoosh's.

The facade keeps what is the same for every backend: the write lock, the
folder walk, parsing, the incremental diff (new, changed, unchanged, vanished)
and the reports. A backend stores documents and answers queries:

- :class:`Backend` opens the stored index: ``search(query, options)`` (the
  query string and one :class:`~searcher.options.SearchOptions`, already
  checked, with the filters, order and page of
  :meth:`searcher.store.Index.search`), ``get`` (a stored release), ``stats``, ``doc_count``, ``check``;
  ``begin_update`` and ``begin_rebuild`` start a write; ``is_old_index`` tells
  an index folder from before searcher's marker.
- :class:`Write` is one run of changes that lands whole or not at all:
  ``start``, then ``add`` / ``delete_id`` / ``delete_source``, ``commit`` (then ``publish`` for
  a rebuild) or ``cancel``; ``state()`` reads what the index held before the run.
- :class:`IndexedState` is that earlier state, as the diff asks it.

Documents are the field dictionaries of :func:`searcher.schema.to_document`
(``id``, ``source``, ``content_hash``, ``file_hash``, the release fields).
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from typing import Any, Iterator, Optional

from ..models import CheckReport, Release, SearchResult, Stats
from ..options import SearchOptions


class IndexedState(ABC):
    """What the index held when a write began, read cheaply."""

    @abstractmethod
    def contains(self, rid: str) -> bool:
        """True when a release with this id is indexed."""

    @abstractmethod
    def owner_of(self, rid: str) -> tuple[Optional[str], Optional[str], Optional[str]]:
        """(source, content hash, file hash) of the indexed release with this id, or Nones."""

    @abstractmethod
    def stored_of_source(self, src: str) -> list[dict[str, Any]]:
        """The stored fields (at least ``id`` and ``file_hash``) of every release from this source."""

    @abstractmethod
    def sources_under(self, prefix: str) -> list[str]:
        """Every indexed source whose key starts with ``prefix``."""

    def ids_of_source(self, src: str) -> list[str]:
        return [f["id"] for f in self.stored_of_source(src)]


class Write(ABC):
    """One run of changes: nothing is visible before :meth:`commit`."""

    @abstractmethod
    def start(self, total_bytes: int = 0, batch_docs: Optional[int] = None) -> None:
        """Get ready to take documents; ``total_bytes`` (the size of the input)
        may choose parallel workers, ``batch_docs`` the documents a batch."""

    @abstractmethod
    def state(self) -> AbstractContextManager[IndexedState]:
        """The committed state before this run, for the diff."""

    @abstractmethod
    def add(self, doc: dict) -> None: ...

    @abstractmethod
    def delete_id(self, rid: str) -> None: ...

    @abstractmethod
    def delete_source(self, source: str) -> None: ...

    @abstractmethod
    def commit(self) -> int:
        """Commit everything; the number of releases in the index afterwards."""

    @abstractmethod
    def cancel(self) -> None:
        """Drop everything of this run (also after a failed commit)."""

    def publish(self) -> None:
        """Make a committed rebuild the live index (nothing to do for an update)."""


class Backend(ABC):
    """The stored index of one ``Index``; safe to search from several threads."""

    @abstractmethod
    def exists(self) -> bool: ...

    @abstractmethod
    def create(self) -> None:
        """Make an empty index (the write lock is held)."""

    @abstractmethod
    def begin_update(self, prepare: bool = True) -> Write:
        """A write on the live index (the write lock is held); ``prepare``
        creates a missing index and brings an old one's schema up to date first."""

    @abstractmethod
    def begin_rebuild(self) -> Write:
        """A write into a new, empty index beside the live one; ``publish`` switches to it."""

    @abstractmethod
    def search(self, query: str, options: SearchOptions) -> SearchResult:
        """Search with the query language of ``searcher search``. ``options``
        is checked already (sort, limit, offset); dates are parsed, and a
        reversed range refused with UsageError, by the backend's filter. The
        result means what :meth:`searcher.store.Index.search` documents."""

    @abstractmethod
    def get(self, release_id: str) -> Optional[Release]: ...

    @abstractmethod
    def iter_releases(self) -> Iterator[Release]:
        """Every stored release as a :class:`Release` (as :meth:`get` returns
        it), in id order (code-point order, which is also the order of the ids'
        UTF-8 bytes), one at a time: never all of them in memory at once. The
        releases are those of one committed state, read as the iteration goes."""

    @abstractmethod
    def highlights(self, release_id: str, query: str) -> Optional[dict]:
        """``{field: ((start, end), ...)}`` of the query's matches in the whole
        release, marked as snippets mark them; None when the id is absent."""

    @abstractmethod
    def stats(self) -> Stats: ...

    @abstractmethod
    def doc_count(self) -> int: ...

    @abstractmethod
    def check(self) -> CheckReport: ...

    @abstractmethod
    def looks_like_damage(self, err: BaseException) -> bool:
        """True when an exception from a read means damaged or vanished files (worth one reopen)."""

    @abstractmethod
    def forget(self) -> None:
        """Reopen on the next read; leave what other threads are reading open."""

    @abstractmethod
    def close(self) -> None: ...

    def is_old_index(self, folder, entries: list, names: set) -> bool:
        """True when ``folder`` (its ``entries`` and their ``names``, the
        write lock left out) holds an index this backend wrote before searcher
        marked its folders: the facade then writes to it instead of refusing
        it as a user's folder. A backend that keeps nothing in the folder
        keeps this default."""
        return False
