"""Warm query latency of searcher through its public API, per query class and overall.

    python bench/latency.py --size 100000 --runs 3            # build (once) or reuse, then time
    python bench/latency.py --size 2000 --runs 1 --queries 40 # a quick check
    python bench/latency.py --index DIR                       # time an existing index
    python bench/latency.py --dump answers.json               # also write each query's answer
    python bench/latency.py --profile out.prof                # cProfile of the timed runs
    python bench/latency.py --cpu                             # CPU time of the searching thread
    python bench/latency.py --kind phrase --profile p.prof    # one query class only (word-common,
                                                              # word-rare, two, phrase, issuer, date, person)

The index is built once through ``searcher.Index`` (``Index.create(dir).add([records])``)
from the generated corpus of ``bench/corpus.py`` and cached outside the repository, in
``~/.cache/searcher-bench/latency-SIZE-vN/index`` (``--cache`` / ``SEARCHER_BENCH_CACHE``).
The queries are the fixed mixed list of ``bench/queries.py`` (common and rare single words,
two words, phrases, and words with an issuer, a one-year date range or a person quoted),
each asked with ``limit=10`` and snippets, exactly as ``bench/systems.py`` asks them.

One warm-up pass, then ``--runs`` timed passes; every query's time of every timed pass
counts. Prints median and p95 (ms) per class and overall, and beside them the same figures
of the warm-up pass (the process is warm, but each query's terms are read for the first
time, so per-term caches do not help there). Timings on a shared machine are
noisy: compare two code versions by running this script for each alternately, not one
after the other in separate sessions. ``--cpu`` times each query by the CPU time of the
thread that runs it (``time.thread_time``) instead of the wall clock: on a machine whose
cores are shared with other work, that leaves out the time the query waited for a core
(it is not the latency a user sees; use it to compare code versions under load).
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

import corpus as corpus_mod  # noqa: E402
import queries as queries_mod  # noqa: E402
from systems import Searcher, _words_query  # noqa: E402


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    k = (len(s) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def ensure_index(args) -> Path:
    if args.index:
        return Path(args.index)
    cache = corpus_mod.cache_root(args.cache)
    ix_dir = cache / f"latency-{args.size}-v{corpus_mod.FORMAT_VERSION}" / "index"
    done = ix_dir.parent / "built.json"
    if done.exists():
        return ix_dir
    from searcher import Index

    cdir = corpus_mod.ensure_corpus(corpus_mod.corpus_root(args.corpus), cache, args.size, runs=1)
    if ix_dir.exists():
        import shutil

        shutil.rmtree(ix_dir)
    ix_dir.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    print(f"latency: building an index of {args.size} releases in {ix_dir} ...", file=sys.stderr)
    with Index.create(str(ix_dir)) as ix:
        rep = ix.add([str(cdir / "records")])
    dt = time.perf_counter() - t0
    done.write_text(json.dumps({"added": rep.added, "seconds": round(dt, 1)}))
    print(f"latency: built {rep.added} releases in {dt:.0f} s", file=sys.stderr)
    return ix_dir


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=100_000, help="releases in the generated corpus (default 100000)")
    ap.add_argument("--runs", type=int, default=3, help="timed passes over the queries (default 3)")
    ap.add_argument("--queries", type=int, default=120, help="queries in the mixed list (default 120)")
    ap.add_argument("--index", help="time this existing searcher index instead of the cached one")
    ap.add_argument("--corpus")
    ap.add_argument("--cache")
    ap.add_argument("--dump", help="write each query's total and hit ids (JSON) to this file")
    ap.add_argument("--profile", help="write a cProfile of the timed passes to this file")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--cpu", action="store_true", help="time by the searching thread's CPU time, not the wall clock")
    ap.add_argument("--kind", help="only the queries of these classes (comma-separated), e.g. to profile one")
    args = ap.parse_args(argv)

    ix_dir = ensure_index(args)
    cdir = corpus_mod.ensure_corpus(corpus_mod.corpus_root(args.corpus), corpus_mod.cache_root(args.cache),
                                    args.size, runs=1, quiet=True)
    qs = queries_mod.build_queries(cdir / "records", args.queries)
    if args.kind:
        kinds = set(args.kind.split(","))
        unknown = kinds - {q["kind"] for q in qs}
        if unknown:
            print(f"latency.py: --kind {','.join(sorted(unknown))} is no query class of the list; "
                  f"use {', '.join(sorted({q['kind'] for q in qs}))}", file=sys.stderr)
            return 2
        qs = [q for q in qs if q["kind"] in kinds]

    clock = time.thread_time if args.cpu else time.perf_counter
    system = Searcher()
    t0 = time.perf_counter()
    system.open(ix_dir)
    answers = []
    first: dict[str, list[float]] = {}  # the untimed pass: each term's posting data read for the first time
    for q in qs:
        t = clock()
        answers.append(system.search(q))
        first.setdefault(q["kind"], []).append((clock() - t) * 1000)
    warm_up = time.perf_counter() - t0

    times: dict[str, list[float]] = {}
    prof = None
    if args.profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    for _ in range(args.runs):
        for q in qs:
            t = clock()
            system.search(q)
            times.setdefault(q["kind"], []).append((clock() - t) * 1000)
    if prof is not None:
        prof.disable()
        prof.dump_stats(args.profile)
    system.close()

    every = [v for vs in times.values() for v in vs]
    rows = {k: {"n": len(v), "median": statistics.median(v), "p95": pct(v, 95), "max": max(v)} for k, v in times.items()}
    rows["overall"] = {"n": len(every), "median": statistics.median(every), "p95": pct(every, 95), "max": max(every)}
    first["overall"] = [v for vs in first.values() for v in vs]
    for k, v in first.items():
        rows[k]["first_median"] = statistics.median(v)
        rows[k]["first_p95"] = pct(v, 95)
    try:
        load = os.getloadavg()
    except OSError:  # pragma: no cover
        load = (float("nan"),) * 3
    if args.dump:
        Path(args.dump).write_text(json.dumps(
            [{"q": _words_query(q), "kind": q["kind"], "total": a[0], "ids": a[1], "snippets": a[2]}
             for q, a in zip(qs, answers)], ensure_ascii=False, indent=0))
    if args.json:
        print(json.dumps({"index": str(ix_dir), "queries": len(qs), "runs": args.runs, "clock": clock.__name__,
                          "load": load, "first_pass_s": warm_up, "classes": rows}))
        return 0
    print(f"index {ix_dir} | {len(qs)} queries x {args.runs} runs | limit 10, snippets | "
          f"load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} | first (untimed) pass {warm_up:.1f} s"
          + (" | CPU time of the searching thread" if args.cpu else ""))
    print(f"{'class':<12} {'n':>5} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}   {'first pass: median':>18} {'p95':>7}")
    for k, r in rows.items():
        print(f"{k:<12} {r['n']:>5} {r['median']:>10.1f} {r['p95']:>8.1f} {r['max']:>8.1f}   "
              f"{r['first_median']:>18.1f} {r['first_p95']:>7.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
