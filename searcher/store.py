"""The on-disk index: open/create, one writer at a time, incremental sync, atomic rebuild.

Layout of an index folder ``PATH``::

    PATH/current        symlink to the live generation folder (switched atomically)
    PATH/gen-<stamp>/   a Whoosh index (segments + table of contents)
    PATH/write.lock     flock()ed by the one writer; the kernel drops it when the
                        writer dies, so a killed writer never blocks the next run
    PATH/.searcher-index  marks the folder as made by searcher: a non-empty folder
                        without it (and without an older index's layout) is
                        never written to, so nothing of a user's is replaced

Why a symlink: a full rebuild is written into a new generation folder while
searches keep reading the old one, then ``current`` is replaced with one
``rename()``. Incremental changes go through Whoosh commits inside the live
generation; a Whoosh commit writes new segment files first and switches its
table of contents with a rename, so a crash at any moment leaves the last
committed state.

Example::

    >>> from searcher import Index
    >>> with Index("index") as ix:                          # doctest: +SKIP
    ...     report = ix.sync("seeds")
    ...     result = ix.search("Integration", person="Köpping")
"""
from __future__ import annotations

import datetime
import errno
import fcntl
import hashlib
import json
import os
import shutil
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence, Union

from .errors import IndexDamaged, IndexLocked, IndexNotFound, IndexStorageError, ParseError, SearcherError, SourceNotFound
from .models import MAX_REPORTED_WARNINGS, CheckReport, Failure, IndexReport, Release, ReleaseWarning, SearchResult, Stats
from .reading import display_path as _display
from .reading import read_source as _read_bytes
from .sources import kind_of, read_releases, skipped_folder, unsupported

PathLike = Union[str, os.PathLike]
ProgressFn = Callable[[int, int, str], None]

DEFAULT_INDEX = "index"
DEFAULT_WAIT = 30.0
CURRENT = "current"
LOCK_FILE = "write.lock"
MARKER = ".searcher-index"
RECORD_SUFFIXES = {".jsonl": "jsonl", ".csv": "csv"}
TEXT_SUFFIXES = {".txt", ".md"}


def default_index_path() -> str:
    """``$SEARCHER_INDEX`` if set, else ``index`` (relative to the working folder)."""
    from . import settings

    return settings.get("SEARCHER_INDEX") or DEFAULT_INDEX


def content_hash(data: bytes, extra: bytes = b"") -> str:
    h = hashlib.blake2b(data, digest_size=16)
    if extra:
        h.update(extra)
    return h.hexdigest()


def release_hash(release: Release) -> str:
    from .models import to_jsonable

    blob = json.dumps(to_jsonable(release), sort_keys=True, ensure_ascii=False).encode("utf-8")
    return content_hash(blob)


# ---------------------------------------------------------------------------
# Collecting sources


@dataclass
class _Source:
    """One file to index, with the root it was found under (for its id)."""

    path: Path
    root: Path

    @property
    def key(self) -> str:
        return str(self.path)

    @property
    def rel_id(self) -> str:
        try:
            return self.path.relative_to(self.root).as_posix()
        except ValueError:
            return self.path.name


def _is_supported(path: Path) -> bool:
    return kind_of(path) is not None


# Folders nested deeper than this below a PATH are not walked (reported):
# no release archive needs more, and it bounds a walk through odd trees.
MAX_DEPTH = 64


def _check_request(paths, fields, constants) -> None:
    """Refuse, before anything is written (or an index created), a mapping that
    cannot work (UsageError) and a PATH that does not exist (SourceNotFound):
    a missing folder must not read as an empty one."""
    from .parse import check_mapping

    check_mapping(fields, constants)
    for raw in paths:
        try:
            missing = _absent(os.path.abspath(os.fspath(raw)))
        except (TypeError, ValueError):  # e.g. a NUL byte: reported by collect_sources
            missing = False
        if missing:
            raise SourceNotFound(_display(os.fspath(raw)))


def _inside(target: str, root: str) -> bool:
    try:
        return os.path.commonpath([target, root]) == root
    except ValueError:
        return False


def collect_sources(
    paths: Sequence[PathLike], failures: list[Failure], unreadable: Optional[set[str]] = None
) -> tuple[list[_Source], list[Path]]:
    """Expand files and folders into supported files, reporting what cannot be walked.

    Returns the sources and the folders that were walked (for removal of
    vanished sources); folders that could not be read (or were too deep to
    walk) go into ``unreadable``, so nothing under them counts as vanished.
    Inside a folder, symlinks are followed only when they lead to somewhere
    inside that folder; others are reported as skipped. Symlink loops,
    unreadable folders and missing paths become failures; the rest goes on.
    """
    sources: list[_Source] = []
    folders: list[Path] = []
    seen: set[str] = set()
    if unreadable is None:
        unreadable = set()

    def add(p: Path, root: Path) -> None:
        key = str(p)
        try:
            key.encode("utf-8")
        except UnicodeEncodeError:  # the index stores names as UTF-8 text
            failures.append(Failure(_display(p), "file name is not valid UTF-8; rename the file to index it"))
            return
        if key not in seen:
            seen.add(key)
            sources.append(_Source(p, root))

    for raw in paths:
        p = Path(os.path.abspath(os.fspath(raw)))
        try:
            os.lstat(p)
        except FileNotFoundError:
            pass  # reported below
        except (OSError, ValueError) as err:  # e.g. a name too long, a NUL byte
            failures.append(Failure(_display(p), f"cannot read: {getattr(err, 'strerror', None) or err}"))
            continue
        if p.is_dir():
            folders.append(p)
            _walk(p, failures, unreadable, add)
        elif p.exists() or p.is_symlink():
            if not p.exists():
                failures.append(Failure(str(p), "broken symlink: its target does not exist"))
            elif not _is_supported(p):
                failures.append(Failure(str(p), unsupported(p)))
            else:
                add(p, p.parent)
        else:
            failures.append(Failure(str(p), "no such file or folder"))
    return sources, folders


def _walk(root: Path, failures: list[Failure], unreadable: set[str], add) -> None:
    """Depth first through ``root`` in name order, files of a folder before its subfolders."""
    root_real = os.path.realpath(root)
    visited: set[tuple[int, int]] = set()
    stack: list[tuple[str, int]] = [(str(root), 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            st = os.stat(folder)
            ident = (st.st_dev, st.st_ino)
            if ident in visited:
                failures.append(Failure(_display(folder), "symlink loop: folder already visited, skipped"))
                continue
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as err:
            failures.append(Failure(
                _display(folder),
                f"cannot read folder: {err.strerror or err}; its releases stay in the index until it can be read",
            ))
            unreadable.add(folder)
            continue
        visited.add(ident)
        subfolders: list[str] = []
        names = [e.name for e in entries]
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_symlink() and not _inside(os.path.realpath(entry.path), root_real):
                    failures.append(Failure(
                        _display(entry.path),
                        f"skipped: a symlink to {_display(os.path.realpath(entry.path))}, outside {_display(root)}; "
                        "name the target itself to index it",
                    ))
                    continue
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False  # e.g. a symlink loop: reading it reports the problem
            if not is_dir:
                fp = Path(entry.path)
                if _is_supported(fp):
                    add(fp, root)
                else:  # a file the archivist dropped in is never skipped silently
                    failures.append(Failure(_display(fp), unsupported(fp)))
            elif skipped_folder(folder, entry.name, names):
                continue
            elif depth >= MAX_DEPTH:
                failures.append(Failure(
                    _display(entry.path), f"folder nested more than {MAX_DEPTH} levels deep below {_display(root)}, skipped"
                ))
                unreadable.add(entry.path)
            else:
                subfolders.append(entry.path)
        stack.extend((sub, depth + 1) for sub in reversed(subfolders))


# ---------------------------------------------------------------------------
# Locking


# Lock file descriptors this process holds. flock() locks belong to the open
# file, which a fork()ed child shares: a worker that kept its copy would keep
# the index locked after the parent died. Every forked child closes them at
# once (close only: flock(LOCK_UN) on a shared file would unlock the parent).
_LOCK_FDS: set[int] = set()


def _close_inherited_locks() -> None:
    for fd in list(_LOCK_FDS):
        try:
            os.close(fd)
        except OSError:
            pass
    _LOCK_FDS.clear()


os.register_at_fork(after_in_child=_close_inherited_locks)


def _is_searcher_folder(folder: Path) -> bool:
    """True for a missing or empty folder, one with searcher's marker, or an
    index made before the marker existed (only searcher's names, ``current``
    a link, and a Whoosh table of contents in a generation)."""
    try:
        entries = list(folder.iterdir())
    except FileNotFoundError:
        return True
    # the lock file and a marker being written (``.searcher-index.PID``) are
    # what another writer of ours leaves in a new folder before its marker lands
    names = {e.name for e in entries if e.name != LOCK_FILE and not e.name.startswith(MARKER + ".")}
    if not names or MARKER in names:
        return True
    if not all(n == CURRENT or n.startswith(("gen-", ".current-")) for n in names):
        return False
    if CURRENT in names and not (folder / CURRENT).is_symlink():
        return False
    gens = [e for e in entries if e.name.startswith("gen-")]
    return all(e.is_dir() for e in gens) and any(folder.glob("gen-*/_MAIN_*.toc"))


class _WriteLock:
    """An exclusive flock() on PATH/write.lock, waited for up to ``wait`` seconds.

    ``claim=True`` (every writer of an index) first refuses a folder that is
    not searcher's, and marks the folder as searcher's once locked.
    """

    def __init__(self, folder: Path, wait: float, claim: bool = False):
        self.folder = folder
        self.wait = wait
        self.claim = claim
        self.fd: Optional[int] = None

    def __enter__(self) -> "_WriteLock":
        if self.folder.exists() and not self.folder.is_dir():
            raise IndexStorageError(
                str(self.folder), f"The index path {self.folder} is a file, not a folder", "Give the index a folder path (Index(path); on the command line --index or SEARCHER_INDEX)."
            )
        if self.claim and not _is_searcher_folder(self.folder):
            raise IndexStorageError(
                str(self.folder),
                f"{self.folder} is a folder with other files, not a searcher index; nothing in it was changed",
                "Use a new or empty folder for the index, or an existing searcher index.",
            )
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.folder / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        deadline = time.monotonic() + max(self.wait, 0.0)
        delay = 0.02
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as err:
                if err.errno not in (errno.EAGAIN, errno.EACCES):
                    os.close(fd)
                    raise
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise IndexLocked(str(self.folder), self.wait) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.25)
        _LOCK_FDS.add(fd)
        self.fd = fd
        try:  # who holds it, for a person looking; not needed for the lock
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError:
            pass
        if self.claim and not (self.folder / MARKER).exists():
            try:
                _write_marker(self.folder)
            except BaseException:
                self.__exit__()
                raise
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            _LOCK_FDS.discard(self.fd)
            try:
                fcntl.flock(self.fd, fcntl.LOCK_UN)
            finally:
                os.close(self.fd)
                self.fd = None


# ---------------------------------------------------------------------------
# The index


@dataclass
class _Counts:
    """What one update pass did, counted as it streams."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    warned: int = 0
    warnings: list = field(default_factory=list)

    def note(self, release: Release, source: str) -> None:
        """Remember what the parser missed in a release that is written."""
        if release.warnings:
            self.warned += 1
            for w in release.warnings:
                if len(self.warnings) < MAX_REPORTED_WARNINGS:
                    self.warnings.append(ReleaseWarning(source, release.id, w))


def _first_time(rid: str, written: dict[str, str], failures: list[Failure], source: str) -> bool:
    """True the first time a release id is written in this run; a repeat is
    reported naming both files (ids are unique across everything indexed)."""
    first = written.get(rid)
    if first is not None:
        failures.append(_collision(rid, source, first))
        return False
    written[rid] = source
    return True


def _collision(rid: str, source: str, owner: str) -> Failure:
    where = "used earlier in the same file" if owner == source else f"already used by {_display(owner)}"
    return Failure(
        _display(source),
        f"release id {rid!r} is {where}; the first one indexed keeps it. Rename one of the files "
        "(or index their common parent folder, which makes text-file ids longer) or give the record its own id",
    )


def _mapping_fingerprint(fields, constants) -> bytes:
    """The --field/--set mapping as bytes, folded into a file's hash so a
    changed mapping re-reads an unchanged file; empty when there is none, so
    indexes built without a mapping keep their hashes."""
    if not fields and not constants:
        return b""
    blob = json.dumps({"fields": dict(fields or {}), "set": dict(constants or {})}, sort_keys=True, ensure_ascii=False)
    return b"\0mapping:" + blob.encode("utf-8")


def _absent(path: str) -> bool:
    """True only when ``path`` certainly does not exist (not for a permission error)."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:
        return False
    return False


def _total_size(sources) -> int:
    total = 0
    for src in sources:
        try:
            total += src.path.stat().st_size
        except OSError:
            pass
    return total


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
        from .settings import check_cache_mb

        self.cache_mb = None if cache_mb is None else check_cache_mb(cache_mb)
        self.path = Path(os.path.abspath(os.fspath(path if path is not None else default_index_path())))
        self.wait = wait
        self._lock = threading.Lock()
        self._gen_dir: Optional[Path] = None
        self._whoosh = None
        self._engine = None

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
                with _WriteLock(ix.path, wait, claim=True):
                    if not ix.exists():
                        ix._switch_to(ix._new_generation())
        return ix

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Index({str(self.path)!r})"

    def close(self) -> None:
        """Release open files. The object may be used again afterwards."""
        with self._lock:
            if self._engine is not None:
                self._engine.close()
            self._engine = None
            if self._whoosh is not None:
                self._whoosh.close()
            self._whoosh = None
            self._gen_dir = None

    def _forget(self) -> None:
        """Drop the cached whoosh index and engine so the next read reopens the
        live generation. Unlike close(), this leaves them open: other threads
        may be in the middle of a search on them (closing would pull their
        readers away: ReaderClosed); they are released once unreferenced."""
        with self._lock:
            self._engine = None
            self._whoosh = None
            self._gen_dir = None

    def exists(self) -> bool:
        """True when PATH holds an index."""
        return (self.path / CURRENT).is_dir()

    # -- generations ------------------------------------------------------

    @_plain_storage_errors
    def _current_dir(self) -> Path:
        link = self.path / CURRENT
        try:
            target = os.readlink(link)
        except FileNotFoundError:
            if any(self.path.glob("gen-*/_MAIN_*.toc")):  # index data without its link
                raise IndexDamaged(str(self.path), f"the link {link} to the live generation is missing") from None
            raise IndexNotFound(str(self.path)) from None
        except OSError as err:
            if err.errno == errno.EINVAL:  # not a symlink
                raise IndexDamaged(str(self.path), f"{link} is not a link to an index generation") from None
            raise
        gen = self.path / target
        if not gen.is_dir():
            raise IndexDamaged(str(self.path), f"the live generation {target} is missing")
        return gen

    def _new_generation(self) -> Path:
        windex = _windex()

        from .schema import build_schema

        name = f"gen-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
        gen = self.path / name
        gen.mkdir(parents=True)
        windex.create_in(str(gen), build_schema())
        return gen

    def _switch_to(self, gen: Path) -> None:
        """Point ``current`` at ``gen`` atomically, then drop other generations."""
        tmp = self.path / f".current-{os.getpid()}"
        if tmp.is_symlink() or tmp.exists():
            tmp.unlink()
        os.symlink(gen.name, tmp)
        os.replace(tmp, self.path / CURRENT)
        _fsync_dir(self.path)
        self._drop_stale_generations(keep=gen.name)

    def _drop_stale_generations(self, keep: str) -> None:
        # Only called with the write lock held. Readers that still have files
        # of an old generation open keep reading them (POSIX unlink semantics).
        for child in self.path.iterdir():
            if child.name.startswith("gen-") and child.name != keep and child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
            elif child.name.startswith(".current-") and child.is_symlink():
                child.unlink(missing_ok=True)

    def _open_whoosh(self):
        """The whoosh index of the live generation (reopened after a rebuild)."""
        windex = _windex()

        gen = self._current_dir()
        with self._lock:
            if self._whoosh is None or gen != self._gen_dir:
                # not close(): other threads may be searching the old engine right now
                self._engine = None
                try:
                    self._whoosh = windex.open_dir(str(gen), readonly=True)
                except windex.EmptyIndexError:
                    raise IndexDamaged(str(self.path), "no table of contents in the live generation") from None
                except OSError as err:
                    if _storage_error(self.path, err) is not None:
                        raise
                    raise IndexDamaged(str(self.path), f"cannot open: {err.__class__.__name__}: {err}") from None
                except Exception as err:  # whoosh raises many types for damaged files
                    raise IndexDamaged(str(self.path), f"cannot open: {err.__class__.__name__}: {err}") from None
                self._gen_dir = gen
            return self._whoosh

    def _search_engine(self):
        from .search import SearchEngine

        wix = self._open_whoosh()
        with self._lock:
            if self._engine is None:
                self._engine = SearchEngine(wix, cache_mb=self.cache_mb)
            return self._engine

    # -- reading ----------------------------------------------------------

    @_plain_storage_errors
    def doc_count(self) -> int:
        """Number of releases in the index."""
        for retry in (False, True):
            try:
                return self._open_whoosh().doc_count()
            except IndexDamaged:
                if retry:  # else perhaps a rebuild removed the generation we had open
                    raise
            except SearcherError:
                raise
            except Exception as err:
                if retry or not _looks_like_damage(err):
                    raise IndexDamaged(str(self.path), f"{err.__class__.__name__}: {err}") from None
            self._forget()
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

            >>> ix.search("Integration", person="Köpping", date_from="2023")  # doctest: +SKIP
        """
        options = dict(
            issuer=issuer, date_from=date_from, date_to=date_to, person=person, require_all=require_all,
            sort=sort, limit=limit, offset=offset, facets=facets, snippets=snippets, literal=literal,
            location=location,
            timeline=timeline,
            mixed=mixed,
        )
        return self._guarded(lambda engine: engine.search(query, **options))

    def stats(self) -> Stats:
        """Counts, date span, issuers and most quoted persons."""
        return _replace(self._guarded(lambda engine: engine.stats()), path=str(self.path))

    def get(self, release_id: str) -> Release:
        """The whole release with this id; :class:`ReleaseNotFound` if absent."""
        from .errors import ReleaseNotFound
        from .schema import from_stored

        stored = self._guarded(lambda engine: engine.get_stored(release_id))
        if stored is None:
            raise ReleaseNotFound(release_id)
        return from_stored(stored)

    def highlights(self, release_id: str, query: str) -> dict[str, tuple[tuple[int, int], ...]]:
        """Where ``query``'s words match in the whole release with this id:
        ``{"title"|"subtitle"|"body": ((start, end), ...)}`` offsets into those
        fields of :meth:`get`'s release, as search snippets mark them.
        :class:`ReleaseNotFound` if absent.

            >>> ix.highlights("003_c79be066c681028f.txt", "Sicherung")["body"]  # doctest: +SKIP
            ((1201, 1220),)
        """
        from .errors import ReleaseNotFound

        spans = self._guarded(lambda engine: engine.highlights(release_id, query))
        if spans is None:
            raise ReleaseNotFound(release_id)
        return spans

    @_plain_storage_errors
    def _guarded(self, call):
        """Run a read; reopen and retry once if a concurrent commit or rebuild
        removed files under it; a second failure means the index is damaged."""
        try:
            return call(self._search_engine())
        except IndexDamaged:
            pass  # perhaps a rebuild removed the generation we had open: retry once
        except SearcherError:
            raise
        except Exception as err:
            if not _looks_like_damage(err):
                raise
        self._forget()
        try:
            return call(self._search_engine())
        except SearcherError:
            raise
        except Exception as err:
            if _looks_like_damage(err):
                raise IndexDamaged(str(self.path), f"{err.__class__.__name__}: {err}") from None
            raise

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
        with _WriteLock(self.path, self.wait, claim=True):
            failures: list[Failure] = []
            sources, _ = collect_sources(paths, failures)
            gen = self._new_generation()
            try:
                sink = _DocSink(_windex().open_dir(str(gen)), procs=_worker_count(_total_size(sources)))
                counts = _Counts()
                written: dict[str, str] = {}
                try:
                    for release, doc in self._parse_sources(sources, failures, fields, constants, progress):
                        if _first_time(release.id, written, failures, doc["source"]):
                            sink.add(doc)
                            counts.added += 1
                            counts.note(release, doc["source"])
                    total = sink.commit()
                except BaseException:
                    sink.cancel()
                    raise
            except BaseException:
                shutil.rmtree(gen, ignore_errors=True)
                raise
            self._switch_to(gen)
            self.close()
            return IndexReport(added=counts.added, failed=len(failures), total=total, failures=tuple(failures),
                               warned=counts.warned, warnings=tuple(counts.warnings))

    @_plain_storage_errors
    def remove(self, ids: Union[str, Iterable[str]]) -> IndexReport:
        """Remove releases by id. Unknown ids are ignored; ``removed`` counts the rest."""
        ids = [ids] if isinstance(ids, str) else list(ids)
        with _WriteLock(self.path, self.wait, claim=True):
            gen = self._current_dir()
            wix = self._writable(gen)
            with wix.searcher() as searcher:
                present = [i for i in dict.fromkeys(ids) if searcher.document_number(id=i) is not None]
            sink = _DocSink(wix, procs=1)
            try:
                for rid in present:
                    sink.delete_id(rid)
                total = sink.commit()
            except BaseException:
                sink.cancel()
                raise
            return IndexReport(removed=len(present), total=total)

    def _writable(self, gen: Path):
        windex = _windex()

        try:
            return windex.open_dir(str(gen))
        except Exception as err:
            raise IndexDamaged(str(self.path), f"cannot open for writing: {err.__class__.__name__}: {err}") from None

    @_plain_storage_errors
    def _update(self, paths, *, remove_vanished, fields, constants, progress) -> IndexReport:
        _check_request(paths, fields, constants)
        with _WriteLock(self.path, self.wait, claim=True):
            if not self.exists():
                self._switch_to(self._new_generation())
            gen = self._current_dir()
            # a rebuild killed before its switch leaves a whole orphan generation
            self._drop_stale_generations(keep=gen.name)
            wix = _with_current_fields(self._writable(gen), gen)
            failures: list[Failure] = []
            unreadable: set[str] = set()
            sources, folders = collect_sources(paths, failures, unreadable)
            counts = _Counts()
            sink = _DocSink(wix, procs=_worker_count(_total_size(sources)))
            try:
                with wix.searcher() as searcher:
                    self._stream_update(
                        searcher, sink, sources, folders, counts, failures, remove_vanished, fields, constants, progress,
                        unreadable,
                    )
                total = sink.commit()
            except BaseException as err:
                sink.cancel()
                if isinstance(err, Exception) and not isinstance(err, SearcherError) and _looks_like_damage(err):
                    raise IndexDamaged(str(self.path), f"{err.__class__.__name__}: {err}") from None
                raise
            self.close()
            return IndexReport(
                added=counts.added,
                updated=counts.updated,
                unchanged=counts.unchanged,
                removed=counts.removed,
                failed=len(failures),
                total=total,
                failures=tuple(failures),
                warned=counts.warned,
                warnings=tuple(counts.warnings),
            )

    def _stream_update(self, searcher, sink, sources, folders, counts, failures, remove_vanished, fields, constants, progress, unreadable=frozenset()):
        """Decide for each parsed release (against the committed state in
        ``searcher``) whether it is new, changed or unchanged, and stream new
        and changed ones into ``sink`` so memory stays flat however large the batch.

        Removal needs certainty: a records file is trimmed only when it was
        read through without any failure, and a file counts as vanished only
        when it is absent (not merely unreadable) and no folder above it
        failed to be walked.
        """
        known = _IndexedState(searcher)
        seen_sources: set[str] = set()
        seen: set[tuple[str, str]] = set()  # (source, id) of every release read this run
        written: dict[str, str] = {}  # id -> source that holds it in this run
        unsure: set[str] = set()  # sources with any failure this run: nothing of theirs is removed
        moved: set[str] = set()  # ids taken over from a file that is gone
        for release, doc in self._parse_sources(
            sources, failures, fields, constants, progress,
            skip=known.skip_unchanged_file(counts, written), partial=unsure,
        ):
            src = doc["source"]
            seen_sources.add(src)
            seen.add((src, release.id))
            if not _first_time(release.id, written, failures, src):
                unsure.add(src)
                continue
            owner, old_hash, old_file_hash = known.owner_of(release.id)
            if owner is not None and owner != src:
                if not _absent(owner):  # ids are unique: the first indexed keeps it
                    del written[release.id]
                    failures.append(_collision(release.id, src, owner))
                    unsure.add(src)
                    continue
                # its file is gone: the id moves with the release
                moved.add(release.id)
                counts.updated += 1
                sink.delete_id(release.id)
                sink.add(doc)
                continue
            if old_hash is not None and old_hash == doc["content_hash"]:
                counts.unchanged += 1
                if old_file_hash != doc["file_hash"]:
                    # the release is the same but its file changed around it
                    # (or the index predates hashing the mapping): store the
                    # file's new hash, so the next run skips the whole file
                    sink.delete_id(release.id)
                    sink.add(doc)
                continue
            if old_hash is None:
                counts.added += 1
            else:
                counts.updated += 1
                sink.delete_id(release.id)
            sink.add(doc)
            counts.note(release, doc["source"])
        # sources seen unchanged count as seen too
        seen_sources |= known.skipped_sources
        if remove_vanished:
            # records that vanished from a records file read through without
            # any failure (a file with a bad record, or one that could not be
            # read, keeps its old records: nothing is lost because one row
            # could not be read this time)
            for src in known.reread_record_sources - unsure:
                for rid in known.ids_of_source(src):
                    if (src, rid) not in seen:
                        sink.delete_id(rid)
                        counts.removed += 1
            # files that vanished from a walked folder
            blind = tuple(str(d) + os.sep for d in unreadable)
            for folder in folders:
                prefix = str(folder) + os.sep
                for src in known.sources_under(prefix):
                    if src in seen_sources or src in unsure or src.startswith(blind):
                        continue
                    if _absent(src):
                        counts.removed += sum(1 for rid in known.ids_of_source(src) if rid not in moved)
                        sink.delete_source(src)

    def _parse_sources(
        self, sources, failures, fields, constants, progress, skip=None, partial=None
    ) -> Iterator[tuple[Release, dict]]:
        """Read and parse each source, yielding (release, whoosh document); failures
        are collected, and the key of every source with a failure goes into ``partial``."""
        from .schema import to_document

        fingerprint = _mapping_fingerprint(fields, constants)
        total = len(sources)
        for n, src in enumerate(sources, 1):
            if progress:
                progress(n, total, _display(src.path))
            shown = _display(src.path)
            try:
                data = _read_bytes(src.path)
            except ParseError as err:
                failures.append(Failure(shown, err.reason))
                if partial is not None:
                    partial.add(src.key)
                continue
            digest = content_hash(data, fingerprint)
            if skip is not None and skip(src, digest):
                continue
            kind = kind_of(src.path)
            try:
                items = read_releases(kind, data, shown, id=src.rel_id, fields=fields, constants=constants)
                if kind.many:
                    for k, item in enumerate(items, 1):
                        if progress and k % 500 == 0:
                            progress(n, total, f"{shown}, record {k:,}")
                        if isinstance(item, Failure):
                            failures.append(item)
                            if partial is not None:
                                partial.add(src.key)
                            continue
                        yield item, to_document(item, content_hash=release_hash(item), size=len(data), source=src.key, file_hash=digest)
                else:
                    release = next(items)
                    yield release, to_document(release, content_hash=digest, size=len(data), source=src.key, file_hash=digest)
            except SearcherError as err:
                if not isinstance(err, ParseError):
                    raise
                failures.append(Failure(shown, err.reason))
                if partial is not None:
                    partial.add(src.key)
            except Exception as err:  # a parser bug must not stop the batch
                failures.append(Failure(shown, f"could not parse ({err.__class__.__name__}: {err})"))
                if partial is not None:
                    partial.add(src.key)

    # -- integrity --------------------------------------------------------

    @_plain_storage_errors
    def check(self) -> CheckReport:
        """Verify every file of the live generation; report problems instead of raising."""
        from .check import check_generation

        for _ in range(10):
            try:
                gen = self._current_dir()
            except IndexNotFound:
                raise
            except IndexDamaged as err:
                return CheckReport(path=str(self.path), ok=False, problems=(err.detail,))
            try:
                return check_generation(self.path, gen)
            except FileNotFoundError:
                pass  # a rebuild switched to a new generation meanwhile: check that one
        return CheckReport(path=str(self.path), ok=False, problems=("the index kept changing during the check; run it again",))


class _IndexedState:
    """What the index already holds, read cheaply through columns and term lookups."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.skipped_sources: set[str] = set()
        self.reread_record_sources: set[str] = set()

    def _docnums(self, fieldname: str, value: str) -> list[int]:
        try:
            return list(self.searcher.document_numbers(**{fieldname: value}))
        except KeyError:
            return []

    def owner_of(self, rid: str) -> tuple[Optional[str], Optional[str], Optional[str]]:
        """(source, content hash, file hash) of the indexed release with this id, or Nones."""
        num = self.searcher.document_number(id=rid)
        if num is None:
            return None, None, None
        stored = self.reader.stored_fields(num)
        return stored.get("source"), stored.get("content_hash"), stored.get("file_hash")

    def ids_of_source(self, src: str) -> list[str]:
        return [self.reader.stored_fields(n)["id"] for n in self._docnums("source", src)]

    def count_source(self, src: str) -> int:
        return len(self._docnums("source", src))

    def sources_under(self, prefix: str) -> list[str]:
        return [t.decode("utf-8") if isinstance(t, bytes) else t for t in self.reader.expand_prefix("source", prefix)]

    def skip_unchanged_file(self, counts: _Counts, written: dict[str, str]):
        """A predicate: True when a whole file is unchanged (counted, not
        re-parsed); its ids go into ``written``, so another file of this run
        cannot take them over."""

        def skip(src: _Source, digest: str) -> bool:
            nums = self._docnums("source", src.key)
            if not nums:
                return False
            stored = [self.reader.stored_fields(n) for n in nums]
            if all(f.get("file_hash") == digest for f in stored):
                counts.unchanged += len(nums)
                self.skipped_sources.add(src.key)
                for f in stored:
                    written.setdefault(f["id"], src.key)
                return True
            if kind_of(src.path).many:  # records, feeds, mailboxes: items may vanish
                self.reread_record_sources.add(src.key)
            return False

        return skip


# Sources of at least this many bytes are indexed by worker processes (about
# 1,500 short releases); smaller runs are not worth the start-up.
PARALLEL_MIN_BYTES = 2_000_000
# Posting buffer of a run before the writer spills sorted runs to disk, shared
# among the workers. The pool's estimate is below real Python memory (about
# 1.4x), so 256 keeps a Berlin-sized batch (7,000 releases, ~800,000
# postings) in memory in one process while a 100,000-release run with two
# workers peaks near 650 MiB.
POOL_MB = 256
BATCH_DOCS = 200  # documents per message to a worker
WORKER_TIMEOUT = 600.0  # seconds without progress before a worker counts as hung


def _worker_count(total_bytes: int) -> int:
    """Worker processes for a run: one per core for large inputs, else none.

    ``SEARCHER_PROCS`` overrides the count (1 = always in-process).
    """
    from . import settings

    wanted = settings.get("SEARCHER_PROCS")  # None or 1..MAX_PROCS, checked
    if wanted == 1 or (total_bytes < PARALLEL_MIN_BYTES and not wanted):
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(wanted or cores, settings.MAX_PROCS))


class _DocSink:
    """Where one run's deletions and new documents go, committed all at once.

    Deletions always go through the parent's writer. Documents go to the same
    writer, or, for large runs, in batches to forked worker processes that
    each analyse and write one segment; :meth:`commit` then lists those
    segments in one new table of contents. Either way the run lands whole or
    not at all, and memory stays bounded: documents stream through queues of
    fixed length instead of being collected first.
    """

    def __init__(self, wix, procs: int = 1):
        self.wix = wix
        self.procs = procs
        from ._writer import FastSegmentWriter
        from .schema import REPEATED_FIELDS

        try:
            self.writer = FastSegmentWriter(wix, limitmb=POOL_MB, cached_fields=REPEATED_FIELDS)
        except BaseException:  # e.g. a full disk while it creates its files
            self._remove_uncommitted_files()
            raise
        self.buffer: list[dict] = []
        self.workers: list = []
        self.jobs = self.results = None

    def delete_id(self, rid: str) -> None:
        self.writer.delete_by_term("id", rid)

    def delete_source(self, source: str) -> None:
        self.writer.delete_by_term("source", source)

    def add(self, doc: dict) -> None:
        if self.procs == 1:
            self.writer.add_document(**doc)
            return
        self.buffer.append(doc)
        if len(self.buffer) >= BATCH_DOCS:
            self._send(self.buffer)
            self.buffer = []

    def _start_workers(self) -> None:
        import multiprocessing

        from .analysis import german_analyzer

        # load lazily built analysis data once, so forked workers share it
        list(german_analyzer()("Fachkräftesicherung", mode="index"))
        ctx = multiprocessing.get_context("fork")
        self.jobs = ctx.Queue(maxsize=2 * self.procs)
        self.results = ctx.Queue()
        gen = self.wix.storage.folder
        # the children must not keep whoosh's writer lock either
        whoosh_lock = getattr(getattr(self.writer, "writelock", None), "fd", None)
        if whoosh_lock is not None:
            _LOCK_FDS.add(whoosh_lock)
        try:
            for _ in range(self.procs):
                proc = ctx.Process(
                    target=_worker_main,
                    args=(gen, self.jobs, self.results, POOL_MB // self.procs, os.getpid()),
                    daemon=True,
                )
                proc.start()
                self.workers.append(proc)
        finally:
            _LOCK_FDS.discard(whoosh_lock)

    def _send(self, batch) -> None:
        import queue

        if not self.workers:
            self._start_workers()
        deadline = time.monotonic() + WORKER_TIMEOUT
        while True:
            try:
                self.jobs.put(batch, timeout=0.5)
                return
            except queue.Full:
                self._check_workers()
                if time.monotonic() > deadline:
                    raise SearcherError("indexing workers stopped making progress; try again with SEARCHER_PROCS=1")

    def _check_workers(self) -> None:
        import queue

        for proc in self.workers:
            if not proc.is_alive():
                try:
                    kind, detail = self.results.get_nowait()
                except queue.Empty:
                    kind, detail = "error", f"a worker exited with code {proc.exitcode}"
                self._raise_failure(kind, detail)
                self.results.put((kind, detail))  # a finished worker's segment: keep it

    def commit(self) -> int:
        """Commit everything; returns the number of releases in the index afterwards."""
        import queue

        if not self.workers:
            # a small run (less than one batch): not worth starting workers
            for doc in self.buffer:
                self.writer.add_document(**doc)
            self.buffer = []
            self.writer.commit()
        else:
            if self.buffer:
                self._send(self.buffer)
                self.buffer = []
            for _ in self.workers:
                self._send(None)
            segments = []
            deadline = time.monotonic() + WORKER_TIMEOUT
            while len(segments) < len(self.workers):
                try:
                    kind, detail = self.results.get(timeout=0.5)
                except queue.Empty:
                    if all(not p.is_alive() for p in self.workers) or time.monotonic() > deadline:
                        raise SearcherError("an indexing worker ended without its segment; nothing was committed")
                    continue
                self._raise_failure(kind, detail)
                segments.append(detail)
            for proc in self.workers:
                proc.join(timeout=5)
            self._close_queues()
            writer = self.writer
            final = writer._merge_segments(None, None, False) + [seg for seg in segments if seg is not None]
            writer._close_segment()
            writer._commit_toc(final)
            writer._finish()
        return _windex().open_dir(self.wix.storage.folder).doc_count()

    def _raise_failure(self, kind: str, detail) -> None:
        if kind == "oserror":
            raise _storage_error(Path(self.wix.storage.folder).parent, OSError(*detail))
        if kind == "error":
            raise SearcherError(f"indexing failed in a worker process: {detail}")

    def _close_queues(self) -> None:
        """Let this process exit without flushing what the workers will never
        read: a queue's feeder thread blocked on a full pipe would otherwise be
        joined at exit, and the process would never end."""
        for q in (self.jobs, self.results):
            if q is not None:
                q.cancel_join_thread()
                q.close()
        self.jobs = self.results = None

    def cancel(self) -> None:
        import signal

        # a second Ctrl-C must not cut the clean-up short (and leave queues to join at exit)
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
        try:
            self._cancel()
        finally:
            if main and previous is not None:
                signal.signal(signal.SIGINT, previous)

    def _cancel(self) -> None:
        for proc in self.workers:
            if proc.is_alive():
                proc.kill()
        for proc in self.workers:
            proc.join(timeout=5)
        self._close_queues()
        try:
            self.writer.cancel()
        except Exception:
            pass
        finally:
            # whoosh releases its lock last in cancel(); make sure an error
            # before that cannot leave the index locked for this process
            lock = getattr(self.writer, "writelock", None)
            if lock is not None:
                try:
                    lock.release()
                except Exception:
                    pass
            self._remove_uncommitted_files()

    def _remove_uncommitted_files(self) -> None:
        """Delete what this failed run wrote (segment files no table of
        contents lists, the writers' temporary folder). The write lock is held,
        so no other writer's files can be among them."""
        from whoosh.index import TOC, clean_files

        storage, name = self.wix.storage, self.wix.indexname
        try:
            toc = TOC.read(storage, name)
            clean_files(storage, name, toc.generation, toc.segments)
        except Exception:
            pass  # a later successful commit cleans up as well
        shutil.rmtree(os.path.join(storage.folder, f"{name}.tmp"), ignore_errors=True)


def _worker_main(gen: str, jobs, results, pool_mb: int, parent: Optional[int] = None) -> None:
    """A worker: analyse and write batches into one segment until told to finish."""
    import signal

    # Ctrl-C reaches the whole process group: the parent handles it and kills us
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:  # die with the parent: a killed indexer must not leave workers behind
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # pragma: no cover - not Linux/glibc
        pass
    if parent is not None and os.getppid() != parent:
        os._exit(1)  # the parent died before the death signal was armed
    from ._writer import FastSegmentWriter
    from .schema import REPEATED_FIELDS

    writer = None
    try:
        writer = FastSegmentWriter(_windex().open_dir(gen), _lk=False, limitmb=pool_mb, cached_fields=REPEATED_FIELDS)
        added = 0
        while True:
            batch = jobs.get()
            if batch is None:
                break
            for doc in batch:
                writer.add_document(**doc)
            added += len(batch)
        if added:
            results.put(("segment", writer._finalize_segment()))
        else:  # nothing came this worker's way: no empty segment
            # (not cancel(): that deletes the writers' shared temp folder)
            writer._close_segment()
            results.put(("segment", None))
    except BaseException as err:
        if writer is not None:
            try:  # not cancel(): that deletes the writers' shared temp folder
                writer._close_segment()
            except Exception:
                pass
        if isinstance(err, OSError) and err.errno in _STORAGE_ERRNOS:  # said plainly by the parent
            results.put(("oserror", (err.errno, err.strerror, err.filename)))
        else:
            results.put(("error", f"{err.__class__.__name__}: {err}"))


def _with_current_fields(wix, gen: Path):
    """The index, with the fields of the current schema that it was written
    without (``location``, before 0.2) added in a commit of their own, so new
    releases carry them; releases already indexed keep working without."""
    from .schema import missing_fields

    missing = missing_fields(wix.schema)
    if not missing:
        return wix
    writer = wix.writer()
    try:
        for name, fieldtype in missing.items():
            writer.add_field(name, fieldtype)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(merge=False)
    return _windex().open_dir(str(gen))


def _windex():
    """whoosh.index, with searcher's workarounds for whoosh-reloaded 2.7.5 applied."""
    from whoosh import index

    from . import _whoosh_fixes

    _whoosh_fixes.apply()
    return index


def _as_list(paths) -> list:
    if isinstance(paths, (str, os.PathLike)):
        return [paths]
    return list(paths)


def _replace(obj, **changes):
    import dataclasses

    return dataclasses.replace(obj, **changes)


_AGAIN = "Nothing of this run was committed: the index keeps its last state"
_NO_SPACE = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
_STORAGE_ERRNOS = {*_NO_SPACE, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOTDIR}


def _storage_error(index_path: Path, err: BaseException) -> Optional[IndexStorageError]:
    """What a full disk, a file-size limit, a read-only folder or a missing
    permission is, said as such (they are not damage, and a rebuild would not help)."""
    if not isinstance(err, OSError) or err.errno not in _STORAGE_ERRNOS:
        return None
    path = str(index_path)
    where = os.fsdecode(err.filename) if err.filename else path
    if err.errno in _NO_SPACE:
        return IndexStorageError(path, f"No space left on the device of the index at {path} (writing {where})",
                                 f"{_AGAIN}. Free some space and run it again.")
    if err.errno == errno.EFBIG:
        return IndexStorageError(path, f"A file of the index at {path} would exceed the file-size limit (ulimit -f)",
                                 f"{_AGAIN}. Raise the limit and run it again.")
    if err.errno == errno.ENOTDIR:
        return IndexStorageError(path, f"The index path {path} is a file or lies under one, not a folder",
                                 "Give the index a folder path (Index(path); on the command line --index or SEARCHER_INDEX).")
    if err.errno == errno.EROFS or not os.access(index_path if index_path.exists() else index_path.parent, os.W_OK):
        return IndexStorageError(path, f"The index folder {path} is read-only",
                                 "Searching it still works; to change it, make it writable or use a writable folder for the index.")
    return IndexStorageError(path, f"No permission to access {where} (index at {path})",
                             "Check the permissions of the index folder or use a folder you may write for the index.")


@contextmanager
def _storage_errors(index_path: Path):
    """Turn storage OSErrors raised inside into :class:`IndexStorageError`."""
    try:
        yield
    except OSError as err:
        plain = _storage_error(index_path, err)
        if plain is None:
            raise
        raise plain from None


def _looks_like_damage(err: Exception) -> bool:
    import pickle
    import struct
    import zlib

    from whoosh.index import IndexError as WhooshIndexError

    if isinstance(err, OSError) and err.errno in _STORAGE_ERRNOS:
        return False  # a full disk or a permission is not damage

    # zlib/pickle errors: overwritten bytes inside compressed or pickled stored fields;
    # overflow, index and memory errors: garbage lengths and offsets read from a file
    return isinstance(
        err,
        (
            WhooshIndexError, struct.error, EOFError, OSError, ValueError, KeyError, zlib.error,
            pickle.UnpicklingError, OverflowError, IndexError, MemoryError,
        ),
    )


def _write_marker(folder: Path) -> None:
    tmp = folder / f"{MARKER}.{os.getpid()}"
    tmp.write_text("This folder is a searcher index; searcher replaces what is in it.\n", encoding="utf-8")
    os.replace(tmp, folder / MARKER)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

