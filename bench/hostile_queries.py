"""Latency of hostile queries beside the normal mix: every query answers within a bounded cost.

    python bench/hostile_queries.py --size 100000            # build (once) or reuse, then time
    python bench/hostile_queries.py --size 2000 --runs 1     # a quick check
    python bench/hostile_queries.py --index DIR              # time an existing index
    python bench/hostile_queries.py --size 100000 --wide 30000  # also on a huge made-up vocabulary

The index is the one ``bench/latency.py`` builds and caches (``latency-SIZE-vN`` under
``~/.cache/searcher-bench``, or ``--cache`` / ``SEARCHER_BENCH_CACHE``) from the generated
corpus of ``bench/corpus.py``. The normal mix is ``bench/queries.py``'s list (as
``bench/latency.py`` asks it); the hostile list is below: very long words and queries,
thousands of words, unknown words, short prefixes, fuzzy words at distance 2 (long and
short), deep nesting, many ORs and phrases. Each query is asked through ``searcher.Index``
with ``limit=10`` and snippets; a ``QueryError`` (e.g. too deep nesting) counts as an
answer, as the command line then searches the words literally and that second search is
timed too.

The first pass over both lists is reported on its own ("first"): a hostile query costs most
when nothing is cached (each unknown, prefix and fuzzy word reads the vocabulary of the index
generation for the first time); then ``--runs`` warm passes. Prints p50/p95/max (ms) of each
list and pass, and the slowest hostile queries with the notes their result carried (what a
bound cut).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus as corpus_mod  # noqa: E402
import queries as queries_mod  # noqa: E402
from latency import ensure_index, pct  # noqa: E402
from systems import _words_query  # noqa: E402


def hostile_queries(common: list[str]) -> list[tuple[str, str]]:
    """(label, query text): the issue's cases and their relatives."""
    word = common[0] if common else "Polizei"
    unknown = [f"Qzxv{i}wort" for i in range(5000)]
    return [
        ("long word 10,000 a", "a" * 10_000),
        ("long word 500 letters", "Nummer" * 80),
        ("5,000 unknown words", " ".join(unknown)),
        ("5,000 known words", " ".join((common * 5000)[:5000])),
        ("one unknown word", "Nummernschildwerkstatt"),
        ("one unknown word (typo)", word[:1] + word[2:] + word[1:2]),
        ("20 unknown words", " ".join(f"Unbekannt{i}wort" for i in range(20))),
        ("prefix Nu*", "Nu*"),
        ("prefix Po*", "Po*"),
        ("prefix St*", "St*"),
        ("prefix a* (too short)", "a*"),
        ("fuzzy Nummer5~2", "Nummer5~2"),
        ("fuzzy long word~2", "Verkehrsunfallaufnahmedienststelle~2"),
        ("fuzzy 64 letters~2", "Polizeidirektion" * 4 + "~2"),
        ("fuzzy short~2", "Sta~2"),
        ("fuzzy common~", word + "~"),
        ("20 fuzzy words", " ".join(f"{w}~2" for w in (common * 20)[:20])),
        ("20 prefixes", " ".join(f"{w[:3]}*" for w in (common * 20)[:20])),
        ("300 nested parentheses", "(" * 300 + word + ")" * 300),
        ("1,000 leading -", "-" * 1000 + word),
        ("24 nested parentheses", "(" * 24 + word + ")" * 24),
        ("200 ORs", " OR ".join((common * 200)[:200])),
        ("200 phrases", " ".join(f'"{a} {b}"' for a, b in zip((common * 200)[:200], (common * 200)[1:201]))),
        ("100 OR phrases", " OR ".join(f'"{a} {b}"' for a, b in zip((common * 100)[:100], (common * 100)[1:101]))),
        ("NOT every word", " ".join(f"-{w}" for w in (common * 30)[:30])),
        ("field scopes", " ".join(f"title:{w} quote:{w}*" for w in (common * 10)[:10])),
    ]


SYLLABLES = ("nu", "num", "mer", "sta", "po", "li", "zei", "ver", "kehr", "an", "ge", "be", "richt", "haus",
             "wa", "gen", "ti", "ter", "st", "rad", "fah", "rer", "un", "fall", "mel", "dung", "sa", "chen")


def ensure_wide_index(cache: Path, size: int) -> Path:
    """An index of ``size`` generated releases whose bodies are made-up words
    (about 50 distinct words per release): a vocabulary far larger than real
    text of that size, where expansion and did-you-mean costs grow with the
    vocabulary when nothing bounds them. Built once and cached."""
    import random

    from searcher import Index

    root = cache / f"hostile-wide-{size}-v1"
    ix_dir, done = root / "index", root / "built.json"
    if done.exists():
        return ix_dir
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(1337)
    records = root / "records.jsonl"
    with records.open("w", encoding="utf-8") as out:
        for i in range(size):
            words = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 5))).capitalize() for _ in range(50)]
            out.write(json.dumps({"id": f"wide-{i:06d}", "source": f"wide/{i:06d}", "issuer": "Polizei Berlin",
                                  "date": f"20{10 + i % 13:02d}-0{1 + i % 9}-1{i % 10}", "title": " ".join(words[:5]),
                                  "body": ". ".join(" ".join(words[k:k + 10]) for k in range(0, 50, 10)) + "."},
                                 ensure_ascii=False) + "\n")
    t0 = time.perf_counter()
    print(f"hostile: building an index of {size} made-up-word releases in {ix_dir} ...", file=sys.stderr)
    with Index.create(str(ix_dir)) as ix:
        rep = ix.add([str(records)])
    done.write_text(json.dumps({"added": rep.added, "seconds": round(time.perf_counter() - t0, 1)}))
    return ix_dir


def ask(ix, text: str, **kw):
    from searcher.errors import QueryError

    try:
        return ix.search(text, limit=10, **kw)
    except QueryError:
        return ix.search(text, limit=10, literal=True, **kw)


def summary(values: list[float]) -> dict:
    return {"n": len(values), "p50": pct(values, 50), "p95": pct(values, 95), "max": max(values)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=100_000, help="releases in the generated corpus (default 100000)")
    ap.add_argument("--runs", type=int, default=2, help="warm passes after the first (default 2)")
    ap.add_argument("--queries", type=int, default=120, help="queries in the normal mix (default 120)")
    ap.add_argument("--index", help="time this existing searcher index instead of the cached one")
    ap.add_argument("--corpus")
    ap.add_argument("--cache")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--wide", type=int, default=0, metavar="N",
                    help="also time the hostile list on N releases of made-up words (a huge vocabulary)")
    args = ap.parse_args(argv)

    from searcher import Index
    from searcher import query as query_mod

    ix_dir = ensure_index(args)
    cdir = corpus_mod.ensure_corpus(corpus_mod.corpus_root(args.corpus), corpus_mod.cache_root(args.cache),
                                    args.size, runs=1, quiet=True)
    mix = queries_mod.build_queries(cdir / "records", args.queries)
    common = [w for q in mix if not q.get("phrase") for w in q["words"]][:40]
    hostile = hostile_queries(common)

    from systems import Searcher

    normal_sys = Searcher()  # the normal mix exactly as bench/latency.py asks it
    normal_sys.open(ix_dir)
    ix = Index(str(ix_dir))
    try:
        ix.search("Polizei", limit=1)  # open the searcher once: not part of any query
        figures: dict[str, dict] = {}
        slow: dict[str, float] = {}
        notes: dict[str, tuple] = {}
        for pass_no in range(1 + args.runs):
            kind = "first" if pass_no == 0 else "warm"
            normal, bad = [], []
            for q in mix:
                t = time.perf_counter()
                normal_sys.search(q)
                normal.append((time.perf_counter() - t) * 1000)
            for label, text in hostile:
                t = time.perf_counter()
                r = ask(ix, text)
                dt = (time.perf_counter() - t) * 1000
                bad.append(dt)
                slow[label] = max(slow.get(label, 0.0), dt)
                notes[label] = r.notes
            for name, values in (("normal", normal), ("hostile", bad)):
                got = figures.setdefault(f"{name} {kind}", {"values": []})
                got["values"] += values
    finally:
        ix.close()
        normal_sys.close()
    if args.wide:
        wide = Index(str(ensure_wide_index(corpus_mod.cache_root(args.cache), args.wide)))
        try:
            wide.search("Polizei", limit=1)
            for pass_no in range(1 + args.runs):
                kind = "first" if pass_no == 0 else "warm"
                got = figures.setdefault(f"wide {kind}", {"values": []})
                for label, text in hostile:
                    t = time.perf_counter()
                    r = ask(wide, text)
                    dt = (time.perf_counter() - t) * 1000
                    got["values"].append(dt)
                    slow["wide: " + label] = max(slow.get("wide: " + label, 0.0), dt)
                    notes["wide: " + label] = r.notes
        finally:
            wide.close()

    rows = {k: summary(v["values"]) for k, v in figures.items()}
    shown = 16 if args.wide else 12
    bounds = {k: getattr(query_mod, k) for k in dir(query_mod) if k.startswith("MAX_")}
    try:
        load = os.getloadavg()
    except OSError:  # pragma: no cover
        load = (float("nan"),) * 3
    if args.json:
        print(json.dumps({"index": str(ix_dir), "bounds": bounds, "load": load, "lists": rows,
                          "slowest": dict(sorted(slow.items(), key=lambda kv: -kv[1])),
                          "notes": notes}, ensure_ascii=False))
        return 0
    print(f"index {ix_dir} | {len(mix)} normal + {len(hostile)} hostile queries | first pass + {args.runs} warm | "
          f"limit 10, snippets | load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print("bounds: " + ", ".join(f"{k}={v}" for k, v in sorted(bounds.items())))
    print(f"{'list':<16} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for k, r in rows.items():
        print(f"{k:<16} {r['n']:>5} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['max']:>8.1f}")
    print("\nslowest hostile queries (max over passes, ms) and what a bound cut:")
    for label, ms in sorted(slow.items(), key=lambda kv: -kv[1])[:shown]:
        cut = "; ".join(n[:70] for n in notes[label]) or "-"
        print(f"  {ms:>8.1f}  {label:<32} {cut}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
