"""The Whoosh backend: reads and writes the generations of one index folder
through Whoosh, for the :class:`~searcher.store.Index` facade."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

from ...errors import IndexDamaged, IndexNotFound
from ...models import CheckReport, Release, SearchResult, Stats
from ...options import SearchOptions
from ..base import Backend, IndexedState, Write
from ..storage import _STORAGE_ERRNOS, _storage_error
from . import generations
from .generations import rmtree as _rmtree, windex
from .pool import _DocSink, _worker_count

CHECK_ATTEMPTS = 10  # fresh starts when a rebuild switches generations during a check


class WhooshBackend(Backend):
    """An index folder of Whoosh generations (see :mod:`.generations`)."""

    def __init__(self, path: Path, *, cache_mb: Optional[float] = None):
        self.path = path
        self.cache_mb = cache_mb  # the search caches' budget (MiB); None: SEARCHER_CACHE_MB
        self._lock = threading.Lock()
        self._gen_dir: Optional[Path] = None
        self._whoosh = None
        self._engine = None

    # -- opening ------------------------------------------------------------

    def exists(self) -> bool:
        return (self.path / generations.CURRENT).is_dir()

    def current_dir(self) -> Path:
        return generations.current_dir(self.path)

    def create(self) -> None:
        generations.switch_to(self.path, generations.new_generation(self.path))

    def open(self):
        """The whoosh index of the live generation (reopened after a rebuild)."""
        index = windex()
        gen = self.current_dir()
        with self._lock:
            if self._whoosh is None or gen != self._gen_dir:
                # not close(): other threads may be searching the old engine right now
                self._engine = None
                self._whoosh = self._open_dir(index, gen)
                self._gen_dir = gen
            return self._whoosh

    def _open_dir(self, index, gen: Path):
        try:
            return index.open_dir(str(gen), readonly=True)
        except index.EmptyIndexError:
            raise IndexDamaged(str(self.path), "no table of contents in the live generation") from None
        except OSError as err:
            if _storage_error(self.path, err) is not None:
                raise
            raise IndexDamaged(str(self.path), f"cannot open: {err.__class__.__name__}: {err}") from None
        except Exception as err:  # whoosh raises many types for damaged files
            raise IndexDamaged(str(self.path), f"cannot open: {err.__class__.__name__}: {err}") from None

    def engine(self):
        from ...search import SearchEngine

        wix = self.open()
        with self._lock:
            if self._engine is None:
                self._engine = SearchEngine(wix, cache_mb=self.cache_mb)
            return self._engine

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.close()
            self._engine = None
            if self._whoosh is not None:
                self._whoosh.close()
            self._whoosh = None
            self._gen_dir = None

    def forget(self) -> None:
        """Drop the cached whoosh index and engine so the next read reopens the
        live generation. Unlike close(), this leaves them open: other threads
        may be in the middle of a search on them (closing would pull their
        readers away: ReaderClosed); they are released once unreferenced."""
        with self._lock:
            self._engine = None
            self._whoosh = None
            self._gen_dir = None

    # -- reading ------------------------------------------------------------

    def search(self, query: str, options: SearchOptions) -> SearchResult:
        return self.engine().search(query, options)

    def stats(self) -> Stats:
        return self.engine().stats()

    def highlights(self, release_id: str, query: str) -> Optional[dict]:
        return self.engine().highlights(release_id, query)

    def get(self, release_id: str) -> Optional[Release]:
        from ...schema import from_stored

        stored = self.engine().get_stored(release_id)
        return None if stored is None else from_stored(stored)

    def iter_releases(self) -> Iterator[Release]:
        """The releases in the order of the ``id`` field's terms (sorted by their
        UTF-8 bytes), each looked up by its id, so only one stored document is
        in memory at a time; ids of deleted documents are passed by."""
        from ...schema import from_stored

        with self.open().searcher() as searcher:
            last = None
            for term in searcher.reader().lexicon("id"):
                if term == last:
                    continue
                last = term
                num = searcher.document_number(id=term.decode("utf-8") if isinstance(term, bytes) else term)
                if num is not None:
                    yield from_stored(searcher.stored_fields(num))

    def doc_count(self) -> int:
        return self.open().doc_count()

    def check(self) -> CheckReport:
        """Verify every file of the live generation; report problems instead of raising."""
        from .check import check_generation

        for _ in range(CHECK_ATTEMPTS):
            try:
                gen = self.current_dir()
            except IndexNotFound:
                raise
            except IndexDamaged as err:
                return CheckReport(path=str(self.path), ok=False, problems=(err.detail,))
            try:
                return check_generation(self.path, gen)
            except FileNotFoundError:
                pass  # a rebuild switched to a new generation meanwhile: check that one
        return CheckReport(path=str(self.path), ok=False, problems=("the index kept changing during the check; run it again",))

    def looks_like_damage(self, err: BaseException) -> bool:
        return _looks_like_damage(err)

    def is_old_index(self, folder, entries: list, names: set) -> bool:
        return generations.is_old_index(folder, entries, names)

    # -- writing ------------------------------------------------------------

    def begin_update(self, prepare: bool = True) -> "WhooshWrite":
        if prepare and not self.exists():
            self.create()
        gen = self.current_dir()
        if not prepare:
            return WhooshWrite(self, self._writable(gen), gen)
        # a rebuild killed before its switch leaves a whole orphan generation
        generations.drop_stale_generations(self.path, keep=gen.name)
        return WhooshWrite(self, generations.with_current_fields(self._writable(gen), gen), gen)

    def begin_rebuild(self) -> "WhooshWrite":
        gen = generations.new_generation(self.path)
        try:
            return WhooshWrite(self, windex().open_dir(str(gen)), gen, fresh=True)
        except BaseException:
            _rmtree(gen, ignore_errors=True)
            raise

    def _writable(self, gen: Path):
        try:
            return windex().open_dir(str(gen))
        except Exception as err:
            raise IndexDamaged(str(self.path), f"cannot open for writing: {err.__class__.__name__}: {err}") from None


class WhooshWrite(Write):
    """One run of changes to a generation, through :class:`~.pool._DocSink`."""

    def __init__(self, backend: WhooshBackend, wix, gen: Path, fresh: bool = False):
        self.backend = backend
        self.wix = wix
        self.gen = gen
        self.fresh = fresh  # a new generation of a rebuild: removed when cancelled
        self.sink: Optional[_DocSink] = None

    def start(self, total_bytes: int = 0, batch_docs: Optional[int] = None) -> None:
        self.sink = _DocSink(self.wix, procs=_worker_count(total_bytes), batch_docs=batch_docs)

    @contextmanager
    def state(self) -> Iterator["WhooshState"]:
        with self.wix.searcher() as searcher:
            yield WhooshState(searcher)

    def add(self, doc: dict) -> None:
        self.sink.add(doc)

    def delete_id(self, rid: str) -> None:
        self.sink.delete_id(rid)

    def delete_source(self, source: str) -> None:
        self.sink.delete_source(source)

    def commit(self) -> int:
        return self.sink.commit()

    def cancel(self) -> None:
        try:
            if self.sink is not None:
                self.sink.cancel()
        finally:
            if self.fresh:
                _rmtree(self.gen, ignore_errors=True)

    def publish(self) -> None:
        if self.fresh:
            generations.switch_to(self.backend.path, self.gen)


class WhooshState(IndexedState):
    """What the index already holds, read through term lookups and stored fields."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.reader = searcher.reader()

    def _docnums(self, fieldname: str, value: str) -> list[int]:
        try:
            return list(self.searcher.document_numbers(**{fieldname: value}))
        except KeyError:
            return []

    def contains(self, rid: str) -> bool:
        return self.searcher.document_number(id=rid) is not None

    def owner_of(self, rid: str) -> tuple[Optional[str], Optional[str], Optional[str]]:
        num = self.searcher.document_number(id=rid)
        if num is None:
            return None, None, None
        stored = self.reader.stored_fields(num)
        return stored.get("source"), stored.get("content_hash"), stored.get("file_hash")

    def stored_of_source(self, src: str) -> list[dict]:
        return [self.reader.stored_fields(n) for n in self._docnums("source", src)]

    def sources_under(self, prefix: str) -> list[str]:
        return [t.decode("utf-8") if isinstance(t, bytes) else t for t in self.reader.expand_prefix("source", prefix)]


def _looks_like_damage(err: BaseException) -> bool:
    import pickle
    import struct
    import zlib

    from whoosh.filedb.filetables import FileFormatError
    from whoosh.index import IndexError as WhooshIndexError

    if isinstance(err, OSError) and err.errno in _STORAGE_ERRNOS:
        return False  # a full disk or a permission is not damage

    # zlib/pickle errors: overwritten bytes inside compressed or pickled stored fields;
    # overflow, index and memory errors: garbage lengths and offsets read from a file;
    # FileFormatError: an overwritten header of a hash or ordered table
    return isinstance(
        err,
        (
            WhooshIndexError, FileFormatError, struct.error, EOFError, OSError, ValueError, KeyError, zlib.error,
            pickle.UnpicklingError, OverflowError, IndexError, MemoryError,
        ),
    )
