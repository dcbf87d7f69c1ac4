"""Per-search cost on the PostgreSQL backend, by CPU time rather than wall clock.

    python bench/pg_query_cpu.py postgresql://postgres@127.0.0.1:PORT/DB [--queries FILE] [-n 119] [-v]

On a shared machine wall-clock latency is mostly other jobs' load; this
script runs the bench query mix (``queries.json`` of a generated corpus,
written by bench/pg_scale.py; filters as bench/systems.py sets them,
snippets on) against an index that already exists, once to warm up and once
measured, and reports per search: wall clock, the client thread's CPU time,
the server's CPU time (user+system of its ``searcher`` connections, read
from /proc: the server must run on this machine) and the statements sent.
The server's CPU is counted in clock ticks (10 ms), so its median is coarse;
the sum over the mix is the figure to compare versions with.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _server_cpu(pids) -> float:
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def _pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("url", help="the index's database URL")
    ap.add_argument("--queries", default=str(Path.home() / ".cache/searcher-bench/work/gen-20000-s1337-v3/queries.json"))
    ap.add_argument("-n", type=int, default=119, help="queries of the file to run (default 119)")
    ap.add_argument("-v", action="store_true", help="list the 12 slowest searches by server CPU")
    args = ap.parse_args(argv)

    import psycopg

    import systems
    from searcher import Index

    try:
        queries = json.loads(Path(args.queries).read_text(encoding="utf-8"))[: args.n]
    except (OSError, ValueError) as err:
        sys.exit(f"pg_query_cpu: cannot read the queries {args.queries}: {err} (run bench/pg_scale.py once to write them)")
    kw = systems.Searcher()
    ix = Index(args.url)
    sent = [0]
    real = psycopg.Cursor.execute

    def counted(self, *a, **k):
        sent[0] += 1
        return real(self, *a, **k)

    psycopg.Cursor.execute = counted
    for q in queries:
        ix.search(systems._words_query(q), **kw.kwargs(q))
    with psycopg.connect(args.url, autocommit=True) as conn:
        pids = [r[0] for r in conn.execute("SELECT pid FROM pg_stat_activity WHERE application_name = 'searcher'")]
    rows = []
    for q in queries:
        sent[0] = 0
        s0, t0, c0 = _server_cpu(pids), time.perf_counter(), time.thread_time()
        got = ix.search(systems._words_query(q), **kw.kwargs(q))
        rows.append((time.perf_counter() - t0, time.thread_time() - c0, _server_cpu(pids) - s0, sent[0], q, got.total))
    ix.close()
    print(f"{len(rows)} searches, load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for name, i in (("wall", 0), ("client CPU", 1), ("server CPU", 2)):
        v = [r[i] * 1000 for r in rows]
        print(f"{name}: median {statistics.median(v):.1f} ms, p95 {_pct(v, 95):.1f} ms, sum {sum(v):,.0f} ms")
    print(f"statements per search: median {statistics.median(r[3] for r in rows)}, max {max(r[3] for r in rows)}")
    if args.v:
        for r in sorted(rows, key=lambda r: -r[2])[:12]:
            print(f"  server {r[2] * 1000:5.0f} ms  client {r[1] * 1000:5.1f} ms  {r[3]:2d} statements  "
                  f"total {r[5]:>5}  {systems._words_query(r[4])!r} {kw.kwargs(r[4])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
