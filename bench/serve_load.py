"""Load on `searcher serve`: requests/s and latency of /api/search with concurrent clients.

    python bench/serve_load.py --size 100000                 # 8 clients, 60 s, the generated index
    python bench/serve_load.py --size 20000 --seconds 30
    python bench/serve_load.py --index DIR                   # an existing index

The index is the one `bench/latency.py` builds and caches (generated releases of
`bench/corpus.py`, in ~/.cache/searcher-bench/latency-SIZE-vN/index). A server
(`searcher.web.make_server`, as `searcher serve` runs it) listens on a free
loopback port in a child process; CLIENTS threads each send GET
/api/search?q=...&issuer=...&from=...&to=...&person=... for the mixed query list of
`bench/queries.py` (words, pairs, phrases, filters), one request per connection,
until SECONDS have passed or REQUESTS have been sent. One untimed pass over the
queries first warms the server's caches. Every answer must be HTTP 200 and JSON;
errors are counted and reported.

Prints requests/s and the median, p95 and max latency of one request as the
client sees it (connect, request, whole JSON answer read).
"""
from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus as corpus_mod  # noqa: E402
import latency as latency_mod  # noqa: E402
import queries as queries_mod  # noqa: E402
from systems import _words_query  # noqa: E402


def _serve(index_dir: str, ready) -> None:
    from searcher import Index
    from searcher.web import make_server

    server = make_server(Index(index_dir), "127.0.0.1", 0, quiet=True)
    ready.send(server.server_address[1])
    server.serve_forever()


def query_params(q: dict) -> str:
    params = [("q", _words_query(q))]
    if q.get("issuer"):
        params.append(("issuer", q["issuer"][1] if q.get("use_alias") else q["issuer"][0]))
    if q.get("date_from"):
        params.append(("from", q["date_from"]))
    if q.get("date_to"):
        params.append(("to", q["date_to"]))
    if q.get("person"):
        params.append(("person", q["person"]))
    return "/api/search?" + urlencode(params)


def request(port: int, target: str) -> tuple[int, float]:
    t = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", target)
        resp = conn.getresponse()
        body = resp.read()
        if resp.status == 200:
            json.loads(body)
        return resp.status, (time.perf_counter() - t) * 1000
    finally:
        conn.close()


def pct(values: list[float], p: float) -> float:
    return latency_mod.pct(values, p)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=100_000, help="releases in the generated corpus (default 100000)")
    ap.add_argument("--index", help="load this existing searcher index instead of the cached generated one")
    ap.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    ap.add_argument("--seconds", type=float, default=60.0, help="stop after this long (default 60)")
    ap.add_argument("--requests", type=int, default=20_000, help="stop after this many requests (default 20000)")
    ap.add_argument("--queries", type=int, default=120, help="queries in the mixed list (default 120)")
    ap.add_argument("--corpus")
    ap.add_argument("--cache")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    if not (1 <= args.clients <= 256 and args.seconds > 0 and args.requests > 0):
        ap.error("--clients must be 1..256, --seconds and --requests positive")

    ix_dir = latency_mod.ensure_index(args)
    cdir = corpus_mod.ensure_corpus(corpus_mod.corpus_root(args.corpus), corpus_mod.cache_root(args.cache),
                                    args.size, runs=1, quiet=True)
    targets = [query_params(q) for q in queries_mod.build_queries(cdir / "records", args.queries)]

    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    server = ctx.Process(target=_serve, args=(str(ix_dir), child), daemon=True)
    server.start()
    try:
        if not parent.poll(120):
            raise SystemExit("serve_load: the server did not start within 120 s")
        port = parent.recv()
        for target in targets:  # warm-up, untimed
            request(port, target)

        lock = threading.Lock()
        times: list[float] = []
        errors: dict[int, int] = {}
        sent = 0
        deadline = time.monotonic() + args.seconds

        def client(k: int) -> None:
            nonlocal sent
            i = k * 7
            while time.monotonic() < deadline:
                with lock:
                    if sent >= args.requests:
                        return
                    sent += 1
                status, ms = request(port, targets[i % len(targets)])
                i += 1
                with lock:
                    if status == 200:
                        times.append(ms)
                    else:
                        errors[status] = errors.get(status, 0) + 1

        t0 = time.perf_counter()
        threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
    finally:
        server.terminate()
        server.join(10)

    try:
        load = os.getloadavg()
    except OSError:  # pragma: no cover
        load = (float("nan"),) * 3
    figures = {
        "index": str(ix_dir),
        "size": args.size if not args.index else None,
        "clients": args.clients,
        "requests": len(times) + sum(errors.values()),
        "errors": errors,
        "seconds": round(wall, 2),
        "requests_per_s": round(len(times) / wall, 1) if wall else 0.0,
        "median_ms": round(statistics.median(times), 1) if times else None,
        "p95_ms": round(pct(times, 95), 1) if times else None,
        "max_ms": round(max(times), 1) if times else None,
        "queries": len(targets),
        "cpus": os.cpu_count(),
        "load": [round(x, 2) for x in load],
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"/api/search on {ix_dir} ({figures['queries']} mixed queries), {args.clients} concurrent clients, "
              f"{figures['requests']} requests in {figures['seconds']} s")
        print(f"  {figures['requests_per_s']} requests/s; latency median {figures['median_ms']} ms, "
              f"p95 {figures['p95_ms']} ms, max {figures['max_ms']} ms; errors {errors or 0}")
        print(f"  {figures['cpus']} CPUs, load average {figures['load']}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
