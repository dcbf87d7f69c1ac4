"""Writes to a PostgreSQL index: the schema migrations, the advisory write
lock, one run of changes in one transaction (rows by ``COPY``, the rebuild's
table switch) and the committed state the diff reads."""
from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Iterator, Optional

from psycopg import sql

from ...errors import IndexLocked, IndexStorageError
from ..base import IndexedState, Write
from . import schema as S
from .documents import COLUMNS, row

LOCK_KEY = 0x5EA2C4E2  # pg_advisory_lock key of the write lock (one index per database)
COPY_BATCH = 500  # documents buffered before a COPY
PRELOAD_MAX = 300_000
_DATE = COLUMNS.index("date")  # a writer's diff reads the ids of at most this many releases into memory at once


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
            S.MIGRATIONS[v](conn)
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
                # released at once (a closed session's lock goes only when the
                # server has noticed the end of the connection)
                self.conn.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
            except Exception:  # noqa: BLE001 - a broken connection: its end releases the lock
                pass
            try:
                self.conn.close()  # ends the session: the lock goes with it
            finally:
                self.conn = None


class PostgresWrite(Write):
    """One run of changes in one transaction; ``commit`` makes it visible at once."""

    def __init__(self, backend: PostgresBackend, conn, table: str, fresh: bool = False, switch: bool = False):
        self.backend = backend
        self.conn = conn
        self.table = table
        self.fresh = fresh
        # a fresh build that switches itself in at commit: the first load of an empty index
        # (its indexes are built once after the bulk load, not kept row by row)
        self.switch = switch
        self.adds: list[dict] = []
        self.pending_ids: set[str] = set()
        self.pending_sources: set[str] = set()
        self.deletes: list[str] = []
        self.pool = None
        self.inflight = None  # the batch the worker processes are analysing (an AsyncResult)
        self.batch = COPY_BATCH
        self.added = 0  # rows copied in this run
        # rows with a larger seq are this run's: their postings and document
        # frequencies are derived at commit, in one statement each
        self.since = 0 if fresh else conn.execute(
            sql.SQL("SELECT coalesce(max(seq), 0) FROM {}").format(sql.Identifier(S.SCHEMA, table))).fetchone()[0]
        self.years = S.partition_years(conn, table)  # the year partitions there are (None: undated)

    def _table(self, name: str):
        return sql.Identifier(S.SCHEMA, S.fresh(name) if self.fresh else name)

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
        """The committed state before this run, read on a second connection.
        No transaction stays open there: the write lock keeps every other
        writer out, so what is committed is the state before this run (and
        this run's own rows are not committed), and an open snapshot would
        hold a lock on the table that adding a year's partition waits for."""
        conn = self.backend._connect(write=True)
        try:
            yield PostgresState(conn, S.LIVE)
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
        self._flush()
        self._drain()
        self._delete(sql.SQL("source = %s"), source)

    def _delete(self, where: sql.Composable, value) -> None:
        """Delete releases; the document frequencies of those committed before
        this run lose their lexemes (their postings stay behind until
        :func:`_drop_stale_postings`: a search joins the live table)."""
        self.conn.execute(sql.SQL(
            "WITH gone AS (DELETE FROM {t} WHERE {w} RETURNING seq, tsv), "
            "d AS (SELECT u.lexeme AS term, count(*) AS n FROM gone CROSS JOIN LATERAL unnest(gone.tsv) u "
            "WHERE gone.seq <= %s GROUP BY u.lexeme), "
            "s AS (UPDATE {meta} SET value = (value::bigint + (SELECT count(*) FROM gone WHERE seq <= %s))::text "
            "WHERE key = 'stale') "
            "UPDATE {terms} SET df = {terms}.df - d.n FROM d WHERE {terms}.term = d.term"
        ).format(t=self._ident(), w=where, terms=self._table("terms"), meta=sql.Identifier(S.SCHEMA, "meta")),
            [value, self.since, self.since])

    def _flush(self) -> None:
        """Send the buffered changes: deletions at once, new documents to the
        analysis. With worker processes the batch is analysed while the
        parent parses the next one; its rows are copied at the next flush
        (:meth:`_drain`), after the batch before it, so the order of adds
        and deletions is kept."""
        self._drain()
        if self.deletes:
            self._delete(sql.SQL("id = ANY(%s)"), self.deletes)
            self.deletes = []
        if self.adds:
            if self.pool is not None and len(self.adds) > 1:
                chunk = max(1, len(self.adds) // (4 * self.pool._processes))
                self.inflight = self.pool.map_async(row, self.adds, chunksize=chunk)
            else:
                self._copy([row(d) for d in self.adds])
            self.adds = []
            self.pending_ids.clear()
            self.pending_sources.clear()

    def _drain(self) -> None:
        """Copy the rows of the batch the workers are analysing (if any)."""
        if self.inflight is not None:
            pending, self.inflight = self.inflight, None
            self._copy(pending.get())

    def _copy(self, rows: list[tuple]) -> None:
        years = {r[_DATE].year if r[_DATE] else None for r in rows}
        if self.years and not years <= self.years:  # (a table of version 1 or 2 has none)
            S.add_partitions(self.conn, self.table, years)
            self.years |= years
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            self._ident(), sql.SQL(", ").join(map(sql.Identifier, COLUMNS)))
        with self.conn.cursor() as cur, cur.copy(statement) as copy:
            for r in rows:
                copy.write_row(r)
        self.added += len(rows)

    def _end_pool(self) -> None:
        self.inflight = None
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None

    def commit(self) -> int:
        self._flush()
        self._drain()
        self._end_pool()
        if self.fresh:  # the bulk load is in: its indexes are built once, now
            for statement in S.index_ddl(self.table, rum=S.enable_rum(self.conn)):
                self.conn.execute(statement)
        params = S.store_averages(self.conn, self.table, self.since)
        if self.added:
            postings, terms = (S.fresh(t) if self.fresh else t for t in ("postings", "terms"))
            self.conn.execute(S.postings_sql(self.table, postings), {**params, "since": self.since})
            self.conn.execute(S.df_sql(self.table, terms), {"since": self.since})
        if self.fresh:
            self.conn.execute(S.postings_index_ddl(S.fresh("postings")))
        else:
            _drop_stale_postings(self.conn)
            _bump_generation(self.conn)
        n = self.conn.execute(sql.SQL("SELECT count(*) FROM {}").format(self._ident())).fetchone()[0]
        if self.switch:
            self._switch()
        self.conn.commit()
        if self.switch:
            _vacuum(self.conn, S.TABLES)
            self.conn.close()
        elif not self.fresh:
            if self.added * 10 >= n:  # a large share is new: fresh statistics and visibility map
                _vacuum(self.conn, S.TABLES)
            self.conn.close()
        return n

    def cancel(self) -> None:
        from psycopg import sql

        self._end_pool()
        try:
            if not self.conn.closed:
                self.conn.rollback()
                if self.fresh:
                    for name in S.TABLES:
                        self.conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(
                            sql.Identifier(S.SCHEMA, S.fresh(name))))
                    self.conn.commit()
        finally:
            self.conn.close()

    def publish(self) -> None:
        """Switch to the rebuilt table in one transaction: readers see the old
        table or the new one, never neither."""
        from psycopg import sql

        if not self.fresh or self.switch:
            return
        try:
            with self.conn.transaction():
                self._switch()
            self.conn.commit()
            _vacuum(self.conn, S.TABLES)
        finally:
            self.conn.close()

    def _switch(self) -> None:
        """Drop the live tables and rename the fresh ones into place (in the caller's transaction)."""
        # the live table first: a reader locks it before it reads the others
        for name in S.TABLES:
            self.conn.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(S.SCHEMA, name)))
            self.conn.execute(sql.SQL("ALTER TABLE {} RENAME TO {}").format(
                sql.Identifier(S.SCHEMA, S.fresh(name)), sql.Identifier(name)))
        set_stale(self.conn, 0)  # the new postings are derived from the live rows only
        _bump_generation(self.conn)


STALE_SHARE = 0.25  # postings of deleted releases are dropped once they are this share of the live ones


def _drop_stale_postings(conn) -> None:
    """Drop the postings of deleted releases once they are many (counted
    from the table statistics, so cheaply)."""
    got = conn.execute(
        "SELECT (SELECT reltuples FROM pg_class WHERE oid = 'searcher.postings'::regclass), "
        "(SELECT sum(df) FROM searcher.terms)").fetchone()
    rows, live = (float(x or 0) for x in got)
    if rows > 0 and live >= 0 and rows - live > STALE_SHARE * max(live, 1):
        conn.execute("DELETE FROM searcher.postings p WHERE NOT EXISTS "
                     "(SELECT 1 FROM searcher.releases r WHERE r.seq = p.seq)")
        set_stale(conn, 0)


def set_stale(conn, n: int) -> None:
    """Record how many deleted releases still have postings (see :mod:`.counts`)."""
    conn.execute(sql.SQL(
        "INSERT INTO {} VALUES ('stale', %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"
    ).format(sql.Identifier(S.SCHEMA, "meta")), [str(n)])


def _vacuum(conn, tables) -> None:
    """VACUUM ANALYZE (outside a transaction): the planner's statistics, and the
    visibility map that lets counts and the postings scans skip the table."""
    autocommit = conn.autocommit
    conn.autocommit = True
    try:
        for name in tables:
            conn.execute(sql.SQL("VACUUM (ANALYZE) {}").format(sql.Identifier(S.SCHEMA, name)))
    finally:
        conn.autocommit = autocommit


def _bump_generation(conn) -> None:
    from psycopg import sql

    conn.execute(sql.SQL("UPDATE {} SET value = (value::bigint + 1)::text WHERE key = 'generation'").format(
        sql.Identifier(S.SCHEMA, "meta")))


class PostgresState(IndexedState):
    """What the index held when the write began, read on an autocommit
    connection (the ids of a small index are read into memory at once, in
    one short transaction)."""

    def __init__(self, conn, table: str):
        from psycopg import sql

        self.conn = conn
        self.table = sql.Identifier(S.SCHEMA, table)
        self._owners: Optional[dict[str, tuple]] = None
        n = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(self.table)).fetchone()[0]
        if n <= PRELOAD_MAX:
            with conn.transaction(), conn.cursor(name="searcher_state") as cur:
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
