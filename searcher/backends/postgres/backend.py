"""The PostgreSQL backend: releases in tables of one database, searched with
pre-analysed tsvectors (see :mod:`.documents`, :mod:`.tsquery`, :mod:`.schema`).

Connections: each reading thread keeps one connection (a small pool, so
``serve`` threads never share one); every search runs in one read-only
REPEATABLE READ transaction, so its counts, page and facets see one
committed state. Writers take a session advisory lock on a connection of
their own (the server drops it when the writer dies) and write in one
transaction: a killed writer leaves the last committed state.

Reader URLs: the location may name several hosts
(``postgresql://primary:5432,replica:5433/db?target_session_attrs=prefer-standby``,
libpq's own syntax): reads follow ``target_session_attrs``, writes always
connect with ``target_session_attrs=read-write`` (the primary).
"""
from __future__ import annotations

import queue
import re
import threading
import time
from contextlib import contextmanager
from typing import Any, Iterator, Optional

from ...errors import IndexLocked, IndexNotFound, IndexStorageError, SearcherError
from ...models import CheckReport, Release, SearchResult, Stats
from ...options import SearchOptions
from ..base import Backend, IndexedState, Write
from . import schema as S
from .documents import COLUMNS, STORED, row, stored_of

LOCK_KEY = 0x5EA2C4E2  # pg_advisory_lock key of the write lock (one index per database)
COPY_BATCH = 500  # documents buffered before a COPY
PRELOAD_MAX = 300_000  # a writer's diff reads the ids of at most this many releases into memory at once
CONNECT_TIMEOUT = 10  # seconds
POOL_IDLE = 8  # idle reading connections kept for the next reads
CACHE_ENTRIES = 100_000  # values cached per generation (vocabularies, document frequencies, names)


TOKEN_CACHE = 4000  # stored fields whose analysed tokens a backend keeps for snippets


class _Lru:
    """A small thread-safe LRU mapping."""

    def __init__(self, size: int):
        from collections import OrderedDict

        self.size = size
        self._d: "OrderedDict" = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            got = self._d.get(key)
            if got is not None:
                self._d.move_to_end(key)
            return got

    def put(self, key, value) -> None:
        with self._lock:
            self._d[key] = value
            self._d.move_to_end(key)
            while len(self._d) > self.size:
                self._d.popitem(last=False)


def display_url(url: str) -> str:
    """The URL without a password, for messages."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


class PostgresBackend(Backend):
    """An index in the ``searcher`` schema of one PostgreSQL database."""

    def __init__(self, url: str):
        self.url = url
        self.shown = display_url(url)
        self._idle: "queue.Queue" = queue.LifoQueue(POOL_IDLE)  # idle reading connections (serve's threads share them)
        self._lock = threading.Lock()
        self._snapshot = threading.local()  # .generation: the generation the thread's current read sees
        self._caches: dict[tuple, Any] = {}
        self.tokens = _Lru(TOKEN_CACHE)  # (seq, field) -> the analysed tokens of a stored text, for snippets
        self._generation: Optional[str] = None
        self._closed = False

    # -- connections --------------------------------------------------------

    def _connect(self, write: bool = False, autocommit: bool = True):
        import psycopg

        kwargs: dict[str, Any] = {"autocommit": autocommit, "connect_timeout": CONNECT_TIMEOUT,
                                  "application_name": "searcher"}
        if write:
            kwargs["target_session_attrs"] = "read-write"
        try:
            return psycopg.connect(self.url, **kwargs)
        except psycopg.OperationalError as err:
            if write and re.search(r"read-only|standby|recovery", str(err)):
                raise IndexStorageError(
                    self.shown, f"No server of {self.shown} takes writes (a standby answered: {_first_line(err)})",
                    "Index through the primary: name it in the URL (several hosts may be listed).") from None
            raise self._unreachable(err) from None
        except psycopg.ProgrammingError as err:  # a malformed URL
            raise IndexStorageError(self.shown, f"Cannot read the PostgreSQL URL {self.shown}: {_first_line(err)}",
                                    "Write it as postgresql://user@host:port/database.") from None

    def _unreachable(self, err) -> IndexStorageError:
        return IndexStorageError(
            self.shown, f"Cannot connect to the PostgreSQL server of {self.shown}: {_first_line(err)}",
            "Check that the server runs and accepts connections, and that the URL (--index or SEARCHER_INDEX) is right.",
        )

    def _reader(self):
        """A reading connection from the pool (a new one when none is idle)."""
        import queue

        if self._closed:
            from ...errors import UsageError

            raise UsageError("This index has been closed; open it again to search.")
        while True:
            try:
                conn = self._idle.get_nowait()
            except queue.Empty:
                return self._connect()
            if not (conn.closed or conn.broken):
                return conn

    def _give_back(self, conn) -> None:
        """Keep a healthy connection for the next read (at most POOL_IDLE idle), close the rest."""
        import queue

        if conn.closed or conn.broken or self._closed:
            conn.close()
            return
        try:
            self._idle.put_nowait(conn)
        except queue.Full:
            conn.close()

    @contextmanager
    def _read(self):
        """A cursor in a read-only snapshot of the committed index, on a pooled connection."""
        import psycopg

        conn = self._reader()
        try:
            with conn.transaction():
                cur = conn.cursor()
                self._begin_snapshot(cur)
                yield cur
        except psycopg.OperationalError as err:
            conn.close()
            raise self._unreachable(err) from None
        finally:
            self._give_back(conn)

    def _begin_snapshot(self, cur) -> None:
        """Start a read-only snapshot of the live table. The table is locked
        (ACCESS SHARE) before the snapshot is taken: a rebuild's switch that
        commits meanwhile is waited for, so the snapshot sees the new table's
        rows (a snapshot taken before the switch would see the new table empty),
        and the switch waits for this read to end."""
        import psycopg
        from psycopg import sql

        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        try:
            with cur.connection.transaction():  # a savepoint: an absent table is no broken transaction
                cur.execute(sql.SQL("LOCK TABLE {} IN ACCESS SHARE MODE").format(sql.Identifier(S.SCHEMA, S.LIVE)))
                cur.execute(sql.SQL("SELECT key, value FROM {} WHERE key IN ('schema_version', 'generation')").format(
                    sql.Identifier(S.SCHEMA, "meta")))
                meta = dict(cur.fetchall())
        except (psycopg.errors.UndefinedTable, psycopg.errors.InvalidSchemaName):
            raise IndexNotFound(self.shown) from None
        self._check_schema(meta)

    def _check_schema(self, meta: dict) -> None:
        """An error for an index of a newer version; the caches follow the generation."""
        version = int(meta.get("schema_version", "0"))
        if version > S.SCHEMA_VERSION:
            raise IndexStorageError(
                self.shown, f"The index at {self.shown} has schema version {version}; this searcher reads up to "
                f"version {S.SCHEMA_VERSION}", "Upgrade searcher to use it.")
        gen = meta.get("generation")
        self._snapshot.generation = gen  # what this thread's read sees
        with self._lock:
            if gen != self._generation:
                self._caches = {}
                self._generation = gen

    def cached(self, key: str, build):
        """A value computed once per committed generation of the index (the
        generation this thread's snapshot reads: a read of an older snapshot
        never fills a newer generation's cache). At most CACHE_ENTRIES."""
        gen = getattr(self._snapshot, "generation", None)
        with self._lock:
            got = self._caches.get((gen, key))
        if got is None:
            got = build()
            with self._lock:
                if gen == self._generation:
                    if len(self._caches) >= CACHE_ENTRIES:
                        self._caches = {}
                    self._caches[(gen, key)] = got
        return got

    def close(self) -> None:
        """Close the idle connections (a read in progress closes its own when done); usable again afterwards."""
        import queue

        with self._lock:
            self._caches = {}
            self._generation = None
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                break

    def forget(self) -> None:
        with self._lock:
            self._caches = {}
            self._generation = None

    # -- opening ------------------------------------------------------------

    def exists(self) -> bool:
        with self._connect() as conn:
            return conn.execute(
                "SELECT to_regclass('searcher.meta') IS NOT NULL AND to_regclass('searcher.releases') IS NOT NULL"
            ).fetchone()[0]

    def current_dir(self) -> str:
        """The location, after checking that it holds an index (IndexNotFound otherwise)."""
        with self._read():
            pass
        return self.url

    def write_lock(self, wait: float) -> "_AdvisoryLock":
        return _AdvisoryLock(self, wait)

    def create(self) -> None:
        with self._connect(write=True, autocommit=False) as conn:
            migrate(conn, self.shown)

    def migrate(self) -> None:
        self.create()

    # -- reading ------------------------------------------------------------

    def search(self, query: str, options: SearchOptions) -> SearchResult:
        from .search import run_search

        with self._read() as cur:
            return run_search(self, cur, query, options)

    def get(self, release_id: str) -> Optional[Release]:
        from ...schema import from_stored

        stored = self.get_stored(release_id)
        return None if stored is None else from_stored(stored)

    def get_stored(self, release_id: str) -> Optional[dict]:
        from psycopg import sql

        with self._read() as cur:
            cur.execute(sql.SQL("SELECT {} FROM {} WHERE id = %s").format(
                sql.SQL(", ").join(map(sql.Identifier, STORED)), sql.Identifier(S.SCHEMA, S.LIVE)), [release_id])
            got = cur.fetchone()
        return None if got is None else stored_of(got)

    def iter_releases(self) -> Iterator[Release]:
        """Every stored release in id order, streamed with a server-side cursor."""
        from psycopg import sql

        from ...schema import from_stored

        conn = self._connect()
        try:
            with conn.transaction():
                self._begin_snapshot(conn.cursor())
                with conn.cursor(name="searcher_export") as cur:
                    cur.itersize = 500
                    cur.execute(sql.SQL('SELECT {} FROM {} ORDER BY id COLLATE "C"').format(
                        sql.SQL(", ").join(map(sql.Identifier, STORED)), sql.Identifier(S.SCHEMA, S.LIVE)))
                    for values in cur:
                        yield from_stored(stored_of(values))
        finally:
            conn.close()

    def highlights(self, release_id: str, query: str) -> Optional[dict]:
        from .search import highlights

        stored = self.get_stored(release_id)
        return None if stored is None else highlights(stored, query)

    def stats(self) -> Stats:
        from .search import stats

        with self._read() as cur:
            return stats(self, cur)

    def doc_count(self) -> int:
        from psycopg import sql

        with self._read() as cur:
            cur.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(S.SCHEMA, S.LIVE)))
            return cur.fetchone()[0]

    def check(self) -> CheckReport:
        """Count the releases and look for rows a search could not use."""
        from psycopg import sql

        table = sql.Identifier(S.SCHEMA, S.LIVE)
        with self._read() as cur:
            cur.execute(sql.SQL("SELECT count(*) FROM {}").format(table))
            n = cur.fetchone()[0]
            cur.execute(sql.SQL(
                "SELECT count(*) FILTER (WHERE tsv IS NULL OR data IS NULL OR source IS NULL), "
                "count(*) FILTER (WHERE jsonb_typeof(data) <> 'object') FROM {}").format(table))
            empty, bad = cur.fetchone()
            cur.execute("SELECT to_regclass('searcher.releases_new') IS NOT NULL")
            orphan = cur.fetchone()[0]
        problems = []
        if empty:
            problems.append(f"{empty} release(s) lack their text vector, stored data or source")
        if bad:
            problems.append(f"{bad} release(s) have stored data that is not an object")
        ok = not problems
        if orphan:
            problems.append("note: an unfinished rebuild left the table searcher.releases_new (the next rebuild replaces it)")
        return CheckReport(path=self.shown, ok=ok, documents=n, segments=1, problems=tuple(problems))

    def looks_like_damage(self, err: BaseException) -> bool:
        import psycopg

        # an undefined table or column mid-read: a rebuild switched tables under us (worth one reopen)
        return isinstance(err, (psycopg.errors.UndefinedTable, psycopg.errors.UndefinedColumn))

    # -- writing ------------------------------------------------------------

    def begin_update(self, prepare: bool = True) -> "PostgresWrite":
        conn = self._connect(write=True, autocommit=False)
        try:
            if prepare:
                migrate(conn, self.shown)
            elif not _has_index(conn):
                raise IndexNotFound(self.shown)
            return PostgresWrite(self, conn, S.LIVE)
        except BaseException:
            conn.close()
            raise

    def begin_rebuild(self) -> "PostgresWrite":
        from psycopg import sql

        conn = self._connect(write=True, autocommit=False)
        try:
            migrate(conn, self.shown)
            # a rebuild killed before its switch leaves its table: start afresh
            conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(S.SCHEMA, S.FRESH)))
            conn.execute(S.table_ddl(S.FRESH))
            return PostgresWrite(self, conn, S.FRESH, fresh=True)
        except BaseException:
            conn.close()
            raise


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else err.__class__.__name__


def _has_index(conn) -> bool:
    return conn.execute(
        "SELECT to_regclass('searcher.meta') IS NOT NULL AND to_regclass('searcher.releases') IS NOT NULL"
    ).fetchone()[0]


def migrate(conn, shown: str) -> None:
    """Bring the database's index schema to :data:`SCHEMA_VERSION` (creating
    it when absent), in one transaction; the write lock is held."""
    from psycopg import sql

    meta = sql.Identifier(S.SCHEMA, "meta")
    with conn.transaction():
        version = 0
        if conn.execute("SELECT to_regclass('searcher.meta') IS NOT NULL").fetchone()[0]:
            got = conn.execute(sql.SQL("SELECT value FROM {} WHERE key = 'schema_version'").format(meta)).fetchone()
            version = int(got[0]) if got else 0
        if version > S.SCHEMA_VERSION:
            raise IndexStorageError(
                shown, f"The index at {shown} has schema version {version}; this searcher writes up to "
                f"version {S.SCHEMA_VERSION}", "Upgrade searcher to write it.")
        for v in range(version + 1, S.SCHEMA_VERSION + 1):
            for statement in S.MIGRATIONS[v]():
                conn.execute(statement)
            conn.execute(sql.SQL(
                "INSERT INTO {} VALUES ('schema_version', %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"
            ).format(meta), [str(v)])


class _AdvisoryLock:
    """The write lock of a database index: a session advisory lock on a
    connection of its own, waited for up to ``wait`` seconds. The server
    releases it when the writer's connection ends, also when it is killed."""

    def __init__(self, backend: PostgresBackend, wait: float):
        self.backend = backend
        self.wait = wait
        self.conn = None

    def __enter__(self) -> "_AdvisoryLock":
        conn = self.backend._connect(write=True)
        deadline = time.monotonic() + max(self.wait, 0.0)
        delay = 0.02
        while not conn.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY]).fetchone()[0]:
            if time.monotonic() >= deadline:
                conn.close()
                raise IndexLocked(self.backend.shown, self.wait)
            time.sleep(delay)
            delay = min(delay * 2, 0.25)
        self.conn = conn
        return self

    def __exit__(self, *exc) -> None:
        if self.conn is not None:
            try:
                self.conn.close()  # ends the session: the lock goes with it
            finally:
                self.conn = None


class PostgresWrite(Write):
    """One run of changes in one transaction; ``commit`` makes it visible at once."""

    def __init__(self, backend: PostgresBackend, conn, table: str, fresh: bool = False):
        self.backend = backend
        self.conn = conn
        self.table = table
        self.fresh = fresh
        self.adds: list[dict] = []
        self.pending_ids: set[str] = set()
        self.pending_sources: set[str] = set()
        self.deletes: list[str] = []
        self.pool = None
        self.batch = COPY_BATCH

    def _ident(self):
        from psycopg import sql

        return sql.Identifier(S.SCHEMA, self.table)

    def start(self, total_bytes: int = 0, batch_docs: Optional[int] = None) -> None:
        """A large run analyses its documents in forked worker processes (one
        per core, ``SEARCHER_PROCS``), as the Whoosh backend does; the rows
        still go through this one connection and transaction."""
        from ..whoosh.pool import _worker_count

        procs = _worker_count(total_bytes)
        if procs > 1:
            import multiprocessing

            self.pool = multiprocessing.get_context("fork").Pool(procs)
            self.batch = COPY_BATCH * procs

    @contextmanager
    def state(self) -> Iterator["PostgresState"]:
        """The committed state before this run: a snapshot on a second connection."""
        conn = self.backend._connect(write=True)
        try:
            with conn.transaction():
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                yield PostgresState(conn, S.LIVE if not self.fresh else S.FRESH)
        finally:
            conn.close()

    def add(self, doc: dict) -> None:
        self.adds.append(doc)
        self.pending_ids.add(doc["id"])
        self.pending_sources.add(doc["source"])
        if len(self.adds) >= self.batch:
            self._flush()

    def delete_id(self, rid: str) -> None:
        if rid in self.pending_ids:
            self._flush()
        self.deletes.append(rid)

    def delete_source(self, source: str) -> None:
        from psycopg import sql

        self._flush()
        self.conn.execute(sql.SQL("DELETE FROM {} WHERE source = %s").format(self._ident()), [source])

    def _flush(self) -> None:
        from psycopg import sql

        if self.deletes:
            self.conn.execute(sql.SQL("DELETE FROM {} WHERE id = ANY(%s)").format(self._ident()), [self.deletes])
            self.deletes = []
        if self.adds:
            if self.pool is not None and len(self.adds) > 1:
                rows = self.pool.map(row, self.adds, chunksize=max(1, len(self.adds) // (4 * self.pool._processes)))
            else:
                rows = [row(d) for d in self.adds]
            statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                self._ident(), sql.SQL(", ").join(map(sql.Identifier, COLUMNS)))
            with self.conn.cursor() as cur, cur.copy(statement) as copy:
                for r in rows:
                    copy.write_row(r)
            self.adds = []
            self.pending_ids.clear()
            self.pending_sources.clear()

    def _end_pool(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None

    def commit(self) -> int:
        from psycopg import sql

        self._flush()
        self._end_pool()
        if self.fresh:
            for statement in S.index_ddl(self.table):
                self.conn.execute(statement)
        else:
            _bump_generation(self.conn)
        n = self.conn.execute(sql.SQL("SELECT count(*) FROM {}").format(self._ident())).fetchone()[0]
        self.conn.commit()
        if not self.fresh:
            self.conn.close()
        return n

    def cancel(self) -> None:
        from psycopg import sql

        self._end_pool()
        try:
            if not self.conn.closed:
                self.conn.rollback()
                if self.fresh:
                    self.conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(self._ident()))
                    self.conn.commit()
        finally:
            self.conn.close()

    def publish(self) -> None:
        """Switch to the rebuilt table in one transaction: readers see the old
        table or the new one, never neither."""
        from psycopg import sql

        if not self.fresh:
            return
        try:
            with self.conn.transaction():
                self.conn.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(S.SCHEMA, S.LIVE)))
                self.conn.execute(sql.SQL("ALTER TABLE {} RENAME TO {}").format(
                    sql.Identifier(S.SCHEMA, S.FRESH), sql.Identifier(S.LIVE)))
                _bump_generation(self.conn)
            self.conn.commit()
        finally:
            self.conn.close()


def _bump_generation(conn) -> None:
    from psycopg import sql

    conn.execute(sql.SQL("UPDATE {} SET value = (value::bigint + 1)::text WHERE key = 'generation'").format(
        sql.Identifier(S.SCHEMA, "meta")))


class PostgresState(IndexedState):
    """What the index held when the write began, read from one snapshot
    (the ids of a small index are read into memory at once)."""

    def __init__(self, conn, table: str):
        from psycopg import sql

        self.conn = conn
        self.table = sql.Identifier(S.SCHEMA, table)
        self._owners: Optional[dict[str, tuple]] = None
        n = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(self.table)).fetchone()[0]
        if n <= PRELOAD_MAX:
            with conn.cursor(name="searcher_state") as cur:
                cur.itersize = 5000
                cur.execute(sql.SQL("SELECT id, source, content_hash, file_hash FROM {}").format(self.table))
                self._owners = {r[0]: (r[1], r[2], r[3]) for r in cur}
            self._by_source: dict[str, list[dict]] = {}
            for rid, (src, _, fh) in self._owners.items():
                self._by_source.setdefault(src, []).append({"id": rid, "file_hash": fh, "source": src})

    def contains(self, rid: str) -> bool:
        return self.owner_of(rid)[0] is not None

    def owner_of(self, rid: str) -> tuple[Optional[str], Optional[str], Optional[str]]:
        from psycopg import sql

        if self._owners is not None:
            return self._owners.get(rid, (None, None, None))
        got = self.conn.execute(sql.SQL("SELECT source, content_hash, file_hash FROM {} WHERE id = %s").format(
            self.table), [rid]).fetchone()
        return tuple(got) if got else (None, None, None)

    def stored_of_source(self, src: str) -> list[dict]:
        from psycopg import sql

        if self._owners is not None:
            return list(self._by_source.get(src, ()))
        cur = self.conn.execute(sql.SQL("SELECT id, file_hash FROM {} WHERE source = %s").format(self.table), [src])
        return [{"id": r[0], "file_hash": r[1], "source": src} for r in cur]

    def sources_under(self, prefix: str) -> list[str]:
        from psycopg import sql

        if self._owners is not None:
            return [s for s in self._by_source if s.startswith(prefix)]
        like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        cur = self.conn.execute(sql.SQL("SELECT DISTINCT source FROM {} WHERE source LIKE %s").format(self.table), [like])
        return [r[0] for r in cur]


__all__ = ["PostgresBackend", "SearcherError"]
