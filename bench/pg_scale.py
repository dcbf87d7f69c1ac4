"""The PostgreSQL backend beside the Whoosh backend, in one run, on generated releases.

    python bench/pg_scale.py                      # 100,000 generated releases
    python bench/pg_scale.py --size 20000 --runs 1 --queries 60
    python bench/pg_scale.py --pg-server postgresql://postgres@host:5432/postgres   # an existing server

Starts a throwaway PostgreSQL 15 server (tests/pg_server.py: initdb in a temp
folder, 127.0.0.1, a free port; as the postgres user when root) unless
``--pg-server`` names one, then measures ``searcher`` (the Whoosh backend) and
``searcher-pg`` (the same library calls on a database URL) with bench/run.py's
steps: full indexing (releases/s, peak memory of the client), warm queries
(median and p95, with the mix's filters and snippets), a cold CLI process per
query, incremental adds, index size (the folder; ``pg_database_size``).
The server's own memory (PSS summed over its processes) is sampled during
the whole run and reported beside the client's.

Writes bench/results/pg-scale.md and .json (override with --out).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

import corpus as corpus_mod  # noqa: E402
import queries as queries_mod  # noqa: E402
import run as run_mod  # noqa: E402


class ServerMemory:
    """Peak PSS (and RSS) of a server's processes, sampled every 0.5 s in a thread."""

    def __init__(self, pid_file: Path | None):
        self.pid_file = pid_file
        self.peak_pss = self.peak_rss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        import psutil

        try:
            root = psutil.Process(int(self.pid_file.read_text().splitlines()[0]))
        except (OSError, ValueError, psutil.Error):
            return
        while not self._stop.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
                self.peak_rss = max(self.peak_rss, sum(p.memory_info().rss for p in tree))
                self.peak_pss = max(self.peak_pss, sum(p.memory_full_info().pss for p in tree))
            except psutil.Error:
                pass
            self._stop.wait(0.5)

    def __enter__(self):
        if self.pid_file is not None:
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()


def agreement(whoosh, pg) -> dict:
    """How often the PostgreSQL backend's answers equal the Whoosh backend's."""
    pairs = [(a, b) for a, b in zip(whoosh or (), pg or ()) if a and b]
    if not pairs:
        return {}
    return {
        "queries": len(pairs),
        "same_total": sum(a["total"] == b["total"] for a, b in pairs),
        "same_top10_in_order": sum(a["ids"] == b["ids"] for a, b in pairs),
        "same_top10_as_set": sum(set(a["ids"]) == set(b["ids"]) for a, b in pairs),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=100_000, help="generated releases (default 100000)")
    ap.add_argument("--runs", type=int, default=1, help="timed query passes and incremental adds (default 1)")
    ap.add_argument("--queries", type=int, default=120, help="number of queries (default 120)")
    ap.add_argument("--cold-runs", type=int, default=3)
    ap.add_argument("--pg-server", help="an existing server's URL (its postgres database); default: start one")
    ap.add_argument("--corpus", help="folder holding berlin-polizei/ (default ../shared/corpus, $SEARCHER_CORPUS)")
    ap.add_argument("--cache", help="generated corpora (default ~/.cache/searcher-bench)")
    ap.add_argument("--out", default=str(HERE / "results"))
    ap.add_argument("--timeout", type=float, default=6 * 3600)
    ap.add_argument("--systems", default="searcher,searcher-pg",
                    help="which of searcher (Whoosh) and searcher-pg to run, comma-separated (default both)")
    ap.add_argument("--shared-buffers", default="1GB",
                    help="shared_buffers of the server this script starts (default 1GB: the index's vectors "
                         "stay in the server's cache, as on a production server; the tests' server has 32MB)")
    args = ap.parse_args(argv)
    args.index_runs, args.keep = 1, False

    server = None
    if args.pg_server:
        url, pid_file = args.pg_server, None
    else:
        from pg_server import missing_reason, start_server

        why = missing_reason()
        if why:
            sys.exit(f"pg_scale: {why}")
        server = start_server({"shared_buffers": args.shared_buffers})
        url, pid_file = server.url, server.data / "postmaster.pid"
    os.environ["SEARCHER_BENCH_PG"] = url
    try:
        croot = corpus_mod.corpus_root(args.corpus)
        cache = corpus_mod.cache_root(args.cache)
        cdir = corpus_mod.ensure_corpus(croot, cache, args.size, runs=args.runs)
        work = cache / "work" / f"pg-{cdir.name}"
        work.mkdir(parents=True, exist_ok=True)
        queries = queries_mod.build_queries(cdir / "records", args.queries)
        qpath = work / "queries.json"
        qpath.write_text(json.dumps(queries, ensure_ascii=False))
        results = {}
        systems = [n for n in ("searcher", "searcher-pg") if n in args.systems.split(",")]
        if not systems:
            sys.exit(f"pg_scale: --systems {args.systems!r} names neither searcher nor searcher-pg")
        for name in systems:
            with ServerMemory(pid_file if name == "searcher-pg" else None) as mem:
                t0 = time.perf_counter()
                results[name] = run_mod.bench_system(name, cdir, work, queries, qpath, args)
                results[name]["total_wall_s"] = time.perf_counter() - t0
            if pid_file is not None and name == "searcher-pg":
                results[name]["server_peak_pss_mib"] = mem.peak_pss / 2**20
                results[name]["server_peak_rss_mib"] = mem.peak_rss / 2**20
        if len(systems) == 2:
            results["searcher-pg"]["agreement"] = agreement(results["searcher"].get("answers"),
                                                            results["searcher-pg"].get("answers"))
    finally:
        if server is not None:
            from pg_server import remove

            server.stop()
            remove(server)
    rows = [
        ("releases indexed", "indexed", "{:,}"),
        ("indexing, releases/s", "index_rate", "{:,.0f}"),
        ("indexing, client peak RSS MiB", "index_peak_rss_mib", "{:,.0f}"),
        ("index size MiB", "index_size_mib", "{:,.1f}"),
        ("warm median ms", "warm_median_ms", "{:.1f}"),
        ("warm p95 ms (filters, snippets)", "warm_p95_ms", "{:.1f}"),
        ("query process peak RSS MiB", "query_peak_rss_mib", "{:,.0f}"),
        ("cold CLI search ms", "cold_ms", "{:,.0f}"),
        ("incremental add of 10 files s", "incremental_s", "{:.2f}"),
        ("PostgreSQL server peak PSS MiB", "server_peak_pss_mib", "{:,.0f}"),
    ]
    cmd = "python bench/pg_scale.py " + " ".join(argv if argv is not None else sys.argv[1:])
    lines = [f"# PostgreSQL backend beside the Whoosh backend: {args.size:,} generated releases", "",
             f"`{cmd}` · {len(queries)} queries · {os.cpu_count()} CPUs · "
             f"shared_buffers {args.shared_buffers if not args.pg_server else 'of the server given'} · load at end "
             f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}", "",
             "| figure | searcher (Whoosh) | searcher-pg |", "| --- | ---: | ---: |"]
    for label, key, fmt in rows:
        cells = []
        for name in ("searcher", "searcher-pg"):
            v = results.get(name, {}).get(key)
            cells.append(fmt.format(v) if isinstance(v, (int, float)) else (results.get(name, {}).get("unavailable") or "—"))
        lines.append(f"| {label} | {cells[0]} | {cells[1]} |")
    agree = results.get("searcher-pg", {}).get("agreement")
    if agree:
        lines += ["", f"agreement with the Whoosh backend: {json.dumps(agree)}"]
    md = "\n".join(lines) + "\n"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "pg-scale.md").write_text(md, encoding="utf-8")
    slim = {n: {k: v for k, v in r.items() if k != "answers"} for n, r in results.items()}
    (out / "pg-scale.json").write_text(json.dumps({"command": cmd, "results": slim}, indent=1), encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
