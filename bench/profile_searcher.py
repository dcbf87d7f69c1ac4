"""Profile searcher's indexing and query paths with cProfile, to say what bounds a figure.

    python bench/profile_searcher.py --size 100000 --index-sample 5000
    python bench/profile_searcher.py --size 100000 --index DIR   # queries on a built index
    python bench/profile_searcher.py --index-sample 5000 --queries 0   # indexing only

Uses the generated corpus of bench/corpus.py (the cache) and the query list of
bench/queries.py. Indexing is profiled on the first ``--index-sample`` records into a fresh
index (a temporary folder); queries on ``--index`` when given (e.g. a 100,000 index kept with
``bench/run.py --keep``), else on the sample index. Prints the top functions by own time and
by cumulative time, and writes the .prof files next to the results (bench/results/).

Indexing is profiled in one process (``SEARCHER_PROCS=1``; ``--procs N`` to profile the
parent of N workers instead, which then shows only parsing and the hand-off), and its own
time is split into parsing, German analysis, and the posting path (writer, formats, whoosh's
codec, pickle, zlib); time in built-in functions is charged to the groups that called them.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import json
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus as corpus_mod  # noqa: E402
import queries as queries_mod  # noqa: E402
import systems as sysmod  # noqa: E402


def top(prof: cProfile.Profile, key: str, n: int) -> str:
    buf = io.StringIO()
    st = pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(key)
    st.print_stats(n)
    lines = buf.getvalue().splitlines()
    start = next((i for i, l in enumerate(lines) if "ncalls" in l), 0)
    return "\n".join(lines[start:])


GROUPS = (  # (group, path fragments of the functions' files), first match wins
    ("analysis", ("searcher/analysis/", "whoosh/analysis/", "Stemmer", "snowballstemmer")),
    ("parsing", ("searcher/parse/", "searcher/reading.py", "searcher/models.py", "json/")),
    ("posting path", ("searcher/_writer.py", "searcher/formats.py", "whoosh/codec/", "whoosh/writing.py",
                      "whoosh/filedb/", "whoosh/fields.py", "whoosh/formats.py", "whoosh/util/", "whoosh/columns.py",
                      "whoosh/system.py")),
    ("store", ("searcher/store.py", "searcher/schema.py")),
)


def _group(func) -> str | None:
    filename = func[0].replace(os.sep, "/")
    for name, parts in GROUPS:
        if any(p in filename for p in parts):
            return name
    return None if filename == "~" else "other"


def split(prof: cProfile.Profile) -> dict[str, float]:
    """Own time by group; built-ins (file "~") charged to their callers' groups by call share."""
    stats = pstats.Stats(prof).stats
    out: dict[str, float] = {}

    def charge(func, amount, depth=0):
        group = _group(func)
        if group is not None or depth > 5:
            out[group or "other"] = out.get(group or "other", 0.0) + amount
            return
        callers = stats[func][4] if func in stats else {}
        total = sum(c[2] for c in callers.values()) if callers else 0
        if not total:
            out["other"] = out.get("other", 0.0) + amount
            return
        for caller, c in callers.items():
            charge(caller, amount * c[2] / total, depth + 1)

    for func, (_, _, tt, _, _) in stats.items():
        if tt:
            charge(func, tt)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--index-sample", type=int, default=5000)
    ap.add_argument("--index", help="an existing searcher index for the query profile")
    ap.add_argument("--queries", type=int, default=120)
    ap.add_argument("--corpus")
    ap.add_argument("--cache")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--procs", type=int, default=1, help="indexing worker processes (default 1: all in this process)")
    ap.add_argument("--out", default=str(HERE / "results"))
    args = ap.parse_args()
    from searcher import Index

    cdir = corpus_mod.ensure_corpus(corpus_mod.corpus_root(args.corpus), corpus_mod.cache_root(args.cache),
                                    args.size, runs=1)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="searcher-prof-") as tmp:
        sample = Path(tmp) / "sample.jsonl"
        with sample.open("w", encoding="utf-8") as dst:
            for rec in itertools.islice(corpus_mod.iter_jsonl(cdir / "records"), args.index_sample):
                dst.write(json.dumps(rec, ensure_ascii=False) + "\n")
        ix_dir = Path(tmp) / "index"
        os.environ["SEARCHER_PROCS"] = str(args.procs)
        prof = cProfile.Profile()
        t0 = time.perf_counter()
        prof.enable()
        with Index.create(str(ix_dir)) as ix:
            rep = ix.add([str(sample)])
        prof.disable()
        dt = time.perf_counter() - t0
        prof.dump_stats(out / "profile-index.prof")
        print(f"## indexing {rep.added} releases: {dt:.1f} s ({rep.added / dt:.0f}/s under cProfile)\n")
        parts = split(prof)
        whole = sum(parts.values()) or 1.0
        print("### split of own time\n")
        for name, t in sorted(parts.items(), key=lambda kv: -kv[1]):
            print(f"- {name}: {t:.1f} s ({100 * t / whole:.0f} %)")
        print()
        print("### by own time\n" + top(prof, "tottime", args.top))
        print("\n### by cumulative time\n" + top(prof, "cumulative", args.top))

        if not args.queries:
            return 0
        qix = Path(args.index) if args.index else ix_dir
        qs = queries_mod.build_queries(cdir / "records", args.queries)
        s = sysmod.Searcher()
        s.open(qix)
        for q in qs:  # warm-up
            s.search(q)
        prof = cProfile.Profile()
        t0 = time.perf_counter()
        prof.enable()
        for q in qs:
            s.search(q)
        prof.disable()
        dt = time.perf_counter() - t0
        s.close()
        prof.dump_stats(out / "profile-query.prof")
        print(f"\n## {len(qs)} warm queries on {qix}: {dt * 1000 / len(qs):.1f} ms each under cProfile\n")
        print("### by own time\n" + top(prof, "tottime", args.top))
        print("\n### by cumulative time\n" + top(prof, "cumulative", args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
