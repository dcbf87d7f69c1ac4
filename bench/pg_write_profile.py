"""Where the PostgreSQL backend's indexing time goes, on generated releases.

    python bench/pg_write_profile.py --size 20000                 # a throwaway server
    python bench/pg_write_profile.py --size 20000 --pg-server postgresql://postgres@host:5432/postgres

Indexes the generated corpus (bench/corpus.py) with ``searcher rebuild``'s
path (a fresh table, indexes built after the bulk load) into a new database
and splits the time into: parsing and the rest of the store's loop, the
project's analysis (``documents.row``: tokens, tsvectors; in this process, so
``SEARCHER_PROCS`` is 1 unless --procs says otherwise), the ``COPY`` of the
rows, and each statement of the commit (secondary indexes, postings,
vocabulary, VACUUM ANALYZE). Client CPU (process time) is given beside the
wall clock: the machine's cores may be shared.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

import corpus as corpus_mod  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=20_000)
    ap.add_argument("--procs", type=int, default=1, help="analysis worker processes (SEARCHER_PROCS; default 1)")
    ap.add_argument("--pg-server", help="an existing server's URL (its postgres database); default: start one")
    ap.add_argument("--corpus", help="folder holding berlin-polizei/ (default ../shared/corpus, $SEARCHER_CORPUS)")
    ap.add_argument("--cache", help="generated corpora (default ~/.cache/searcher-bench)")
    args = ap.parse_args(argv)
    os.environ["SEARCHER_PROCS"] = str(args.procs)

    import psycopg
    from psycopg import sql

    from searcher import Index
    from searcher.backends.postgres import documents, write

    server = None
    if args.pg_server:
        base = args.pg_server
    else:
        from pg_server import missing_reason, start_server

        why = missing_reason()
        if why:
            sys.exit(f"pg_write_profile: {why}")
        server = start_server()
        base = server.url
    cdir = corpus_mod.ensure_corpus(corpus_mod.corpus_root(args.corpus), corpus_mod.cache_root(args.cache), args.size)
    db = f"writeprof_{args.size}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(db)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db)))
    url = base.rsplit("/", 1)[0] + "/" + db

    spent: dict[str, float] = defaultdict(float)
    real_row = write.row

    def timed_row(doc):
        t = time.perf_counter()
        try:
            return real_row(doc)
        finally:
            spent["analysis (documents.row)"] += time.perf_counter() - t

    real_flush = write.PostgresWrite._flush

    def timed_flush(self):
        t, before = time.perf_counter(), spent["analysis (documents.row)"]
        try:
            return real_flush(self)
        finally:
            spent["COPY and deletes (flush minus analysis)"] += (
                time.perf_counter() - t - (spent["analysis (documents.row)"] - before))

    real_commit = write.PostgresWrite.commit
    real_publish = write.PostgresWrite.publish
    real_execute = psycopg.Connection.execute
    in_commit = [False]

    def timed_execute(self, query, params=None, **kw):
        if not in_commit[0]:
            return real_execute(self, query, params, **kw)
        text = query.as_string(self) if hasattr(query, "as_string") else str(query)
        words = text.split()
        key = "commit: " + " ".join(words[:3] if words[:2] != ["CREATE", "INDEX"] else words[:2] +
                                    ["(gin)" if "gin" in text else "(btree)"])
        if "searcher.postings" in text or '"postings' in text:
            key = "commit: " + " ".join(words[:2]) + " postings"
        t = time.perf_counter()
        try:
            return real_execute(self, query, params, **kw)
        finally:
            spent[key[:60]] += time.perf_counter() - t

    def wrapped(real):
        def run(self, *a, **kw):
            in_commit[0] = True
            try:
                return real(self, *a, **kw)
            finally:
                in_commit[0] = False
        return run

    write.row = timed_row
    write.PostgresWrite._flush = timed_flush
    write.PostgresWrite.commit = wrapped(real_commit)
    write.PostgresWrite.publish = wrapped(real_publish)
    psycopg.Connection.execute = timed_execute
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        with Index(url) as ix:
            rep = ix.rebuild([str(cdir / "records")])
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        with psycopg.connect(url) as conn:
            size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
            postings = conn.execute("SELECT count(*) FROM searcher.postings").fetchone()[0]
    finally:
        if server is not None:
            from pg_server import remove

            server.stop()
            remove(server)
    n = rep.added + rep.updated
    print(f"# PostgreSQL write path: {n:,} generated releases, {args.procs} analysis process(es), "
          f"load at end {', '.join(f'{x:.1f}' for x in os.getloadavg())}\n")
    print(f"total: {wall:.1f} s wall ({n / wall:,.0f} releases/s), client CPU {cpu:.1f} s; "
          f"database {size / 2**20:,.0f} MiB, {postings:,} postings\n")
    print("| step | s | share of wall |\n| --- | ---: | ---: |")
    accounted = 0.0
    for key, secs in sorted(spent.items(), key=lambda kv: -kv[1]):
        accounted += secs
        print(f"| {key} | {secs:.1f} | {secs / wall:.0%} |")
    print(f"| the rest (parsing, reading files, diff, to_document) | {wall - accounted:.1f} | {(wall - accounted) / wall:.0%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
