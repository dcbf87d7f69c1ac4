"""Peak memory and warm latency of the query process at cache budgets (issue 18).

    python bench/query_memory.py --size 100000 --budgets 160,unbounded --rounds 3
    python bench/query_memory.py --size 2000 --budgets 1,160 --rounds 1 --queries 40   # quick

Uses the index of ``bench/latency.py`` (built once and cached there; ``--index DIR`` for
another) and its fixed mixed query list (``bench/queries.py``, ``limit=10`` with snippets).
The query list is built in this (parent) process; each measurement runs in a fresh child
process that only opens the index with ``Index(path, cache_mb=BUDGET)`` and searches, so
the child's peak RSS (VmHWM) is the query process's: Python, searcher, Whoosh's
open segment readers and the caches, plus the pages of the index segments that Whoosh
reads through mmap (file-backed: shown apart as "mapped", beside "private", RssAnon).
Per child: one warm-up pass, then ``--runs`` timed passes (every query of every timed
pass counts, as in latency.py).

Budgets run interleaved (round 1: each budget once, round 2: ...), because the machine may
be shared: compare the budgets' latencies within this run, not with another session's.
``unbounded`` is the largest budget accepted (no eviction). Prints, per budget: the median
over rounds of the peak RSS, the cache's estimated size at the end, and the median and p95
(ms) of all the timed queries of all rounds.

``--per-query``: in the warm-up pass (where the peak is reached: every term is read and
decoded for the first time) the peak resident set is reset before each query
(``/proc/self/clear_refs``), and each query's rise of the peak above the resident set
it started from is recorded (its working memory: decoded postings, score arrays,
snippets, plus what the caches keep of it), with the rise of the resident set kept
after it. Printed: per query kind the median and largest rises, and the queries that
raised the peak most.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def peak_rss_mib() -> float:
    """This process's peak resident set (VmHWM of /proc/self/status). Not ``ru_maxrss``:
    on Linux that keeps the parent's peak across fork and exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    raise SystemExit("query_memory.py: /proc/self/status has no VmHWM (Linux only)")


def current_rss_mib(kind: str = "VmRSS") -> float:
    """This process's resident set now (``kind``: VmRSS, or RssAnon / RssFile: its private
    memory / the file pages it maps, e.g. the index's segments Whoosh reads through mmap)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(kind + ":"):
            return int(line.split()[1]) / 1024
    raise SystemExit(f"query_memory.py: /proc/self/status has no {kind} (Linux only)")


def reset_peak() -> bool:
    """Reset this process's VmHWM to its current RSS (Linux: 5 > clear_refs)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def child(args) -> int:
    """Open the index at one budget, search the queries, print one JSON line."""
    from systems import Searcher  # noqa: E402  (imports searcher lazily)

    qs = json.loads(Path(args.queries_file).read_text(encoding="utf-8"))
    os.environ["SEARCHER_CACHE_MB"] = str(args.cache_mb)
    system = Searcher()
    system.open(Path(args.index))
    start = peak_rss_mib()
    first = []  # per query of the warm-up: (rise of the peak, rise of the RSS kept after it)
    anon = file = 0.0  # the largest private and file-backed resident sets seen after a query
    for q in qs:  # warm-up: each term read for the first time
        if args.per_query:
            before = current_rss_mib()
            if not reset_peak():
                raise SystemExit("query_memory.py: cannot reset the peak RSS (/proc/self/clear_refs)")
            system.search(q)
            first.append((peak_rss_mib() - before, current_rss_mib() - before))
        else:
            system.search(q)
        anon = max(anon, current_rss_mib("RssAnon"))
        file = max(file, current_rss_mib("RssFile"))
    times = []
    for _ in range(args.runs):
        for q in qs:
            t = time.perf_counter()
            system.search(q)
            times.append((time.perf_counter() - t) * 1000)
    backend = getattr(system.ix, "_backend", None)
    engine = getattr(backend, "_engine", None) or getattr(system.ix, "_engine", None)
    cache = getattr(engine, "_cache", None)
    out = {
        "cache_mb": args.cache_mb,
        "peak_rss_mib": peak_rss_mib(),
        "anon_mib": max(anon, current_rss_mib("RssAnon")),
        "file_mib": max(file, current_rss_mib("RssFile")),
        "rss_before_search_mib": start,
        "cache_estimate_mib": (cache.held / 2**20) if cache is not None else None,
        "cache_entries": len(cache) if cache is not None else None,
        "times": times,
        "first": first,
    }
    system.close()
    print(json.dumps(out))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=100_000, help="releases in the generated corpus (default 100000)")
    ap.add_argument("--budgets", default="160,unbounded",
                    help="comma-separated cache budgets in MiB, or 'unbounded' (default 160,unbounded)")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds over the budgets (default 3)")
    ap.add_argument("--runs", type=int, default=3, help="timed passes per child (default 3)")
    ap.add_argument("--queries", type=int, default=120, help="queries in the mixed list (default 120)")
    ap.add_argument("--index", help="an existing searcher index instead of latency.py's cached one")
    ap.add_argument("--corpus")
    ap.add_argument("--cache", help="latency.py's cache folder (--cache there)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--per-query", action="store_true", help="also each query's rise of the peak RSS (see above)")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--queries-file", help=argparse.SUPPRESS)
    ap.add_argument("--cache-mb", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return child(args)

    import corpus as corpus_mod
    import latency
    import queries as queries_mod
    from searcher.settings import MAX_CACHE_MB

    budgets = []
    for b in args.budgets.split(","):
        b = b.strip().lower()
        if b == "unbounded":
            budgets.append(MAX_CACHE_MB)
        elif b.isdigit() and int(b) <= MAX_CACHE_MB:
            budgets.append(int(b))
        else:
            ap.error(f"--budgets: {b!r} is not a whole number of MiB from 0 to {MAX_CACHE_MB} or 'unbounded'")
    ix_dir = latency.ensure_index(args)
    cdir = corpus_mod.ensure_corpus(corpus_mod.corpus_root(args.corpus), corpus_mod.cache_root(args.cache),
                                    args.size, runs=1, quiet=True)
    qs = queries_mod.build_queries(cdir / "records", args.queries)
    results: dict[int, list[dict]] = {b: [] for b in budgets}
    with tempfile.TemporaryDirectory() as tmp:
        qfile = Path(tmp) / "queries.json"
        qfile.write_text(json.dumps(qs, ensure_ascii=False), encoding="utf-8")
        for r in range(args.rounds):
            for b in budgets:
                cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--queries-file", str(qfile),
                       "--index", str(ix_dir), "--cache-mb", str(b), "--runs", str(args.runs)]
                if args.per_query:
                    cmd.append("--per-query")
                done = subprocess.run(cmd, capture_output=True, text=True)
                if done.returncode != 0:
                    print(done.stderr, file=sys.stderr)
                    return 1
                got = json.loads(done.stdout.strip().splitlines()[-1])
                results[b].append(got)
                print(f"round {r + 1} budget {'unbounded' if b == MAX_CACHE_MB else b}: peak RSS "
                      f"{got['peak_rss_mib']:.0f} MiB, p95 {latency.pct(got['times'], 95):.1f} ms", file=sys.stderr)
    rows = []
    for b, runs in results.items():
        every = [t for g in runs for t in g["times"]]
        rows.append({
            "budget": "unbounded" if b == MAX_CACHE_MB else f"{b} MiB",
            "rounds": len(runs),
            "peak_rss_mib": statistics.median(g["peak_rss_mib"] for g in runs),
            "peak_rss_max_mib": max(g["peak_rss_mib"] for g in runs),
            "rss_before_search_mib": statistics.median(g["rss_before_search_mib"] for g in runs),
            "anon_mib": statistics.median(g["anon_mib"] for g in runs),
            "file_mib": statistics.median(g["file_mib"] for g in runs),
            "cache_estimate_mib": statistics.median(g["cache_estimate_mib"] or 0 for g in runs),
            "n": len(every),
            "median_ms": statistics.median(every),
            "p95_ms": latency.pct(every, 95),
        })
    load = os.getloadavg()
    if args.json:
        print(json.dumps({"index": str(ix_dir), "queries": len(qs), "load": load, "rows": rows}))
        return 0
    print(f"index {ix_dir} | {len(qs)} queries x {args.runs} runs x {args.rounds} rounds, interleaved | "
          f"load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"{'budget':<11} {'peak RSS MiB':>12} {'(max)':>6} {'private':>7} {'mapped':>6} {'RSS opened':>10} "
          f"{'cache est.':>10} {'median ms':>9} {'p95 ms':>7}")
    for r in rows:
        print(f"{r['budget']:<11} {r['peak_rss_mib']:>12.0f} {r['peak_rss_max_mib']:>6.0f} {r['anon_mib']:>7.0f} "
              f"{r['file_mib']:>6.0f} {r['rss_before_search_mib']:>10.0f} {r['cache_estimate_mib']:>10.0f} "
              f"{r['median_ms']:>9.1f} {r['p95_ms']:>7.1f}")
    print("(private: the largest RssAnon after a query, the process's own memory; mapped: the largest "
          "RssFile, file pages it maps - mostly the index segments Whoosh reads through mmap, shared "
          "with the page cache)")
    if args.per_query:
        from systems import _words_query

        for b, runs in results.items():
            print(f"first run of each query (warm-up), budget {'unbounded' if b == MAX_CACHE_MB else b}: "
                  f"rise of the peak RSS above the RSS before it, and of the RSS kept after it (MiB; "
                  f"largest over the rounds)")
            peak = [max(g["first"][i][0] for g in runs) for i in range(len(qs))]
            kept = [max(g["first"][i][1] for g in runs) for i in range(len(qs))]
            kinds: dict[str, list[int]] = {}
            for i, q in enumerate(qs):
                kinds.setdefault(q["kind"], []).append(i)
            for kind, idx in sorted(kinds.items()):
                print(f"  {kind:<12} n={len(idx):<4} peak rise median {statistics.median(peak[i] for i in idx):6.1f} "
                      f"max {max(peak[i] for i in idx):6.1f} | kept median {statistics.median(kept[i] for i in idx):6.1f} "
                      f"max {max(kept[i] for i in idx):6.1f}")
            top = sorted(range(len(qs)), key=lambda i: -peak[i])[:6]
            print("  largest peak rises: " + "; ".join(
                f"{qs[i]['kind']} {_words_query(qs[i])!r} {peak[i]:.1f} (kept {kept[i]:.1f})" for i in top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
