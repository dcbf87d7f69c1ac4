"""One command, one table: searcher beside plain Whoosh, SQLite FTS5 and tantivy.

    python bench/run.py                      # 100,000 generated releases, 3 runs (long)
    python bench/run.py --size 100000 --runs 3
    python bench/run.py --real               # the ~7,230 real Berlin releases
    python bench/run.py --quick              # smoke run: 2,000 releases, 1 run, 30 queries

Writes bench/results/latest.md and bench/results/latest.json (override with --out) and prints
the Markdown table. See bench/README.md for what each figure means and the targets.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus as corpus_mod  # noqa: E402
import queries as queries_mod  # noqa: E402
import systems as sysmod  # noqa: E402

REPO = HERE.parent
TARGETS = {  # figure key -> (comparison, value, text)
    "index_rate": (">=", 1000.0, "≥ 1,000/s"),
    "index_peak_pss_mib": ("<=", 1024.0, "≤ 1,024 MiB"),
    "incremental_s": ("<=", 1.0, "≤ 1 s"),
    "warm_p95_ms": ("<=", 15.0, "≤ 15 ms"),
    "cold_ms": ("<=", 250.0, "≤ 250 ms"),
}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- machine
def git_commit() -> str | None:
    """The last commit that touched searcher/, with +dirty when searcher/ has uncommitted changes."""
    try:
        rev = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%h", "--", "searcher", "pyproject.toml"],
                             capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "searcher"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return rev + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return None


def machine_info() -> dict:
    info: dict = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
        mem = Path("/proc/meminfo").read_text().split("\n")[0].split()
        info["memory_gib"] = round(int(mem[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    info["loadavg_start"] = os.getloadavg()
    from importlib import metadata
    import sqlite3

    versions = {}
    for pkg in ("searcher", "whoosh-reloaded", "PyStemmer", "snowballstemmer", "tantivy", "psutil"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None
    versions["sqlite"] = sqlite3.sqlite_version
    info["versions"] = versions
    info["searcher_commit"] = git_commit()
    t = []
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        t.append(time.perf_counter() - t0)
    info["python_startup_ms"] = round(statistics.median(t) * 1000, 1)
    return info


# --------------------------------------------------------------------------- subprocess runs
def run_measured(argv: list[str], timeout: float) -> tuple[dict, float, int, int]:
    """Run a worker; return (its JSON, wall seconds, peak RSS and peak PSS of its process tree).

    RSS is summed over the worker and its children every 0.1 s; a forked child's pages shared
    with its parent then count twice, so PSS (shared pages split between the processes that map
    them) is summed too, every 0.5 s: that is the memory the tree really occupies. (The sampling
    costs the parent a few per cent of one core.)"""
    try:
        import psutil
    except ImportError:  # pragma: no cover
        psutil = None
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
    peak = peak_pss = 0
    if psutil is not None:
        try:
            p = psutil.Process(proc.pid)
            tick = 0
            while proc.poll() is None:
                try:
                    tree = [p, *p.children(recursive=True)]
                    peak = max(peak, sum(c.memory_info().rss for c in tree))
                    if tick % 5 == 0:  # smaps_rollup: cheap, but not free
                        peak_pss = max(peak_pss, sum(c.memory_full_info().pss for c in tree))
                except (psutil.Error, AttributeError):
                    pass
                if time.perf_counter() - t0 > timeout:
                    proc.kill()
                    break
                tick += 1
                time.sleep(0.1)
        except psutil.Error:
            pass
    try:
        out, err = proc.communicate(timeout=max(1.0, timeout - (time.perf_counter() - t0)))
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise RuntimeError(f"timed out after {timeout:.0f} s: {' '.join(argv[:4])}")
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        tail = (err or out).strip().splitlines()[-5:]
        raise RuntimeError(f"exit {proc.returncode}: " + " | ".join(tail))
    lines = [l for l in out.strip().splitlines() if l.strip()]
    return json.loads(lines[-1]) if lines else {}, wall, peak, peak_pss


def worker_argv(*args: str) -> list[str]:
    return [sys.executable, str(HERE / "systems.py"), *args]


def pct(values: list[float], p: float) -> float:
    vals = sorted(values)
    if not vals:
        return float("nan")
    k = (len(vals) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(vals) - 1)
    return vals[lo] + (vals[hi] - vals[lo]) * (k - lo)


# --------------------------------------------------------------------------- one system
def bench_system(name: str, cdir: Path, work: Path, queries: list[dict], qpath: Path, args) -> dict:
    res: dict = {"system": name}
    jsonl = cdir / "records"
    sdir = work / name
    shutil.rmtree(sdir, ignore_errors=True)
    sdir.mkdir(parents=True)
    index = None
    builds = []
    for k in range(args.index_runs):
        index = sdir / f"index-{k}"
        log(f"{name}: indexing run {k + 1}/{args.index_runs}")
        out, wall, peak, pss = run_measured(worker_argv("build", name, str(jsonl), str(index)), args.timeout)
        if "unavailable" in out:
            res["unavailable"] = out["unavailable"]
            log(f"{name}: unavailable: {out['unavailable']}")
            return res
        if out["n"] == 0:
            raise RuntimeError(f"indexed no releases ({out.get('failed', 0)} failures, first: "
                               f"{out.get('first_failure', '?')})")
        builds.append({"n": out["n"], "seconds": out["seconds"], "wall": wall,
                       "peak_rss": max(peak, out.get("maxrss", 0)), "peak_pss": pss or None, "size": out["size"],
                       "failed": out.get("failed", 0), "first_failure": out.get("first_failure")})
        log(f"{name}: {out['n']} releases in {out['seconds']:.1f} s ({out['n'] / out['seconds']:.0f}/s)")
        if k < args.index_runs - 1:
            shutil.rmtree(index, ignore_errors=True)
    assert index is not None
    res["builds"] = builds
    res["indexed"] = builds[-1]["n"]
    res["index_rate"] = statistics.median(b["n"] / b["seconds"] for b in builds)
    res["index_seconds"] = statistics.median(b["seconds"] for b in builds)
    res["index_peak_rss_mib"] = statistics.median(b["peak_rss"] for b in builds) / 2**20
    if all(b["peak_pss"] for b in builds):
        res["index_peak_pss_mib"] = statistics.median(b["peak_pss"] for b in builds) / 2**20
    res["index_size_mib"] = builds[-1]["size"] / 2**20

    log(f"{name}: {len(queries)} queries x {args.runs} timed passes (after one warm-up pass)")
    out, _, qpeak, _ = run_measured(worker_argv("query", name, str(index), str(qpath), str(args.runs)), args.timeout)
    res["query_peak_rss_mib"] = max(qpeak, out.get("maxrss", 0)) / 2**20
    res["open_ms"] = out["open_seconds"] * 1000
    res["answers"] = out["results"]
    res["query_errors"] = out["errors"]
    samples = [t for ts in out["times"] for t in ts]
    if samples:
        res["warm_median_ms"] = statistics.median(samples) * 1000
        res["warm_p95_ms"] = pct(samples, 95) * 1000
        by_kind: dict[str, list[float]] = {}
        for q, ts in zip(queries, out["times"]):
            group = q["kind"] if q["kind"] not in ("issuer", "date", "person") else "filtered"
            group = "word" if group.startswith("word") else group
            by_kind.setdefault(group, []).extend(ts)
        res["warm_by_kind_ms"] = {k: {"median": statistics.median(v) * 1000, "p95": pct(v, 95) * 1000}
                                  for k, v in by_kind.items() if v}
    res["with_snippets"] = sum(a["snippets"] for a in out["results"] if a)

    # cold: a fresh process per query (the CLI for searcher), different single-word queries
    cold_qs = [q for q in queries if q["kind"].startswith("word")][: args.cold_runs] or queries[: args.cold_runs]
    walls = []
    log(f"{name}: {len(cold_qs)} cold processes")
    for q in cold_qs:
        if name in ("searcher", "searcher-pg"):
            argv = sysmod.REGISTRY[name].cold_argv(index, q)
            t0 = time.perf_counter()
            proc = subprocess.run(argv, capture_output=True, text=True, cwd=REPO, timeout=120,
                                  env={**os.environ, "NO_COLOR": "1"})
            walls.append(time.perf_counter() - t0)
            if proc.returncode != 0:
                res.setdefault("cold_errors", []).append(f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}")
        else:
            _, wall, _, _ = run_measured(worker_argv("cold", name, str(index), json.dumps(q)), 120)
            walls.append(wall)
    res["cold_ms"] = statistics.median(walls) * 1000 if walls else None
    res["cold_runs_ms"] = [w * 1000 for w in walls]

    adds = []
    for k in range(args.runs):
        folder = cdir / "incremental" / f"run-{k}"
        recs = cdir / "incremental" / f"run-{k}.jsonl"
        log(f"{name}: incremental add of 10 files, run {k + 1}/{args.runs}")
        out, wall, _, _ = run_measured(worker_argv("add", name, str(index), str(folder), str(recs)), args.timeout)
        adds.append({"n": out["n"], "seconds": out["seconds"], "process_wall": wall})
    res["adds"] = adds
    res["incremental_s"] = statistics.median(a["seconds"] for a in adds)
    res["incremental_process_s"] = statistics.median(a["process_wall"] for a in adds)
    res["incremental_added"] = adds[-1]["n"]
    if not args.keep:
        shutil.rmtree(sdir, ignore_errors=True)
    return res


def bench_parse(cdir: Path, args) -> dict:
    rates = []
    for _ in range(args.index_runs):
        try:
            out, _, _, _ = run_measured(worker_argv("parse", "searcher", str(cdir / "records")), args.timeout)
        except RuntimeError as exc:
            return {"unavailable": str(exc)}
        if "unavailable" in out:
            return out
        rates.append((out["n"] / out["seconds"], out["text_n"] / out["text_seconds"] if out.get("text_n") else None))
    res = {"parse_rate": statistics.median(r[0] for r in rates), "runs": rates, "failed": out.get("failed")}
    if rates[0][1] is not None:
        res["parse_text_rate"] = statistics.median(r[1] for r in rates)
    return res


# --------------------------------------------------------------------------- agreement
def agreement(results: dict, queries: list[dict]) -> None:
    base = results.get(sysmod.BASELINE, {}).get("answers")
    for name, r in results.items():
        ans = r.get("answers")
        if not ans:
            continue
        r["zero_hit_queries"] = sum(1 for a in ans if a and a["total"] == 0)
        if not base or name == sysmod.BASELINE:
            continue
        jac, ratios = [], []
        for a, b in zip(ans, base):
            if not a or not b:
                continue
            sa, sb = set(a["ids"]), set(b["ids"])
            if sa or sb:
                jac.append(len(sa & sb) / len(sa | sb))
            if b["total"]:
                ratios.append(a["total"] / b["total"])
        r["top10_jaccard"] = statistics.mean(jac) if jac else None
        r["total_ratio"] = statistics.median(ratios) if ratios else None


# --------------------------------------------------------------------------- rendering
ROWS = [  # key, label, unit, format, lower is better
    ("parse_rate", "Parse JSONL records (searcher.parse.parse_records)", "releases/s", "{:,.0f}", False),
    ("parse_text_rate", "Parse plain-text releases (searcher.parse.parse_text)", "releases/s", "{:,.0f}", False),
    ("index_rate", "Indexing", "releases/s", "{:,.0f}", False),
    ("index_peak_pss_mib", "Peak memory while indexing (PSS of the process tree)", "MiB", "{:,.0f}", True),
    ("index_peak_rss_mib", "… RSS summed over the process tree (forked pages count twice)", "MiB", "{:,.0f}", True),
    ("index_size_mib", "Index size on disk", "MiB", "{:,.1f}", True),
    ("incremental_s", "Incremental add of 10 new files (open+add+commit)", "s", "{:.3f}", True),
    ("incremental_process_s", "… same, whole process incl. imports", "s", "{:.3f}", True),
    ("warm_median_ms", "Warm query latency, median (all queries)", "ms", "{:.2f}", True),
    ("warm_p95_ms", "Warm query latency, p95 (all queries)", "ms", "{:.2f}", True),
    ("kind:word", "… p95, single words", "ms", "{:.2f}", True),
    ("kind:two", "… p95, two words", "ms", "{:.2f}", True),
    ("kind:phrase", "… p95, phrases", "ms", "{:.2f}", True),
    ("kind:filtered", "… p95, with issuer/date/person filter", "ms", "{:.2f}", True),
    ("open_ms", "Open index + first query (in the warm process)", "ms", "{:.1f}", True),
    ("cold_ms", "Cold query process, median (searcher: `searcher search --json`)", "ms", "{:.0f}", True),
    ("query_peak_rss_mib", "Peak RSS of the query process", "MiB", "{:,.0f}", True),
    ("zero_hit_queries", "Queries with no hit", "count", "{:.0f}", None),
    ("total_ratio", "Agreement: hit total / whoosh's, median", "ratio", "{:.2f}", None),
    ("top10_jaccard", "Agreement: top-10 Jaccard with whoosh, mean", "0..1", "{:.2f}", None),
]


def value(r: dict, key: str):
    if key.startswith("kind:"):
        return (r.get("warm_by_kind_ms") or {}).get(key[5:], {}).get("p95")
    return r.get(key)


def render(meta: dict, results: dict, names: list[str]) -> str:
    lines = []
    m = meta["machine"]
    c = meta["corpus"]
    lines.append(f"## searcher benchmark — {m['date']}\n")
    lines.append(f"Corpus: {c['description']}; {meta['n_queries']} queries "
                 f"({', '.join(f'{k} {v}' for k, v in meta['query_kinds'].items())}); "
                 f"runs: {meta['runs']} (indexing: {meta['index_runs']}); "
                 f"command: `{meta['command']}`\n")
    lines.append(f"Machine: {m.get('cpu_model', '?')}, {m['cpus_usable']} usable cores of {m['cpus']}, "
                 f"{m.get('memory_gib', '?')} GiB RAM, {m['platform']}, Python {m['python']} "
                 f"(startup {m['python_startup_ms']} ms); load average at start "
                 f"{', '.join(f'{x:.2f}' for x in m['loadavg_start'])}, at end "
                 f"{', '.join(f'{x:.2f}' for x in m.get('loadavg_end', ()))}.  ")
    lines.append("Versions: " + ", ".join(f"{k} {v}" for k, v in m["versions"].items() if v)
                 + f"; searcher at {m.get('searcher_commit', '?')}"
                 + (f" at the start, {m['searcher_commit_end']} at the end (the code changed during the run)"
                    if m.get("searcher_commit_end") else "") + ".\n")
    head = ["Figure", "Unit", "Target"] + names
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "|".join(["---"] * 3 + ["---:"] * len(names)) + "|")
    base = results.get(sysmod.BASELINE, {})
    for key, label, unit, fmt, lower in ROWS:
        target = TARGETS.get(key, (None, None, ""))[2]
        cells = []
        for n in names:
            r = results.get(n, {})
            if "unavailable" in r:
                cells.append("n/a")
                continue
            v = value(r, key)
            if v is None:
                cells.append("—")
                continue
            cell = fmt.format(v)
            bv = value(base, key)
            if lower is not None and n != sysmod.BASELINE and bv:
                cell += f" ({v / bv:.2f}×)"
            if n == "searcher" and key in TARGETS:
                op, tv, _ = TARGETS[key]
                ok = v >= tv if op == ">=" else v <= tv
                cell += " ✓" if ok else " ✗"
            cells.append(cell)
        lines.append("| " + " | ".join([label, unit, target] + cells) + " |")
    lines.append("")
    lines.append("(×) = ratio to plain whoosh (for rates, higher is better; for times and sizes, lower is "
                 "better). ✓/✗ = searcher meets/misses the target. Totals differ by design between systems "
                 "(analysis, AND vs relaxed matching); agreement rows are a sanity check, not a score.")
    notes = []
    for n in names:
        r = results.get(n, {})
        if "unavailable" in r:
            notes.append(f"- {n}: unavailable: {r['unavailable']}")
        if r.get("query_errors"):
            first = next(iter(r["query_errors"].values()))
            notes.append(f"- {n}: {len(r['query_errors'])} queries raised (first: {first})")
        if r.get("cold_errors"):
            notes.append(f"- {n}: {len(r['cold_errors'])} cold runs failed (first: {r['cold_errors'][0]})")
        if r.get("builds") and r.get("indexed") and r["indexed"] != c["size"]:
            notes.append(f"- {n}: indexed {r['indexed']} of {c['size']} releases")
        for b in r.get("builds", [])[:1]:
            if b.get("failed"):
                notes.append(f"- {n}: {b['failed']} releases failed to index (first: {b.get('first_failure')})")
        if r.get("incremental_added") is not None and r["incremental_added"] != corpus_mod.INCREMENTAL_BATCH:
            notes.append(f"- {n}: the incremental add reported {r['incremental_added']} releases added, not 10")
    if meta.get("parse", {}).get("unavailable"):
        notes.append(f"- parse: unavailable: {meta['parse']['unavailable']}")
    if notes:
        lines.append("\nNotes:\n" + "\n".join(notes))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=100_000, help="generated releases (default 100000)")
    ap.add_argument("--real", action="store_true", help="use the real Berlin releases instead")
    ap.add_argument("--runs", type=int, default=3, help="timed query passes and incremental adds (default 3)")
    ap.add_argument("--index-runs", type=int, help="full indexing runs (default: --runs)")
    ap.add_argument("--queries", type=int, default=120, help="number of queries (default 120)")
    ap.add_argument("--cold-runs", type=int, default=7, help="cold processes per system (default 7)")
    ap.add_argument("--systems", default=",".join(sysmod.SYSTEMS), help="comma-separated subset")
    ap.add_argument("--quick", action="store_true", help="smoke run: 2,000 releases, 1 run, 30 queries")
    ap.add_argument("--corpus", help="folder holding berlin-polizei/ (default ../shared/corpus, $SEARCHER_CORPUS)")
    ap.add_argument("--cache", help="generated corpora and indexes (default ~/.cache/searcher-bench)")
    ap.add_argument("--out", default=str(HERE / "results"), help="where latest.md/latest.json go")
    ap.add_argument("--keep", action="store_true", help="keep the built indexes in the cache")
    ap.add_argument("--timeout", type=float, default=4 * 3600, help="per worker process, seconds")
    args = ap.parse_args(argv)
    if args.quick:
        if "--size" not in " ".join(sys.argv if argv is None else argv):
            args.size = 2000
        args.runs, args.queries, args.cold_runs = 1, 30, 3
    args.index_runs = args.index_runs or args.runs
    names = [n.strip() for n in args.systems.split(",") if n.strip()]
    for n in names:
        if n not in sysmod.REGISTRY:
            ap.error(f"unknown system {n!r}; choose from {', '.join(sysmod.SYSTEMS)}")
    croot = corpus_mod.corpus_root(args.corpus)
    cache = corpus_mod.cache_root(args.cache)
    cmd = "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])

    machine = machine_info()
    log(f"corpus: {'real' if args.real else args.size} releases under {cache}")
    cdir = corpus_mod.ensure_corpus(croot, cache, None if args.real else args.size, runs=args.runs)
    cmeta = json.loads((cdir / "meta.json").read_text())
    desc = (f"{cmeta['size']:,} real Berlin police releases" if args.real else
            f"{cmeta['size']:,} releases generated (seed {cmeta['seed']}) from the sentences of "
            f"{cmeta['real_releases']:,} real Berlin police releases")
    work = cache / "work" / cdir.name
    work.mkdir(parents=True, exist_ok=True)
    queries = queries_mod.build_queries(cdir / "records", args.queries)
    qpath = work / "queries.json"
    qpath.write_text(json.dumps(queries, ensure_ascii=False))
    kinds: dict[str, int] = {}
    for q in queries:
        kinds[q["kind"]] = kinds.get(q["kind"], 0) + 1

    results: dict[str, dict] = {}
    for n in names:
        try:
            results[n] = bench_system(n, cdir, work, queries, qpath, args)
        except Exception as exc:  # one broken system must not sink the table
            log(f"{n}: failed: {exc}")
            results[n] = {"system": n, "unavailable": f"failed: {exc}"[:400]}
    parse = bench_parse(cdir, args) if "searcher" in names else {}
    if "parse_rate" in parse and "unavailable" not in results.get("searcher", {}):
        results["searcher"]["parse_rate"] = parse["parse_rate"]
        results["searcher"]["parse_text_rate"] = parse.get("parse_text_rate")
    agreement(results, queries)
    machine["loadavg_end"] = os.getloadavg()
    end_commit = git_commit()
    if end_commit != machine.get("searcher_commit"):
        machine["searcher_commit_end"] = end_commit
    meta = {"machine": machine, "corpus": {**cmeta, "path": str(cdir), "description": desc},
            "runs": args.runs, "index_runs": args.index_runs, "n_queries": len(queries),
            "query_kinds": kinds, "command": cmd, "parse": parse, "targets": {
                k: {"op": v[0], "value": v[1]} for k, v in TARGETS.items()}}
    md = render(meta, results, names)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.md").write_text(md, encoding="utf-8")
    slim = {n: {k: v for k, v in r.items() if k != "answers"} for n, r in results.items()}
    for n, r in results.items():
        if r.get("answers"):
            slim[n]["answers"] = [{"query": queries_mod.query_label(q), **(a or {"error": True})}
                                  for q, a in zip(queries, r["answers"])]
    (out / "latest.json").write_text(json.dumps({"meta": meta, "results": slim, "queries": queries},
                                                ensure_ascii=False, indent=1), encoding="utf-8")
    print(md)
    log(f"wrote {out / 'latest.md'} and {out / 'latest.json'}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except corpus_mod.CorpusMissing as exc:
        sys.exit(exc.code)
