"""Profile searcher's indexing and query paths with cProfile, to say what bounds a figure.

    python bench/profile_searcher.py --size 100000 --index-sample 5000
    python bench/profile_searcher.py --size 100000 --index DIR   # queries on a built index

Uses the generated corpus of bench/corpus.py (the cache) and the query list of
bench/queries.py. Indexing is profiled on the first ``--index-sample`` records into a fresh
index (a temporary folder); queries on ``--index`` when given (e.g. a 100,000 index kept with
``bench/run.py --keep``), else on the sample index. Prints the top functions by own time and
by cumulative time, and writes the .prof files next to the results (bench/results/).
"""
from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import json
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--index-sample", type=int, default=5000)
    ap.add_argument("--index", help="an existing searcher index for the query profile")
    ap.add_argument("--queries", type=int, default=120)
    ap.add_argument("--corpus")
    ap.add_argument("--cache")
    ap.add_argument("--top", type=int, default=25)
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
        prof = cProfile.Profile()
        t0 = time.perf_counter()
        prof.enable()
        with Index.create(str(ix_dir)) as ix:
            rep = ix.add([str(sample)])
        prof.disable()
        dt = time.perf_counter() - t0
        prof.dump_stats(out / "profile-index.prof")
        print(f"## indexing {rep.added} releases: {dt:.1f} s ({rep.added / dt:.0f}/s under cProfile)\n")
        print("### by own time\n" + top(prof, "tottime", args.top))
        print("\n### by cumulative time\n" + top(prof, "cumulative", args.top))

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
