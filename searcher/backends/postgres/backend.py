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
from .documents import STORED, stored_of
from .write import PostgresWrite, _AdvisoryLock, migrate

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
        # the planner prices a match on a tsvector as cheap, not knowing it
        # decompresses the (TOASTed) vector of every row: a sequential scan
        # would read every release's vector; the GIN indexes read only the matches
        cur.execute("SET LOCAL enable_seqscan = off")
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
        self._snapshot.version = version
        with self._lock:
            if gen != self._generation:
                self._caches = {}
                self._generation = gen

    def version(self) -> int:
        """The schema version this thread's read sees (an index of an older
        version is read as it is, until a writer migrates it)."""
        return getattr(self._snapshot, "version", S.SCHEMA_VERSION)

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
        from .hits import highlights

        stored = self.get_stored(release_id)
        return None if stored is None else highlights(stored, query)

    def stats(self) -> Stats:
        from .facets import stats

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
        from psycopg import sql

        conn = self._connect(write=True, autocommit=False)
        try:
            if prepare:
                migrate(conn, self.shown)
            elif not _has_index(conn):
                raise IndexNotFound(self.shown)
            conn.commit()  # (what read the schema ends here: the partitions below are a transaction of their own)
            with conn.transaction():
                # this year's and next year's partitions, in a transaction of their
                # own: a run that adds a year's first release then locks no reader out
                if S.partition_years(conn, S.LIVE):
                    this = time.gmtime().tm_year
                    S.add_partitions(conn, S.LIVE, {this, this + 1, None})
            if prepare and not conn.execute(sql.SQL("SELECT EXISTS (SELECT 1 FROM {})").format(
                    sql.Identifier(S.SCHEMA, S.LIVE))).fetchone()[0]:
                # the first load of an empty index is built as a rebuild is (its indexes
                # once, after the bulk load) and switched in at its commit
                _fresh_tables(conn)
                return PostgresWrite(self, conn, S.FRESH, fresh=True, switch=True)
            return PostgresWrite(self, conn, S.LIVE)
        except BaseException:
            conn.close()
            raise

    def begin_rebuild(self) -> "PostgresWrite":
        from psycopg import sql

        conn = self._connect(write=True, autocommit=False)
        try:
            migrate(conn, self.shown)
            _fresh_tables(conn)
            return PostgresWrite(self, conn, S.FRESH, fresh=True)
        except BaseException:
            conn.close()
            raise


def _fresh_tables(conn) -> None:
    """The empty tables a rebuild fills (a rebuild killed before its switch leaves its tables: start afresh)."""
    from psycopg import sql

    for name in S.TABLES:
        conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(S.SCHEMA, S.fresh(name))))
    conn.execute(S.table_ddl(S.FRESH))
    # this year's and next year's, as the live table has them (a run adding a year's first
    # release adds its partition inside its own transaction, where searches wait for it)
    this = time.gmtime().tm_year
    S.add_partitions(conn, S.FRESH, {this, this + 1, None})
    conn.execute(S.postings_ddl(S.fresh("postings")))
    conn.execute(S.terms_ddl(S.fresh("terms")))


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else err.__class__.__name__


def _has_index(conn) -> bool:
    return conn.execute(
        "SELECT to_regclass('searcher.meta') IS NOT NULL AND to_regclass('searcher.releases') IS NOT NULL"
    ).fetchone()[0]


__all__ = ["PostgresBackend", "SearcherError"]
